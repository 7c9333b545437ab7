"""Recirculation: do the page's "Check Also" / "Related" / "You may also like" boxes push bait?

Reads the page's recirculation finding (scorer/findings/recirculation.py: which boxes are real
promotion boxes, and each judged related, unrelated or bait). Only bait boxes count against the
page — the content-farm pattern of the seed's "Check Also" box; a related box is good practice and
credited; a site's ordinary "latest posts" is neutral.
Known false positives: see the finding's module.
"""
from __future__ import annotations

from ..findings import findings_of
from ..scoring.points import POINTS
from ..types import Analysis, Evidence, Signal

NAME = "recirculation"


def compute(analysis: Analysis) -> Signal:
    page = analysis.page
    title = "Recirculation boxes"
    if not page.has_html:
        return Signal(NAME, title, None, applicable=False, detail="Only the text was given: no boxes can be seen.")
    boxes = findings_of(analysis).recirculation.boxes
    value_boxes = [{"heading": b.heading, "verdict": b.verdict, "teasers": len(b.teasers)} for b in boxes]
    if not boxes:
        return Signal(NAME, title, {"category": "none", "boxes": []}, POINTS[NAME]["none"],
                      detail="The page has no boxes promoting other articles.")
    bait = [b for b in boxes if b.verdict == "bait"]
    related = [b for b in boxes if b.verdict == "related"]
    if bait:
        category = "bait"
        evidence = [Evidence(t, f"box {b.heading!r}") for b in bait for t in b.bait_teasers]
        named = _names(bait)
        detail = (f"The {named} {'box pushes' if len(bait) == 1 else 'boxes push'} sensational or clickbait "
                  f"teasers unrelated to the article, such as {bait[0].bait_teasers[0]!r}.")
    elif related:
        category = "related"
        evidence = [Evidence(t, f"box {b.heading!r}") for b in related for t in b.related_teasers]
        detail = f"The {_names(related)} {'box links' if len(related) == 1 else 'boxes link'} more coverage of the same topic."
    else:
        category = "unrelated"
        evidence = [Evidence(t, f"box {b.heading!r}") for b in boxes for t in b.teasers[:3]]
        detail = "The boxes beside the article promote other stories of the site; none of them is clickbait."
    return Signal(NAME, title, {"category": category, "boxes": value_boxes}, POINTS[NAME][category],
                  tuple(evidence), detail=detail)


def _names(boxes: list) -> str:
    headings = [f"\u201c{b.heading}\u201d" for b in boxes]
    return headings[0] if len(headings) == 1 else ", ".join(headings[:-1]) + " and " + headings[-1]
