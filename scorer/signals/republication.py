"""Republication: is the page someone else's report re-posted?

Reads the page's republication finding (scorer/findings/republication.py: credit lines in many
languages, a canonical link to another site). A bare "Source link" to another outlet or a
canonical copy elsewhere is what feed-scraping plugins leave on auto-republished items: the site
did none of the reporting. An explicit "Originally published at X" credit is honest syndication
and weighs less. A photo credit naming a wire agency is added to the evidence.
Known false positives: outlets that legitimately run wire copy under a "Source: Reuters" line
(the credit is honest; the page still did no reporting of its own).
"""
from __future__ import annotations

import re

from ..findings import findings_of
from ..scoring.points import POINTS
from ..types import Analysis, Evidence, Signal

NAME = "republication"
# Photo credits that name a wire or photo agency.
AGENCY_CREDIT = re.compile(r"\b(ANSA|AP|AFP|Reuters|Getty|EPA|TASS|Xinhua|Sputnik|RIA|Anadolu|Shutterstock|"
                           r"dpa|EFE|Ukrinform|UNIAN|Interfax|Bloomberg)\b")


def compute(analysis: Analysis) -> Signal:
    page = analysis.page
    title = "Republished content"
    if not page.has_html:
        return Signal(NAME, title, None, applicable=False, detail="Only the text was given: its origin cannot be seen.")
    finding = findings_of(analysis).republication
    if not finding.republished:
        return Signal(NAME, title, "original", POINTS[NAME]["original"],
                      detail="Nothing on the page says it re-posts another outlet's report.")
    line = finding.evidence or ""
    if finding.link and finding.link not in line:
        line = f"{line} (a link to {finding.link})"
    evidence = [Evidence(line, finding.locator)]
    evidence += [Evidence(credit, "figcaption") for credit in page.image_credits if AGENCY_CREDIT.search(credit)]
    value = "credited" if finding.credited else "republished"
    detail = (f"The page re-posts a report by {finding.original}, and says so plainly." if finding.credited else
              f"The page re-posts a report by {finding.original} without a proper credit, so the site did none "
              "of the reporting itself.")
    return Signal(NAME, title, value, POINTS[NAME][value], tuple(evidence), detail=detail)
