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

from ..findings.page_type import TYPE_WORDS
from ..language import is_supported, language_name
from ..types import Analysis, Evidence, Findings, ModelInfo, Report, Signal
from .features import FEATURE_DESCRIPTIONS, feature_evidence
from .label import build_label
from .model import Contribution, Explanation
from .points import SIGNAL_FEATURES, TEXT_MODEL_SIGNAL, TEXT_POINTS, UNJUDGED_PROBABILITY, label_for, text_weight

POINTS_MODEL = ModelInfo("points", "1")  # reports built without a text model (no reliability model given)
# The features shown as the text model's evidence: the ones that moved the verdict most.
TOP_CONTRIBUTIONS = 5
# Passages quoted per word-list feature among them (offsets into the text).
PASSAGES_PER_FEATURE = 2
SCORE_MIN, SCORE_MAX = 0.0, 100.0
# The labels of a report without a score.
NOT_APPLICABLE = "not_applicable"
INSUFFICIENT_TEXT = "insufficient_text"


def build_report(analysis: Analysis, signals: Sequence[Signal], *, warnings: Sequence[str] = (),
                 explanation: Explanation | None = None, model: ModelInfo = POINTS_MODEL) -> Report:
    """The report of one page: `signals` from scorer.signals, `explanation` from the reliability model
    (None when the text is too short to judge: the text part then rests on even odds).

    A page that is not an article, or whose text is too little or no prose, gets no score (`score`
    None, `label` "not_applicable" / "insufficient_text", a warning saying why); its signals are
    still listed, so a reader sees what was found."""
    probability = explanation.probability if explanation is not None else None
    text_signal = text_model_signal(analysis, explanation)
    used = explanation.used if explanation is not None else frozenset()
    combined = [text_signal, *(_counted(s, used) for s in signals)]
    combined = _fit_to_range(combined)
    score = math.fsum(s.impact for s in combined)
    score = min(SCORE_MAX, max(SCORE_MIN, score))  # guards float dust only: the impacts already fit
    findings = analysis.findings
    withheld = withheld_because(findings)
    if withheld is not None:
        warnings = (*warnings, withheld[1])
    final_score = None if withheld else score
    label = withheld[0] if withheld else label_for(score)
    text = build_label(score=final_score, label=label, signals=combined, warnings=warnings,
                       publisher=analysis.publisher, outlets=analysis.outlets, model=model)
    return Report(
        score=final_score,
        label=label,
        signals=tuple(combined),
        page=analysis.page,
        attributions=analysis.attributions,
        sources=analysis.sources,
        outlets=analysis.outlets,
        publisher=analysis.publisher,
        model=model,
        probability_unreliable=probability,
        warnings=tuple(warnings),
        text=text,
        findings=findings,
    )


def withheld_because(findings: Findings | None) -> tuple[str, str] | None:
    """(label, warning) when the page gets no score: it is not an article, or its text cannot be judged."""
    if findings is None:
        return None
    if not findings.article_like:
        return NOT_APPLICABLE, (f"No score: this page is {TYPE_WORDS[findings.page_type]}, not a news report or "
                                f"commentary, so judging its sourcing does not apply. {findings.page_type_evidence}")
    if findings.insufficient_text:
        return INSUFFICIENT_TEXT, f"No score: {findings.insufficient_text[0].lower()}{findings.insufficient_text[1:]}"
    return None


def text_model_signal(analysis: Analysis, explanation: Explanation | None) -> Signal:
    title = "Text model: how the article is written and sourced"
    if explanation is None:
        impact = TEXT_POINTS * (1.0 - UNJUDGED_PROBABILITY)
        language = analysis.page.language
        reason = ("The text is too short for the model to judge" if is_supported(language) else
                  f"Not judged in {language_name(language)}: the model reads the wording of the supported "
                  f"languages only")
        return Signal(TEXT_MODEL_SIGNAL, title, None, impact,
                      detail=f"{reason}, so it gives the middle share: {impact:.0f} of the {TEXT_POINTS:.0f} points.")
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
    toward = [_plain(c) for c in top if c.contribution > 0][:2]
    against = [_plain(c) for c in top if c.contribution < 0][:2]
    detail = (f"The writing resembles {_resembles(p)} in the examples the text model learnt from, "
              f"which gives it {impact:.0f} of the {TEXT_POINTS:.0f} points.")
    if against:
        detail += f" In its favour: {'; '.join(against)}."
    if toward:
        detail += f" Against it: {'; '.join(toward)}."
    if weight < 1.0:
        detail += (f" The text is short ({analysis.page.word_count} words), so the verdict counts only in part "
                   f"and the middle share makes up the rest.")
    return Signal(TEXT_MODEL_SIGNAL, title, round(p, 4), impact, tuple(evidence), detail=detail)


def _resembles(p: float) -> str:
    """The model's verdict in words: P(unreliable) stays in the signal's value for programs."""
    if p < 0.35:
        return "that of reliable news outlets"
    if p > 0.65:
        return "that of unreliable sites"
    return "a mix of reliable and unreliable writing"


def _plain(c: Contribution) -> str:
    """A feature that moved the verdict, in words: "ALL-CAPS words per word below the usual level"."""
    description = FEATURE_DESCRIPTIONS.get(c.name, c.name)
    if math.isnan(c.value):
        return f"{description} not measurable here"
    return f"{description} {'above' if c.score > 0 else 'below'} the usual level"


def _contribution_text(c: Contribution) -> str:
    direction = "pushes toward unreliable" if c.contribution > 0 else "pushes toward reliable"
    return f"{_plain(c)} ({direction})"


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
    # The factor stays in the impacts (numbers for programs); the sentence for people says why they shrank.
    note = "Its points were reduced so the score stays between 0 and 100."
    return [dataclasses.replace(s, impact=s.impact * factor, detail=f"{s.detail} {note}".strip())
            if (s.impact > 0 if side > 0 else s.impact < 0) else s for s in signals]
