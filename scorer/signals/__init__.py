"""The signals: each a small pure function of an `Analysis` returning one explained `Signal`.

Each module holds one signal (or one family), its cue words as named constants, and a
docstring with the heuristic, why it matters and its known false positives. `SIGNALS` lists
them in report order.
"""
from __future__ import annotations

from collections.abc import Callable

from ..types import Analysis, Signal
from . import ads, byline, headline, publisher, recirculation, republication, sourcing
from . import outlets as cited_outlets

SignalFunction = Callable[[Analysis], Signal]

SIGNALS: tuple[SignalFunction, ...] = (
    byline.compute,
    byline.compute_bio,
    republication.compute,
    headline.compute,
    recirculation.compute,
    ads.compute,
    publisher.compute,
    cited_outlets.compute,
    sourcing.compute_attributed_share,
    sourcing.compute_named_sources,
    sourcing.compute_independent_sources,
    sourcing.compute_relayed,
    sourcing.compute_direct_quotes,
    sourcing.compute_linked_sources,
    sourcing.compute_single_source,
)


def compute_all(analysis: Analysis) -> tuple[Signal, ...]:
    return tuple(signal(analysis) for signal in SIGNALS)
