"""The scorer's page findings against a gold annotation of real pages, field by field.

    python -m training.eval_page_findings [--gold FILE] [--pages DIR] [--check-floors] [--errors N]

`--gold`: JSON Lines, one object per page in the guideline's schema (../shared/guides/page-findings.md),
keyed by `url` (default: training/gold/page_findings.jsonl). `--pages`: a folder laid out like the
article-extraction benchmark (`ground-truth.json` mapping page ids to URLs, `html/<id>.html.gz`);
default: the benchmark under the data root. Every page with a gold record is scored with the full
`score_html` and its report's `findings` compared with the gold:

- page type: 7-way accuracy, and article-like (news, commentary, press release) vs not;
- byline kind: accuracy (and the confusion of kinds);
- republication, bait box, in-body ads present: accuracy, precision, recall;
- language (where both sides name one): accuracy;
- negative findings contradicted: of the findings that count against a page (a generic byline, no
  byline on a news article, republished, a bait box, ads in the body, "not an article"), the share
  the gold contradicts (the gold shows an accountable author, an original text, no bait box, no
  in-body ad, an article).

Prints a table, the disagreements (`--errors N` of each field) and, last, one JSON line. With
`--check-floors` it exits 1 when a figure misses its floor (FLOORS below, the issue's targets).
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scorer.config import PROJECT_ROOT

DEFAULT_GOLD = PROJECT_ROOT / "training" / "gold" / "page_findings.jsonl"
DEV_GOLD = PROJECT_ROOT / "training" / "gold" / "dev_pages.jsonl"
DEFAULT_GOLDS = (DEFAULT_GOLD, DEV_GOLD)
BENCHMARK_DIR = "article-extraction-benchmark"
DEV_PAGES_DIR = "dev-pages"
ARTICLE_LIKE = frozenset({"news_article", "opinion_or_blog", "press_release"})
BYLINE_KINDS = frozenset({"person", "organization", "generic", "none"})
PAGE_TYPES = frozenset({*ARTICLE_LIKE, "reference_or_info", "forum_or_qa", "commercial", "other"})
# The targets of issue 21 ("Done when"), on each gold set: (metric, floor, "min" = at least / "max" = at most).
# They replace issue 13's floors, which were met on the pages its rules were tuned on.
FLOORS: tuple[tuple[str, float, str], ...] = (
    ("article_like_accuracy", 0.92, "min"),
    ("byline_kind_accuracy", 0.88, "min"),
    ("republication_precision", 0.85, "min"),
    ("republication_recall", 0.60, "min"),
    ("bait_box_precision", 0.80, "min"),
    ("ads_presence_accuracy", 0.92, "min"),
    ("non_articles_not_applicable", 0.80, "min"),
    ("articles_not_applicable", 0.03, "max"),
)


class GoldError(ValueError):
    """A gold file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class PageFacts:
    """The compared fields of one page, gold or predicted."""

    page_type: str
    byline_kind: str
    republished: bool
    bait_box: bool
    ads_in_body: int
    language: str | None = None

    @property
    def article_like(self) -> bool:
        return self.page_type in ARTICLE_LIKE


def facts_of(record: dict[str, Any], where: str) -> PageFacts:
    """A gold record (or a report's `findings`) as PageFacts; GoldError naming `where` when malformed."""
    try:
        page_type = record["page_type"]
        kind = record["byline"]["kind"]
        republished = record["republication"]["republished"]
        recirculation = record["recirculation"]
        bait = recirculation.get("bait_box")
        if bait is None:
            bait = any(box.get("verdict") == "bait" for box in recirculation.get("boxes") or ())
        ads = record["ads_in_body"]
    except (KeyError, TypeError, AttributeError) as exc:
        raise GoldError(f"{where}: missing or malformed field ({exc})") from exc
    if page_type not in PAGE_TYPES:
        raise GoldError(f"{where}: page_type {page_type!r} is not one of the guideline's types")
    if kind not in BYLINE_KINDS:
        raise GoldError(f"{where}: byline kind {kind!r} is not one of {sorted(BYLINE_KINDS)}")
    if not isinstance(republished, bool) or not isinstance(bait, bool):
        raise GoldError(f"{where}: republished and bait_box must be true or false")
    if isinstance(ads, bool) or not isinstance(ads, int) or ads < 0:
        raise GoldError(f"{where}: ads_in_body must be a count (0 or more)")
    language = record.get("language")
    return PageFacts(page_type, kind, republished, bait, ads, language if isinstance(language, str) else None)


@dataclass(frozen=True)
class GoldPage:
    """One gold record: its key (the record's `id`, else its URL), its URL (None when the page has none)
    and the facts to compare."""

    key: str
    url: str | None
    facts: PageFacts


