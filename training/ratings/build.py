"""Build the merged publisher-ratings table: `python -m training.build_ratings`.

Reads five open domain-rating sets from `TrainingSettings.data_root` (env SCORER_DATA_ROOT), merges them
into one row per site (see `scorer.ratings.site_key`) on a 0-1 scale (1 = reliable), and writes
`models/domain-ratings-v2/` (ratings.csv, model_card.json, README.md). The output is
deterministic: the same data and code give byte-identical files. An existing version directory is
never overwritten: when it exists the build is compared with it ("unchanged" when identical),
and a different build needs `--force` (or a new `--out`).

The merging rule, in short (the card and README state it in full):
1. Each row is reduced to a site key. A row naming the site itself is a *host row*; rows for a
   subdomain (`edition.cnn.com`) or a path (`theguardian.com/observer`) stand for the site only
   when no host row of the same source family exists. Paths under social platforms
   (`facebook.com/x`) rate an account, not the platform, and are dropped.
2. Every family is put on one scale, P(reliable), by a cross-fitted calibration against the other
   families' verdicts (training/ratings/calibrate.py).
3. A site's rating is the agreement-weighted mean of the calibrated values of the families that
   rate it (lin2023, idiap, Baly/MBFC, OpenSources/FakeNewsCorpus: files that copy one list count
   once), with even odds as one more light family, so a lone rating stays nearer the middle.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import statistics
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import scipy
import tldextract
from scipy.stats import spearmanr

from training.ratings.calibrate import FOLDS, MIN_WEIGHT, PRIOR_WEIGHT, combine, sites_from
from training.ratings.state_media import STATE_MEDIA, STATE_MEDIA_PROVENANCE
from training.settings import get_settings
from scorer.domains import host_of, registered_domain
from scorer.analysis.ratings import CARD_FILE, COLUMNS, RATINGS_DIR, site_key, strip_same_site_prefix

TABLE_FILE = "ratings.csv"
VERSION = "2"

# The source files, their family (files copying one rater's list count once) and licence, as
# stated in each folder's SOURCE.md.
SOURCES: dict[str, dict[str, str]] = {
    "lin2023": {
        "data_date": "2023",
        "path": "lin2023_domain_quality/domain_pc1.csv", "family": "lin2023",
        "licence": "no licence file; the upstream README permits reuse with citation "
                   "(Lin et al. 2023, PNAS Nexus 2(9) pgad286, doi:10.1093/pnasnexus/pgad286)",
        "origin": "https://github.com/hauselin/domain-quality-ratings @5671d57e545e48225ef2cbf559a6ab7f8f77a9de",
        "labels": "pc1: first principal component of an ensemble of expert rating sets, 0 = lowest, 1 = highest",
    },
    "idiap": {
        "data_date": "2024",
        "path": "idiap_media_reliability/golden_truth_dataset.csv", "family": "idiap",
        "licence": "Apache-2.0; labels aggregate MBFC, NewsGuard, Wikipedia's perennial-sources list and manual "
                   "annotation (label_source column)",
        "origin": "https://github.com/idiap/News-Media-Reliability @c3f50254a9fc07402ac529a1c50ff6abf7aeba10",
        "labels": "reliability_label 1 reliable, 0 mixed, -1 unreliable, -2 deprecated (Wikipedia)",
    },
    "baly_emnlp18": {
        "data_date": "2018",
        "path": "baly_mbfc_media/emnlp18_corpus.tsv", "family": "baly_mbfc",
        "licence": "none stated (no LICENSE; cite Baly et al. EMNLP 2018); labels are Media Bias/Fact Check's, "
                   "whose terms may restrict commercial reuse",
        "origin": "https://github.com/ramybaly/News-Media-Reliability @28ab9b418e9e69e6105d52ddb61a4dfdd791a412",
        "labels": "fact: high, mixed, low (MBFC factuality)",
    },
    "baly_acl2020": {
        "data_date": "2020",
        "path": "baly_mbfc_media/acl2020_corpus.tsv", "family": "baly_mbfc",
        "licence": "none stated (no LICENSE; cite Baly et al. ACL 2020); labels are Media Bias/Fact Check's, "
                   "whose terms may restrict commercial reuse",
        "origin": "https://github.com/ramybaly/News-Media-Reliability @28ab9b418e9e69e6105d52ddb61a4dfdd791a412",
        "labels": "fact: high, mixed, low (MBFC factuality)",
    },
    "opensources": {
        "data_date": "2017-04",
        "path": "opensources/sources.json", "family": "opensources",
        "licence": "LGPL-3.0 (repository LICENSE; the opensources.co site advertised CC BY 4.0)",
        "origin": "https://github.com/OpenSourcesGroup/opensources @2fb428d0e132baae5ed8ab034d4eafbe9dc77cbb",
        "labels": "type, 2nd type, 3rd type: fake, satire, bias, conspiracy, rumor, state, junksci, hate, "
                  "clickbait, unreliable, political, reliable",
    },
    "fakenewscorpus": {
        "data_date": "2018",
        "path": "fakenewscorpus/websites.csv", "family": "opensources",
        "licence": "Apache-2.0 (repository LICENSE); its types are OpenSources' (counted in that family)",
        "origin": "https://github.com/several27/FakeNewsCorpus @c39d26e5a8cb492dbe9450399d15fe8c37e69bce",
        "labels": "type, 2nd_type, 3rd_type: the OpenSources types plus 'unknown' (ignored)",
    },
}
FAMILIES = ("lin2023", "idiap", "baly_mbfc", "opensources")

# Platforms where a path names an account (facebook.com/somepage): its rating is the account's,
# not the platform's, and pages are rated by host, so such rows are dropped.
PATH_TENANT_DOMAINS = frozenset({
    "facebook.com", "twitter.com", "x.com", "youtube.com", "instagram.com", "t.me", "telegram.me", "vk.com",
    "tiktok.com", "linkedin.com", "rumble.com", "bitchute.com", "patreon.com", "reddit.com", "gab.com",
    "google.com", "odysee.com", "dailymotion.com", "soundcloud.com", "pinterest.com",
})
# Spelling variants in the OpenSources files, mapped to the type they mean; "blog" and "unknown"
# are no reliability type and are ignored.
TYPE_ALIASES = {"fake news": "fake", "unrealiable": "unreliable", "satirical": "satire"}
KNOWN_TYPES = ("reliable", "political", "clickbait", "unreliable", "bias", "state", "satire", "rumor",
               "conspiracy", "junksci", "hate", "fake")
# Label bands on the calibrated rating, P(reliable): from 0.6 the families would more likely than
# not call the site reliable, below 0.4 unreliable; in between the evidence is mixed.
RELIABLE_FLOOR = 0.6
MIXED_FLOOR = 0.4
DECIMALS = 4


@dataclass(frozen=True)
class SourceRow:
    """One rating row reduced to its site key."""

    source: str
    key: str
    host_row: bool  # names the site itself, not a subdomain or a path under it
    labels: tuple[str, ...]  # categorical labels ("1", "high", "conspiracy"); empty for lin2023
    score: float | None = None  # lin2023 pc1


@dataclass
class SourceRead:
    name: str
    path: Path
    rows_read: int
    rows: list[SourceRow]
    dropped: Counter


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _locate(raw: str) -> tuple[str | None, bool, str]:
    """(site key, host_row, reason dropped) of a domain/URL as a rating set spells it."""
    text = raw.strip().lower()
    if not text:
        return None, False, "empty domain"
    key = site_key(text)
    if key is None:
        return None, False, "no registered domain"
    with_scheme = text if "://" in text else "http://" + text
    path = urlsplit(with_scheme).path.strip("/")
    host = strip_same_site_prefix(host_of(text))
    if path and registered_domain(text) in PATH_TENANT_DOMAINS:
        return None, False, "account path on a social platform"
    return key, host == key and not path, ""


def _read(name: str, root: Path, records: list[tuple[str, tuple[str, ...], float | None]]) -> SourceRead:
    rows, dropped = [], Counter()
    for raw_domain, labels, score in records:
        key, host_row, reason = _locate(raw_domain)
        if key is None:
            dropped[reason] += 1
            continue
        if not labels and score is None:
            dropped["no usable label"] += 1
            continue
        rows.append(SourceRow(name, key, host_row, labels, score))
    return SourceRead(name, root / SOURCES[name]["path"], len(records), rows, dropped)


def read_lin2023(root: Path) -> SourceRead:
    with open(root / SOURCES["lin2023"]["path"], newline="", encoding="utf-8") as fh:
        records = [(r["domain"], (), float(r["pc1"])) for r in csv.DictReader(fh)]
    return _read("lin2023", root, records)


def read_idiap(root: Path) -> SourceRead:
    with open(root / SOURCES["idiap"]["path"], newline="", encoding="utf-8") as fh:
        records = [(r["domain"], (r["reliability_label"].strip(),) if r["reliability_label"].strip() else (), None)
                   for r in csv.DictReader(fh)]
    return _read("idiap", root, records)


def read_baly(root: Path, name: str) -> SourceRead:
    with open(root / SOURCES[name]["path"], newline="", encoding="utf-8") as fh:
        records = [(r["source_url"], (r["fact"].strip().lower(),) if r["fact"].strip() else (), None)
                   for r in csv.DictReader(fh, delimiter="\t")]
    # A source_url with a path is usually the outlet's landing page (`news.cn/english`) but can
    # be a separate publication (`newyorker.com/humor/borowitz-report`): like every path row it
    # stands for the site only when the family has no host row for it.
    return _read(name, root, records)


def _types(*values: str) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        tag = TYPE_ALIASES.get(value.strip().lower(), value.strip().lower())
        if tag in KNOWN_TYPES and tag not in out:
            out.append(tag)
    return tuple(out)


def read_opensources(root: Path) -> SourceRead:
    data = json.loads((root / SOURCES["opensources"]["path"]).read_text(encoding="utf-8"))
    records = [(domain, _types(v.get("type", ""), v.get("2nd type", ""), v.get("3rd type", "")), None)
               for domain, v in data.items()]
    return _read("opensources", root, records)


def read_fakenewscorpus(root: Path) -> SourceRead:
    with open(root / SOURCES["fakenewscorpus"]["path"], newline="", encoding="utf-8") as fh:
        records = [(r["url"], _types(r["type"], r["2nd_type"], r["3rd_type"]), None) for r in csv.DictReader(fh)]
    return _read("fakenewscorpus", root, records)


def read_all(root: Path) -> list[SourceRead]:
    return [read_lin2023(root), read_idiap(root), read_baly(root, "baly_emnlp18"), read_baly(root, "baly_acl2020"),
            read_opensources(root), read_fakenewscorpus(root)]


def select_rows(rows: list[SourceRow]) -> list[SourceRow]:
    """A family's rows for one site: its host rows, or its subdomain/path rows when it has none."""
    host_rows = [r for r in rows if r.host_row]
    return host_rows or rows


