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
ARTICLE_LIKE = frozenset({"news_article", "opinion_or_blog", "press_release"})
BYLINE_KINDS = frozenset({"person", "organization", "generic", "none"})
PAGE_TYPES = frozenset({*ARTICLE_LIKE, "reference_or_info", "forum_or_qa", "commercial", "other"})
# The targets (issue 13, "Done when"): (metric, floor, "min" = at least / "max" = at most).
FLOORS: tuple[tuple[str, float, str], ...] = (
    ("byline_kind_accuracy", 0.90, "min"),
    ("article_like_accuracy", 0.95, "min"),
    ("bait_box_precision", 0.90, "min"),
    ("bait_box_recall", 0.80, "min"),
    ("republication_precision", 0.90, "min"),
    ("ads_presence_accuracy", 0.95, "min"),
    ("negative_contradicted_share", 0.05, "max"),
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


def load_gold(path: Path) -> dict[str, PageFacts]:
    """url -> gold facts. Later records of one URL replace earlier ones (a corrected annotation)."""
    if not path.is_file():
        raise GoldError(f"{path}: no such gold file")
    gold: dict[str, PageFacts] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                record = json.loads(line)
            except ValueError as exc:
                raise GoldError(f"{where}: not JSON ({exc})") from exc
            if not isinstance(record, dict) or not isinstance(record.get("url"), str):
                raise GoldError(f"{where}: each line must be an object with a `url`")
            gold[record["url"]] = facts_of(record, where)
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
    """url -> page id of a benchmark-style folder."""
    truth_path = pages_dir / "ground-truth.json"
    if not truth_path.is_file():
        raise GoldError(f"{pages_dir}: no ground-truth.json (a folder laid out like the article-extraction "
                        "benchmark is expected)")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    return {entry.get("url", ""): page_id for page_id, entry in truth.items() if entry.get("url")}


def predict(pages_dir: Path, urls: dict[str, str],
            gold: dict[str, PageFacts]) -> tuple[dict[str, PageFacts], list[str]]:
    """Score every gold page found in the folder: url -> predicted facts, and the gold URLs not found."""
    from scorer import load_resources, score_html

    resources = load_resources()
    predicted, missing = {}, []
    for url in gold:
        page_id = urls.get(url)
        path = pages_dir / "html" / f"{page_id}.html.gz"
        if page_id is None or not path.is_file():
            missing.append(url)
            continue
        report = score_html(gzip.decompress(path.read_bytes()), url, resources=resources)
        predicted[url] = facts_of(report.to_dict()["findings"], f"report of {url}")
    return predicted, missing


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="gold JSONL (default: %(default)s)")
    parser.add_argument("--pages", type=Path, help="benchmark-style folder (default: the data root's "
                                                   "article-extraction-benchmark)")
    parser.add_argument("--check-floors", action="store_true",
                        help="exit 1 when a figure misses its floor")
    parser.add_argument("--errors", type=int, default=5, help="disagreements listed per field (default 5)")
    args = parser.parse_args(argv)
    if args.pages is None:
        from training.data.benchmark_pages import benchmark_dir

        args.pages = benchmark_dir()
    try:
        gold = load_gold(args.gold)
        urls = benchmark_urls(args.pages)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    predicted, missing = predict(args.pages, urls, gold)
    if not predicted:
        print(f"error: none of the {len(gold)} gold URLs is a page of {args.pages}", file=sys.stderr)
        return 2
    comparison = Comparison()
    for url, facts in predicted.items():
        comparison.add(urls[url][:12], gold[url], facts)
    metrics = comparison.metrics()
    print(f"gold: {args.gold}   pages compared: {comparison.pages}   gold pages not found: {len(missing)}")
    print(f"{'field':<16} {'accuracy':>9} {'precision':>10} {'recall':>8}")
    rows = (("page type", "page_type_accuracy", None, None),
            ("article-like", "article_like_accuracy", None, None),
            ("byline kind", "byline_kind_accuracy", None, None),
            ("language", "language_accuracy", None, None),
            ("republished", "republication_accuracy", "republication_precision", "republication_recall"),
            ("bait box", "bait_box_accuracy", "bait_box_precision", "bait_box_recall"),
            ("ads in body", "ads_presence_accuracy", "ads_presence_precision", "ads_presence_recall"))
    for label, acc, prec, rec in rows:
        print(f"{label:<16} {_fmt(metrics[acc]):>9} {_fmt(metrics[prec]) if prec else '':>10} "
              f"{_fmt(metrics[rec]) if rec else '':>8}")
    print(f"negative findings contradicted by the gold: {metrics['negative_contradicted']} of "
          f"{metrics['negative_findings']} ({_fmt(metrics['negative_contradicted_share'])})")
    print("byline kinds (gold -> found): " + ", ".join(
        f"{g}->{p}: {n}" for (g, p), n in sorted(comparison.byline_confusion.items()) if g != p))
    for name, lines in sorted(comparison.errors.items()):
        print(f"{name}: {len(lines)} disagreement(s)")
        for line in lines[: args.errors]:
            print(f"  {line}")
    missed = check_floors(metrics)
    for line in missed:
        print(f"floor missed: {line}")
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in metrics.items()}
                     | {"floors_met": not missed}))
    return 1 if args.check_floors and missed else 0


if __name__ == "__main__":
    sys.exit(main())
