"""Cited outlets: does the article lean on outlets that open rating data rate poorly?

Heuristic: the outlets the text cites (`Analysis.outlets`, found by `scorer.analysis.outlets`) are
weighed by how often each is cited; when at least half of the citations of rated outlets go
to outlets labelled unreliable (or satire), the article relies on low-rated outlets; some such
citations weigh less; citing only outlets rated reliable is credited. Unrated outlets are listed
but do not count either way. Why: a claim is only as good as the chain it came through, and a
republished story that rests on a state agency known for false reports carries its problems.
Known false positives: an article *about* a low-rated outlet's claims (debunking them) cites
it by necessity; the ratings are per site, not per story.
"""
from __future__ import annotations

from ..scoring.points import POINTS
from ..types import Analysis, CitedOutlet, Evidence, Signal

NAME = "cited_outlets"
TITLE = "Cited outlets"
LOW_LABELS = frozenset({"unreliable", "satire"})
# Share of rated citations going to low-rated outlets from which the article relies on them.
RELIANCE_SHARE = 0.5


def _describe(outlet: CitedOutlet) -> str:
    rating = outlet.rating
    if rating.rating is None:
        return f"{outlet.name} ({outlet.domain}, not rated)"
    state = ", state media" if rating.state_media else ""
    return f"{outlet.name} ({outlet.domain}, rated {rating.label}{state})"


def classify(outlets: tuple[CitedOutlet, ...]) -> str:
    """One of: low_rated, some_low_rated, reliable, mixed, unrated."""
    rated = [o for o in outlets if o.rating.rating is not None]
    if not rated:
        return "unrated"
    citations = sum(len(o.mentions) or 1 for o in rated)
    low = sum(len(o.mentions) or 1 for o in rated if o.rating.label in LOW_LABELS)
    if low and low / citations >= RELIANCE_SHARE:
        return "low_rated"
    if low:
        return "some_low_rated"
    if all(o.rating.label == "reliable" for o in rated):
        return "reliable"
    return "mixed"


def _mentions(outlets: list[CitedOutlet]) -> tuple[Evidence, ...]:
    return tuple(Evidence(e.text, f"outlet:{o.domain} {e.locator}", e.start, e.end)
                 for o in outlets for e in o.mentions)


def compute(analysis: Analysis) -> Signal:
    outlets = analysis.outlets
    if not outlets:
        return Signal(NAME, TITLE, None, applicable=False, detail="The text cites no known news outlet.")
    value = classify(outlets)
    if value in ("low_rated", "some_low_rated"):
        triggering = [o for o in outlets if o.rating.label in LOW_LABELS]
    elif value == "unrated":
        triggering = list(outlets)
    else:
        triggering = [o for o in outlets if o.rating.rating is not None]
    cited = "; ".join(_describe(o) for o in outlets)
    detail = {
        "low_rated": "Most citations go to outlets the open ratings rate poorly",
        "some_low_rated": "Some citations go to outlets the open ratings rate poorly",
        "reliable": "The cited outlets are all rated reliable",
        "mixed": "The cited outlets are rated mixed or better",
        "unrated": "None of the cited outlets is in the open rating data",
    }[value] + f": {cited}."
    return Signal(NAME, TITLE, value, POINTS[NAME][value], _mentions(triggering), detail=detail)
