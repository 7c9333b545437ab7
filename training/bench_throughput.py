"""Throughput: full `score_html` pages/s next to `trafilatura.extract` on the same pages, same run.

    python -m training.bench_throughput [--data-root DIR] [--rounds 5] [--out docs/throughput.md]

Both run in this one process pinned to one core, interleaved page by page so that machine
noise hits both alike; the report gives each round, the medians and the median of the
per-round ratios (ours / trafilatura). Targets: ratio ≥ 0.8 (team goal ≥ 1.3).
Also checks that every page scores without an exception.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

from training.benchmark_data import load_pages


def _time(fn, items) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-root", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the report (markdown) here")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    try:
        pages = load_pages(args.data_root)
    except FileNotFoundError as exc:
        print(f"error: benchmark data not found: {exc}", file=sys.stderr)
        return 2

    import trafilatura

    from scorer import load_resources, score_html

    resources = load_resources()  # models load once, outside the timed loops
    failures = []
    for page in pages:  # warm-up round, and the no-exception check
        try:
            score_html(page.html, page.url, resources=resources)
        except Exception as exc:  # noqa: BLE001 - any crash on a real page is a finding
            failures.append(f"{page.id}: {type(exc).__name__}: {exc}")
        trafilatura.extract(page.html, url=page.url)

    rows = []
    for round_no in range(1, args.rounds + 1):
        # Page by page, one after the other: a burst of load from elsewhere hits both alike.
        t_traf = t_ours = 0.0
        for page in pages:
            t_traf += _time(lambda p: trafilatura.extract(p.html, url=p.url), (page,))
            t_ours += _time(lambda p: score_html(p.html, p.url, resources=resources), (page,))
        rows.append((round_no, len(pages) / t_traf, len(pages) / t_ours))
    traf = statistics.median(r[1] for r in rows)
    ours = statistics.median(r[2] for r in rows)
    ratio = statistics.median(r[2] / r[1] for r in rows)

    lines = [
        f"# Throughput: `score_html` vs `trafilatura.extract` ({len(pages)} benchmark pages, one core)",
        "",
        f"Command: `python -m training.bench_throughput --rounds {args.rounds}`  ",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, trafilatura {trafilatura.__version__}; "
        f"run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        "",
        "| round | trafilatura.extract pages/s | score_html pages/s | ratio |",
        "| --- | --- | --- | --- |",
        *[f"| {n} | {t:.1f} | {o:.1f} | {o / t:.2f} |" for n, t, o in rows],
        f"| **median** | **{traf:.1f}** | **{ours:.1f}** | **{ratio:.2f}** |",
        "",
        f"Pages that raised: {len(failures)}",
        *[f"- {f}" for f in failures],
    ]
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    print(json.dumps({"pages": len(pages), "trafilatura_pages_per_s": round(traf, 1),
                      "score_html_pages_per_s": round(ours, 1), "ratio": round(ratio, 3),
                      "exceptions": len(failures)}))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
