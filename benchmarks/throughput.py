"""Throughput: full `score_html` pages/s next to `trafilatura.extract` on the same pages, same run.

    python -m training.bench_throughput [--data-root DIR] [--rounds 5] [--out docs/throughput.md]

Both run in this one process pinned to one core, interleaved page by page so that machine
noise hits both alike; the report gives each round, the medians and the median of the
per-round ratios (ours / trafilatura). Targets: ratio ≥ 0.8 (team goal ≥ 1.3).
Also checks that every page scores without an exception.

After the rounds, "where the time goes": each stage of `score_html` timed on its own, page by
page, as the sum over pages of each page's fastest of `--stage-rounds` runs (minima, so load
from other jobs on a shared machine mostly drops out). With `--out`, anything in the old record
below the line `<!-- notes -->` (hand-written notes, an earlier profile) is kept.
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
from typing import Any, Callable

from training.data.benchmark_pages import load_pages


def _time(fn, items) -> float:
    start = time.perf_counter()
    for item in items:
        fn(item)
    return time.perf_counter() - start


NOTES_MARKER = "<!-- notes -->"
TRAFILATURA_SHARE = "… of which trafilatura's extraction from our tree"


def stage_profile(pages, resources, rounds: int) -> list[tuple[str, float]]:
    """(stage, ms a page): each page's fastest of `rounds` runs of each stage, summed, / pages."""
    import trafilatura

    from scorer.page import parse as parse_module
    from scorer.attribution.extract import extract_attributions
    from scorer.scoring.features import extract_features
    from scorer.analysis.outlets import find_outlets
    from scorer.pipeline import _warnings
    from scorer.scoring.report import build_report
    from scorer.signals import compute_all
    from scorer.analysis.teasers import page_teasers
    from scorer.types import Analysis

    best: dict[str, list[float]] = {}

    def timed(name: str, index: int, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        elapsed = time.perf_counter() - start
        row = best.setdefault(name, [float("inf")] * len(pages))
        row[index] = min(row[index], elapsed)
        return result

    builder = parse_module._PageBuilder
    main_text_lines = builder._main_text_lines
    try:
        for _ in range(rounds):
            for i, page in enumerate(pages):
                timed("trafilatura.extract (the baseline)", i, trafilatura.extract, page.html, url=page.url)
                timed("score_html, whole", i, _score, page, resources)
                # trafilatura's share of parsing: its extraction from our tree (fast=True, with its copies)
                builder._main_text_lines = lambda self, i=i: timed(
                    TRAFILATURA_SHARE, i, main_text_lines, self)
                parsed = timed("parse (decode, lxml, trafilatura, furniture, metadata)", i,
                               parse_module.parse_html, page.html, page.url, settings=resources.settings)
                builder._main_text_lines = main_text_lines
                bait = timed("clickbait (headline + teasers)", i, lambda: resources.clickbait.score_page(
                    parsed.title, page_teasers(parsed)))
                attributions = timed("attribution", i, extract_attributions, parsed.text, resources.attribution_model)
                publisher = timed("publisher + cited outlets", i, lambda: (
                    resources.ratings.rate(parsed.url or parsed.domain) if parsed.domain else None,
                    find_outlets(parsed.text, attributions, resources.ratings)))
                analysis = Analysis(page=parsed, attributions=attributions, publisher=publisher[0],
                                    outlets=publisher[1], headline_bait=bait[0], teaser_bait=bait[1],
                                    term_weights=resources.clickbait.term_weights)
                signals = timed("signals", i, compute_all, analysis)
                features = timed("features", i, extract_features, parsed, attributions, bait[0])
                explanation = timed("model (explain)", i, lambda: resources.reliability.explain(features)
                                    if features.measurable else None)
                timed("report + explanation evidence", i, build_report, analysis, signals,
                      warnings=tuple(_warnings(parsed, resources)), explanation=explanation,
                      model=resources.reliability.info)
    finally:
        builder._main_text_lines = main_text_lines
    names = [n for n in best if n != TRAFILATURA_SHARE]
    parse_at = next(i for i, name in enumerate(names) if name.startswith("parse"))
    names.insert(parse_at + 1, TRAFILATURA_SHARE)  # timed inside parsing, listed under it
    return [(name, 1000 * sum(best[name]) / len(pages)) for name in names]


def _score(page, resources):
    from scorer import score_html

    return score_html(page.html, page.url, resources=resources)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-root", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the report (markdown) here")
    parser.add_argument("--stage-rounds", type=int, default=3,
                        help="runs of each stage per page for the profile (0: no profile)")
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
    stages = stage_profile(pages, resources, args.stage_rounds) if args.stage_rounds > 0 else []
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
    try:
        load = "load average %.2f / %.2f / %.2f (1/5/15 min) at the end, %d cores" % (*os.getloadavg(), os.cpu_count())
    except OSError:
        load = "load average unknown"
    lines += ["", f"Machine load: {load}."]
    if stages:
        whole = dict(stages)["score_html, whole"]
        own = [(n, ms) for n, ms in stages if n not in ("score_html, whole", "trafilatura.extract (the baseline)")]
        total = sum(ms for n, ms in own if n != TRAFILATURA_SHARE)
        lines += [
            "", "## Where the time goes",
            "",
            f"Each stage timed on its own, page by page: the sum over the {len(pages)} pages of each page's "
            f"fastest of {args.stage_rounds} runs, per page (`--stage-rounds`). Minima, so the ratio here "
            f"(trafilatura / whole) can differ from the rounds' median above.",
            "",
            "| stage | ms a page | share of the stages |",
            "| --- | --- | --- |",
            *[f"| {n} | {ms:.2f} | {100 * ms / total:.0f}% |" for n, ms in own],
            f"| sum of the stages | {total:.2f} | |",
            f"| `score_html`, whole | {whole:.2f} | |",
            f"| `trafilatura.extract`, the baseline | {dict(stages)['trafilatura.extract (the baseline)']:.2f} | |",
        ]
    report = "\n".join(lines)
    print(report)
    if args.out:
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        notes = old[old.index(NOTES_MARKER):] if NOTES_MARKER in old else ""
        args.out.write_text(report + "\n" + ("\n" + notes if notes else ""), encoding="utf-8")
    print(json.dumps({"pages": len(pages), "trafilatura_pages_per_s": round(traf, 1),
                      "score_html_pages_per_s": round(ours, 1), "ratio": round(ratio, 3),
                      "exceptions": len(failures)}))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
