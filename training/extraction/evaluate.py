"""Main-text extraction quality on the article-extraction benchmark, with its own metric.

    python -m training.eval_extraction [--data-root DIR] [--extractor scorer|trafilatura] [--floor 0.96]
    python -m training.eval_extraction --dev-pages [--gold FILE ...] [--extractor scorer|trafilatura]

The metric (SOURCE.md of the benchmark): 4-token shingles of `\\w+` tokens, per-page P/R from
the multiset intersection, corpus P = mean over pages with output, R = mean over all pages,
F1 = harmonic mean of the two means; ± = std over 1,000 bootstrap resamples. Prints a table
and ends with one JSON line; exits 1 when F1 is below --floor.

`--dev-pages`: the first/last-sentence check on `../shared/data/dev-pages` against hand-written
gold (`training/extraction/boundaries.py` says how a page is judged): the share of pages whose
extracted text starts with the gold's first sentence, ends with its last, both, and leaves out
every snippet the gold marks as outside the main text. `--gold` takes one or more JSON-lines
files with `id` and `main_text` (default training/gold/dev_pages.jsonl).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from training.data.benchmark_pages import BenchmarkPage, load_pages

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = 4) -> Counter:
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) <= size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + size]) for i in range(len(tokens) - size + 1))


def page_scores(truth: str, prediction: str) -> tuple[float | None, float]:
    """(precision or None when the prediction is empty, recall) for one page."""
    gold, pred = shingles(truth), shingles(prediction)
    if not pred:
        return None, 0.0 if gold else 1.0
    matched = sum((gold & pred).values())
    extra = sum(pred.values()) - matched
    missed = sum(gold.values()) - matched
    if extra == 0 and missed == 0:
        return 1.0, 1.0
    precision = matched / (matched + extra) if matched + extra else 0.0
    recall = matched / (matched + missed) if matched + missed else 0.0
    return precision, recall


def corpus_scores(pairs: list[tuple[float | None, float]]) -> dict[str, float]:
    precisions = [p for p, _ in pairs if p is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(r for _, r in pairs) / len(pairs) if pairs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def bootstrap_std(pairs: list[tuple[float | None, float]], *, rounds: int = 1000, seed: int = 0) -> dict[str, float]:
    rng = random.Random(seed)
    samples = [corpus_scores([rng.choice(pairs) for _ in pairs]) for _ in range(rounds)]
    out = {}
    for key in ("f1", "precision", "recall"):
        values = [s[key] for s in samples]
        mean = sum(values) / len(values)
        out[key] = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    return out


def scorer_extractor() -> Callable[[BenchmarkPage], str]:
    from scorer import parse_html
    from scorer.config import get_settings

    settings = get_settings()  # parsing needs the settings only, not the models

    def extract(page: BenchmarkPage) -> str:
        return parse_html(page.html, page.url, settings=settings).text

    return extract


def trafilatura_extractor() -> Callable[[BenchmarkPage], str]:
    import trafilatura

    def extract(page: BenchmarkPage) -> str:
        return trafilatura.extract(page.html, url=page.url) or ""

    return extract


EXTRACTORS = {"scorer": scorer_extractor, "trafilatura": trafilatura_extractor}
DEFAULT_DEV_GOLD = Path(__file__).resolve().parents[1] / "gold" / "dev_pages.jsonl"


def evaluate_dev_pages(args: argparse.Namespace) -> int:
    """The dev-pages boundary check: table, failing pages, one JSON line."""
    from training.extraction import boundaries
    from training.settings import get_settings

    paths = args.gold or [DEFAULT_DEV_GOLD]
    missing = [p for p in paths if not p.exists()]
    if missing:
        print(f"error: gold file not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    gold = boundaries.load_gold(paths)
    data_root = args.data_root or get_settings().data_root
    extract = EXTRACTORS[args.extractor]()
    verdicts, absent, failures = [], [], 0
    for entry, (page_id, html) in zip(gold, boundaries.iter_dev_pages(data_root, [g.id for g in gold])):
        if html is None:
            absent.append(page_id)
            continue
        try:
            text = extract(BenchmarkPage(page_id, "", html, ""))
        except Exception as exc:  # noqa: BLE001 - a crash on a real page is a finding to report
            failures += 1
            print(f"page {page_id}: {type(exc).__name__}: {exc}", file=sys.stderr)
            text = ""
        verdicts.append(boundaries.judge(entry, text))
    shares = boundaries.summarize(verdicts)
    print(f"extractor: {args.extractor}   dev pages judged: {len(verdicts)}   without a page file: {len(absent)}"
          f"   exceptions: {failures}")
    for key in ("starts", "ends", "starts_and_ends", "clean"):
        count = round(shares[key] * len(verdicts))
        print(f"{key:<16} {shares[key]:6.3f}  ({count}/{len(verdicts)})")
    if args.worst:
        print("pages that miss:")
        for verdict in verdicts:
            if not (verdict.starts and verdict.ends and verdict.clean):
                marks = "".join(("S" if verdict.starts else "-", "E" if verdict.ends else "-",
                                 "C" if verdict.clean else "-"))
                leaked = f"  leaked: {'; '.join(s[:50] for s in verdict.leaked)}" if verdict.leaked else ""
                print(f"  {marks}  {verdict.id}{leaked}")
    print(json.dumps({"extractor": args.extractor, "mode": "dev-pages", "pages": len(verdicts),
                      "exceptions": failures, **{k: round(v, 4) for k, v in shares.items()}}))
    return 0 if failures == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-root", type=Path, help="folder holding article-extraction-benchmark/")
    parser.add_argument("--extractor", choices=sorted(EXTRACTORS), default="scorer")
    parser.add_argument("--floor", type=float, default=0.96, help="exit 1 when F1 is below this")
    parser.add_argument("--worst", type=int, default=5, help="list this many worst pages (dev pages: 0 lists none)")
    parser.add_argument("--dev-pages", action="store_true",
                        help="the first/last-sentence check on ../shared/data/dev-pages instead of F1")
    parser.add_argument("--gold", type=Path, nargs="+",
                        help="dev-pages gold: JSON-lines files with id and main_text "
                             "(default training/gold/dev_pages.jsonl)")
    args = parser.parse_args(argv)
    if args.dev_pages:
        return evaluate_dev_pages(args)
    try:
        pages = load_pages(args.data_root)
    except FileNotFoundError as exc:
        print(f"error: benchmark data not found: {exc}", file=sys.stderr)
        return 2
    extract = EXTRACTORS[args.extractor]()
    pairs, per_page, failures = [], [], 0
    for page in pages:
        try:
            prediction = extract(page)
        except Exception as exc:  # noqa: BLE001 - a crash on a real page is a finding to report
            failures += 1
            print(f"page {page.id}: {type(exc).__name__}: {exc}", file=sys.stderr)
            prediction = ""
        pair = page_scores(page.truth, prediction)
        pairs.append(pair)
        p, r = pair
        f1 = 2 * (p or 0) * r / ((p or 0) + r) if (p or 0) + r else 0.0
        per_page.append((f1, page.id, page.url))
    scores = corpus_scores(pairs)
    spread = bootstrap_std(pairs)
    print(f"extractor: {args.extractor}   pages: {len(pages)}   exceptions: {failures}")
    print(f"{'metric':<10} {'value':>7}  ± (bootstrap std)")
    for key in ("f1", "precision", "recall"):
        print(f"{key:<10} {scores[key]:7.4f}  ± {spread[key]:.4f}")
    print(f"worst {args.worst} pages by F1:")
    for f1, page_id, url in sorted(per_page)[: args.worst]:
        print(f"  {f1:.3f}  {page_id[:12]}  {url}")
    result = {"extractor": args.extractor, "pages": len(pages), "exceptions": failures,
              **{k: round(v, 4) for k, v in scores.items()}, "f1_std": round(spread["f1"], 4)}
    print(json.dumps(result))
    return 0 if scores["f1"] >= args.floor and failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
