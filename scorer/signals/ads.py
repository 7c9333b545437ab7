"""Ads in the body: ad slots placed between the article's paragraphs.

Reads the page's ad finding (scorer/findings/ads.py: one slot counted once, described in words).
Sidebar ads are normal; ads breaking up the text are the made-for-advertising pattern.
Known false positives: in-body "advertisement" placeholders left empty by an ad blocker still
count (they are in the served markup).
"""
from __future__ import annotations

from ..findings import findings_of
from ..scoring.points import POINTS
from ..types import Analysis, Signal

NAME = "ads_in_body"


def compute(analysis: Analysis) -> Signal:
    page = analysis.page
    title = "Ads in the article body"
    if not page.has_html:
        return Signal(NAME, title, None, applicable=False, detail="Only the text was given: ads cannot be seen.")
    slots = findings_of(analysis).ad_slots
    impact = max(POINTS[NAME]["max"], POINTS[NAME]["per_slot"] * len(slots))
    if not slots:
        detail = "No ads interrupt the article's text."
    elif len(slots) == 1:
        detail = "One ad interrupts the article's text."
    else:
        detail = f"{len(slots)} ads interrupt the article's text."
    return Signal(NAME, title, len(slots), impact, slots, detail=detail)
