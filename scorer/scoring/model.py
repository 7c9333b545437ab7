"""The reliability model: P(unreliable) of an article's text, with each feature's share of the verdict.

One scikit-learn Pipeline (median imputer -> `NormalScores` -> logistic regression) trained by
`python -m training.train` on the features of `scorer.scoring.features`, saved under
`models/reliability-vN/` with its card. `ReliabilityModel.load()` checks, before unpickling (pickle
runs code), that the card's feature names are this code's `FEATURE_NAMES`, that the installed
scikit-learn is the one that saved the model, and that model.joblib has the card's sha256; after
unpickling, that the pipeline is the expected shape and that the fast scorer below reproduces both
the pipeline's own probabilities and the ones recorded in the card.

The explanation is exact, not an approximation: the logistic regression's log-odds are its intercept
plus, per feature, coefficient x the feature's normal score (its mid-rank among the training
articles as a standard normal deviate: 0 = a typical article, +2 = higher than ~98% of them; a value
most articles share, such as no exclamation mark at all, sits at its tie's middle rank, not at an
extreme). Those per-feature terms are the contributions reported; with the intercept they add up to
the log-odds of P(unreliable).

Scoring does not call the Pipeline (scikit-learn's per-call input checks cost ~1-8 ms for one row);
it replays the fitted steps (`statistics_`, `NormalScores.scores`, `coef_`, `intercept_`) with
numpy, checked equal to the Pipeline at load.
"""
from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import ndtri
from sklearn.base import BaseEstimator, TransformerMixin

from .. import artifacts
from ..artifacts import CARD_FILE, file_sha256  # noqa: F401 - re-exported for the trainer and tests
from ..config import get_settings
from ..errors import ModelError
from ..types import ModelInfo
from .features import FEATURE_DESCRIPTIONS, FEATURE_NAMES, Features

MODEL_NAME = "reliability"
# The committed version the service loads; `python -m training.train` writes the next free vN.
MODEL_DIR = "reliability-v1"
MODEL_FILE = "model.joblib"
STEP_NAMES = ("impute", "normal_scores", "classifier")
# The fast scorer must agree with the Pipeline to this many probability units.
SELF_CHECK_TOLERANCE = 1e-9


class NormalScores(BaseEstimator, TransformerMixin):
    """Each value -> the standard-normal deviate of its mid-rank among the training values.

    u = (number of training values below x + half the number equal to x) / n, kept within
    [0.5/n, 1 - 0.5/n] so the scores stay finite (about ±3.3 for 1,800 articles); score = Φ⁻¹(u).
    Unlike scikit-learn's QuantileTransformer, which sends every value tied with the training minimum
    to the extreme (-5.2), a value most articles share gets its tie's middle rank, so a contribution
    reads "how unusual is this article here". Rank-based: robust to the long tails of rates.
    `keep` marks the features the model uses; the others score 0, so their coefficients stay 0.
    """

    def __init__(self, keep=None):
        self.keep = keep  # per feature: False = unused by the model, its score is always 0

    def fit(self, X, y=None):
        values = np.asarray(X, dtype=np.float64)
        if values.ndim != 2 or np.isnan(values).any():
            raise ValueError("NormalScores needs a 2-D array without missing values (impute first)")
        if self.keep is not None and len(self.keep) != values.shape[1]:
            raise ValueError(f"keep has {len(self.keep)} entries for {values.shape[1]} features")
        self.sorted_ = np.sort(values, axis=0)
        self.n_features_in_ = values.shape[1]
        return self

    def transform(self, X):
        values = np.asarray(X, dtype=np.float64)
        keep = self.keep if self.keep is not None else (True,) * values.shape[1]
        return np.column_stack([self.scores(values[:, j], j) if keep[j] else np.zeros(values.shape[0])
                                for j in range(values.shape[1])])

    def scores(self, column: np.ndarray, j: int) -> np.ndarray:
        ranks = self.sorted_[:, j]
        n = ranks.shape[0]
        u = (np.searchsorted(ranks, column, "left") + np.searchsorted(ranks, column, "right")) / (2.0 * n)
        return ndtri(np.clip(u, 0.5 / n, 1.0 - 0.5 / n))


