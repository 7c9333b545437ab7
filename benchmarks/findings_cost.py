"""What the page findings cost a page: the findings stage with the learned page type and with the
rules alone, and the parse (which now also counts tags and visible byline lines), on the 181
benchmark pages.

    python -m benchmarks.findings_cost [--rounds 5]

Each figure is the sum over pages of each page's fastest of `--rounds` runs, divided by the pages
(minima, so load from other jobs on a shared machine mostly drops out). Run the same command on
another checkout to compare the parse before and after a change.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any


def fastest(fn: Callable[[], Any], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--parse-only", action="store_true",
                        help="time the parse alone (runs on checkouts older than the learned page type)")
    args = parser.parse_args(argv)
    from scorer import load_resources
    from scorer.findings import build_findings
    from scorer.page.parse import parse_html
    from scorer.pipeline import analyze, with_language
    from training.data.benchmark_pages import load_pages

    resources = load_resources()
    pages = load_pages()
    totals = {"parse": 0.0, "findings_rules": 0.0, "findings_learned": 0.0}
    for item in pages:
        totals["parse"] += fastest(lambda item=item: parse_html(item.html, item.url or None,
                                                                settings=resources.settings), args.rounds)
        if args.parse_only:
            continue
        analysis = analyze(with_language(parse_html(item.html, item.url or None, settings=resources.settings)),
                           resources)
        totals["findings_rules"] += fastest(lambda analysis=analysis: build_findings(analysis), args.rounds)
        totals["findings_learned"] += fastest(
            lambda analysis=analysis: build_findings(analysis, page_types=resources.page_types), args.rounds)
    ms = {name: round(1000 * total / len(pages), 3) for name, total in totals.items()}
    if not args.parse_only:
        ms["learned_page_type_extra"] = round(ms["findings_learned"] - ms["findings_rules"], 3)
    else:
        del ms["findings_rules"], ms["findings_learned"]
    print(json.dumps({"pages": len(pages), "rounds": args.rounds, "ms_per_page": ms}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
