"""Publisher: what open rating data say of the site that published the page.

Heuristic: the page's domain is looked up in the open ratings table (lin2023, idiap, Baly/MBFC,
OpenSources, each calibrated onto one scale; see models/domain-ratings-v2/README.md) and its label
sets the impact, scaled down when one source family alone supports the rating (a lone rater is a
weaker judgement). User-generated platforms are no publishers: no impact.
Why: the track record of the place an article lives in is the strongest single prior on its
sourcing; raters agree on it well (Spearman 0.73-0.76 between lin2023 and the others).
Known false positives: ratings are per site, so a good article on a poorly rated site (or a
syndicated wire story there) inherits the site's rating; ratings date from 2017-2023.
Unknown sites (most small sites, every content farm born since) get no impact.
"""
from __future__ import annotations

from ..analysis.ratings import CORROBORATED_CONFIDENCE
from ..scoring.points import POINTS
from ..types import Analysis, DomainRating, Evidence, Signal

NAME = "publisher"
TITLE = "Publisher rating"


def source_evidence(rating: DomainRating) -> tuple[Evidence, ...]:
    """The domain and, per contributing data set, what it says (from the table's details)."""
    evidence = [Evidence(rating.domain, "publisher:domain")]
    readings = {
        "lin2023_pc1": "lin2023 quality pc1 {}",
        "idiap_label": "idiap reliability label {} (1 reliable, 0 mixed, -1/-2 unreliable)",
        "baly_fact": "Baly/MBFC factuality {}",
        "opensources_types": "OpenSources type {}",
    }
    for key, template in readings.items():
        if key in rating.details:
            evidence.append(Evidence(template.format(rating.details[key]), f"ratings:{key.split('_')[0]}"))
    return tuple(evidence)


def impact_of(rating: DomainRating) -> float:
    points = POINTS[NAME]
    impact = points[rating.label]
    if rating.confidence < CORROBORATED_CONFIDENCE:
        impact *= points["single_source_factor"]
    return impact


def compute(analysis: Analysis) -> Signal:
    rating = analysis.publisher
    if rating is None:
        return Signal(NAME, TITLE, None, applicable=False,
                      detail="No publisher domain is known (no URL given): the site cannot be rated.")
    if rating.rating is None:
        return Signal(NAME, TITLE, None, applicable=False, evidence=(Evidence(rating.domain, "publisher:domain"),),
                      detail=rating.verdict or f"The site {rating.domain} is in none of the open rating "
                                                      "data sets, so it has no rating.")
    weaker = ""
    if rating.confidence < CORROBORATED_CONFIDENCE:
        weaker = (" Because one source alone rates it, it counts for less." if len(rating.per_source) <= 1 else
                  " Because its sources disagree, it counts for less.")
    names = [str(s["name"]) for s in rating.per_source]
    named = f" Rated by {', '.join(names[:-1])} and {names[-1]}." if len(names) > 1 else ""
    detail = rating.verdict + named + (f" {rating.disagreement}" if rating.disagreement else "") + weaker
    return Signal(NAME, TITLE, round(rating.rating, 3), impact_of(rating), source_evidence(rating), detail=detail)
