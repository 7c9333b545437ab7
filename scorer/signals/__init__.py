"""The signals: each a small pure function of an `Analysis` returning one explained `Signal`.

Each module holds one signal (or one family), its cue words as named constants, and a
docstring with the heuristic, why it matters and its known false positives. `SIGNALS` lists
them in report order.
"""
from __future__ import annotations

from typing import Callable

from ..types import Analysis, Signal
from . import ads, byline, recirculation, republication

SignalFunction = Callable[[Analysis], Signal]

SIGNALS: tuple[SignalFunction, ...] = (
    byline.compute,
    byline.compute_bio,
    republication.compute,
    recirculation.compute,
    ads.compute,
)


def compute_all(analysis: Analysis) -> tuple[Signal, ...]:
    return tuple(signal(analysis) for signal in SIGNALS)
