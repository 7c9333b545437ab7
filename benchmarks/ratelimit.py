"""`python -m service.bench_ratelimit`: what one rate-limit decision costs, per store.

Times `take()` — the whole per-request work of the limiter — for the in-memory buckets and the
shared SQLite buckets, on a fresh file in a temporary directory under `var/` (the file system
the real file lives on; `--dir` to choose another): alone, and while other
processes (standing in for the other gunicorn workers) take tokens from the same file as fast
as they can, which is the worst case for the file's write lock. Clients rotate over a pool so
both updates and inserts are timed. Prints a table and a final JSON line (medians, p95, in µs).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

from scorer.config import PROJECT_ROOT

from service.ratelimit import SharedTokenBuckets, TokenBuckets

# High enough that no decision is a refusal: a refusal costs the same, but we time the common case.
PER_MINUTE = 6_000_000
BURST = 1_000_000
CLIENTS = 1000


def _time_calls(limiter, calls: int, clients: int) -> list[float]:
    durations = []
    for index in range(calls):
        key = f"ip:198.51.100.{index % clients}"
        started = time.perf_counter()
        limiter.take(key)
        durations.append(time.perf_counter() - started)
    return durations


def _hammer(path: str, stop, ready) -> None:
    limiter = SharedTokenBuckets(Path(path), PER_MINUTE, BURST)
    limiter.take("warm-up")
    ready.set()
    index = 0
    while not stop.is_set():
        limiter.take(f"ip:203.0.113.{index % CLIENTS}")
        index += 1


def _summary(durations: list[float]) -> dict[str, float]:
    ordered = sorted(durations)
    return {"median_us": round(statistics.median(ordered) * 1e6, 1),
            "p95_us": round(ordered[int(len(ordered) * 0.95)] * 1e6, 1), "calls": len(ordered)}


def run(calls: int, rivals: int, directory: Path) -> dict[str, dict[str, float]]:
    results = {}
    memory = TokenBuckets(PER_MINUTE, BURST)
    _time_calls(memory, 500, CLIENTS)
    results["memory"] = _summary(_time_calls(memory, calls, CLIENTS))
    directory.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-ratelimit-", dir=directory) as tmp:
        path = Path(tmp) / "ratelimit.sqlite3"
        shared = SharedTokenBuckets(path, PER_MINUTE, BURST)
        _time_calls(shared, 500, CLIENTS)  # warm-up: the file, the connection, the first inserts
        results["sqlite"] = _summary(_time_calls(shared, calls, CLIENTS))
        context = multiprocessing.get_context("spawn")
        stop = context.Event()
        readies = [context.Event() for _ in range(rivals)]
        others = [context.Process(target=_hammer, args=(str(path), stop, ready), daemon=True) for ready in readies]
        for process in others:
            process.start()
        try:
            for ready in readies:
                ready.wait(60)
            results[f"sqlite, {rivals} other process{'es' if rivals != 1 else ''} writing"] = _summary(
                _time_calls(shared, calls, CLIENTS))
        finally:
            stop.set()
            for process in others:
                process.join(10)
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service.bench_ratelimit", description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=20_000, help="decisions timed per store (default 20000)")
    parser.add_argument("--rivals", type=int, default=1,
                        help="other processes writing the file meanwhile (default 1: two workers)")
    parser.add_argument("--dir", type=Path, default=PROJECT_ROOT / "var",
                        help="where the temporary file goes (default var/, beside the real one)")
    args = parser.parse_args(argv)
    results = run(args.calls, args.rivals, args.dir)
    print(f"{'store':<36} {'median µs':>10} {'p95 µs':>10} {'calls':>8}")
    for name, row in results.items():
        print(f"{name:<36} {row['median_us']:>10} {row['p95_us']:>10} {row['calls']:>8}")
    print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
