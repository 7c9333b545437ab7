"""The transparent points scheme: every signal's impact on the 0-100 score, in one place.

A page starts at `BASE` and each finding adds its points (negative lowers the score). The
numbers are editorial judgements, ordered by how much each finding says about sourcing:
no accountable author and wholesale republication weigh most, page furniture least.
"""
from __future__ import annotations

# Where a page with no findings at all lands: the middle of the "generally credible" band.
BASE = 70.0

POINTS: dict[str, dict[str, float]] = {
    "byline": {
        "named": 8.0,  # a named person is accountable for the text
        "organization": 0.0,  # "Reuters Staff", the outlet's desk: accountable, not personal
        "generic": -12.0,  # "Admin", "editor", the site's own name: nobody stands behind it
        "none": -8.0,
    },
    "author_bio": {"present": 2.0, "empty": -3.0},
    "republication": {
        "republished": -15.0,  # a bare "Source link" / foreign canonical: auto-republished report
        "credited": -4.0,  # republished with a clear credit line ("Originally published at X")
        "original": 0.0,
    },
    "recirculation": {
        "unrelated_bait": -10.0,  # the content-farm pattern: unrelated sensational teasers
        "unrelated": -4.0,
        "related": 2.0,  # an on-topic related box is good practice
        "none": 0.0,
    },
    "ads_in_body": {"per_slot": -2.0, "max": -6.0},
}

# Label tiers (NewsGuard-like bands). The first whose lower bound the score reaches applies.
TIERS: tuple[tuple[float, str], ...] = (
    (75.0, "high"),
    (60.0, "generally credible"),
    (40.0, "mixed"),
    (0.0, "low"),
)


def label_for(score: float) -> str:
    for floor, label in TIERS:
        if score >= floor:
            return label
    return TIERS[-1][1]
