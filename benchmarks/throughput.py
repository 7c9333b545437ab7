"""Throughput and the stage budget: full `score_html` beside `trafilatura.extract`, same pages, same run.

    python -m benchmarks.throughput [--data-root DIR] [--rounds 5] [--out docs/throughput.md]

One process pinned to one core. Each round scores every one of the 181 benchmark pages with
`score_html` and extracts it with `trafilatura.extract`, page by page, the two alternating which
goes first (odd rounds trafilatura, even rounds ours), so that a burst of load from elsewhere hits
both alike. While `score_html` runs, each of its stages is timed by a wrapper around the stage's
function (a clock read on entry and exit: well under 1 µs a call), so the stage budget comes from
the very runs that give the pages/s. Per round: pages/s of each, their ratio and ms a page per
stage; the report gives every round and the medians (the ratio's median is over the rounds'
ratios). The machine's load average is recorded before and after. Also checks that every page
scores without an exception (exit 1 if one raises).

With `--out`, anything in the old record below the line `<!-- notes -->` (hand-written notes,
earlier before/after tables) is kept. Stages a version of the code lacks are left out, so the
same command measures an older checkout (`PYTHONPATH=OLD python benchmarks/throughput.py`).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

NOTES_MARKER = "<!-- notes -->"
WHOLE = "`score_html`, whole"
BASELINE = "`trafilatura.extract` (the baseline)"


class StageClock:
    """Seconds spent in each named stage, summed since the last `take`."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        spent, calls, clock = self.spent, self.calls, time.perf_counter

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += clock() - start
                calls[name] += 1

        return timed

    def take(self) -> dict[str, float]:
        out = dict(self.spent)
        self.spent.clear()
        return out


# (label, module, attribute): the stage functions, in pipeline order. Indented labels are parts
# of the stage above them (timed inside it).
STAGES: tuple[tuple[str, str, str], ...] = (
    ("parse (decode, lxml, furniture, main text, metadata)", "scorer.pipeline", "parse_html"),
    ("  furniture scan (one walk of the tree)", "scorer.page.parse", "_PageBuilder._scan"),
    ("  main text, ours (segments, container, lines)", "scorer.page.maintext", "extract"),
    ("  main text, trafilatura (a fallback now; every page before #22)", "scorer.page.parse",
     "_PageBuilder._main_text_lines"),
    ("  furniture blocks (verdicts to blocks)", "scorer.page.parse", "_PageBuilder._accept_furniture"),
    ("language", "scorer.pipeline", "with_language"),
    ("clickbait (headline + teasers)", "resources", "clickbait.score_page"),
    ("attribution", "scorer.pipeline", "extract_attributions"),
    ("outlets (cited outlets)", "scorer.pipeline", "find_outlets"),
    ("findings", "scorer.pipeline", "build_findings"),
    ("signals", "scorer.pipeline", "compute_all"),
    ("sourcing components (issue 20)", "scorer.pipeline", "compute_components"),
    ("text model (features + explain)", "scorer.pipeline", "judge_text"),
    ("report", "scorer.pipeline", "build_report"),
)


@contextlib.contextmanager
def timed_stages(clock: StageClock, resources: Any) -> Iterator[list[str]]:
    """Wrap every stage function that exists in this version of the code; yield their labels."""
    import importlib

    patched: list[tuple[Any, str, Any]] = []
    labels = []
    try:
        for label, module_name, attribute in STAGES:
            *path, name = attribute.split(".")
            try:
                owner: Any = resources if module_name == "resources" else importlib.import_module(module_name)
                for part in path:
                    owner = getattr(owner, part)
                original = getattr(owner, name)
            except (ImportError, AttributeError):
                continue  # an older checkout without this stage
            # Methods are wrapped on the class (unbound), functions where the caller looks them up,
            # a model's method on the loaded model (removed again afterwards).
            patched.append((owner, name, original if name in vars(owner) else None))
            setattr(owner, name, clock.wrap(label, original))
            labels.append(label)
        yield labels
    finally:
        for owner, name, original in reversed(patched):
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)


def machine_load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min)"


