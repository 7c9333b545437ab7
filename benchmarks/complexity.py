"""Complexity benchmark (issue 17): each stage of `score_html` timed on generated pages of several
hostile shapes at 1x, 2x, 4x and 8x a base size, with the growth per doubling.

    python -m benchmarks.complexity [--base-kb 25] [--rounds 3] [--out docs/complexity.md]

A stage linear in its input grows ~2x per doubling; the target is at most ~2.3x (noise and
cache effects), and every shape under 1 s in all at the largest size (8 x 25 KB = 200 KB).
Times are the fastest of `--rounds` runs of each stage (minima, so load from other jobs on a
shared machine mostly drops out). Exits 1 if a stage grows past --max-growth or a page at the
largest size takes over --max-seconds.
"""
from __future__ import annotations

import argparse
import itertools
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

SIZES = (1, 2, 4, 8)


def _fill(unit: str, size: int, head: str = "", tail: str = "") -> str:
    return head + unit * max(1, size // len(unit)) + tail


def many_attributions(size: int) -> str:
    return _fill("Officials said, according to Reuters, that the plan was approved. ", size,
                 "<html><head><title>Plan approved</title></head><body><article><p>", "</p></article></body></html>")


def no_punctuation(size: int) -> str:
    return _fill("word ", size, "<html><head><title>Words</title></head><body><article><p>",
                 "\nnext line here.</p></article></body></html>")


def many_links(size: int) -> str:
    return _fill('<li><a href="/2024/05/story-{0}">Shocking: you will not believe this story</a></li>', size,
                 "<html><head><title>Links</title></head><body><article><p>The mayor said the plan "
                 "was approved.</p></article><aside class=\"related\"><ul>", "</ul></aside></body></html>")


def deep_nesting(size: int) -> str:
    unit = "<div><span>the council said</span>"
    count = max(1, size // (len(unit) + 6))
    return ("<html><head><title>Nested</title></head><body>" + unit * count + "</div>" * count
            + "</body></html>")


def huge_table(size: int) -> str:
    return _fill("<tr><td>Budget line</td><td>1,200</td><td>the treasurer said</td></tr>", size,
                 "<html><head><title>Table</title></head><body><article><p>The council published the "
                 "budget, its spokesman said.</p><table>", "</table></article></body></html>")


def many_paragraphs(size: int) -> str:
    return _fill("<p>“We balanced it,” the finance director, Li Wei, told reporters after the vote.</p>", size,
                 "<html><head><title>Quotes</title></head><body><article>", "</article></body></html>")


SHAPES: dict[str, Callable[[int], str]] = {
    "many_attributions": many_attributions,
    "no_punctuation": no_punctuation,
    "many_links": many_links,
    "deep_nesting": deep_nesting,
    "huge_table": huge_table,
    "many_paragraphs": many_paragraphs,
}


def stage_times(html: str, resources, rounds: int) -> dict[str, float]:
    """Seconds per stage of score_html on one page (fastest of `rounds`), plus the whole."""
    from scorer.analysis.outlets import find_outlets
    from scorer.analysis.teasers import page_teasers
    from scorer.attribution.extract import extract_attributions
    from scorer.page.parse import parse_html
    from scorer.pipeline import analyze, judge_text, score_html
    from scorer.scoring.report import build_report
    from scorer.signals import compute_all

    url = "https://news.example/2024/05/13/story"
    best: dict[str, float] = {}

    def timed(name: str, fn, *args, **kwargs):
        started = time.perf_counter()
        value = fn(*args, **kwargs)
        best[name] = min(best.get(name, math.inf), time.perf_counter() - started)
        return value

    def teaser_bait(page):
        return resources.clickbait.score_page(page.title, page_teasers(page))

    def report_of(analysis, signals):
        return build_report(analysis, signals, explanation=judge_text(analysis, resources),
                            model=resources.reliability.info)

    for _ in range(rounds):
        page = timed("parse", parse_html, html, url, settings=resources.settings)
        timed("clickbait", teaser_bait, page)
        attributions = timed("attributions", extract_attributions, page.text, resources.attribution_model)
        timed("outlets", find_outlets, page.text, attributions, resources.ratings)
        analysis = analyze(page, resources)
        signals = timed("signals", compute_all, analysis)
        timed("report", report_of, analysis, signals)
        timed("total", score_html, html, url=url, resources=resources, deadline_s=0)
    return best


def growth(times: list[float]) -> float:
    """The largest ratio between consecutive doublings, ignoring stages too fast to time (< 2 ms)."""
    ratios = [b / a for a, b in itertools.pairwise(times) if max(a, b) >= 0.002]
    return max(ratios) if ratios else 1.0


def run(base_kb: int, rounds: int, shapes: list[str]) -> tuple[list[str], bool, bool]:
    from scorer.resources import load_resources

    resources = load_resources()
    lines = [f"base {base_kb} KB, sizes {', '.join(f'{s}x' for s in SIZES)}, fastest of {rounds} runs; "
             "ms per stage at each size, then the largest growth between consecutive doublings", ""]
    worst_growth = 0.0
    worst_total = 0.0
    for name in shapes:
        results = [stage_times(SHAPES[name](base_kb * 1024 * size), resources, rounds) for size in SIZES]
        lines.append(f"### {name}")
        lines.append("")
        lines.append("| stage | " + " | ".join(f"{s}x" for s in SIZES) + " | growth per doubling |")
        lines.append("|---|" + "---|" * (len(SIZES) + 1))
        for stage in results[0]:
            times = [result[stage] for result in results]
            g = growth(times)
            worst_growth = max(worst_growth, g)
            lines.append(f"| {stage} | " + " | ".join(f"{t * 1000:.1f}" for t in times) + f" | {g:.2f}x |")
        worst_total = max(worst_total, results[-1]["total"])
        lines.append("")
        print("\n".join(lines[-len(results[0]) - 5:]), flush=True)
    lines.append(f"largest growth per doubling: {worst_growth:.2f}x; slowest page at {SIZES[-1]}x: "
                 f"{worst_total:.3f} s")
    return lines, worst_growth, worst_total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.complexity", description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-kb", type=int, default=25, help="size of the 1x page in KB (default 25)")
    parser.add_argument("--rounds", type=int, default=3, help="runs per stage; the fastest counts (default 3)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"comma-separated, of {', '.join(SHAPES)}")
    parser.add_argument("--max-growth", type=float, default=2.3, help="largest growth per doubling allowed")
    parser.add_argument("--max-seconds", type=float, default=1.0, help="slowest page allowed at the largest size")
    parser.add_argument("--out", type=Path, help="also write the tables to this Markdown file")
    args = parser.parse_args(argv)
    shapes = [name.strip() for name in args.shapes.split(",") if name.strip()]
    unknown = [name for name in shapes if name not in SHAPES]
    if unknown:
        parser.error(f"unknown shape(s) {', '.join(unknown)}; the shapes are {', '.join(SHAPES)}")
    lines, worst_growth, worst_total = run(args.base_kb, args.rounds, shapes)
    print(lines[-1])
    if args.out:
        command = "python -m benchmarks.complexity " + " ".join(argv if argv is not None else sys.argv[1:])
        args.out.write_text(f"# Complexity benchmark\n\n`{command.strip()}`\n\n" + "\n".join(lines) + "\n")
    ok = worst_growth <= args.max_growth and worst_total <= args.max_seconds
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
