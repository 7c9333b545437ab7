"""`eval_page_findings --folds K`: every learned part judged on pages its fitting never saw.

The pages of both gold sets are split by site (training.page_findings.data.site_group) into K
folds; for each fold the page-type recipe (both pipelines and the threshold, as
training.page_findings.train_page_type fits them) is fitted on the other folds and types the
fold's pages. The rule-based findings (byline, republication, recirculation, ads) have nothing
to fit: they are reported as they are, and docs/page-findings.md says on which pages they were
tuned.
"""
from __future__ import annotations

import dataclasses
from typing import Any

from training.page_findings.data import GoldTypedPage, site_group
from training.page_findings.evaluate import PageFacts, ScoredPage
from training.page_findings.train_page_type import held_out_types, rows_of


def held_out_findings(scored: list[ScoredPage], *, folds: int) -> dict[str, PageFacts]:
    """key -> the page's findings with its page type from the fold model that did not see its site."""
    typed = [GoldTypedPage(p.key, p.gold_set, site_group(p.key, p.url, p.analysis.page), p.gold.page_type,
                           p.analysis.page) for p in scored]
    types: Any = held_out_types(rows_of(typed), folds=folds)
    return {p.key: dataclasses.replace(p.predicted, page_type=str(kind)) for p, kind in zip(scored, types)}
