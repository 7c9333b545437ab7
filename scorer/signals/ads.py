"""Ads in the body: ad slots inside or right around the main text.

Heuristic: count the ad slots (AdSense `ins`, data-ad markup, ad-network iframes, ad class
vocabularies) the parser placed inside the article container. Sidebar ads are normal; ads
breaking up the text are the made-for-advertising pattern.
Known false positives: in-body "advertisement" placeholders left empty by an ad blocker
still count (they are in the served markup).
"""
from __future__ import annotations

from ..scoring.points import POINTS
from ..types import Analysis, BlockKind, Evidence, Position, Signal

NAME = "ads_in_body"


def compute(analysis: Analysis) -> Signal:
    page = analysis.page
    title = "Ads in the article body"
    if not page.has_html:
        return Signal(NAME, title, None, applicable=False, detail="No page markup.")
    slots = [b for b in page.blocks_of(BlockKind.AD_SLOT) if b.position is Position.INSIDE]
    impact = max(POINTS[NAME]["max"], POINTS[NAME]["per_slot"] * len(slots))
    evidence = tuple(Evidence(b.text[:80] or "(ad slot)", f"block:{b.locator}") for b in slots)
    detail = (f"{len(slots)} ad slot(s) inside the article body." if slots else "No ad slots inside the article body.")
    return Signal(NAME, title, len(slots), impact, evidence, detail=detail)