def load_gold(path: Path) -> dict[str, GoldPage]:
    """key -> gold page, keyed by the record's `id` (else its `url`). Later records of one key replace
    earlier ones (a corrected annotation)."""
    if not path.is_file():
        raise GoldError(f"{path}: no such gold file")
    gold: dict[str, GoldPage] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise GoldError(f"{where}: not JSON ({exc})") from exc
            if not isinstance(record, dict):
                raise GoldError(f"{where}: each line must be an object with an `id` or a `url`")
            url = record.get("url") if isinstance(record.get("url"), str) else None
            key = record.get("id") if isinstance(record.get("id"), str) and record.get("id") else url
            if not key:
                raise GoldError(f"{where}: each line must be an object with an `id` or a `url`")
            gold[key] = GoldPage(key, url, facts_of(record, where))
    if not gold:
        raise GoldError(f"{path}: holds no records")
    return gold


@dataclass
class Tally:
    """Counts of one yes/no field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        if predicted and gold:
            self.tp += 1
        elif predicted:
            self.fp += 1
        elif gold:
            self.fn += 1
        else:
            self.tn += 1

    @property
    def accuracy(self) -> float | None:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.tn) / total if total else None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class Comparison:
    pages: int = 0
    page_type_right: int = 0
    byline_right: int = 0
    language_right: int = 0
    language_pages: int = 0
    article_like: Tally = field(default_factory=Tally)  # "positive" = not article-like (the finding)
    republished: Tally = field(default_factory=Tally)
    bait_box: Tally = field(default_factory=Tally)
    ads_present: Tally = field(default_factory=Tally)
    byline_confusion: Counter = field(default_factory=Counter)  # (gold, predicted) -> pages
    negative_findings: int = 0
    negative_contradicted: int = 0
    gold_articles: int = 0
    articles_not_applicable: int = 0  # gold article-like, typed not one (no score)
    gold_non_articles: int = 0
    non_articles_not_applicable: int = 0  # gold not article-like, typed not one (label not_applicable)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, page_id: str, gold: PageFacts, predicted: PageFacts) -> None:
        self.pages += 1
        self.page_type_right += gold.page_type == predicted.page_type
        self.byline_right += gold.byline_kind == predicted.byline_kind
        self.byline_confusion[(gold.byline_kind, predicted.byline_kind)] += 1
        if gold.language and predicted.language:
            self.language_pages += 1
            self.language_right += gold.language.lower() == predicted.language.lower()
        self.article_like.add(not gold.article_like, not predicted.article_like)
        if gold.article_like:
            self.gold_articles += 1
            self.articles_not_applicable += not predicted.article_like
        else:
            self.gold_non_articles += 1
            self.non_articles_not_applicable += not predicted.article_like
        self.republished.add(gold.republished, predicted.republished)
        self.bait_box.add(gold.bait_box, predicted.bait_box)
        self.ads_present.add(gold.ads_in_body > 0, predicted.ads_in_body > 0)
        for name, g, p in (("page_type", gold.page_type, predicted.page_type),
                           ("byline", gold.byline_kind, predicted.byline_kind),
                           ("republished", gold.republished, predicted.republished),
                           ("bait_box", gold.bait_box, predicted.bait_box),
                           ("ads_in_body", gold.ads_in_body, predicted.ads_in_body)):
            if g != p and not (name == "ads_in_body" and (g > 0) == (p > 0)):
                self.errors.setdefault(name, []).append(f"{page_id}: gold {g!r}, found {p!r}")
        for negative, contradicted in negative_findings(gold, predicted):
            self.negative_findings += negative
            self.negative_contradicted += contradicted

    def metrics(self) -> dict[str, float | int | None]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        return {
            "pages": self.pages,
            "page_type_accuracy": ratio(self.page_type_right, self.pages),
            "article_like_accuracy": self.article_like.accuracy,
            "byline_kind_accuracy": ratio(self.byline_right, self.pages),
            "language_accuracy": ratio(self.language_right, self.language_pages),
            "republication_accuracy": self.republished.accuracy,
            "republication_precision": self.republished.precision,
            "republication_recall": self.republished.recall,
            "bait_box_accuracy": self.bait_box.accuracy,
            "bait_box_precision": self.bait_box.precision,
            "bait_box_recall": self.bait_box.recall,
            "ads_presence_accuracy": self.ads_present.accuracy,
            "ads_presence_precision": self.ads_present.precision,
            "ads_presence_recall": self.ads_present.recall,
            "negative_findings": self.negative_findings,
            "negative_contradicted": self.negative_contradicted,
            "negative_contradicted_share": ratio(self.negative_contradicted, self.negative_findings),
            "non_articles_not_applicable": ratio(self.non_articles_not_applicable, self.gold_non_articles),
            "articles_not_applicable": ratio(self.articles_not_applicable, self.gold_articles),
        }


def negative_findings(gold: PageFacts, predicted: PageFacts) -> list[tuple[int, int]]:
    """(1, contradicted?) for each finding that counts against the page."""
    out = []
    if not predicted.article_like:
        out.append((1, int(gold.article_like)))
    unsigned_news = predicted.byline_kind == "none" and predicted.page_type == "news_article"
    if predicted.byline_kind == "generic" or unsigned_news:
        out.append((1, int(gold.byline_kind in ("person", "organization"))))
    if predicted.republished:
        out.append((1, int(not gold.republished)))
    if predicted.bait_box:
        out.append((1, int(not gold.bait_box)))
    if predicted.ads_in_body > 0:
        out.append((1, int(gold.ads_in_body == 0)))
    return out


def check_floors(metrics: dict[str, Any]) -> list[str]:
    """The floors missed, in words. A precision or recall with nothing to measure (no page found or
    annotated positive) cannot miss its floor; the table shows it as n/a."""
    missed = []
    for name, floor, side in FLOORS:
        value = metrics.get(name)
        if value is None:
            continue
        if (side == "min" and value < floor) or (side == "max" and value > floor):
            missed.append(f"{name} = {value:.3f}, {'below' if side == 'min' else 'above'} its floor {floor}")
    return missed


def benchmark_urls(pages_dir: Path) -> dict[str, str]:
    """url -> page id of a benchmark-style folder ({} when it has no ground-truth.json)."""
    truth_path = pages_dir / "ground-truth.json"
    if not truth_path.is_file():
        return {}
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    return {entry.get("url", ""): page_id for page_id, entry in truth.items() if entry.get("url")}


@dataclass(frozen=True)
class GoldSet:
    """A gold file and the folder holding its pages (`html/<id>.html.gz`)."""

    name: str
    path: Path
    pages_dir: Path


def default_pages_dir(gold_path: Path) -> Path:
    """Where a gold file's pages lie: the dev pages for `dev_pages*.jsonl`, else the extraction benchmark."""
    from training.settings import get_settings

    root = get_settings().data_root
    return root / (DEV_PAGES_DIR if gold_path.name.startswith("dev_pages") else BENCHMARK_DIR)


