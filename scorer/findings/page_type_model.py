"""The learned page type (models/page-type-v1): is the page an article, and if not, what is it.

Two small scikit-learn pipelines over `page_type_features.features` (StandardScaler +
LogisticRegression each), saved together as one joblib object `{"article": ..., "kind": ...}`:
- `article`: P(the page is an article: news, commentary or a press release);
- `kind`: which of the four other types a page that is not an article is.
The decision keeps today's rules where they are sure and lets the model overrule them in one
direction only: a page the rules (scorer.findings.page_type.classify) already type as not an
article keeps that type; a page they call an article is typed not an article when
P(article) < the card's `threshold` (chosen on site-grouped folds of the training pages so that
few articles are lost), its type then from `kind`. Articles keep the rules' subtype (news,
commentary, press release).

Loaded once per process (scorer.resources); the card's sha256, scikit-learn version and feature
names are checked before unpickling. Prediction is two dot products over ~100 numbers, computed
from the pipelines' fitted coefficients (checked against the pipelines at load).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .. import artifacts
from ..errors import ModelError
from ..types import ParsedPage
from . import page_type
from .page_type_features import ARTICLE_LIKE, FEATURE_NAMES, features

MODEL_DIR = "page-type-v1"
MODEL_FILE = "model.joblib"
NOT_ARTICLE_TYPES = ("reference_or_info", "forum_or_qa", "commercial", "other")
# How a feature reads in a sentence, by its prefix (the rest of the name follows).
_PREFIX_WORDS = (("declared_", "declares the type"), ("path_", "its address has words of"),
                 ("tags_", "elements:"), ("blocks_", "page furniture:"), ("cue_", "markup of a"),
                 ("rule_", "the rules read"), ("host_", "host:"), ("url_", "address:"))


@dataclass(frozen=True)
class _Linear:
    """A fitted StandardScaler + LogisticRegression as arrays: (x - mean) / scale @ coef.T + intercept."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (classes or 1, features)
    intercept: np.ndarray
    classes: tuple[Any, ...]

    @classmethod
    def of(cls, pipeline: Any) -> _Linear:
        scaler, model = pipeline[0], pipeline[-1]
        scale = np.where(scaler.scale_ == 0, 1.0, scaler.scale_)
        return cls(scaler.mean_, scale, model.coef_, model.intercept_, tuple(model.classes_))

    def scaled(self, x: np.ndarray) -> np.ndarray:
        return (x - self.mean) / self.scale

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        z = self.coef @ self.scaled(x) + self.intercept
        if len(z) == 1:  # binary: P(classes[1])
            p = 1.0 / (1.0 + math.exp(-float(z[0])))
            return np.array([1.0 - p, p])
        z = np.exp(z - z.max())
        return z / z.sum()


class PageTypeModel:
    def __init__(self, models: dict[str, Any], card: dict[str, Any], directory: Path):
        self.card = card
        self.directory = directory
        self.threshold = float(card.get("threshold", 0.5))
        self._article = _Linear.of(models["article"])
        self._kind = _Linear.of(models["kind"])
        if True not in self._article.classes or set(self._kind.classes) - set(NOT_ARTICLE_TYPES):
            raise ModelError(f"{directory}: the page-type model's classes are not the expected ones")
        self._check(models)

    def _check(self, models: dict[str, Any]) -> None:
        """The array form must give the pipelines' own probabilities."""
        x = np.linspace(-1.0, 2.0, len(FEATURE_NAMES))
        for name, linear in (("article", self._article), ("kind", self._kind)):
            expected = models[name].predict_proba(x.reshape(1, -1))[0]
            if not np.allclose(linear.probabilities(x), expected, atol=1e-9):
                raise ModelError(f"{self.directory}: the {name} model's arrays disagree with its pipeline")

    @property
    def name(self) -> str:
        return f"{self.card.get('name', 'page-type')}-{self.card.get('version', '?')}"

    @classmethod
    def load(cls, path: str | Path) -> PageTypeModel:
        """Load and verify a model directory; `ModelError` on a missing or mismatched card or file."""
        directory = Path(path)
        card = artifacts.read_card(directory, remedy="train with `python -m training.page_findings.train_page_type`",
                                   sections=("features",))
        artifacts.check_library_versions(card, directory)
        artifacts.check_names(card["features"].get("names"), FEATURE_NAMES, source=directory / artifacts.CARD_FILE,
                              remedy="retrain with `python -m training.page_findings.train_page_type`")
        models = artifacts.load_joblib(artifacts.verify_artifact(directory, card, MODEL_FILE))
        if not isinstance(models, dict) or set(models) != {"article", "kind"}:
            raise ModelError(f"{directory / MODEL_FILE} is not the page-type model ({{'article', 'kind'}} expected)")
        return cls(models, card, directory)

    def article_probability(self, page: ParsedPage, rule_type: str) -> float:
        x = np.asarray(features(page, rule_type), dtype=float)
        return float(self._article.probabilities(x)[list(self._article.classes).index(True)])

    def classify(self, page: ParsedPage, *, text_judgeable: bool = True) -> tuple[str, str]:
        """(page type, why, in words). `text_judgeable` False (too little text, or no prose: see
        page_type.insufficient_text): the rules decide, and the page is "insufficient text" instead."""
        rule_type, why = page_type.classify(page)
        if not page.has_html or rule_type not in ARTICLE_LIKE or not text_judgeable:
            return rule_type, why
        x = np.asarray(features(page, rule_type), dtype=float)
        p_article = float(self._article.probabilities(x)[list(self._article.classes).index(True)])
        if p_article >= self.threshold:
            return rule_type, why
        kind_p = self._kind.probabilities(x)
        kind = str(self._kind.classes[int(np.argmax(kind_p))])
        return kind, (f"The page-type model ({self.name}) reads it as not an article "
                      f"(P(article) = {p_article:.2f}, below {self.threshold:.2f}): {self._cues(x)}.")

    def _cues(self, x: np.ndarray) -> str:
        """The three features that pushed hardest toward "not an article", in words."""
        article_index = list(self._article.classes).index(True)
        sign = 1.0 if article_index == 1 else -1.0
        pushes = -sign * self._article.coef[0] * self._article.scaled(x)
        top = [i for i in np.argsort(pushes)[::-1][:3] if pushes[i] > 0]
        return "; ".join(_words(FEATURE_NAMES[i], float(x[i])) for i in top) or "no single strong cue"


def _words(name: str, value: float) -> str:
    for prefix, words in _PREFIX_WORDS:
        if name.startswith(prefix):
            rest = name.removeprefix(prefix).replace("_", " ")
            shown = f"{math.expm1(value):.0f}" if prefix in ("tags_", "blocks_") else ""
            return f"{words} {rest}" + (f" ({shown})" if shown else "")
    return f"{name.replace('_', ' ')} = {value:.2f}"
