"""The signals: each a small pure function of an `Analysis` returning one explained `Signal`.

Each module holds one signal (or one family), its cue words as named constants, and a
docstring with the heuristic, why it matters and its known false positives. `SIGNALS` lists
them in report order.
"""
from __future__ import annotations

from collections.abc import Callable

from ..scoring.points import TEXT_MODEL_SIGNAL
from ..types import Analysis, Signal
from . import ads, byline, headline, publisher, recirculation, republication, sourcing
from . import outlets as cited_outlets

SignalFunction = Callable[[Analysis], Signal]

# The page's signals in report order, each with the id its `Signal` carries: the ids are data, so
# the batch CSV header and the documentation list them without scoring a page
# (tests/test_signals.py checks every report against this table).
SIGNALS: tuple[tuple[str, SignalFunction], ...] = (
    (byline.NAME, byline.compute),
    (byline.BIO_NAME, byline.compute_bio),
    (republication.NAME, republication.compute),
    (headline.NAME, headline.compute),
    (recirculation.NAME, recirculation.compute),
    (ads.NAME, ads.compute),
    (publisher.NAME, publisher.compute),
    (cited_outlets.NAME, cited_outlets.compute),
    (sourcing.ATTRIBUTED_CLAIMS, sourcing.compute_attributed_share),
    (sourcing.NAMED_SOURCES, sourcing.compute_named_sources),
    (sourcing.INDEPENDENT_SOURCES, sourcing.compute_independent_sources),
    (sourcing.RELAYED_SOURCING, sourcing.compute_relayed),
    (sourcing.DIRECT_QUOTES, sourcing.compute_direct_quotes),
    (sourcing.LINKED_SOURCES, sourcing.compute_linked_sources),
    (sourcing.SINGLE_SOURCE, sourcing.compute_single_source),
)
# Every signal id of a report, in order: the text model's part comes first (scorer/scoring/report.py).
SIGNAL_IDS: tuple[str, ...] = (TEXT_MODEL_SIGNAL, *(signal_id for signal_id, _ in SIGNALS))


def compute_all(analysis: Analysis) -> tuple[Signal, ...]:
    return tuple(compute(analysis) for _, compute in SIGNALS)
