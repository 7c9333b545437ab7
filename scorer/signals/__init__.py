"""The signals: each a small pure function of an `Analysis` returning one explained `Signal`.

Each module holds one signal (or one family), its cue words as named constants, and a
docstring with the heuristic, why it matters and its known false positives. `SIGNALS` lists
them in report order.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..language import is_supported, language_name
from ..scoring.points import TEXT_MODEL_SIGNAL
from ..sourcing.components import COMPONENT_IDS
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
# Every signal id of a report, in order: the text model's part, the sourcing components
# (scorer/sourcing/components.py), then the page findings (scorer/scoring/report.py).
SIGNAL_IDS: tuple[str, ...] = (TEXT_MODEL_SIGNAL, *COMPONENT_IDS, *(signal_id for signal_id, _ in SIGNALS))


# Signals that read the wording of the text or headline (cue words, the English clickbait model):
# in a language the scorer does not read they are not judged, so the text is never penalised for
# its language. The page-level findings (byline, furniture, publisher, links, cited outlets'
# names) do not depend on the language and still count.
TEXT_LEVEL_SIGNALS = frozenset({
    headline.NAME, sourcing.ATTRIBUTED_CLAIMS, sourcing.NAMED_SOURCES, sourcing.INDEPENDENT_SOURCES,
    sourcing.RELAYED_SOURCING, sourcing.DIRECT_QUOTES, sourcing.SINGLE_SOURCE,
})


def compute_all(analysis: Analysis) -> tuple[Signal, ...]:
    signals = tuple(compute(analysis) for _, compute in SIGNALS)
    language = analysis.page.language
    if is_supported(language):
        return signals
    return tuple(not_judged(s, language) if s.id in TEXT_LEVEL_SIGNALS else s for s in signals)


def not_judged(signal: Signal, language: str | None) -> Signal:
    """A text-level signal set aside: not applicable, no points, the reason in its detail."""
    return dataclasses.replace(
        signal, value=None, impact=0.0, applicable=False,
        detail=f"Not judged in {language_name(language)}: this check reads English, German, French, Spanish, "
               f"Italian, Portuguese, Polish and Dutch wording only.")
