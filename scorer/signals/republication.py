"""Republication: is the page someone else's report re-posted?

Heuristic: a "Source link" / "Source: X" / "via X" line (found by the parser as furniture) that
links to or names another outlet; a canonical URL on another domain; supporting that, a photo
credit naming a wire agency. A bare "Source link" at the end of the text is what feed-scraping
plugins append to auto-republished items: the site did none of the reporting. An explicit
"Originally published at X" credit is honest syndication and weighs less.
Known false positives: outlets that legitimately run wire copy with a "Source: Reuters" line
(the credit is honest; the page still did no reporting of its own).
"""
from __future__ import annotations

import re

from ..domains import registered_domain
from ..page.furniture import SOURCE_LINE
from ..scoring.points import POINTS
from ..types import Analysis, BlockKind, Evidence, Signal

NAME = "republication"
# Credits that say plainly where the text came from and with what permission.
HONEST_CREDIT = re.compile(r"originally (published|appeared)|first (published|appeared)|republished|reprinted|"
                           r"this (article|story|post) (was )?(first |originally )?(appeared|published)", re.I)
# Photo credits that name a wire or photo agency.
AGENCY_CREDIT = re.compile(r"\b(ANSA|AP|AFP|Reuters|Getty|EPA|TASS|Xinhua|Sputnik|RIA|Anadolu|Shutterstock|"
                           r"dpa|EFE|Ukrinform|UNIAN|Interfax|Bloomberg)\b")


def compute(analysis: Analysis) -> Signal:
    page = analysis.page
    title = "Republished content"
    if not page.has_html:
        return Signal(NAME, title, None, applicable=False, detail="No page markup.")
    evidence: list[Evidence] = []
    honest = True
    for block in page.blocks_of(BlockKind.SOURCE_LINE):
        foreign = [link for link in block.links if link.domain and link.domain != page.domain]
        match = SOURCE_LINE.match(block.text)
        named = (match.group(7) or "").strip() if match else ""
        bare = not named or named.lower() in ("link", "here", "source")
        if foreign or (named and not bare):
            target = foreign[0].url if foreign else named
            evidence.append(Evidence(f"{block.text} -> {target}", f"block:{block.locator}"))
            honest = honest and bool(HONEST_CREDIT.search(block.text))
    canonical_domain = _domain(page.canonical_url)
    if canonical_domain and page.domain and canonical_domain != page.domain:
        evidence.append(Evidence(f"canonical URL on another site: {page.canonical_url}", "link[rel=canonical]"))
        honest = False
    if not evidence:
        return Signal(NAME, title, "original", POINTS[NAME]["original"],
                      detail="No sign that the page re-posts another outlet's report.")
    evidence += [Evidence(credit, "figcaption") for credit in page.image_credits if AGENCY_CREDIT.search(credit)]
    value = "credited" if honest else "republished"
    detail = ("The page re-posts another outlet's report with an explicit credit." if honest else
              "The page re-posts another outlet's report: it ends in a bare source link and did none "
              "of the reporting itself.")
    return Signal(NAME, title, value, POINTS[NAME][value], tuple(evidence), detail=detail)


def _domain(url: str | None) -> str | None:
    return registered_domain(url) if url else None