def aggregate(values: list[float], from_host_rows: bool) -> float:
    """Host rows are the same site spelled twice: average them. Subdomain/path rows are parts
    of the site of varying quality: their median stands for the whole."""
    return statistics.fmean(values) if from_host_rows else statistics.median(values)


@dataclass(frozen=True)
class Merged:
    key: str
    rating: float
    label: str
    confidence: float
    state_media: bool
    sources: tuple[str, ...]
    family_values: dict[str, float]
    lin2023_pc1: float | None
    idiap_label: str
    baly_fact: str
    opensources_types: str


def family_value(family: str, rows: list[SourceRow]) -> float:
    """lin2023's pc1 for a site from its rows (the categorical families are calibrated per label)."""
    if family != "lin2023":
        raise ValueError("only lin2023 has a numeric value per row")
    chosen = select_rows(rows)
    return aggregate([r.score for r in chosen if r.score is not None], chosen[0].host_row)


def label_of(rating: float, os_rows: list[SourceRow]) -> str:
    primary_types = {r.labels[0] for r in select_rows(os_rows)} if os_rows else set()
    # Satire explains a low rating; a site the merged sources rate reliable keeps that label
    # (OpenSources tags newyorker.com satire for one humour column).
    if "satire" in primary_types and rating < RELIABLE_FLOOR:
        return "satire"
    return band_of(rating)


