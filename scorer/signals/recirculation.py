"""Recirculation: do the page's "Check Also" / "Related" / "You may also like" boxes push bait?

Reads the page's recirculation finding (scorer/findings/recirculation.py: which boxes are real
promotion boxes, and each judged related, unrelated or bait). Only bait boxes count against the
page — the content-farm pattern of the seed's "Check Also" box; a related box is good practice and
credited; a site's ordinary "latest posts" is neutral.
Known false positives: see the finding's module.
"""
from __future__ import annotations

from collections import Counter

from ..findings import findings_of
from ..scoring.points import POINTS
from ..types import Analysis, Evidence, RecirculationBox, Signal

NAME = "recirculation"


def compute(analysis: Analysis) -> Signal:
    page = analysis.page
    title = "Recirculation boxes"
    if not page.has_html:
        return Signal(NAME, title, None, applicable=False, detail="Only the text was given: no boxes can be seen.")
    boxes = findings_of(analysis).recirculation.boxes
    teasers = [t for b in boxes for t in b.teasers]
    counts = Counter(t.verdict for t in teasers)
    value: dict = {"category": "none", "teasers": len(teasers), "related": counts["related"],
                   "unrelated": counts["unrelated"], "unrelated_bait": counts["unrelated_bait"],
                   "boxes": [{"heading": b.heading, "locator": b.locator, "verdict": b.verdict,
                              "teasers": [t.to_dict() for t in b.teasers]} for b in boxes]}
    if not boxes:
        return Signal(NAME, title, value, POINTS[NAME]["none"],
                      detail="The page has no boxes promoting other articles.")
    bait = [b for b in boxes if b.verdict == "bait"]
    related = [b for b in boxes if b.verdict == "related"]
    if bait:
        value["category"] = "bait"
        evidence = [Evidence(t.text, where(b)) for b in bait for t in b.of("unrelated_bait")]
        example = bait[0].of("unrelated_bait")[0].text
        detail = (f"The {_names(bait)} {'box pushes' if len(bait) == 1 else 'boxes push'} sensational or clickbait "
                  f"teasers unrelated to the article, such as \u201c{example}\u201d.")
    elif related:
        value["category"] = "related"
        evidence = [Evidence(t.text, where(b)) for b in related for t in b.of("related")]
        detail = (f"The {_names(related)} {'box links' if len(related) == 1 else 'boxes link'} more coverage of "
                  "the same topic.")
    else:
        value["category"] = "unrelated"
        evidence = [Evidence(t.text, where(b)) for b in boxes for t in b.teasers if t.verdict != "related"]
        detail = "The boxes beside the article promote other stories of the site; none of them is clickbait."
    return Signal(NAME, title, value, POINTS[NAME][value["category"]], tuple(evidence), detail=detail)


def where(box: RecirculationBox) -> str:
    """The evidence locator: names the box by its heading, then its element."""
    if box.heading:
        return f"block:recirculation {box.heading!r} ({box.locator})"
    return f"block:recirculation ({box.locator})"


def _names(boxes: list[RecirculationBox]) -> str:
    headings = [f"\u201c{b.heading}\u201d" if b.heading else "untitled" for b in boxes]
    return headings[0] if len(headings) == 1 else ", ".join(headings[:-1]) + " and " + headings[-1]
