"""The components and bounded inputs -> the 0-100 sourcing score, its tier and the report.

The combination (docs/scoring.md; the weights live in models/sourcing-v1, fitted to readers' blind
1-5 ratings by `python -m training.train_sourcing`):

    score = sum of  weight x input  over the six sourcing components (scorer/sourcing/components.py)
            and three bounded inputs: the text model's verdict, the publisher's and the cited outlets' ratings

Every input is its own signal whose impact is its real share of the score: the six components
(`coverage`, `source_types`, `primary_material`, `independence`, `checkability`, `accountability`),
`text_model`, `publisher` and `cited_outlets`. The other page findings (byline, republication,
bait boxes, ads, the headline, the finer sourcing signals) stay in the report with their evidence
and impact 0: they are either counted through a component (the byline through accountability) or
not part of sourcing. The impacts add up to the score exactly; when the sum leaves 0-100 the
overflowing side is scaled down in proportion, so they still do.
"""
from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Sequence

from ..config import get_settings
from ..findings.page_type import TYPE_WORDS
from ..language import is_supported, language_name
from ..sourcing.components import compute_components, is_anonymous_repost
from ..types import Analysis, Evidence, Findings, ModelInfo, Report, Signal, SourcingComponents
from .features import FEATURE_DESCRIPTIONS, feature_evidence
from .label import build_label
from .model import Contribution, Explanation
from .points import TEXT_MODEL_SIGNAL, label_for, text_weight
from .sourcing_model import (
    MODEL_DIR as SOURCING_DIR,
)
from .sourcing_model import (
    OUTLETS_INPUT,
    PUBLISHER_INPUT,
    REPOST_COMPONENTS,
    REPOST_FACTOR,
    TEXT_INPUT,
    SourcingModel,
    model_inputs,
)

POINTS_MODEL = ModelInfo("points", "1")  # reports built without a text model (no reliability model given)
# The features shown as the text model's evidence: the ones that moved the verdict most.
TOP_CONTRIBUTIONS = 5
# Passages quoted per word-list feature among them (offsets into the text).
PASSAGES_PER_FEATURE = 2
SCORE_MIN, SCORE_MAX = 0.0, 100.0
# The labels of a report without a score.
NOT_APPLICABLE = "not_applicable"
INSUFFICIENT_TEXT = "insufficient_text"
NOT_JUDGED = "not_judged"
# Findings shown with their evidence but counted through a component, and the component.
COUNTED_IN: dict[str, str] = {
    "byline": "accountability", "author_bio": "accountability", "republication": "accountability",
    "attributed_claims": "coverage", "named_sources": "source_types", "independent_sources": "independence",
    "relayed_sourcing": "independence", "single_source": "independence", "direct_quotes": "source_types",
    "linked_sources": "checkability",
}
# Signals whose points are the fitted model's bounded inputs.
INPUT_OF_SIGNAL = {"publisher": PUBLISHER_INPUT, "cited_outlets": OUTLETS_INPUT}


@functools.lru_cache(maxsize=1)
def default_sourcing_model() -> SourcingModel:
    """The committed sourcing model, for reports built without `Resources` (loaded once per process)."""
    return SourcingModel.load(get_settings().models_dir / SOURCING_DIR)


def build_report(analysis: Analysis, signals: Sequence[Signal], *, warnings: Sequence[str] = (),
                 explanation: Explanation | None = None, model: ModelInfo = POINTS_MODEL,
                 components: SourcingComponents | None = None, sourcing: SourcingModel | None = None) -> Report:
    """The report of one page: `signals` from scorer.signals, `explanation` from the reliability model
    (None when the text is too short to judge or in a language it does not read), `components` from
    scorer.sourcing (computed here when not given), `sourcing` the fitted weights.

    A page that is not an article, whose text is too little, or in a language the sourcing
    components cannot read, gets no score (`score` None, `label` "not_applicable" /
    "insufficient_text" / "not_judged", a warning saying why); its signals are still listed."""
    sourcing = sourcing or default_sourcing_model()
    components = components if components is not None else compute_components(analysis)
    probability = explanation.probability if explanation is not None else None
    repost = is_anonymous_repost(components)
    shares = sourcing.shares(model_inputs(components, analysis, probability), anonymous_repost=repost,
                             impute=is_supported(analysis.page.language))
    text_signal = text_model_signal(analysis, explanation, shares[TEXT_INPUT], sourcing.weights[TEXT_INPUT])
    combined = [text_signal, *component_signals(components, shares, sourcing, repost),
                *(_counted(s, shares) for s in signals)]
    combined = _fit_to_range(combined)
    score = math.fsum(s.impact for s in combined)
    score = min(SCORE_MAX, max(SCORE_MIN, score))  # guards float dust only: the impacts already fit
    findings = analysis.findings
    withheld = withheld_because(findings) or _language_withheld(analysis)
    if withheld is not None:
        warnings = (*warnings, withheld[1])
    final_score = None if withheld else score
    label = withheld[0] if withheld else label_for(score)
    label_text = build_label(score=final_score, label=label, signals=combined, warnings=warnings,
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
        label_text=label_text,
        findings=findings,
        components=components,
        component_weights=tuple((c.id, sourcing.component_weight(c.id)) for c in components.components),
    )