def band_of(rating: float) -> str:
    return "reliable" if rating >= RELIABLE_FLOOR else "mixed" if rating >= MIXED_FLOOR else "unreliable"


def merge(reads: list[SourceRead]) -> tuple[list[Merged], dict]:
    by_key: dict[str, dict[str, list[SourceRow]]] = defaultdict(lambda: defaultdict(list))
    for read in reads:
        for row in read.rows:
            by_key[row.key][SOURCES[row.source]["family"]].append(row)
    sites = sites_from(by_key, select_rows, lambda rows: family_value("lin2023", rows))
    combined = combine(sites, FAMILIES)
    merged = []
    for key in sorted(by_key):
        families = by_key[key]
        if key not in combined.ratings:
            continue
        values = {f: combined.values[key][f] for f in FAMILIES if f in combined.values[key]}
        rating = combined.ratings[key]
        contributing = [row for f in FAMILIES if f in families for row in select_rows(families[f])]
        sources = tuple(s for s in SOURCES if any(r.source == s for r in contributing))
        os_rows = families.get("opensources", [])
        os_types: list[str] = []
        for row in select_rows(os_rows) if os_rows else []:
            os_types += [t for t in row.labels if t not in os_types]
        idiap = sorted({label for r in contributing if r.source == "idiap" for label in r.labels})
        baly = [f"{r.source.removeprefix('baly_')}:{r.labels[0]}" for r in contributing if r.source.startswith("baly_")]
        merged.append(Merged(
            key=key, rating=rating, label=label_of(rating, os_rows),
            confidence=combined.confidence[key], state_media="state" in os_types or key in STATE_MEDIA,
            sources=sources, family_values=values,
            lin2023_pc1=family_value("lin2023", families["lin2023"]) if "lin2023" in families else None,
            idiap_label="|".join(idiap), baly_fact="|".join(sorted(set(baly))), opensources_types="+".join(os_types),
        ))
    rule = {
        "calibration": {f: fit.to_dict() for f, fit in combined.fits.items()},
        "family_weights": {f: round(w, DECIMALS) for f, w in combined.weights.items()},
        "family_agreement_roc_auc": {f: round(a, DECIMALS) for f, a in combined.aucs.items()},
        "state_media_curated": {"sites": sorted(STATE_MEDIA), "provenance": STATE_MEDIA_PROVENANCE},
    }
    return merged, rule


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.{DECIMALS}f}"


