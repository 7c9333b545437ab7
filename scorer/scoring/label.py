"""A report -> the reader's label in plain words (LabelText): the one source of the sentences the
browser extension's popup and the web page at GET / show, carried in the report JSON as
`summary`, `label_text` and `tiers`.

Every sentence is built from the signals' own details and evidence; numbers for programs stay in
the report's other fields (score, value, impact, locator).
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from ..types import CitedOutlet, DomainRating, LabelLine, LabelText, ModelInfo, Signal, Tier
from .points import TEXT_MODEL_SIGNAL, TIERS, label_for

# What each tier tells a reader (the bands are points.TIERS).
TIER_MEANINGS: dict[str, str] = {
    "exemplary": "nearly every claim names a checkable, independent source and someone stands behind the article",
    "high": "most claims name their sources, with primary material and an accountable author",
    "generally credible": "its central claims are sourced, with some gaps a careful reader would notice",
    "mixed": "much of it is unsourced, vague or second-hand, so check its claims elsewhere",
    "low": "little of it says where it comes from or who stands behind it, so check its claims elsewhere before "
           "trusting them",
}
# Labels another stage may give a page it does not score (score None): what to tell the reader.
UNSCORED: dict[str, str] = {
    "not_applicable": "This page does not look like a news article, so it was not scored.",
    "insufficient_text": "This page has too little article text to judge, so it was not scored.",
}
# Short phrases for the summary's reasons, by signal id; other signals use their title.
REASONS: dict[str, str] = {
    "byline": "who signed it",
    "author_bio": "the author box",
    "republication": "re-posting another outlet's report",
    "headline_bait": "its headline",
    "recirculation": "the link boxes around the story",
    "ads_in_body": "ads inside the article",
    "publisher": "the site's rating",
    "cited_outlets": "the outlets it cites",
    "attributed_claims": "how many claims say where they come from",
    "named_sources": "named sources",
    "independent_sources": "how many sources it uses",
    "relayed_sourcing": "second-hand sourcing",
    "direct_quotes": "direct quotes",
    "linked_sources": "links to what it cites",
    "single_source": "reliance on one source",
    TEXT_MODEL_SIGNAL: "how the text is written",
    "coverage": "how many claims say where they come from",
    "source_types": "who the sources are",
    "primary_material": "primary material",
    "independence": "independent sources",
    "checkability": "links and precise references",
    "accountability": "who stands behind the article",
}
# The sourcing components (scorer/sourcing/components.py): their impact is the points they earn (never
# negative), so whether they lift or hold back the score is read from their value, 0-1.
COMPONENT_SIGNALS = frozenset({"coverage", "source_types", "primary_material", "independence", "checkability",
                               "accountability"})
# A component at or above this value is a strength; below it, a weak point.
STRONG_COMPONENT = 0.5
REASONS_IN_SUMMARY = 3


def tier_table() -> tuple[Tier, ...]:
    """The tiers with their bands (inclusive, whole points) and meanings, best first."""
    tiers = []
    ceiling = 100.0
    for floor, label in TIERS:
        tiers.append(Tier(label, floor, ceiling, TIER_MEANINGS[label]))
        ceiling = floor - 1
    return tuple(tiers)


def _effect(signal: Signal) -> str:
    if signal.id in COMPONENT_SIGNALS and isinstance(signal.value, (int, float)):
        if signal.value < STRONG_COMPONENT:
            return "lowers"
        return "raises" if signal.impact > 0 else "neutral"
    if signal.impact > 0:
        return "raises"
    if signal.impact < 0:
        return "lowers"
    return signal.effect or "neutral"


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def shown_number(score: float) -> int:
    """The score as a whole number that stays in the score's own tier: 99.99 reads 99 ("high"),
    never 100 ("exemplary"); 39.6 reads 39 ("low")."""
    rounded = round(score)
    if label_for(rounded) == label_for(score):
        return rounded
    return math.floor(score) if rounded > score else math.ceil(score)


def headline(score: float | None, label: str) -> str:
    if score is None:
        return "Not scored"
    return f"{shown_number(score)} out of 100: {label}"


def summary(score: float | None, label: str, signals: Sequence[Signal], warnings: Sequence[str]) -> str:
    """Two sentences: the score and what its tier means; what moved it most."""
    if score is None:
        first = UNSCORED.get(label, "This page was not scored.")
        second = (f"Reason: {warnings[0]}." if warnings else "Open an article page and try again.")
        return f"{first} {second}"
    tier = next((t for t in tier_table() if t.label == label), None)
    band = f" ({tier.low:.0f}-{tier.high:.0f})" if tier and tier.low != tier.high else ""
    first = (f"This page scores {shown_number(score)} out of 100, in the {label} tier{band}, "
             f"which means {TIER_MEANINGS.get(label, '')}.")
    lowering = sorted((s for s in signals if s.applicable and _effect(s) == "lowers"
                       and s.id != TEXT_MODEL_SIGNAL), key=_weakness)
    raising = sorted((s for s in signals if s.applicable and _effect(s) == "raises"
                      and s.id != TEXT_MODEL_SIGNAL), key=lambda s: -s.impact)
    text_model = next((s for s in signals if s.id == TEXT_MODEL_SIGNAL), None)
    strong = [REASONS.get(s.id, s.title.lower()) for s in raising[:REASONS_IN_SUMMARY] if s.impact > 0]
    weak = [REASONS.get(s.id, s.title.lower()) for s in lowering[:REASONS_IN_SUMMARY]]
    if strong and weak:
        second = f"It gains the most points for {_join(strong)}, and is weakest on {_join(weak)}."
    elif strong:
        second = f"It gains the most points for {_join(strong)}."
    elif weak:
        second = f"It is weakest on {_join(weak)}."
    elif text_model is not None:
        second = "Its score rests on how the text is written."
    else:
        second = "No finding on the page moved its score."
    return f"{first} {second}"


def _weakness(signal: Signal) -> float:
    """Sort key, weakest first: a component by its value, any other signal by its (negative) impact."""
    if signal.id in COMPONENT_SIGNALS and isinstance(signal.value, (int, float)):
        return signal.value - 1.0
    return signal.impact


def findings(signals: Sequence[Signal]) -> tuple[LabelLine, ...]:
    """The signals a reader should see: the text model first, then what lowered the score (worst
    first), then what raised it; signals that did not apply or moved nothing are left out."""
    shown = [s for s in signals if s.applicable and (s.impact != 0 or s.id == TEXT_MODEL_SIGNAL
                                                     or s.id in COMPONENT_SIGNALS or s.effect is not None)]
    text_model = [s for s in shown if s.id == TEXT_MODEL_SIGNAL]
    others = sorted((s for s in shown if s.id != TEXT_MODEL_SIGNAL), key=_weakness)
    return tuple(LabelLine(s.id, s.title, s.detail, _effect(s), s.evidence) for s in (*text_model, *others))


def publisher_text(publisher: DomainRating | None, signals: Sequence[Signal]) -> str:
    signal = next((s for s in signals if s.id == "publisher"), None)
    if signal is not None and signal.detail:
        return signal.detail
    if publisher is None:
        return "The publisher is not known."
    return f"The site {publisher.domain} has no rating."


def outlet_lines(outlets: Sequence[CitedOutlet]) -> tuple[str, ...]:
    lines = []
    for outlet in outlets:
        rating = outlet.rating
        state = ", state media" if rating.state_media else ""
        verdict = "not rated" if rating.rating is None else f"rated {rating.label}{state}"
        lines.append(f"{outlet.name} ({outlet.domain}): {verdict}")
    return tuple(lines)


def model_text(model: ModelInfo) -> str:
    if model.name == "points":
        return "Scored from the sourcing components only (no text model loaded)."
    return f"Text model: {model.name} {model.version}."


def build_label(*, score: float | None, label: str, signals: Sequence[Signal], warnings: Sequence[str],
                publisher: DomainRating | None, outlets: Sequence[CitedOutlet], model: ModelInfo) -> LabelText:
    return LabelText(
        headline=headline(score, label),
        summary=summary(score, label, signals, warnings),
        findings=findings(signals),
        publisher=publisher_text(publisher, signals),
        outlets=outlet_lines(outlets),
        model=model_text(model),
        warnings=tuple(w[:1].upper() + w[1:] + ("" if w.endswith(".") else ".") for w in warnings),
        tiers=tier_table(),
    )
