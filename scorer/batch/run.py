"""Batch scoring: a folder of saved pages, a URL list, a JSONL export or a WARC -> one line per page.

    python -m scorer batch INPUT -o OUT.jsonl [--workers N] [--format jsonl|csv]

Three parts, each usable from a script without the CLI:

- `iter_input(path)` / `open_input(path)` read an input lazily into `Record`s. The kind of input
  is told by its content (a folder, `WARC/` magic, a `{` or an `http` first line), not its name.
- `score_records(records, workers=N)` scores them in N worker processes, each loading the models
  once, and yields one `Result` per record as soon as it is done (completion order).
- `OutputFile` appends results to a JSONL or CSV file with one `os.write` per line on an
  `O_APPEND` descriptor, so a killed run leaves at most one torn last line; reopening it cuts that
  line off and reports the ids already written, which the next run skips (resume).

A bad record (an unparseable JSON line, an empty or binary page, a refused fetch) becomes an error
record naming what was wrong; only an unreadable input or an unwritable output stops a batch.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..config import Settings, get_settings
from ..errors import ScorerError
from .inputs import open_input
from .output import DUPLICATE, NEW, WRITTEN_EARLIER, OutputFile
from .progress import BatchProgress
from .records import (
    FORMATS,
    RECORD_TIMEOUT_SECONDS,
    START_METHOD,
    STEADY_AFTER_RESULTS,
    BatchInputError,
    Record,
)
from .workers import score_records


@dataclass(frozen=True)
class BatchSummary:
    scored: int  # records with a report
    failed: int  # error records written
    skipped: int  # already in the output from an earlier run
    duplicates: int  # ids seen twice in the input: the first is kept
    passed_over: dict[str, int]  # WARC records that are not pages, by reason
    seconds: float
    # Until the first report: starting the workers and loading their models, a fixed cost per run.
    startup_seconds: float | None = None
    # From the STEADY_AFTER_RESULTS-th result to the last: the rate once every worker is busy.
    steady_seconds: float | None = None

    @property
    def pages_per_second(self) -> float:
        return (self.scored + self.failed) / self.seconds if self.seconds > 0 else 0.0

    @property
    def steady_pages_per_second(self) -> float | None:
        """The rate once all workers are up (from the STEADY_AFTER_RESULTS-th result on): what a long batch runs at."""
        done = self.scored + self.failed
        if self.steady_seconds is None or self.steady_seconds <= 0 or done <= 2 * STEADY_AFTER_RESULTS:
            return None
        return (done - STEADY_AFTER_RESULTS) / self.steady_seconds

    def describe(self) -> str:
        line = (f"done: {self.scored + self.failed} ({self.scored} scored, {self.failed} failed), "
                f"skipped (already in output): {self.skipped}")
        if self.duplicates:
            line += f", duplicate ids skipped: {self.duplicates}"
        line += f"; {self.seconds:.1f} s, {self.pages_per_second:.1f} pages/s"
        if self.startup_seconds is not None:
            line += f" (start-up {self.startup_seconds:.1f} s)"
        if self.passed_over:
            line += "; not pages, passed over: " + ", ".join(f"{n} {why}" for why, n in self.passed_over.items())
        return line


def run_batch(input_path: str | Path, output_path: str | Path, *, workers: int = 1, fmt: str = "jsonl",
              progress: bool = False, timeout: float = RECORD_TIMEOUT_SECONDS,
              start_method: str = START_METHOD, stdin: BinaryIO | None = None,
              settings: Settings | None = None) -> BatchSummary:
    """Score an input into an output file, resuming it if it exists. Raises `BatchError` subclasses.

    With `progress`, says on stderr what it is loading, then its first result, then its progress
    (`scorer.batch.progress`).
    """
    settings = settings or get_settings()
    batch_input = open_input(input_path, stdin=stdin, settings=settings)
    counts: Counter = Counter()
    with OutputFile(output_path, fmt, settings=settings) as output:

        def unwritten() -> Iterator[Record]:
            for record in batch_input:
                claim = output.claim(record.id)
                if claim == NEW:
                    yield record
                else:
                    counts[claim] += 1

        started = time.perf_counter()
        first_report: float | None = None
        steady_from: float | None = None
        with BatchProgress(sys.stderr if progress else None, total=batch_input.total,
                           already_written=output.already_written, workers=workers) as reporter:
            reporter.loading()
            results = score_records(unwritten(), workers=workers, timeout=timeout, start_method=start_method,
                                    settings=settings)
            for result in results:
                output.write(result)
                if first_report is None and result.ok:
                    first_report = time.perf_counter() - started
                counts["scored" if result.ok else "failed"] += 1
                if counts["scored"] + counts["failed"] == STEADY_AFTER_RESULTS:
                    steady_from = time.perf_counter()
                reporter.result(result)
        finished = time.perf_counter()
        seconds = finished - started
    return BatchSummary(scored=counts["scored"], failed=counts["failed"], skipped=counts[WRITTEN_EARLIER],
                        duplicates=counts[DUPLICATE], passed_over=dict(batch_input.passed_over), seconds=seconds,
                        startup_seconds=first_report,
                        steady_seconds=None if steady_from is None else finished - steady_from)


def add_batch_command(sub: argparse._SubParsersAction) -> None:
    """Register `python -m scorer batch` on the CLI's subparsers."""
    batch = sub.add_parser(
        "batch", help="score many pages: a folder, a URL list, JSONL or WARC, resumably",
        description="Score every page of INPUT into OUT, one line per record, as each is done. Rerunning the "
                    "same command resumes: records already in OUT are skipped. Exit status 0 means the batch "
                    "completed (records that failed are error lines in OUT); non-zero means it could not run.")
    batch.add_argument("input", help="a folder of .html/.htm(.gz) files, a text file of URLs, a JSONL file with "
                                     "url/html (and optional id, text) per line, a WARC(.gz) file, or '-' for stdin")
    batch.add_argument("-o", "--output", required=True, help="the results file (JSONL or CSV); resumed if it exists")
    batch.add_argument("--workers", type=int, default=1,
                       help="worker processes (default 1; 0 scores in this process, for debugging)")
    batch.add_argument("--format", choices=FORMATS, default=None,
                       help="output format (default: csv for a .csv output, else jsonl)")
    batch.add_argument("--timeout", type=float, default=RECORD_TIMEOUT_SECONDS,
                       help=f"seconds before a page is abandoned as an error (default {RECORD_TIMEOUT_SECONDS:g})")
    batch.set_defaults(handler=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    fmt = args.format or ("csv" if str(args.output).lower().endswith(".csv") else "jsonl")
    if args.workers < 0:
        print("error [invalid_input]: --workers must be 0 or more", file=sys.stderr)
        return 2
    try:
        summary = run_batch(args.input, args.output, workers=args.workers, fmt=fmt, timeout=args.timeout,
                            progress=True)
    except BatchInputError as exc:
        print(f"error [{exc.code}]: {exc}", file=sys.stderr)
        return 2
    except ScorerError as exc:  # the output, or the models (read for the CSV header): the batch cannot run
        print(f"error [{exc.code}]: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: rerun the same command to resume", file=sys.stderr)
        return 130
    print(summary.describe(), file=sys.stderr)
    return 0