def table_bytes(merged: list[Merged]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for m in merged:
        writer.writerow([m.key, _fmt(m.rating), m.label, _fmt(m.confidence), "1" if m.state_media else "0",
                         ";".join(m.sources), _fmt(m.lin2023_pc1), m.idiap_label, m.baly_fact, m.opensources_types,
                         *(_fmt(m.family_values.get(f)) for f in FAMILIES)])
    return out.getvalue().encode("utf-8")


def statistics_of(reads: list[SourceRead], merged: list[Merged]) -> dict:
    """Row counts, coverage, overlaps and agreement between the source families."""
    per_source = {}
    for read in reads:
        keys = {r.key for r in read.rows}
        per_source[read.name] = {
            "rows_read": read.rows_read, "rows_used": len(read.rows), "sites": len(keys),
            "dropped": dict(sorted(read.dropped.items())),
        }
    family_sites = {f: {m.key for m in merged if f in m.family_values} for f in FAMILIES}
    overlaps = {f"{a}&{b}": len(family_sites[a] & family_sites[b])
                for i, a in enumerate(FAMILIES) for b in FAMILIES[i + 1:]}
    agreement = {}
    for i, a in enumerate(FAMILIES):
        for b in FAMILIES[i + 1:]:
            shared = [m for m in merged if a in m.family_values and b in m.family_values]
            if len(shared) < 3:
                continue
            rho = spearmanr([m.family_values[a] for m in shared], [m.family_values[b] for m in shared]).statistic
            # Same side of the 0.5 midpoint: the binary reliable/unreliable agreement.
            same_side = sum((m.family_values[a] >= 0.5) == (m.family_values[b] >= 0.5) for m in shared)
            agreement[f"{a}~{b}"] = {"n": len(shared), "spearman": round(float(rho), 3),
                                     "same_side_of_0.5": round(same_side / len(shared), 3)}
    by_n = Counter(len(m.family_values) for m in merged)
    return {
        "sources": per_source,
        "sites": len(merged),
        "sites_per_family": {f: len(s) for f, s in family_sites.items()},
        "sites_by_number_of_families": {str(n): by_n[n] for n in sorted(by_n)},
        "overlaps": overlaps,
        "agreement": agreement,
        "labels": dict(sorted(Counter(m.label for m in merged).items())),
        "confidence": dict(sorted(Counter(_fmt(m.confidence) for m in merged).items())),
        "state_media": sorted(m.key for m in merged if m.state_media),
    }


MERGING_RULE = [
    "Site key: each row's domain/URL -> its registered domain (tldextract's bundled public-suffix list); under "
    "blog platforms (wordpress.com, blogspot.*, altervista.org, ...) one more label is kept, since every blog "
    "there is a different publisher.",
    "Host rows first: a row naming the site itself is used; a family's subdomain rows (edition.cnn.com) and "
    "path rows (theguardian.com/observer) stand for the site only when that family has no host row for it "
    "(then their median). Paths under social platforms (facebook.com/x) rate an account and are dropped.",
    "One scale, P(reliable): each family's readings are calibrated against the other families' verdicts "
    "(idiap 1 vs -1/-2, MBFC high vs low, OpenSources reliable vs a low-quality type, lin2023 pc1 >= 0.6 vs "
    f"<= 0.4) on the sites they share, cross-fitted over {FOLDS} folds of sites so no site calibrates itself: "
    "isotonic regression on lin2023's pc1, and per label the mean verdict of the sites carrying it with a "
    "Beta(1,1) prior for the categorical families (an OpenSources row with several types: the mean of its "
    "types). Duplicate host rows are averaged.",
    "Families: lin2023, idiap, Baly/MBFC (emnlp18 + acl2020), OpenSources (opensources + FakeNewsCorpus, whose "
    "types copy OpenSources). Each family's weight is its measured agreement with the others, 2 x (ROC-AUC - "
    f"0.5) of its calibrated values against their unanimous verdicts (at least {MIN_WEIGHT}). A site's rating "
    "is the weighted mean of its families' calibrated values, with even odds (0.5) as one more family of weight "
    f"{PRIOR_WEIGHT}: the fewer families rate a site, the nearer the middle its rating stays.",
    "Confidence: (the weight of the families rating the site / the weight of all four) x (the share of them "
    "within 0.25 of the rating). One family alone is below 0.3.",
    f"Label: 'reliable' from {RELIABLE_FLOOR}, 'mixed' from {MIXED_FLOOR}, 'unreliable' below; 'satire' instead "
    "when an OpenSources file's first type for the site is satire and the rating is "
    f"below {RELIABLE_FLOOR}. Sites in no data set are 'unknown' at lookup (rating null).",
    "state_media: an OpenSources file tags the site 'state', or the site is in the project's curated list of "
    "state-controlled outlets (training/ratings/state_media.py states its provenance).",
    "Caveat: the sets are not independent: idiap and Baly both take labels from MBFC, and lin2023's ensemble "
    "includes MBFC and NewsGuard among its raters.",
]


def build(root: Path) -> tuple[dict[str, bytes], dict, dict]:
    """Files of the version directory (name -> bytes), the card and the statistics."""
    reads = read_all(root)
    merged, rule = merge(reads)
    table = table_bytes(merged)
    stats = statistics_of(reads, merged)
    builder = Path(__file__)
    card = {
        "name": "domain-ratings",
        "version": VERSION,
        "task": "publisher (domain) reliability lookup, 0-1 (1 = reliable), merged from open rating sets",
        "table": {"file": TABLE_FILE, "sha256": hashlib.sha256(table).hexdigest(), "rows": len(merged),
                  "columns": list(COLUMNS)},
        "sources": [
            {"name": name, **{k: v for k, v in info.items() if k != "path"}, "path": info["path"],
             "sha256": sha256_of(root / info["path"]), **{k: v for k, v in stats["sources"][name].items()}}
            for name, info in SOURCES.items()
        ],
        "merging_rule": MERGING_RULE,
        "parameters": {"folds": FOLDS, "min_weight": MIN_WEIGHT, "prior_weight": PRIOR_WEIGHT,
                       "reliable_floor": RELIABLE_FLOOR, "mixed_floor": MIXED_FLOOR,
                       "multi_tenant_site_keys": "scorer.analysis.ratings.MULTI_TENANT_DOMAINS",
                       "path_tenant_domains": sorted(PATH_TENANT_DOMAINS)},
        **rule,
        "statistics": {k: v for k, v in stats.items() if k != "sources"},
        "licence_note": "The table derives from the sources' labels and inherits their terms: lin2023 (no licence "
                        "file, reuse with citation), idiap (Apache-2.0), Baly (no licence), OpenSources (LGPL-3.0), "
                        "FakeNewsCorpus (Apache-2.0). Labels from idiap and Baly derive partly or wholly from "
                        "Media Bias/Fact Check, whose terms may restrict commercial reuse: check before shipping "
                        "in a commercial product.",
        "deterministic": "rows sorted by site key, fixed 4-decimal numbers, no timestamps: the same data and "
                         "code rebuild ratings.csv, model_card.json and README.md byte-identically",
        # tldextract decides the site keys (its bundled suffix list), scipy the agreement statistics;
        # both are pinned in requirements.txt. The Python version changes neither, so it is left out
        # to keep the card byte-identical across interpreters.
        "library_versions": {"tldextract": tldextract.__version__, "scipy": scipy.__version__},
        "builder_sha256": sha256_of(builder),
        "command": "python -m training.build_ratings",
    }
    files = {
        TABLE_FILE: table,
        CARD_FILE: (json.dumps(card, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"),
        "README.md": readme(card).encode("utf-8"),
    }
    return files, card, stats


def readme(card: dict) -> str:
    lines = [
        "# domain-ratings v2: open publisher ratings on one calibrated scale",
        "",
        "One row per site (registered domain; one more label under blog platforms) with a 0-1 rating "
        "(1 = reliable), a label (reliable / mixed / unreliable / satire), the sources that rate it, a "
        "confidence and a state-media flag. Looked up by `scorer.analysis.ratings.RatingsTable` "
        "(`python -m scorer source DOMAIN_OR_URL`); the loader checks `ratings.csv` against the sha256 below.",
        "",
        f"Built by `{card['command']}` (deterministic: {card['deterministic']}).",
        f"Table: `{card['table']['file']}`, {card['table']['rows']} rows, sha256 `{card['table']['sha256']}`.",
        "",
        "## Sources",
        "",
        "| source | file (under data root) | rows read / used / sites | licence | sha256 |",
        "|---|---|---|---|---|",
    ]
    for s in card["sources"]:
        lines.append(f"| {s['name']} | `{s['path']}` | {s['rows_read']} / {s['rows_used']} / {s['sites']} | "
                     f"{s['licence']} | `{s['sha256'][:16]}...` |")
    lines += ["", "Licences: " + card["licence_note"], "", "## Merging rule", ""]
    lines += [f"{i}. {step}" for i, step in enumerate(card["merging_rule"], start=1)]
    lines += ["", "Family weights (2 x (agreement ROC-AUC - 0.5)): " + ", ".join(
        f"{f} {w} (ROC-AUC {card['family_agreement_roc_auc'][f]})" for f, w in card["family_weights"].items()), ""]
    for family, fit in card["calibration"].items():
        if fit["kind"] == "per label":
            lines.append(f"- {family}: P(reliable) per label: " + ", ".join(
                f"{label} {value}" for label, value in fit["p_reliable"].items()))
        else:
            lines.append(f"- {family}: isotonic on pc1 ({fit['thresholds']} thresholds; the card lists them)")
    lines += ["", "Measured statistics (coverage, overlaps, agreement) are in `model_card.json`; the "
              "leave-one-source-out agreement is measured by `python -m training.eval_ratings` (docs/ratings.md).", ""]
    return "\n".join(lines)


def write_or_compare(files: dict[str, bytes], out: Path, force: bool) -> str:
    """Write the version directory; an existing one is only compared, unless `force`."""
    if out.exists() and not force:
        differing = [name for name, data in files.items()
                     if not (out / name).exists() or (out / name).read_bytes() != data]
        if not differing:
            return "unchanged"
        raise SystemExit(f"error: {out} exists and this build differs in {', '.join(differing)}; "
                         "pass --force to overwrite it or --out for a new version directory")
    out.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (out / name).write_bytes(data)
    return "written"


def print_summary(stats: dict, card: dict, out: Path, status: str) -> None:
    print(f"{'source':<16}{'rows read':>10}{'used':>8}{'sites':>8}  dropped")
    for name, s in stats["sources"].items():
        dropped = ", ".join(f"{reason}: {n}" for reason, n in s["dropped"].items()) or "-"
        print(f"{name:<16}{s['rows_read']:>10}{s['rows_used']:>8}{s['sites']:>8}  {dropped}")
    print(f"\nsites in the merged table: {stats['sites']}")
    print("sites per family: " + ", ".join(f"{f} {n}" for f, n in stats["sites_per_family"].items()))
    print("sites by number of families rating them: "
          + ", ".join(f"{n}: {c}" for n, c in stats["sites_by_number_of_families"].items()))
    print("overlaps (shared sites): " + ", ".join(f"{k} {v}" for k, v in stats["overlaps"].items()))
    print(f"\n{'agreement':<26}{'n':>6}{'spearman':>10}{'same side of 0.5':>18}")
    for pair, a in stats["agreement"].items():
        print(f"{pair:<26}{a['n']:>6}{a['spearman']:>10.3f}{a['same_side_of_0.5']:>18.3f}")
    print("\nfamily weights: " + ", ".join(f"{f} {w}" for f, w in card["family_weights"].items()))
    for family, fit in card["calibration"].items():
        if fit["kind"] == "per label":
            print(f"  {family}: " + ", ".join(f"{label}={value}" for label, value in fit["p_reliable"].items()))
    print("labels: " + ", ".join(f"{k} {v}" for k, v in stats["labels"].items()))
    print("confidence: " + ", ".join(f"{k}: {v}" for k, v in stats["confidence"].items()))
    print("state_media: " + ", ".join(stats["state_media"]))
    print(f"\n{status}: {out} (ratings.csv sha256 {card['table']['sha256']})")
    print(json.dumps({"status": status, "out": str(out), "rows": card["table"]["rows"],
                      "sha256": card["table"]["sha256"]}))


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m training.build_ratings", description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", type=Path, default=settings.data_root,
                        help="the shared data folder (default: TrainingSettings.data_root / SCORER_DATA_ROOT)")
    parser.add_argument("--out", type=Path, default=settings.models_dir / RATINGS_DIR,
                        help="the version directory to write (default: models/domain-ratings-v2)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing, different version directory")
    args = parser.parse_args(argv)
    missing = [info["path"] for info in SOURCES.values() if not (args.data_root / info["path"]).is_file()]
    if missing:
        print(f"error: missing under {args.data_root}: {', '.join(missing)}", file=sys.stderr)
        return 2
    files, card, stats = build(args.data_root)
    status = write_or_compare(files, args.out, args.force)
    print_summary(stats, card, args.out, status)
    return 0


if __name__ == "__main__":
    sys.exit(main())