def html_path(gold_set: GoldSet, page: GoldPage, urls: dict[str, str]) -> Path | None:
    """The page's saved HTML: `html/<key>.html.gz`, else the benchmark id of its URL; None when absent."""
    direct = gold_set.pages_dir / "html" / f"{page.key}.html.gz"
    if direct.is_file():
        return direct
    page_id = urls.get(page.url or "")
    path = gold_set.pages_dir / "html" / f"{page_id}.html.gz" if page_id else None
    return path if path is not None and path.is_file() else None


@dataclass(frozen=True)
class ScoredPage:
    """One gold page as the scorer saw it: the analysis (its findings built with the shipped model)."""

    gold_set: str
    key: str
    url: str | None
    gold: PageFacts
    analysis: Any  # scorer.types.Analysis

    @property
    def predicted(self) -> PageFacts:
        return facts_of(self.analysis.findings.to_dict(), f"findings of {self.key}")


def score_set(gold_set: GoldSet, gold: dict[str, GoldPage], resources: Any) -> tuple[list[ScoredPage], list[str]]:
    """Every gold page of the set through the scorer's pipeline (parse, analyse, findings: what
    `score_html` reports as `findings`): the scored pages and the keys whose HTML was not found."""
    from scorer.page.parse import parse_html
    from scorer.pipeline import analyze, with_language

    urls = benchmark_urls(gold_set.pages_dir)
    scored, missing = [], []
    for key, page in gold.items():
        path = html_path(gold_set, page, urls)
        if path is None:
            missing.append(key)
            continue
        parsed = with_language(parse_html(gzip.decompress(path.read_bytes()), page.url, settings=resources.settings))
        scored.append(ScoredPage(gold_set.name, key, page.url, page.facts, analyze(parsed, resources)))
    return scored, missing


def compare(pages: list[ScoredPage], predicted: dict[str, PageFacts] | None = None) -> Comparison:
    """The comparison of the pages' gold with their findings (or with `predicted`, keyed by page key)."""
    comparison = Comparison()
    for page in pages:
        facts = predicted[page.key] if predicted is not None else page.predicted
        comparison.add(page.key[:24], page.gold, facts)
    return comparison


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


ROWS = (("page type", "page_type_accuracy", None, None),
        ("article-like", "article_like_accuracy", None, None),
        ("byline kind", "byline_kind_accuracy", None, None),
        ("language", "language_accuracy", None, None),
        ("republished", "republication_accuracy", "republication_precision", "republication_recall"),
        ("bait box", "bait_box_accuracy", "bait_box_precision", "bait_box_recall"),
        ("ads in body", "ads_presence_accuracy", "ads_presence_precision", "ads_presence_recall"))


