"""Fuzzing `score_html` (issues 17 and 24): mutated real pages and generated pathological pages, each
scored in a worker process with a per-page timeout.

    python -m benchmarks.fuzz --pages N [--workers 2] [--timeout 10] [--seed 0] [--out docs/fuzz.md]
                              [--partial FILE [--partial-every 5000]]   (the summary so far, rewritten)
    python -m benchmarks.fuzz --replay INDEX [--seed 0] [--save page.html]

Page i of a run is a pure function of (seed, i), so any page a run reports can be rebuilt with
--replay. Mutations of the extraction benchmark's real pages (../shared/data, read in place):
byte flips, truncation, tag splicing (tags of one page cut into another), page splicing (the head
of one page and the tail of another); generated pages: the complexity benchmark's hostile shapes
at random sizes up to 400 KB, and hand-made traps (malformed links such as `<a href="//[">`, deep
nesting, many attributes, entities, stray encodings, NUL bytes); and 1 page in 50 a pathological
shape at the largest size the limits accept (`limit:`: just under `max_html_bytes`, 10 MB: the
complexity shapes, a page of words, a 1,000-column grid table, the 5,000 x 5,000 table trap, deep
nesting), where the budgets of scorer/config.py must refuse or trim.

Counts: pages scored, pages refused with the library's documented errors (`InputError`: empty,
not HTML, too complex...; a `page_too_complex` refusal must name its limit), escaping exceptions
(anything else: a bug), timeouts; time per page (p50/p99/max, wall and CPU: the CPU time is what the
page cost, the wall time adds what other jobs on the machine took), the peak RSS of the worker
processes (their RSS before the page included) and the worst per kind. Scoring runs without the
scoring deadline (so the times are the real cost). Exits 1 on any escaping exception or timeout.
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from benchmarks.complexity import SHAPES

_pages: list[bytes] = []
_resources: Any = None
_timeout_s: float = 10.0


class PageTimeout(BaseException):
    """Raised by the alarm in a worker: a BaseException so no `except Exception` in the code swallows it."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise PageTimeout()


def real_pages() -> list[bytes]:
    from training.data.benchmark_pages import load_pages

    try:
        return [page.html for page in load_pages()]
    except FileNotFoundError:
        return []


TRAPS = [
    '<html><body><article><p>The mayor said it.</p></article><aside class="related"><a href="//[">x</a>'
    '<a href="http://[::1">y</a><a href="https://%zz/">z</a><a href="javascript:alert(1)">j</a></aside></body></html>',
    "<div>" * 20000 + "deep" + "</div>" * 20000,
    "<p " + " ".join(f"a{i}='{i}'" for i in range(499)) + ">attributes</p>",
    "<p>" + "&amp;&lt;&#x1F600;&#0;&#xD800;&bogus;" * 5000 + "</p>",
    "\ufeff\ufeff<html><meta charset='utf-16'><body><p>BOMs and a lying charset</p></body></html>",
    "<html>\x00<body>\x00<p>NUL bytes\x00 everywhere</p></body></html>",
    "<table>" + "<tr>" * 5000 + "<td>x</td>" * 5000 + "</table>",
    "<p>" + "“" * 20000 + "</p>",
    "<script>" + "x" * 100000 + "</script><p>after a huge script</p>",
    "<html><head><title>" + "t" * 100000 + "</title></head><body><p>long title</p></body></html>",
    "<p>" + "said " * 20000 + "</p>",
    "<p>" + "According to " * 10000 + "</p>",
    "<svg>" + "<g>" * 10000 + "</svg>",
    "<!--" * 10000 + "<p>comments</p>",
    "<p>" + "a.b." * 30000 + "</p>",
]