def component_signals(components: SourcingComponents, shares: dict[str, float], sourcing: SourcingModel,
                      repost: bool = False) -> list[Signal]:
    """Each component as a signal: its value 0-1, its points, its evidence and its sentence."""
    out = []
    for component in components.components:
        weight = sourcing.component_weight(component.id)
        share = shares.get(component.id, 0.0)
        if weight == 0.0:
            detail = (f"{component.detail} Shown for the reader: fitted to readers' ratings, this part adds nothing "
                      f"beyond the others, so it weighs no points")
        elif component.judged or share == 0.0:
            detail = f"{component.detail} This part earns {share:.0f} of the {weight:.0f} points it can give"
            if repost and component.id in REPOST_COMPONENTS:
                detail += (f", counted at {REPOST_FACTOR:.0%}: the page re-posts another outlet's report without "
                           f"an author or a proper credit, so this sourcing is the original's work")
            detail += "."
        else:
            detail = (f"{component.detail} It counts at the rated articles' average: {share:.0f} of its "
                      f"{weight:.0f} points.")
        out.append(Signal(component.id, component.title, None if component.value is None else round(component.value, 3),
                          share, component.evidence, applicable=component.judged, detail=detail))
    return out


def _language_withheld(analysis: Analysis) -> tuple[str, str] | None:
    language = analysis.page.language
    if is_supported(language):
        return None
    return NOT_JUDGED, (f"No score: the text is in {language_name(language)}, and the sourcing parts that read "
                        f"the wording (claims, sources, primary material, independence) are not judged in it. "
                        f"The findings that do not depend on the language are listed.")


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


def text_model_signal(analysis: Analysis, explanation: Explanation | None, impact: float = 0.0,
                      weight: float = 0.0) -> Signal:
    """The text model's verdict as a bounded input: `impact` its share (at most `weight` points either way)."""
    title = "Text model: how the article is written"
    if explanation is None:
        language = analysis.page.language
        reason = ("The text is too short for the model to judge" if is_supported(language) else
                  f"Not judged in {language_name(language)}: the model reads the wording of the supported "
                  f"languages only")
        return Signal(TEXT_MODEL_SIGNAL, title, None, 0.0, applicable=False,
                      detail=f"{reason}, so the wording moves the score neither way.")
    p = explanation.probability
    length_weight = text_weight(analysis.page.word_count)
    top = [c for c in explanation.top(TOP_CONTRIBUTIONS) if abs(c.contribution) > 0.0]
    evidence: list[Evidence] = []
    for c in top:
        evidence.append(Evidence(_contribution_text(c), f"feature:{c.name}"))
        if c.contribution > 0:  # quote what pushed toward unreliable ("shocking", "!!")
            evidence += feature_evidence(analysis.page, c.name, limit=PASSAGES_PER_FEATURE)
    toward = [_plain(c) for c in top if c.contribution > 0][:2]
    against = [_plain(c) for c in top if c.contribution < 0][:2]
    direction = "adds" if impact >= 0 else "takes off"
    detail = (f"The writing resembles {_resembles(p)} in the examples the text model learnt from, "
              f"which {direction} {abs(impact):.0f} point{'s' if round(abs(impact)) != 1 else ''} "
              f"(the wording can move the score by at most {weight:.0f} either way).")
    if against:
        detail += f" In its favour: {'; '.join(against)}."
    if toward:
        detail += f" Against it: {'; '.join(toward)}."
    if length_weight < 1.0:
        detail += (f" The text is short ({analysis.page.word_count} words), so the verdict counts only in part.")
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


def _counted(signal: Signal, shares: dict[str, float]) -> Signal:
    """A page finding's impact as the score counts it: the fitted share for the publisher and cited
    outlets; 0 for the others, which are counted through a component or are not sourcing."""
    if not signal.applicable:
        return signal if signal.impact == 0 else dataclasses.replace(signal, impact=0.0)
    if signal.id in INPUT_OF_SIGNAL:
        return dataclasses.replace(signal, impact=shares.get(INPUT_OF_SIGNAL[signal.id], 0.0))
    component = COUNTED_IN.get(signal.id)
    note = (f"Shown for its evidence; the score counts it through the '{component.replace('_', ' ')}' part."
            if component else "A page finding, not part of sourcing: shown, not counted in the score.")
    # The finding's own points say which way it speaks (a generic byline against, a related box for).
    effect = "lowers" if signal.impact < 0 else ("raises" if signal.impact > 0 else None)
    return dataclasses.replace(signal, impact=0.0, detail=f"{signal.detail} {note}".strip(), effect=effect)


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
