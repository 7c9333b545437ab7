"""Fitting the sourcing score's weights to the settled ratings, and the site-grouped evaluation.

The target of a page rated r (1-5) is 25 (r - 1) points: 1 -> 0, 3 -> 50, 5 -> 100. The weights are
a non-negative least-squares fit without intercept (scikit-learn's LinearRegression(positive=True)):
every input can only raise the score with more sourcing, and a page with none starts from 0. The
bounded inputs (text model, publisher, cited outlets) are capped: a capped weight is fixed at its
cap and the others refitted with its share taken off the target, until none exceeds its cap.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GroupKFold

from scorer.scoring.sourcing_model import BOUNDED_INPUTS, COMPONENT_INPUTS, INPUTS
from training.sourcing.inputs import PageInputs

# The most points each bounded input may move the score, either way: the wording, the site's record
# and the cited outlets' records say something about sourcing, but about the page's kind, not its
# evidence, so none may outweigh a component.
CAPS: dict[str, float] = {"text_model": 15.0, "publisher": 10.0, "cited_outlets": 6.0}
POINTS_PER_STEP = 25.0
FOLDS = 5
CLAIMS_ORDER = {"none": 0, "few": 1, "some": 2, "most": 3, "all": 4}


@dataclass(frozen=True)
class Rated:
    page: PageInputs
    rating: float  # the settled mean rating
    gold: dict  # the settled gold row (both raters' fields)


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def imputed_means(pages: Sequence[PageInputs]) -> dict[str, float]:
    """Each component's mean over the pages where it was judged: a component not judged counts at it."""
    means = {}
    for name in COMPONENT_INPUTS:
        values = [p.inputs[name] for p in pages if p.inputs.get(name) is not None]
        means[name] = float(np.mean(values)) if values else 0.0
    return means


def matrix(pages: Sequence[PageInputs], means: dict[str, float]) -> np.ndarray:
    return np.array(
        [[p.inputs.get(n) if p.inputs.get(n) is not None else means.get(n, 0.0) for n in INPUTS] for p in pages],
        dtype=float,
    )


def fit_weights(x: np.ndarray, target: np.ndarray) -> dict[str, float]:
    fixed: dict[str, float] = {}
    while True:
        free = [i for i, n in enumerate(INPUTS) if n not in fixed]
        offset = sum(x[:, INPUTS.index(n)] * w for n, w in fixed.items()) if fixed else 0.0
        model = LinearRegression(positive=True, fit_intercept=False).fit(x[:, free], target - offset)
        weights = dict(fixed)
        weights.update({INPUTS[i]: float(max(0.0, c)) for i, c in zip(free, model.coef_)})
        over = [n for n in BOUNDED_INPUTS if n not in fixed and weights[n] > CAPS[n]]
        if not over:
            return {n: weights[n] for n in INPUTS}
        for name in over:
            fixed[name] = CAPS[name]


def predict(x: np.ndarray, weights: dict[str, float]) -> np.ndarray:
    w = np.array([weights[n] for n in INPUTS])
    return np.clip(x @ w, 0.0, 100.0)


# The scorer's labels for a page it gives no score: such a page cannot be ranked by its score.
WITHHELD = frozenset({"not_applicable", "insufficient_text", "not_judged"})


def rated_pages(pages: Sequence[PageInputs], gold: Sequence[dict], *, scored_only: bool = True) -> list[Rated]:
    """The gold's rated articles with their inputs; by default only those the scorer gives a score."""
    by_id = {p.id: p for p in pages}
    return [
        Rated(by_id[g["id"]], float(g["rating"]), g)
        for g in gold
        if g.get("article")
        and g.get("rating") is not None
        and g["id"] in by_id
        and not (scored_only and by_id[g["id"]].label in WITHHELD)
    ]


def fit(rated: Sequence[Rated]) -> tuple[dict[str, float], dict[str, float]]:
    means = imputed_means([r.page for r in rated])
    x = matrix([r.page for r in rated], means)
    target = np.array([POINTS_PER_STEP * (r.rating - 1.0) for r in rated])
    return fit_weights(x, target), means


def cross_validated(rated: Sequence[Rated], folds: int = FOLDS) -> np.ndarray:
    """Out-of-fold scores: each site's pages scored by weights fitted on the other sites only."""
    groups = [r.page.site for r in rated]
    scores = np.zeros(len(rated))
    for train, test in GroupKFold(n_splits=folds).split(np.zeros(len(rated)), groups=groups):
        weights, means = fit([rated[i] for i in train])
        scores[test] = predict(matrix([rated[i].page for i in test], means), weights)
    return scores


def score_figures(scores: Sequence[float], ratings: Sequence[float]) -> dict[str, float]:
    """The issue's figures: Spearman, the gap between low- and high-rated means, the extremes."""
    scores, ratings = np.asarray(scores, float), np.asarray(ratings, float)
    low, high = scores[ratings <= 2], scores[ratings >= 4]
    ones, fives = scores[ratings <= 1.0], scores[ratings >= 5.0]
    return {
        "articles": float(len(scores)),
        "spearman": float(spearmanr(scores, ratings).statistic),
        "mean_rated_le2": float(low.mean()) if len(low) else math.nan,
        "mean_rated_ge4": float(high.mean()) if len(high) else math.nan,
        "gap": float(high.mean() - low.mean()) if len(low) and len(high) else math.nan,
        "max_rated_1": float(ones.max()) if len(ones) else math.nan,
        "rated_1_above_50": float((ones > 50).sum()),
        "min_rated_5": float(fives.min()) if len(fives) else math.nan,
        "rated_5_below_70": float((fives < 70).sum()),
    }


def component_agreement(rated: Sequence[Rated]) -> dict[str, float]:
    """How the components follow what the raters recorded (their mean where both recorded it)."""
    out: dict[str, float] = {}

    def both(field: str, convert) -> list[float | None]:
        values = []
        for r in rated:
            raw = [convert(r.gold[k].get(field)) for k in ("a", "b") if r.gold.get(k)]
            raw = [v for v in raw if v is not None]
            values.append(float(np.mean(raw)) if raw else None)
        return values

    claims = both("claims_attributed", lambda v: CLAIMS_ORDER.get(v) if isinstance(v, str) else None)
    pairs = [
        (r.page.coverage_share, c) for r, c in zip(rated, claims) if c is not None and r.page.coverage_share is not None
    ]
    out["coverage_vs_claims_attributed_spearman"] = (
        float(spearmanr(*zip(*pairs)).statistic) if len(pairs) > 2 else math.nan
    )
    named = both("named_sources", lambda v: v if isinstance(v, int) else None)
    pairs = [(r.page.named_sources, n) for r, n in zip(rated, named) if n is not None]
    out["named_sources_count_spearman"] = float(spearmanr(*zip(*pairs)).statistic) if len(pairs) > 2 else math.nan
    out["named_sources_count_vs_rating_spearman"] = float(
        spearmanr([r.page.named_sources for r in rated], [r.rating for r in rated]).statistic
    )
    for field, mine in (("primary_material", lambda r: r.page.primary), ("links_or_refs", lambda r: r.page.checkable)):
        votes = both(field, lambda v: float(v) if isinstance(v, bool) else None)
        pairs = [(mine(r), v >= 0.5) for r, v in zip(rated, votes) if v is not None]
        out[f"{field}_agreement"] = sum(a == b for a, b in pairs) / len(pairs) if pairs else math.nan
    return out
