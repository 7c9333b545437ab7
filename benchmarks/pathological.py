"""The issue-24 pathological pages through `score_html`, each in a fresh process: time and peak RSS.

    python -m benchmarks.pathological [--cases NAME,...] [--timeout 120]

Cases: a 4 MB page of attributed sentences, 4.5 MB without punctuation, a 1,000 x 1,000 table
(10 MB, `<td>x</td>` cells), the 5,000 x 5,000 table trap (70 KB), a 5.9 MB page of words, an
article nested 300 deep, a UTF-8 page whose meta says UTF-16. Each runs in its own process (the
models loaded and one small page scored first, so "RSS before" is the process with its models) with
no scoring deadline, so the time is the real cost; printed: outcome (ok, or the error code), seconds,
RSS before the page and the process's peak, and the report's warnings. Bounded: one page per process, --timeout each.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable

from benchmarks.complexity import many_attributions, no_punctuation
from scorer.config import PROJECT_ROOT

SENTENCE = "The minister said the talks would resume on Monday, officials told Reuters. "


def _table(rows: int, columns: int) -> str:
    return ("<html><body><article><p>The council said.</p><table>"
            + ("<tr>" + "<td>x</td>" * columns + "</tr>") * rows + "</table></article></body></html>")


def _words(size: int) -> str:
    return "<html><body><p>" + "word " * (size // 5) + "</p></body></html>"


def _nested(depth: int) -> str:
    return ("<html><body>" + "<div>" * depth + "<article><p>" + SENTENCE * 30 + "</p></article>"
            + "</div>" * depth + "</body></html>")


def _even(data: bytes) -> bytes:
    """An even number of bytes: UTF-16 "decodes" those (into nonsense) rather than failing."""
    return data if len(data) % 2 == 0 else data + b" "


CASES: dict[str, Callable[[], str | bytes]] = {
    "attributed_4mb": lambda: many_attributions(4 * 1024 * 1024),
    "no_punctuation_4.5mb": lambda: no_punctuation(int(4.5 * 1024 * 1024)),
    "table_1000x1000": lambda: _table(1000, 1000),
    "table_trap_5000x5000": lambda: "<table>" + "<tr>" * 5000 + "<td>x</td>" * 5000 + "</table>",
    "words_5.9mb": lambda: _words(int(5.9 * 1024 * 1024)),
    "nested_300": lambda: _nested(300),
    "utf16_meta_on_utf8": lambda: _even(_nested(1).replace("<body>", "<head><meta charset='utf-16'></head><body>")
                                        .encode("utf-8")),
}


def run_case(name: str) -> dict[str, object]:
    """Score one case in this process (called in a child process by `main`)."""
    import resource
    import time

    from scorer.errors import ScorerError
    from scorer.pipeline import score_html
    from scorer.resources import load_resources

    resources = load_resources()
    # warm up: the first page of a process pays one-off set-ups (the public suffix list: ~0.3 s)
    score_html(_nested(1), url="https://news.example/warm-up", resources=resources, deadline_s=0)
    page = CASES[name]()
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    warnings: list[str] = []
    words = None
    try:
        report = score_html(page, url="https://news.example/a", resources=resources, deadline_s=0)
        outcome = "ok"
        warnings = list(report.warnings)
        words = report.to_dict()["article"]["word_count"]
    except ScorerError as exc:
        outcome = f"{exc.code}: {exc}"
    return {"case": name, "bytes": len(page if isinstance(page, bytes) else page.encode("utf-8")),
            "outcome": outcome, "seconds": time.perf_counter() - started, "words": words,
            "rss_before_mb": before_kb / 1024, "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "warnings": warnings}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.pathological", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default=",".join(CASES), help=f"comma-separated, of {', '.join(CASES)}")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per case")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process's case
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_case(args.one)))
        return 0
    print("| case | bytes | outcome | seconds | RSS before / peak (MB) | words | warnings |")
    print("|---|---|---|---|---|---|---|")
    for name in [n.strip() for n in args.cases.split(",") if n.strip()]:
        try:
            done = subprocess.run([sys.executable, "-m", "benchmarks.pathological", "--one", name], cwd=PROJECT_ROOT,
                                  capture_output=True, text=True, timeout=args.timeout, check=True)
            result = json.loads(done.stdout.strip().splitlines()[-1])
        except subprocess.TimeoutExpired:
            print(f"| {name} | | timeout after {args.timeout:g} s | | | | |")
            continue
        except (subprocess.CalledProcessError, ValueError, IndexError) as exc:
            print(f"| {name} | | failed: {str(exc)[:100]} | | | | |")
            continue
        warnings = "; ".join(w for w in result["warnings"] if "budget" in w or "read" in w)
        words = "" if result["words"] is None else result["words"]
        print(f"| {name} | {result['bytes']:,} | {result['outcome'][:90]} | {result['seconds']:.2f} | "
              f"{result['rss_before_mb']:.0f} / {result['rss_peak_mb']:.0f} | {words} | "
              f"{warnings[:160]} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
