"""The pipeline: page -> parsed page -> analysis -> signals -> score -> report."""
from __future__ import annotations

import dataclasses
from typing import Any

from .analysis.outlets import find_outlets
from .analysis.teasers import page_teasers
from .attribution.extract import extract_attributions
from .attribution.merge import merge_sources
from .deadline import NO_DEADLINE, Deadline, active
from .findings import build_findings
from .language import detect_language, is_supported
from .page.budgets import BudgetNotes, trim_text
from .page.parse import parse_html, parse_text
from .resources import Resources, load_resources
from .scoring.features import extract_features
from .scoring.model import Explanation
from .scoring.report import build_report
from .signals import compute_all
from .sourcing.components import compute_components
from .types import Analysis, ParsedPage, Report


def score_html(html: str | bytes | Any, url: str | None = None, *, content_type: str | None = None,
               resources: Resources | None = None, deadline_s: float | None = None,
               deadline: Deadline | None = None) -> Report:
    """Score one page's HTML: `str`, `bytes`, or a BeautifulSoup document or tag that a scraping
    script already holds. Raises `scorer.errors.InputError` on bad input, and
    `scorer.errors.DeadlineExceededError` past `deadline_s` (default: the settings' `score_deadline_s`)
    from now, or past `deadline` when the caller's clock started earlier (the service starts it at
    the request body's last byte)."""
    resources = resources or load_resources()
    if deadline is None:
        deadline = Deadline(resources.settings.score_deadline_s if deadline_s is None else deadline_s)
    with active(deadline):  # parse_html checks it between its steps, and while it reads
        page = parse_html(markup_of(html), url, content_type=content_type, settings=resources.settings)
    deadline.check("parsing")
    return score_page(page, resources=resources, deadline=deadline)


def markup_of(html: Any) -> Any:
    """The markup of a BeautifulSoup document or tag (as text); anything else as it came.

    Recognised by its type's module, so bs4 is never imported here: the str/bytes path, which
    parses with lxml, pays nothing for it. The page is still parsed once, by lxml, from that
    markup (a BeautifulSoup tree cannot be handed to trafilatura)."""
    if type(html).__module__.partition(".")[0] == "bs4" and callable(getattr(html, "decode", None)):
        markup = html.decode()
        if isinstance(markup, str):
            return markup
    return html


def score_text(text: str, *, title: str = "", url: str | None = None,
               resources: Resources | None = None, deadline_s: float | None = None,
               deadline: Deadline | None = None) -> Report:
    """Score plain article text; the page-level signals are marked not applicable."""
    resources = resources or load_resources()
    if deadline is None:
        deadline = Deadline(resources.settings.score_deadline_s if deadline_s is None else deadline_s)
    page = trim_text(parse_text(text, title=title, url=url), max_chars=resources.settings.max_text_chars,
                     notes=BudgetNotes())
    return score_page(page, resources=resources, deadline=deadline)


def score_page(page: ParsedPage, *, resources: Resources | None = None, deadline: Deadline = NO_DEADLINE) -> Report:
    resources = resources or load_resources()
    page = with_language(page)
    deadline.check("language")
    with active(deadline):
        analysis = analyze(page, resources, deadline)
    deadline.check("findings")
    signals = compute_all(analysis)
    deadline.check("signals")
    components = compute_components(analysis)
    deadline.check("sourcing components")
    return build_report(analysis, signals, warnings=tuple(_warnings(analysis.page, resources)),
                        explanation=judge_text(analysis, resources), model=resources.reliability.info,
                        components=components, sourcing=resources.sourcing)


def judge_text(analysis: Analysis, resources: Resources) -> Explanation | None:
    """The reliability model's verdict on the text, explained; None when the text is too short to
    judge or in a language whose wording the features do not read (scorer/language.py)."""
    if not is_supported(analysis.page.language):
        return None
    features = extract_features(analysis.page, analysis.attributions, analysis.headline_bait)
    return resources.reliability.explain(features) if features.measurable else None


def with_language(page: ParsedPage) -> ParsedPage:
    """The page with its language as its text reads (ISO 639-1); the page's declared language
    (`<html lang>`, cut to its first part) where the text is too short or mixed to tell: templates
    often declare "en" on pages in other languages, so the text has the last word."""
    detected = detect_language(page.title + "\n" + page.text) if page.paragraphs else None
    declared = (page.language or "").replace("_", "-").split("-")[0].lower() or None
    language = detected or declared
    return page if language == page.language else dataclasses.replace(page, language=language)


def analyze(page: ParsedPage, resources: Resources, deadline: Deadline = NO_DEADLINE) -> Analysis:
    """Everything the signals read, computed once from the parsed page."""
    # One batched clickbait call per page: the headline and every recirculation teaser.
    headline_bait, teaser_bait = resources.clickbait.score_page(page.title, page_teasers(page))
    deadline.check("clickbait")
    # Attributions need only the text, so text-only input (no HTML) has them too.
    notes: list[str] = []
    attributions = extract_attributions(page.text, resources.attribution_model, language=page.language,
                                        max_candidates=resources.settings.max_attribution_candidates, notes=notes)
    deadline.check("attributions")
    if notes:  # a budget cut the stage short: the report says so
        page = dataclasses.replace(page, budget_notes=(*page.budget_notes, *notes))
    outlets = find_outlets(page.text, attributions, resources.ratings)
    deadline.check("outlets")
    analysis = Analysis(
        page=page,
        attributions=attributions,
        sources=merge_sources(attributions),
        # The URL, not just its registered domain: under blog platforms the blog is the publisher.
        publisher=resources.ratings.rate(page.url or page.domain) if page.domain else None,
        outlets=outlets,
        headline_bait=headline_bait,
        teaser_bait=teaser_bait,
        term_weights=resources.clickbait.term_weights,
    )
    return dataclasses.replace(analysis, findings=build_findings(analysis, min_words=resources.settings.min_words,
                                                                page_types=resources.page_types))


def _warnings(page: ParsedPage, resources: Resources) -> list[str]:
    warnings = []
    if not page.paragraphs:
        warnings.append("no main text was found on the page")
    elif page.word_count < resources.settings.min_words:
        warnings.append(f"the main text has only {page.word_count} words: too little to judge its sourcing")
    if not page.url:
        warnings.append("no URL was given or found: publisher signals cannot apply")
    warnings.extend(page.budget_notes)
    return warnings
