"""Byline: does a named person stand behind the text?

Heuristic: take the author candidates the parser found (JSON-LD, meta tags, rel=author, byline
markup) and classify the best one: a named person (two or more name-like words), an
organisation desk ("Reuters Staff", "AP"), a generic account ("Admin", "editor", "staff",
"team", or the site's own name) or none. Content farms that auto-publish feeds post under
their CMS's default account, so "Admin" is one of their clearest marks.
Known false positives: single-name pen names read as generic; some reputable outlets omit
bylines on wire copy (they then usually credit the agency, which counts as organisation).
"""
from __future__ import annotations

import re

from ..scoring.points import POINTS
from ..types import Analysis, BlockKind, Byline, Evidence, Signal

NAME = "byline"
BIO_NAME = "author_bio"
# Accounts no person answers to: CMS defaults and desk names.
GENERIC_NAMES = frozenset({
    "admin", "administrator", "editor", "editors", "editorial", "staff", "team", "webmaster", "user",
    "guest", "author", "newsdesk", "news desk", "desk", "web desk", "online desk", "news", "redaction",
    "rédaction", "redação", "redacción", "redazione", "redaktion", "content team", "site admin", "wpadmin",
    "root", "anonymous", "unknown", "publisher", "moderator", "contributor", "support", "info", "newsroom",
})
# Words that make a byline an organisation rather than a person.
ORGANISATION_WORDS = re.compile(
    r"\b(staff|reporters?|correspondents?|agency|agencies|news|press|wire|service|desk|bureau|"
    r"reuters|associated press|afp|ap|bloomberg|tass|xinhua|efe|ansa|dpa|upi|pti|ians)\b", re.I)
_NAME_WORD = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.\-]*$")


def classify(byline: Byline, site_name: str | None, domain: str | None) -> str:
    """One of: named, organization, generic."""
    name = byline.name.strip()
    key = re.sub(r"[\d_\-.]+$", "", name.lower()).strip()
    site_keys = {k for k in (site_name and site_name.lower(), domain and domain.split(".")[0]) if k}
    if key in GENERIC_NAMES or key in site_keys or key.replace(" ", "") in {k.replace(" ", "") for k in site_keys}:
        return "generic"
    if (byline.type and byline.type.lower() == "organization") or ORGANISATION_WORDS.search(name):
        return "organization"
    words = name.split()
    if 2 <= len(words) <= 5 and sum(bool(_NAME_WORD.match(w)) for w in words) >= 2:
        return "named"
    return "generic"


_RANK = {"named": 3, "organization": 2, "generic": 1}


def compute(analysis: Analysis) -> Signal:
    page = analysis.page
    if not page.has_html:
        return Signal(NAME, "Byline", None, applicable=False, detail="No page markup: the byline is unknown.")
    classified = [(classify(b, page.site_name, page.domain), b) for b in page.bylines]
    if not classified:
        return Signal(NAME, "Byline", "none", POINTS[NAME]["none"],
                      detail="No author is named anywhere on the page.")
    best_kind, _ = max(classified, key=lambda kb: _RANK[kb[0]])
    chosen = [b for kind, b in classified if kind == best_kind]
    evidence = tuple(Evidence(b.name, f"byline:{b.origin}") for b in chosen)
    detail = {
        "named": f"Signed by a named person: {', '.join(b.name for b in chosen)}.",
        "organization": f"Credited to an organisation, not a person: {chosen[0].name}.",
        "generic": f"Signed only by a generic account ({chosen[0].name!r}): no named person is accountable.",
    }[best_kind]
    return Signal(NAME, "Byline", best_kind, POINTS[NAME][best_kind], evidence, detail=detail)


def compute_bio(analysis: Analysis) -> Signal:
    """Author box: a bio that tells the reader who wrote this, or an empty "About Admin" shell."""
    page = analysis.page
    title = "Author bio"
    if not page.has_html:
        return Signal(BIO_NAME, title, None, applicable=False, detail="No page markup.")
    boxes = page.blocks_of(BlockKind.AUTHOR_BOX)
    if not boxes:
        return Signal(BIO_NAME, title, "absent", 0.0, detail="No author box on the page.")
    box = boxes[0]
    bio = box.text.replace(box.heading, "", 1).strip() if box.heading else box.text
    # Under ~40 characters a "bio" is a name or a link list, not a description of the writer.
    if len(bio) >= 40:
        return Signal(BIO_NAME, title, "present", POINTS["author_bio"]["present"],
                      (Evidence(bio[:200], f"block:{box.locator}"),), detail="The author box describes the writer.")
    return Signal(BIO_NAME, title, "empty", POINTS["author_bio"]["empty"],
                  (Evidence(box.heading or box.text[:80], f"block:{box.locator}"),),
                  detail=f"The author box ({box.heading or 'untitled'!r}) has no bio.")