def print_table(title: str, comparison: Comparison, *, errors: int) -> dict[str, Any]:
    metrics = comparison.metrics()
    print(f"== {title}   pages compared: {comparison.pages}")
    print(f"{'field':<16} {'accuracy':>9} {'precision':>10} {'recall':>8}")
    for label, acc, prec, rec in ROWS:
        print(f"{label:<16} {_fmt(metrics[acc]):>9} {_fmt(metrics[prec]) if prec else '':>10} "
              f"{_fmt(metrics[rec]) if rec else '':>8}")
    print(f"not-articles typed not applicable: {_fmt(metrics['non_articles_not_applicable'])}   "
          f"articles typed not applicable: {_fmt(metrics['articles_not_applicable'])}")
    print(f"negative findings contradicted by the gold: {metrics['negative_contradicted']} of "
          f"{metrics['negative_findings']} ({_fmt(metrics['negative_contradicted_share'])})")
    print("byline kinds (gold -> found): " + ", ".join(
        f"{g}->{p}: {n}" for (g, p), n in sorted(comparison.byline_confusion.items()) if g != p))
    for name, lines in sorted(comparison.errors.items()):
        print(f"{name}: {len(lines)} disagreement(s)")
        for line in lines[:errors]:
            print(f"  {line}")
    return metrics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, action="append",
                        help="gold JSONL; repeat for several sets (default: " +
                             ", ".join(str(p.relative_to(PROJECT_ROOT)) for p in DEFAULT_GOLDS) + ")")
    parser.add_argument("--pages", type=Path, action="append",
                        help="the folder of each --gold's pages, in order (default: the dev pages for "
                             "dev_pages*.jsonl, else the article-extraction benchmark, under the data root)")
    parser.add_argument("--folds", type=int, default=0, metavar="K",
                        help="site-grouped K-fold: learned parts are refitted without each fold and "
                             "judged on it (held-out figures); rule-based findings run as they are")
    parser.add_argument("--check-floors", action="store_true",
                        help="exit 1 when a figure misses its floor")
    parser.add_argument("--errors", type=int, default=5, help="disagreements listed per field (default 5)")
    args = parser.parse_args(argv)
    paths = args.gold or [p for p in DEFAULT_GOLDS if p.is_file()]
    pages_dirs = args.pages or []
    if pages_dirs and len(pages_dirs) not in (1, len(paths)):
        print("error: give one --pages, or one for each --gold", file=sys.stderr)
        return 2
    if args.folds == 1 or args.folds < 0:
        print("error: --folds needs K >= 2", file=sys.stderr)
        return 2
    sets = [GoldSet(path.stem, path, (pages_dirs[i] if len(pages_dirs) > 1 else pages_dirs[0]) if pages_dirs
                    else default_pages_dir(path)) for i, path in enumerate(paths)]
    try:
        golds = [load_gold(s.path) for s in sets]
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from scorer import load_resources

    resources = load_resources()
    scored: list[ScoredPage] = []
    for gold_set, gold in zip(sets, golds):
        pages, missing = score_set(gold_set, gold, resources)
        print(f"gold: {gold_set.path}   pages: {gold_set.pages_dir}   scored: {len(pages)}   "
              f"gold pages not found: {len(missing)}")
        scored += pages
    if not scored:
        print("error: none of the gold pages was found in its folder", file=sys.stderr)
        return 2
    predicted = None
    kind = "as shipped (the shipped models and rules; pages they were fitted or tuned on included)"
    if args.folds:
        from training.page_findings.folds import held_out_findings

        predicted = held_out_findings(scored, folds=args.folds)
        kind = (f"held out by site ({args.folds} folds grouped by registered domain, else page id: the learned "
                "page type never saw the reported fold; rules run as they are)")
    print(f"kind: {kind}")
    summary: dict[str, Any] = {"kind": "held_out" if args.folds else "as_shipped", "sets": {}}
    any_missed = False
    for gold_set in sets:
        pages = [p for p in scored if p.gold_set == gold_set.name]
        if not pages:
            continue
        metrics = print_table(gold_set.name, compare(pages, predicted), errors=args.errors)
        missed = check_floors(metrics)
        for line in missed:
            print(f"floor missed ({gold_set.name}): {line}")
        any_missed = any_missed or bool(missed)
        summary["sets"][gold_set.name] = _rounded(metrics) | {"floors_met": not missed}
    if len(sets) > 1:
        summary["sets"]["all"] = _rounded(print_table("all sets", compare(scored, predicted), errors=0).copy())
    summary["floors_met"] = not any_missed
    print(json.dumps(summary))
    return 1 if args.check_floors and any_missed else 0


def _rounded(metrics: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()}


if __name__ == "__main__":
    sys.exit(main())