@dataclass(frozen=True)
class Contribution:
    """One feature's part in the verdict: log-odds toward unreliable (negative: toward reliable)."""

    name: str
    value: float  # the raw feature value (NaN: not measurable, the training median was used)
    score: float  # the normal score the model weighs (mid-rank among the training articles, as a z value)
    contribution: float  # coefficient x score, in log-odds

    @property
    def description(self) -> str:
        return FEATURE_DESCRIPTIONS.get(self.name, self.name)


@dataclass(frozen=True)
class Explanation:
    probability: float  # P(unreliable)
    log_odds: float
    intercept: float
    contributions: tuple[Contribution, ...]  # in FEATURE_NAMES order; sum + intercept = log_odds
    used: frozenset[str] = frozenset()  # the features the model weighs (non-zero coefficient)

    def top(self, k: int = 5) -> tuple[Contribution, ...]:
        """The k contributions that moved the verdict most, largest first."""
        return tuple(sorted(self.contributions, key=lambda c: -abs(c.contribution))[:k])


def default_model_dir() -> Path:
    return get_settings().models_dir / MODEL_DIR


def read_card(directory: Path) -> dict[str, Any]:
    """The card of a reliability model directory (`scorer.artifacts.read_card`)."""
    return artifacts.read_card(directory, remedy="train with `python -m training.train`")