def _words(size: int) -> str:
    return "<html><body><p>" + "word " * (size // 5) + "</p></body></html>"


def _grid_table(size: int) -> str:
    row = "<tr>" + "<td>1" * 1000
    return ("<html><body><article><p>The council published the budget, its spokesman said.</p><table>"
            + row * max(1, size // len(row)) + "</table></article></body></html>")


def _trap_table(size: int) -> str:
    filler = "<p>filler</p>" * max(0, (size - 70_016) // 13)
    return "<table>" + "<tr>" * 5000 + "<td>x</td>" * 5000 + "</table>" + filler


def _deep(size: int) -> str:
    return "<html><body>" + "<div>" * (size // 11) + "deep" + "</div>" * (size // 11) + "</body></html>"


# Pathological shapes at the largest size the limits accept (1 page in LIMIT_EVERY of a run).
LIMIT_SHAPES = {**SHAPES, "words": _words, "grid_table": _grid_table, "trap_table": _trap_table, "deep": _deep}
LIMIT_EVERY = 50


def _at_limit(rng: random.Random) -> tuple[str, bytes]:
    from scorer.config import Settings

    limit = Settings().max_html_bytes
    name = rng.choice(sorted(LIMIT_SHAPES))
    size = limit - 4096 - rng.randrange(65536)
    page = LIMIT_SHAPES[name](size).encode("utf-8")
    if len(page) > limit:  # multi-byte characters: scale down to fit
        page = LIMIT_SHAPES[name](int(size * limit / len(page)) - 8192).encode("utf-8")
    return f"limit:{name}", page


def make_page(seed: int, index: int, pages: list[bytes]) -> tuple[str, bytes]:
    """(kind, page bytes) for page `index` of a run with `seed`."""
    rng = random.Random(seed * 1_000_003 + index)
    if index % LIMIT_EVERY == LIMIT_EVERY - 1:
        return _at_limit(rng)
    kinds = ["flip", "truncate", "tags", "splice", "shape", "trap"] if pages else ["shape", "trap"]
    kind = rng.choice(kinds)
    if kind == "shape":
        name = rng.choice(sorted(SHAPES))
        return f"shape:{name}", SHAPES[name](rng.randint(1, 400 * 1024)).encode("utf-8")
    if kind == "trap":
        number = rng.randrange(len(TRAPS))
        return f"trap:{number}", TRAPS[number].encode("utf-8")
    page = bytearray(rng.choice(pages))
    if kind == "flip":
        for _ in range(rng.randint(1, 200)):
            position = rng.randrange(len(page))
            page[position] = rng.choice((rng.randrange(256), ord("<"), ord(">"), ord('"'), 0))
    elif kind == "truncate":
        page = page[:rng.randrange(len(page) + 1)]
    elif kind == "tags":
        other = rng.choice(pages)
        for _ in range(rng.randint(1, 50)):
            start = other.find(b"<", rng.randrange(len(other)))
            end = other.find(b">", start) + 1 if start >= 0 else 0
            if 0 <= start < end:
                position = rng.randrange(len(page) + 1)
                page[position:position] = other[start:end]
    else:  # splice
        other = rng.choice(pages)
        page = page[:rng.randrange(len(page) + 1)] + other[rng.randrange(len(other) + 1):]
    return kind, bytes(page)


def _init(timeout_s: float) -> None:
    global _pages, _resources, _timeout_s
    from scorer.resources import load_resources

    _pages = real_pages()
    _resources = load_resources()
    _timeout_s = timeout_s
    signal.signal(signal.SIGPROF, _on_alarm)


# A `page_too_complex` refusal names its limit ("...; the limit is 50,000").
_NAMES_ITS_LIMIT = "the limit is "


def _run_one(task: tuple[int, int]) -> tuple[int, str, str, float, int, float]:
    """(index, kind, outcome, seconds, peak RSS in KB, CPU seconds); outcome is ok, refused:<code>,
    timeout or escaped:<exception type>."""
    from scorer.errors import InputError
    from scorer.pipeline import score_html

    seed, index = task
    kind, page = make_page(seed, index, _pages)
    started = time.perf_counter()
    cpu_started = time.process_time()
    # CPU seconds of this process (ITIMER_PROF), not wall time: on a shared machine a page waiting
    # for a core is not a page that costs too much (a wall timer counted 40 of 1,000 pages at nice 19).
    signal.setitimer(signal.ITIMER_PROF, _timeout_s)
    try:
        score_html(page, url=f"https://fuzz.example/{index}", resources=_resources, deadline_s=0)
        outcome = "ok"
    except PageTimeout:
        outcome = "timeout"
    except InputError as exc:
        outcome = f"refused:{exc.code}"
        if exc.code == "page_too_complex" and _NAMES_ITS_LIMIT not in str(exc):
            outcome = f"escaped:a refusal naming no limit: {str(exc)[:200]}"
    except Exception as exc:  # noqa: BLE001 - what the fuzzer is looking for
        outcome = f"escaped:{type(exc).__name__}: {str(exc)[:200]}"
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return index, kind, outcome, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, cpu


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def fuzz(pages: int, *, workers: int, timeout_s: float, seed: int, progress: bool = False,
         partial: Callable[[dict[str, Any]], None] | None = None, partial_every: int = 5000) -> dict[str, Any]:
    outcomes: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    times: list[float] = []
    cpu_times: list[float] = []
    slowest: list[tuple[float, int, str]] = []
    problems: list[str] = []
    worst_of_kind: dict[str, tuple[float, float]] = {}  # kind -> (max wall s, max CPU s)
    refusals: Counter[str] = Counter()
    peak_kb = 0
    started = time.monotonic()

    def summary(done: int) -> dict[str, Any]:
        return {"pages": done, "seed": seed, "workers": workers, "timeout_s": timeout_s,
                "outcomes": dict(outcomes), "kinds": dict(kinds), "problems": problems,
                "p50_s": percentile(times, 0.50), "p99_s": percentile(times, 0.99), "max_s": max(times, default=0.0),
                "cpu_p99_s": percentile(cpu_times, 0.99), "cpu_max_s": max(cpu_times, default=0.0),
                "slowest": slowest, "peak_rss_mb": peak_kb / 1024, "wall_s": time.monotonic() - started,
                "worst_of_kind": dict(worst_of_kind), "refusals": dict(refusals)}

    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(timeout_s,)) as pool:
        tasks = ((seed, index) for index in range(pages))
        for done, (index, kind, outcome, seconds, rss_kb, cpu) in enumerate(
                pool.map(_run_one, tasks, chunksize=8), 1):
            kinds[kind.split(":")[0]] += 1
            outcomes[outcome.split(":")[0]] += 1
            if outcome.startswith("refused:"):
                refusals[outcome.split(":", 1)[1]] += 1
            times.append(seconds)
            cpu_times.append(cpu)
            peak_kb = max(peak_kb, rss_kb)
            group = kind if kind.startswith(("limit:", "shape:")) else kind.split(":")[0]
            wall_worst, cpu_worst = worst_of_kind.get(group, (0.0, 0.0))
            worst_of_kind[group] = (max(wall_worst, seconds), max(cpu_worst, cpu))
            if seconds > (slowest[-1][0] if len(slowest) == 5 else -1.0):
                slowest = sorted([*slowest, (seconds, index, kind)], reverse=True)[:5]
            if outcome.startswith(("escaped", "timeout")):
                problems.append(f"page {index} ({kind}): {outcome}")
            if progress and done % 1000 == 0:
                print(f"{done:,} pages, {time.monotonic() - started:.0f} s, max {max(times):.2f} s, "
                      f"{outcomes['escaped']} escaped, peak RSS {peak_kb / 1024:.0f} MB", file=sys.stderr, flush=True)
            if partial is not None and done % partial_every == 0:
                partial(summary(done))
    return summary(pages)


def render(result: dict[str, Any], command: str) -> str:
    outcomes = result["outcomes"]
    lines = [
        f"`{command}`",
        "",
        f"- pages: {result['pages']:,} (seed {result['seed']}, {result['workers']} worker processes, "
        f"per-page timeout {result['timeout_s']:g} s of CPU, wall {result['wall_s']:.0f} s)",
        f"- kinds: {', '.join(f'{k} {v:,}' for k, v in sorted(result['kinds'].items()))}",
        f"- scored {outcomes.get('ok', 0):,}; refused with a documented input error {outcomes.get('refused', 0):,}; "
        f"**escaping exceptions {outcomes.get('escaped', 0):,}**; **timeouts {outcomes.get('timeout', 0):,}**",
        f"- time per page: p50 {result['p50_s'] * 1000:.0f} ms, p99 {result['p99_s'] * 1000:.0f} ms, "
        f"max {result['max_s']:.2f} s (wall); CPU p99 {result.get('cpu_p99_s', 0) * 1000:.0f} ms, "
        f"max {result.get('cpu_max_s', 0):.2f} s",
        f"- peak RSS of a worker process: {result['peak_rss_mb']:.0f} MB",
        "- refusals: " + (", ".join(f"{code} {count:,}" for code, count in sorted(result.get("refusals", {}).items()))
                          or "none"),
        "- worst per kind (wall s / CPU s): " + ", ".join(
            f"{kind} {wall:.2f}/{cpu:.2f}" for kind, (wall, cpu) in sorted(result.get("worst_of_kind", {}).items())),
        "- slowest pages (replay with `--replay INDEX`): "
        + ", ".join(f"{index} ({kind}, {seconds:.2f} s)" for seconds, index, kind in result["slowest"]),
    ]
    lines += [f"- {problem}" for problem in result["problems"][:50]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages to generate and score (default 1000)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="worker processes")
    parser.add_argument("--timeout", type=float, default=10.0, help="CPU seconds a page may take (a timeout past it)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--replay", type=int, metavar="INDEX", help="rebuild and score one page of a run")
    parser.add_argument("--save", type=Path, help="with --replay: write the page's bytes here")
    parser.add_argument("--out", type=Path, help="append the summary (with this command) to a Markdown file")
    parser.add_argument("--progress", action="store_true", help="a line on stderr every 1,000 pages")
    parser.add_argument("--partial", type=Path, help="rewrite the summary so far here every --partial-every pages")
    parser.add_argument("--partial-every", type=int, default=5000, metavar="N")
    args = parser.parse_args(argv)
    if args.replay is not None:
        _init(args.timeout)
        kind, page = make_page(args.seed, args.replay, _pages)
        if args.save:
            args.save.write_bytes(page)
        _, _, outcome, seconds, _, _ = _run_one((args.seed, args.replay))
        print(f"page {args.replay} ({kind}, {len(page):,} bytes): {outcome} in {seconds:.3f} s")
        return 0 if not outcome.startswith(("escaped", "timeout")) else 1
    if args.pages < 1:
        parser.error("--pages must be at least 1")
    command = "python -m benchmarks.fuzz " + " ".join(argv if argv is not None else sys.argv[1:])
    partial = None
    if args.partial:
        def partial(result: dict[str, Any]) -> None:
            args.partial.write_text(f"(partial: {result['pages']:,} of {args.pages:,} pages done)\n\n"
                                    + render(result, command.strip()), encoding="utf-8")
    result = fuzz(args.pages, workers=args.workers, timeout_s=args.timeout, seed=args.seed, progress=args.progress,
                  partial=partial, partial_every=max(1, args.partial_every))
    text = render(result, command.strip())
    print(text, end="")
    if args.out:
        with args.out.open("a", encoding="utf-8") as out:
            out.write("\n" + text)
    bad = result["outcomes"].get("escaped", 0) + result["outcomes"].get("timeout", 0)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
