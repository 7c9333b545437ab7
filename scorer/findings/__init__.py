"""Page findings: what a careful reader would say about the page (../shared/guides/page-findings.md).

The stage between analysis and signals: from the `ParsedPage` and the `Analysis` (teaser
clickbait scores, topic weights) it builds one `Findings` — page type, byline kind, republication,
recirculation boxes, in-body ad slots — and the page-level signals are computed from that object,
so the structured facts in a report and its explained signals cannot disagree.
"""
from __future__ import annotations

from ..types import Analysis, Findings
from . import ads, byline, page_type, recirculation, republication
from .page_type_model import PageTypeModel


def build_findings(analysis: Analysis, *, min_words: int = page_type.MIN_ARTICLE_WORDS,
                   page_types: PageTypeModel | None = None) -> Findings:
    """The page's findings; its type from the learned `page_types` model where given, else the rules."""
    page = analysis.page
    insufficient = page_type.insufficient_text(page, min_words=min_words)
    kind, why = (page_types.classify(page, text_judgeable=not insufficient) if page_types is not None
                 else page_type.classify(page))
    return Findings(
        language=page.language,
        page_type=kind,
        byline=byline.find(page, page_type=kind),
        republication=republication.find(page),
        recirculation=recirculation.find(analysis),
        ad_slots=ads.find(page),
        page_type_evidence=why,
        insufficient_text=insufficient,
    )


def findings_of(analysis: Analysis) -> Findings:
    """The analysis's findings; built here for analyses made by hand (tests, scripts)."""
    return analysis.findings if analysis.findings is not None else build_findings(analysis)


__all__ = ["build_findings", "findings_of"]