class ReliabilityModel:
    """P(unreliable) and its explanation. Load once per process with `ReliabilityModel.load()`."""

    def __init__(self, pipeline: Any, card: dict[str, Any], directory: Path | None = None):
        self.pipeline = pipeline
        self.card = card
        self.directory = directory
        _check_shape(pipeline)
        impute, scores, classifier = (pipeline.named_steps[name] for name in STEP_NAMES)
        self._medians = np.asarray(impute.statistics_, dtype=np.float64)
        self._scores = scores
        self._coef = np.asarray(classifier.coef_, dtype=np.float64).ravel()
        self._intercept = float(np.asarray(classifier.intercept_).ravel()[0])
        self.used_features = frozenset(name for name, c in zip(FEATURE_NAMES, self._coef) if c != 0.0)
        self._self_check()

    # -- loading ---------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None) -> ReliabilityModel:
        """Load and verify a model directory (default: `Settings.models_dir / MODEL_DIR`).

        Raises `ModelError` when the card is missing or unreadable, its feature names are not this
        code's, the installed scikit-learn is not the one that saved the model, model.joblib is
        missing or its sha256 differs from the card, or the unpickled pipeline is not the expected one.
        """
        directory = Path(path) if path is not None else default_model_dir()
        card = read_card(directory)
        artifacts.check_names((card.get("features") or {}).get("names"), FEATURE_NAMES, source=directory / CARD_FILE,
                              expected_in="this code's FEATURE_NAMES",
                              remedy="the model was trained on other features: retrain with `python -m training.train`")
        artifacts.check_library_versions(card, directory)
        model_path = artifacts.verify_file(directory / MODEL_FILE, (card.get("artifact") or {}).get("sha256"))
        pipeline = artifacts.load_joblib(model_path)
        return cls(pipeline, card, directory)

    @property
    def info(self) -> ModelInfo:
        return ModelInfo(str(self.card.get("name", MODEL_NAME)), str(self.card.get("version", "?")))

    # -- scoring ---------------------------------------------------------------------------------
    def transform(self, features: Features | Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
        """(raw values, transformed scores) of one article, as the fitted pipeline computes them."""
        raw = np.asarray(features.values if isinstance(features, Features) else features, dtype=np.float64)
        if raw.shape != (len(FEATURE_NAMES),):
            raise ValueError(f"expected {len(FEATURE_NAMES)} feature values, got shape {raw.shape}")
        x = np.where(np.isnan(raw), self._medians, raw)
        return raw, self._row_scores(x)

    def _row_scores(self, x: np.ndarray) -> np.ndarray:
        """`NormalScores.transform` of one row, bit for bit: the same mid-ranks found with `bisect`
        on the fitted columns as lists, then one `ndtri` call, instead of two numpy `searchsorted`
        calls per feature (0.21 -> 0.02 ms an article)."""
        if np.isnan(x).any():  # bisect places NaN unlike numpy's sort order: the reference path
            return self._scores.transform(x.reshape(1, -1)).ravel()
        ranks = getattr(self, "_rank_columns", None)
        if ranks is None:
            fitted = self._scores
            keep = fitted.keep if fitted.keep is not None else (True,) * fitted.sorted_.shape[1]
            ranks = self._rank_columns = (
                [fitted.sorted_[:, j].tolist() if keep[j] else None for j in range(fitted.sorted_.shape[1])],
                np.array([bool(k) for k in keep]), fitted.sorted_.shape[0])
        columns, kept, n = ranks
        u = np.array([(bisect_left(c, v) + bisect_right(c, v)) / (2.0 * n) if c is not None else 0.5
                      for c, v in zip(columns, x.tolist())])
        return np.where(kept, ndtri(np.clip(u, 0.5 / n, 1.0 - 0.5 / n)), 0.0)

    def explain(self, features: Features | Sequence[float]) -> Explanation:
        raw, scores = self.transform(features)
        terms = self._coef * scores
        log_odds = self._intercept + float(terms.sum())
        contributions = tuple(Contribution(name, float(r), float(s), float(c))
                              for name, r, s, c in zip(FEATURE_NAMES, raw, scores, terms))
        return Explanation(_sigmoid(log_odds), log_odds, self._intercept, contributions, self.used_features)

    def predict(self, features: Features | Sequence[float]) -> float:
        """P(unreliable) of one article's features."""
        return self.explain(features).probability

    def _self_check(self) -> None:
        """The fast scorer must reproduce the pipeline, and the probabilities recorded in the card."""
        check = self.card.get("self_check") or {}
        rows = check.get("rows") or []
        if not rows:
            raise ModelError("the model card has no self_check rows to verify the model against")
        matrix = np.array([[np.nan if v is None else v for v in row] for row in rows], dtype=np.float64)
        if matrix.ndim != 2 or matrix.shape[1] != len(FEATURE_NAMES):
            raise ModelError("the model card's self_check rows do not have one value per feature")
        expected = self.pipeline.predict_proba(matrix)[:, 1]
        actual = np.array([self.predict(row) for row in matrix])
        recorded = np.asarray(check.get("probabilities") or [], dtype=np.float64)
        if not np.allclose(actual, expected, rtol=0, atol=SELF_CHECK_TOLERANCE):
            raise ModelError(f"the fast scorer disagrees with the pipeline "
                             f"(max difference {float(np.abs(actual - expected).max()):.3g})")
        if recorded.shape != actual.shape or not np.allclose(actual, recorded, rtol=0, atol=1e-6):
            raise ModelError("the model does not reproduce the probabilities recorded in its card")


def _check_shape(pipeline: Any) -> None:
    steps = getattr(pipeline, "named_steps", None)
    if steps is None or tuple(name for name, _ in pipeline.steps) != STEP_NAMES:
        raise ModelError(f"the model is not the reliability pipeline (expected steps {STEP_NAMES})")
    scores, classifier = steps["normal_scores"], steps["classifier"]
    if not isinstance(scores, NormalScores) or getattr(scores, "n_features_in_", None) != len(FEATURE_NAMES) or (
            scores.keep is not None and len(scores.keep) != len(FEATURE_NAMES)):
        raise ModelError("the reliability pipeline's second step must be NormalScores fitted on this code's features")
    n = getattr(classifier, "n_features_in_", None)
    if n != len(FEATURE_NAMES) or np.asarray(classifier.coef_).shape != (1, len(FEATURE_NAMES)):
        raise ModelError(f"the reliability pipeline takes {n} features; this code has {len(FEATURE_NAMES)}")
    if list(getattr(classifier, "classes_", [])) != [0, 1]:
        raise ModelError("the reliability classifier's classes must be [0 (reliable), 1 (unreliable)]")


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
