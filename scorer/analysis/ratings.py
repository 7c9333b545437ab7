"""Publisher ratings: what open data says of a domain, looked up in the committed merged table.

The table (`models/domain-ratings-v2/`) is built by `python -m training.build_ratings` from five
open rating sets, each calibrated onto one scale, P(reliable) (1 = reliable); its card records
how. Here it is loaded once (sha256-checked against the card) into a dict keyed by *site key*, so
a lookup is one dict access:

- the site key of a host is its registered domain (`edition.cnn.com`, `https://www.apnews.com/x`
  -> `cnn.com`, `apnews.com`), so a rating never matches inside another name: `deviantart.com`
  is its own key, never `rt.com`;
- under a multi-tenant host (blog platforms where every subdomain is a different publisher)
  the site key keeps one more label: `x.wordpress.com`, never the platform itself.

Unknown domains get `rating=None`, label "unknown". User-generated platforms (forums, Q&A sites,
social networks, video sites, wikis, blog hosts) are no publishers: `kind` "platform", no rating
(a blog on a blog host is its own publisher, as above). Short links of known outlets resolve to
the outlet without a network call; generic shorteners say so. Only input that is no domain or URL
at all raises `InputError`.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from .. import artifacts
from ..artifacts import CARD_FILE
from ..config import get_settings
from ..domains import host_of, registered_domain
from ..errors import InputError, ModelError
from ..types import DomainRating

# The committed table's directory under Settings.models_dir.
RATINGS_DIR = "domain-ratings-v2"
# The table's columns, in order: the loader refuses a table built for other code.
COLUMNS = ("domain", "rating", "label", "confidence", "state_media", "sources",
           "lin2023_pc1", "idiap_label", "baly_fact", "opensources_types",
           "p_lin2023", "p_idiap", "p_baly_mbfc", "p_opensources")
# The rating families (files copying one rater's list count once) and the data sets behind each.
FAMILIES = ("lin2023", "idiap", "baly_mbfc", "opensources")
FAMILY_OF_SOURCE = {"lin2023": "lin2023", "idiap": "idiap", "baly_emnlp18": "baly_mbfc", "baly_acl2020": "baly_mbfc",
                    "opensources": "opensources", "fakenewscorpus": "opensources"}
# The families as a reader would name them.
FAMILY_NAMES = {"lin2023": "Lin et al. 2023 (expert ratings combined)",
                "idiap": "the Idiap reliability list", "baly_mbfc": "Media Bias/Fact Check",
                "opensources": "OpenSources"}
# Confidence below this: the rating rests on one family (or families that contradict each other).
CORROBORATED_CONFIDENCE = 0.3

# User-generated platforms: what a page there says is its author's, not the platform's, so the
# platform gets no publisher rating (the rating sets rate some of them as if they were outlets).
PLATFORM_DOMAINS = frozenset({
    "reddit.com", "redd.it", "stackexchange.com", "stackoverflow.com", "superuser.com", "serverfault.com",
    "askubuntu.com", "quora.com", "answers.com", "zhihu.com", "baidu.com", "facebook.com", "fb.com",
    "instagram.com", "twitter.com", "x.com", "threads.net", "tiktok.com", "linkedin.com", "pinterest.com",
    "tumblr.com", "vk.com", "ok.ru", "weibo.com", "weibo.cn", "t.me", "telegram.me", "telegram.org",
    "youtube.com", "youtu.be", "vimeo.com", "dailymotion.com", "twitch.tv", "rumble.com", "bitchute.com",
    "odysee.com", "gab.com", "truthsocial.com", "parler.com", "mastodon.social", "bsky.app", "discord.com",
    "wikipedia.org", "wikimedia.org", "wikia.com", "fandom.com", "wikihow.com", "medium.com", "substack.com",
    "wordpress.com", "blogspot.com", "blogger.com", "livejournal.com", "github.com", "change.org",
    "patreon.com", "soundcloud.com", "flickr.com", "imgur.com", "yelp.com", "tripadvisor.com",
})
# Short-link domains of known outlets, resolved without a network call: outlet short links are
# fixed per outlet (cnn.it only ever points to cnn.com).
OUTLET_SHORT_LINKS = {
    "cnn.it": "cnn.com", "nyti.ms": "nytimes.com", "bbc.in": "bbc.co.uk", "reut.rs": "reuters.com",
    "wapo.st": "washingtonpost.com", "bloom.bg": "bloomberg.com", "apne.ws": "apnews.com", "n.pr": "npr.org",
    "politi.co": "politico.com", "econ.st": "economist.com", "ti.me": "time.com", "hill.cm": "thehill.com",
    "nbcnews.to": "nbcnews.com", "abcn.ws": "abcnews.go.com", "cbsn.ws": "cbsnews.com", "usat.ly": "usatoday.com",
    "gu.com": "theguardian.com", "fxn.ws": "foxnews.com", "huff.to": "huffpost.com", "lat.ms": "latimes.com",
    "wsj.to": "wsj.com", "ft.trib.al": "ft.com", "dw.com": "dw.com", "aje.io": "aljazeera.com",
    "on.rt.com": "rt.com", "sptnkne.ws": "sputniknews.com", "trib.in": "chicagotribune.com",
    "engt.co": "engadget.com", "tcrn.ch": "techcrunch.com", "vrge.co": "theverge.com", "wrd.cm": "wired.com",
    "nyp.st": "nypost.com", "dailym.ai": "dailymail.co.uk", "ind.pn": "independent.co.uk",
    "tgam.ca": "theglobeandmail.com", "cbc.ca": "cbc.ca", "spon.de": "spiegel.de", "zeit.de": "zeit.de",
}
# Generic shorteners: anyone's link, so the publisher is unknown until the link is followed.
GENERIC_SHORTENERS = frozenset({
    "bit.ly", "bitly.com", "goo.gl", "t.co", "tinyurl.com", "ow.ly", "buff.ly", "is.gd", "rebrand.ly", "lnkd.in",
    "dlvr.it", "shorturl.at", "cutt.ly", "tiny.cc", "rb.gy", "s.id", "trib.al", "ift.tt", "v.gd", "t.ly",
})
LABELS = ("reliable", "mixed", "unreliable", "satire")

# Hosts where each subdomain is a separate publisher (blog and site-builder platforms): a rating
# of one blog must never stand for the platform or its other blogs. Compiled from the hosting
# platforms that occur with subdomains in the rating data sets plus the common other ones.
MULTI_TENANT_DOMAINS = frozenset({
    "wordpress.com", "blogspot.com", "blogger.com", "altervista.org", "substack.com", "weebly.com",
    "wixsite.com", "tumblr.com", "myblog.it", "wpengine.com", "crd.co", "livejournal.com", "typepad.com",
    "over-blog.com", "github.io", "netlify.app", "home.blog", "webnode.com", "jimdo.com", "medium.com",
    "squarespace.com", "ghost.io", "blog.com", "tripod.com", "angelfire.com", "webs.com", "wix.com",
    "beepworld.it", "forumfree.it", "ilcannocchiale.it", "splinder.com", "overblog.com", "hubpages.com",
})
# blogspot has a registered domain per country (blogspot.it, blogspot.co.uk, ...).
_MULTI_TENANT_PREFIXES = ("blogspot.",)
# Prefixes that name the same site as the bare host.
_SAME_SITE_PREFIXES = ("www.",)

# Longest accepted input: long URLs are fine, a multi-kilobyte blob is not a domain.
MAX_INPUT_CHARS = 2048
# DNS limits (RFC 1035): a host name is at most 253 characters, each label at most 63.
MAX_HOST_CHARS = 253
MAX_LABEL_CHARS = 63
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_WHITESPACE = re.compile(r"\s")


def is_multi_tenant(registered: str) -> bool:
    return registered in MULTI_TENANT_DOMAINS or registered.startswith(_MULTI_TENANT_PREFIXES)


def strip_same_site_prefix(host: str) -> str:
    for prefix in _SAME_SITE_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix):]
    return host


def site_key(url_or_host: str) -> str | None:
    """The key a rating is stored and looked up under; None when there is no registered domain.

    `us.cnn.com` -> `cnn.com`; `blog.x.wordpress.com` -> `x.wordpress.com`; `1.2.3.4` -> None.
    """
    registered = registered_domain(url_or_host)
    if registered is None:
        return None
    if not is_multi_tenant(registered):
        return registered
    host = strip_same_site_prefix(host_of(url_or_host))
    if host == registered:
        return registered
    labels = host[: -len(registered) - 1].split(".")
    return f"{labels[-1]}.{registered}"


@dataclass(frozen=True)
class _Row:
    """One table row, parsed once at load."""

    rating: float | None
    label: str
    confidence: float
    state_media: bool
    sources: tuple[str, ...]
    lin2023_pc1: float | None
    idiap_label: str
    baly_fact: str
    opensources_types: str
    calibrated: dict[str, float]  # family -> its reading on the common scale, P(reliable)

    def details(self) -> dict[str, object]:
        out: dict[str, object] = {"calibrated": dict(self.calibrated)}
        if self.lin2023_pc1 is not None:
            out["lin2023_pc1"] = self.lin2023_pc1
        if self.idiap_label:
            out["idiap_label"] = self.idiap_label
        if self.baly_fact:
            out["baly_fact"] = self.baly_fact
        if self.opensources_types:
            out["opensources_types"] = self.opensources_types
        return out


class RatingsTable:
    """The merged domain ratings, keyed by site key. Build with `RatingsTable.load()`."""

    def __init__(self, rows: dict[str, _Row], card: dict[str, object]):
        self._rows = rows
        self.card = card
        # Each source's data date, as the card records it: read once, every answer names them.
        sources = card.get("sources")
        self.data_dates: dict[str, str] = (
            {str(s.get("name")): str(s.get("data_date", "")) for s in sources if isinstance(s, dict)}
            if isinstance(sources, list) else {})


    def __len__(self) -> int:
        return len(self._rows)

    @property
    def version(self) -> str:
        return str(self.card.get("version", ""))

    @classmethod
    def load(cls, path: Path | None = None) -> RatingsTable:
        """Load the table in directory `path` (default: the committed one) after checking its sha256.

        Raises `ModelError` when the card or table is missing, the hash or columns do not match
        the card, or a row is malformed.
        """
        if path is None:
            path = get_settings().models_dir / RATINGS_DIR
        path = Path(path)
        card = artifacts.read_card(path, kind="ratings", remedy="build it with `python -m training.build_ratings`",
                                   sections=("table",))
        try:
            table_info = card["table"]
            table_path = path / table_info["file"]
            expected_sha = table_info["sha256"]
        except (KeyError, TypeError) as exc:
            raise artifacts.CardError(f"the ratings card {path / CARD_FILE} lacks the table's file or sha256") from exc
        artifacts.check_names(table_info.get("columns"), COLUMNS, source=path / CARD_FILE, what="table columns",
                              expected_in="this code's COLUMNS")
        data = artifacts.read_verified(table_path, expected_sha)
        return cls(_parse_rows(data, table_path), card)

    def rate(self, domain_or_url: str) -> DomainRating:
        """The rating of the site a domain or URL belongs to; rating None, label "unknown" when unrated,
        "platform" for user-generated platforms, "shortener" for generic short links."""
        key = _key_of_input(domain_or_url)
        short_link = None
        if key in OUTLET_SHORT_LINKS:
            short_link, key = key, OUTLET_SHORT_LINKS[key]
        elif key in GENERIC_SHORTENERS:
            return DomainRating(domain=key, rating=None, label="shortener", kind="shortener",
                                verdict=f"{key} is a link shortener anyone can use: the publisher is known only "
                                        "once the link is followed.")
        if key in PLATFORM_DOMAINS:
            return DomainRating(domain=key, rating=None, label="platform", kind="platform",
                                verdict=f"{key} is a platform where users publish: it is no publisher, so it "
                                        "has no publisher rating; judge the author instead.")
        row = self._rows.get(key)
        if row is None:
            return DomainRating(domain=key, rating=None, label="unknown",
                                details={"short_link": short_link} if short_link else {},
                                verdict=f"{key} is in none of the open rating data sets: no rating.")
        details = row.details()
        if short_link:
            details["short_link"] = short_link
        per_source = _per_source(row, self.data_dates)
        return DomainRating(domain=key, rating=row.rating, label=row.label, sources=row.sources,
                            confidence=row.confidence, state_media=row.state_media, details=details,
                            verdict=_verdict(key, row, per_source), per_source=per_source,
                            disagreement=_disagreement(per_source))


# Each family's own reading in words, from the table's columns.
def _own_label(family: str, row: _Row) -> str:
    if family == "lin2023":
        return f"quality score {row.lin2023_pc1:.2f} on its 0-1 scale" if row.lin2023_pc1 is not None else ""
    if family == "idiap":
        words = {"1": "reliable", "0": "mixed", "-1": "unreliable", "-2": "deprecated (unreliable)"}
        return ", ".join(words.get(label, label) for label in row.idiap_label.split("|") if label)
    if family == "baly_mbfc":
        return ", ".join(f"factuality {part.split(':')[-1]}" for part in dict.fromkeys(row.baly_fact.split("|"))
                         if part)
    return ("types: " + row.opensources_types.replace("+", ", ")) if row.opensources_types else ""


def _band(value: float) -> str:
    return "reliable" if value >= 0.6 else "mixed" if value >= 0.4 else "unreliable"


def _per_source(row: _Row, dates: dict[str, str]) -> tuple[dict[str, object], ...]:
    out = []
    for family in FAMILIES:
        if family not in row.calibrated:
            continue
        files = [s for s in row.sources if FAMILY_OF_SOURCE.get(s) == family]
        out.append({"source": family, "name": FAMILY_NAMES[family], "data_sets": files,
                    "own_label": _own_label(family, row),
                    "calibrated": round(row.calibrated[family], 3), "reads_as": _band(row.calibrated[family]),
                    "data_date": ", ".join(sorted({dates[f] for f in files if dates.get(f)}))})
    return tuple(out)


def _verdict(key: str, row: _Row, per_source: tuple[dict[str, object], ...]) -> str:
    """The rating in words, with who says so and how sure that is."""
    n = len(per_source)
    if row.label == "satire":
        sentence = f"{key} is a satire site (OpenSources tags it satire; {n} source{'s' if n != 1 else ''} rate it)."
    else:
        same = sum(1 for s in per_source if s["reads_as"] == row.label)
        if n == 1:
            sentence = f"{key} is rated {row.label} by one source alone ({per_source[0]['name']}): a weaker judgement."
        elif same:
            sentence = f"{key} is rated {row.label} by {same} of {n} sources."
        else:
            sentence = f"{key} is rated {row.label} overall, though none of its {n} sources reads it so on its own."
    sentence += (f" Its rating is {row.rating:.2f} on a 0-1 scale where 0 = unreliable and 1 = reliable: the "
                 "chance that the rating sources would call it reliable.")
    if row.state_media:
        sentence += " It is state media (owned or controlled by a government)."
    return sentence


def _disagreement(per_source: tuple[dict[str, object], ...]) -> str | None:
    readings = {str(s["reads_as"]) for s in per_source}
    if len(readings) < 2:
        return None
    return "The sources disagree: " + "; ".join(f"{s['name']} reads it as {s['reads_as']}" for s in per_source) + "."


def _key_of_input(domain_or_url: object) -> str:
    if not isinstance(domain_or_url, str):
        raise InputError(f"expected a domain or URL as text, got {type(domain_or_url).__name__}")
    text = domain_or_url.strip()
    if not text:
        raise InputError("empty domain or URL")
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(f"a domain or URL of {len(text)} characters is too long (limit {MAX_INPUT_CHARS})")
    if _CONTROL.search(text):
        raise InputError(f"not a domain or URL (contains control characters): {text[:80]!r}")
    host = host_of(text)
    # Spaces are only fatal in the host: a page URL may carry an unescaped space in its path.
    if not host or _WHITESPACE.search(host):
        raise InputError(f"not a domain or URL (no host name): {text[:80]!r}")
    if len(host) > MAX_HOST_CHARS or any(len(label) > MAX_LABEL_CHARS for label in host.split(".")):
        raise InputError(f"not a domain name (over DNS length limits): {text[:80]!r}")
    key = site_key(text)
    if key is None:
        raise InputError(f"not a domain or URL with a registered domain: {text[:80]!r}")
    return key


def _parse_rows(data: bytes, table_path: Path) -> dict[str, _Row]:
    try:
        reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
        header = tuple(next(reader))
    except (UnicodeDecodeError, StopIteration, csv.Error) as exc:
        raise ModelError(f"ratings table {table_path} is not a UTF-8 CSV with a header") from exc
    if header != COLUMNS:
        raise ModelError(f"ratings table header {header} does not match {COLUMNS}")
    rows: dict[str, _Row] = {}
    for line_no, record in enumerate(reader, start=2):
        try:
            (domain, rating, label, confidence, state_media, sources,
             lin_pc1, idiap_label, baly_fact, os_types, *calibrated) = record
            if len(calibrated) != len(FAMILIES):
                raise ValueError(f"{len(record)} fields, not {len(COLUMNS)}")
            rows[domain] = _Row(
                rating=float(rating) if rating else None,
                label=label,
                confidence=float(confidence),
                state_media=state_media == "1",
                sources=tuple(sources.split(";")) if sources else (),
                lin2023_pc1=float(lin_pc1) if lin_pc1 else None,
                idiap_label=idiap_label,
                baly_fact=baly_fact,
                opensources_types=os_types,
                calibrated={f: float(v) for f, v in zip(FAMILIES, calibrated) if v},
            )
        except ValueError as exc:
            raise ModelError(f"ratings table {table_path} line {line_no} is malformed: {exc}") from exc
    return rows
