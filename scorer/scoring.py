"""Signals -> score and label: the sum of the signals' impacts on the documented base."""
from __future__ import annotations

from .points import BASE, label_for
from .types import Analysis, ModelInfo, Report, Signal

POINTS_MODEL = ModelInfo("points", "1")


def build_report(analysis: Analysis, signals: tuple[Signal, ...], *, warnings: tuple[str, ...] = ()) -> Report:
    raw = BASE + sum(s.impact for s in signals if s.applicable)
    score = min(100.0, max(0.0, raw))
    return Report(
        score=score,
        label=label_for(score),
        signals=signals,
        page=analysis.page,
        attributions=analysis.attributions,
        outlets=analysis.outlets,
        publisher=analysis.publisher,
        model=POINTS_MODEL,
        warnings=warnings,
    )