def run(pages: list[Any], resources: Any, rounds: int) -> tuple[list[dict[str, Any]], list[str], list[str]]:
    """The rounds: per round pages/s of both, and ms a page per stage."""
    import trafilatura

    from scorer import score_html

    failures = []
    for page in pages:  # warm-up round, and the no-exception check
        try:
            score_html(page.html, page.url, resources=resources)
        except Exception as exc:  # noqa: BLE001 - any crash on a real page is a finding
            failures.append(f"{page.id}: {type(exc).__name__}: {exc}")
        trafilatura.extract(page.html, url=page.url)

    clock = StageClock()
    results = []
    perf = time.perf_counter
    with timed_stages(clock, resources) as labels:
        for round_no in range(1, rounds + 1):
            traf = ours = 0.0
            clock.take()
            for page in pages:
                for who in (("traf", "ours") if round_no % 2 else ("ours", "traf")):
                    start = perf()
                    if who == "traf":
                        trafilatura.extract(page.html, url=page.url)
                        traf += perf() - start
                    else:
                        with contextlib.suppress(Exception):
                            score_html(page.html, page.url, resources=resources)
                        ours += perf() - start
            spent = clock.take()
            results.append({
                "round": round_no, "first": "trafilatura" if round_no % 2 else "ours",
                "traf_pages_s": len(pages) / traf, "ours_pages_s": len(pages) / ours,
                "ms": {WHOLE: 1000 * ours / len(pages), BASELINE: 1000 * traf / len(pages),
                       **{label: 1000 * spent.get(label, 0.0) / len(pages) for label in labels}},
            })
    return results, labels, failures


def report(results: list[dict[str, Any]], labels: list[str], failures: list[str], *, pages: int,
           rounds: int, load_before: str, load_after: str) -> tuple[str, dict[str, Any]]:
    import trafilatura

    traf = statistics.median(r["traf_pages_s"] for r in results)
    ours = statistics.median(r["ours_pages_s"] for r in results)
    ratio = statistics.median(r["ours_pages_s"] / r["traf_pages_s"] for r in results)
    median_ms = {name: statistics.median(r["ms"][name] for r in results) for name in results[0]["ms"]}
    top = [label for label in labels if not label.startswith("  ")]
    accounted = sum(median_ms[label] for label in top)
    lines = [
        f"# Throughput: `score_html` vs `trafilatura.extract` ({pages} benchmark pages, one core)",
        "",
        f"Command: `python -m benchmarks.throughput --rounds {rounds}`  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"trafilatura {trafilatura.__version__}; run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  ",
        f"Load average before: {load_before}; after: {load_after}.",
        "",
        "| round | first | trafilatura.extract pages/s | score_html pages/s | ratio |",
        "| --- | --- | --- | --- | --- |",
        *[f"| {r['round']} | {r['first']} | {r['traf_pages_s']:.1f} | {r['ours_pages_s']:.1f} | "
          f"{r['ours_pages_s'] / r['traf_pages_s']:.2f} |" for r in results],
        f"| **median** | | **{traf:.1f}** | **{ours:.1f}** | **{ratio:.2f}** |",
        "",
        f"Pages that raised: {len(failures)}",
        *[f"- {f}" for f in failures],
        "",
        "## The stage budget",
        "",
        "ms a page, median over the rounds, each stage timed inside the same `score_html` runs as the "
        "rounds above (indented rows are parts of the stage above them).",
        "",
        "| stage | ms a page | share of `score_html` |",
        "| --- | --- | --- |",
        *[f"| {label.replace('  ', '… ', 1) if label.startswith('  ') else label} | {median_ms[label]:.2f} | "
          f"{100 * median_ms[label] / median_ms[WHOLE]:.0f}% |" for label in labels],
        f"| the rest (pipeline glue, timers) | {median_ms[WHOLE] - accounted:.2f} | "
        f"{100 * (median_ms[WHOLE] - accounted) / median_ms[WHOLE]:.0f}% |",
        f"| **{WHOLE}** | **{median_ms[WHOLE]:.2f}** | |",
        f"| {BASELINE} | {median_ms[BASELINE]:.2f} | |",
    ]
    summary = {"pages": pages, "rounds": rounds, "trafilatura_pages_per_s": round(traf, 1),
               "score_html_pages_per_s": round(ours, 1), "ratio": round(ratio, 3), "exceptions": len(failures),
               "ms_per_page": {k: round(v, 2) for k, v in median_ms.items()}}
    return "\n".join(lines), summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-root", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the report (markdown) here")
    parser.add_argument("--limit", type=int, help="only the first N pages (a quick check, not a figure)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from training.data.benchmark_pages import load_pages

    try:
        pages = load_pages(args.data_root)
    except FileNotFoundError as exc:
        print(f"error: benchmark data not found: {exc}", file=sys.stderr)
        return 2
    pages = pages[: args.limit] if args.limit else pages

    from scorer import load_resources

    resources = load_resources()  # models load once, outside the timed loops
    load_before = machine_load()
    results, labels, failures = run(pages, resources, args.rounds)
    text, summary = report(results, labels, failures, pages=len(pages), rounds=args.rounds,
                           load_before=load_before, load_after=machine_load())
    print(text)
    if args.out:
        old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        notes = old[old.index(NOTES_MARKER):] if NOTES_MARKER in old else ""
        args.out.write_text(text + "\n" + ("\n" + notes if notes else ""), encoding="utf-8")
    print(json.dumps(summary))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
