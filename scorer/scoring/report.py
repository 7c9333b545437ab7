"""Signals + the text model's verdict -> the 0-100 score, its tier and the report.

The combination (docs/scoring.md; the numbers live in scorer/points.py):

    score = TEXT_POINTS x (1 - P(unreliable))  +  sum of the page-level findings' points

P(unreliable) is the reliability model's verdict on the article's text (scorer/model.py). It appears
as its own signal, `text_model`, whose impact is the text's part of the score and whose evidence is
the features that moved the verdict most (each with its log-odds contribution and, for word-list
features, the passages that triggered it). Page-level findings the text sets cannot teach (byline,
republication, recirculation, ads, publisher and cited-outlet ratings, links) add their points.
Signals whose feature the model weighs (`SIGNAL_FEATURES`) and signals that do not apply (page-level
signals on text-only input) are shown with impact 0. Every impact is its real share of the score:
the impacts add up to the score exactly. When the sum leaves 0-100, the overflowing side is scaled
down in proportion (above 100 the positive impacts, below 0 the negative ones), so they still do.
"""
from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

from ..language import is_supported, language_name
from ..types import Analysis, Evidence, ModelInfo, Report, Signal
from .features import FEATURE_DESCRIPTIONS, feature_evidence
from .model import Contribution, Explanation
from .points import (SIGNAL_FEATURES, TEXT_MODEL_SIGNAL, TEXT_POINTS, UNJUDGED_PROBABILITY, label_for,
                     text_weight)

POINTS_MODEL = ModelInfo("points", "1")  # reports built without a text model (no reliability model given)
# The features shown as the text model's evidence: the ones that moved the verdict most.
TOP_CONTRIBUTIONS = 5
# Passages quoted per word-list feature among them (offsets into the text).
PASSAGES_PER_FEATURE = 2
SCORE_MIN, SCORE_MAX = 0.0, 100.0


def build_report(analysis: Analysis, signals: Sequence[Signal], *, warnings: Sequence[str] = (),
                 explanation: Explanation | None = None, model: ModelInfo = POINTS_MODEL) -> Report:
    """The report of one page: `signals` from scorer.signals, `explanation` from the reliability model
    (None when the text is too short to judge: the text part then rests on even odds)."""
    probability = explanation.probability if explanation is not None else None
    text_signal = text_model_signal(analysis, explanation)
    used = explanation.used if explanation is not None else frozenset()
    combined = [text_signal, *(_counted(s, used) for s in signals)]
    combined = _fit_to_range(combined)
    score = math.fsum(s.impact for s in combined)
    score = min(SCORE_MAX, max(SCORE_MIN, score))  # guards float dust only: the impacts already fit
    return Report(
        score=score,
        label=label_for(score),
        signals=tuple(combined),
        page=analysis.page,
        attributions=analysis.attributions,
        sources=analysis.sources,
        outlets=analysis.outlets,
        publisher=analysis.publisher,
        model=model,
        probability_unreliable=probability,
        warnings=tuple(warnings),
    )


def text_model_signal(analysis: Analysis, explanation: Explanation | None) -> Signal:
    title = "Text model: how the article is written and sourced"
    if explanation is None:
        impact = TEXT_POINTS * (1.0 - UNJUDGED_PROBABILITY)
        language = analysis.page.language
        reason = ("The text is too short for the model to judge" if is_supported(language) else
                  f"Not judged in {language_name(language)}: the model reads the wording of the supported "
                  f"languages only")
        return Signal(TEXT_MODEL_SIGNAL, title, None, impact,
                      detail=f"{reason}: its part is the midpoint, {impact:.0f} of {TEXT_POINTS:.0f} points.")
    p = explanation.probability
    # Short texts: the verdict's weight grows with the length, so the part moves smoothly from the
    # midpoint (at the minimum length) to the model's full verdict (points.FULL_WEIGHT_WORDS).
    weight = text_weight(analysis.page.word_count)
    judged = UNJUDGED_PROBABILITY + weight * (p - UNJUDGED_PROBABILITY)
    impact = TEXT_POINTS * (1.0 - judged)
    top = [c for c in explanation.top(TOP_CONTRIBUTIONS) if abs(c.contribution) > 0.0]
    evidence: list[Evidence] = []
    for c in top:
        evidence.append(Evidence(_contribution_text(c), f"feature:{c.name}"))
        if c.contribution > 0:  # quote what pushed toward unreliable ("shocking", "!!")
            evidence += feature_evidence(analysis.page, c.name, limit=PASSAGES_PER_FEATURE)
    toward = [c.description for c in top if c.contribution > 0][:2]
    against = [c.description for c in top if c.contribution < 0][:2]
    reasons = []
    if against:
        reasons.append("for it: " + "; ".join(against))
    if toward:
        reasons.append("against it: " + "; ".join(toward))
    detail = (f"The trained model puts P(unreliable) at {p:.2f} from the text's style and sourcing, "
              f"worth {impact:.0f} of {TEXT_POINTS:.0f} points" + (f" ({'; '.join(reasons)})." if reasons else ".")
              + (f" The text is short ({analysis.page.word_count} words): the verdict counts {weight:.0%}, "
                 f"the midpoint the rest." if weight < 1.0 else ""))
    return Signal(TEXT_MODEL_SIGNAL, title, round(p, 4), impact, tuple(evidence), detail=detail)


def _contribution_text(c: Contribution) -> str:
    direction = "toward unreliable" if c.contribution > 0 else "toward reliable"
    value = "not measurable (typical value used)" if math.isnan(c.value) else f"{c.value:.3g}"
    return (f"{FEATURE_DESCRIPTIONS.get(c.name, c.name)}: {value} "
            f"(normal score {c.score:+.2f}; {c.contribution:+.2f} log-odds {direction})")


def _counted(signal: Signal, used_features: frozenset[str]) -> Signal:
    """A signal's impact as the score counts it: 0 when not applicable or already in the text model."""
    if not signal.applicable:
        return signal if signal.impact == 0 else dataclasses.replace(signal, impact=0.0)
    if used_features.intersection(SIGNAL_FEATURES.get(signal.id, ())):
        note = "Counted in the text model's verdict, not added again."
        detail = f"{signal.detail} {note}".strip()
        return dataclasses.replace(signal, impact=0.0, detail=detail)
    if signal.impact == 0.0 and math.copysign(1.0, signal.impact) < 0:
        return dataclasses.replace(signal, impact=0.0)  # "-0 points" (e.g. -2 per ad slot x 0) reads as a penalty
    return signal


def _fit_to_range(signals: list[Signal]) -> list[Signal]:
    """Scale the overflowing side so the impacts add up to a score within 0-100."""
    positive = math.fsum(s.impact for s in signals if s.impact > 0)
    negative = math.fsum(s.impact for s in signals if s.impact < 0)
    total = positive + negative
    if total > SCORE_MAX and positive > 0:
        factor, side = (SCORE_MAX - negative) / positive, 1
    elif total < SCORE_MIN and negative < 0:
        factor, side = (SCORE_MIN - positive) / negative, -1
    else:
        return signals
    note = f"(scaled by {factor:.2f} so the score stays within {SCORE_MIN:.0f}-{SCORE_MAX:.0f})"
    return [dataclasses.replace(s, impact=s.impact * factor, detail=f"{s.detail} {note}".strip())
            if (s.impact > 0 if side > 0 else s.impact < 0) else s for s in signals]
