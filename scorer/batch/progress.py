"""What a running batch tells the person who started it, on stderr, in this order:

1. that it is loading the models (the first seconds of a run go there, and silence looks like a hang);
2. its first result, as soon as it exists (the page's id and its score, or its error);
3. its progress: a bar on a terminal; elsewhere (a log file, a pipe) a line at each tenth of the
   input, or after PROGRESS_LINE_SECONDS without one, so a log stays short but never goes quiet.

The summary line after the last result is the CLI's (`BatchSummary.describe`).
"""
from __future__ import annotations

import time
from typing import Any, TextIO

from .records import Result

# A log of a long batch (URLs fetched at ~1 page/s) still gets a line this often, even between tenths.
PROGRESS_LINE_SECONDS = 30.0
# Without a known total (a stream), a plain line every this many pages.
PROGRESS_LINE_PAGES = 100


class BatchProgress:
    """Reports one batch's loading, first result and progress to `stream` (a bar when it is a terminal;
    nothing when it is None)."""

    def __init__(self, stream: TextIO | None, *, total: int | None, already_written: int = 0, workers: int = 1,
                 bar: bool | None = None) -> None:
        self.stream = stream
        self.total = total
        self.already_written = already_written
        self.workers = workers
        self.bar_wanted = stream is not None and (_is_terminal(stream) if bar is None else bar)
        self.done = 0
        self.failed = 0
        self._started = time.perf_counter()
        self._first_at = self._started  # when the first result came: the rate is measured from there
        self._last_line_at = self._started
        self._last_line_step = 0
        self._bar: Any = None

    def loading(self) -> None:
        where = "in this process" if self.workers == 0 else (
            f"in {self.workers} worker process{'es' if self.workers != 1 else ''}")
        resumed = f"; {self.already_written} already in the output, skipped" if self.already_written else ""
        self._line(f"loading the models {where}…{resumed}")

    def result(self, result: Result) -> None:
        self.done += 1
        self.failed += not result.ok
        if self.done == 1:
            self._first_at = time.perf_counter()
            self._line(f"first result after {self._first_at - self._started:.1f} s: {_outcome(result)}")
            if self.bar_wanted:
                self._open_bar()
            return
        if self._bar is not None:
            if not result.ok:
                self._bar.set_postfix(failed=self.failed, refresh=False)
            self._bar.update(1)
        elif self._line_due():
            self._line(self._progress_text())

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> BatchProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals --------------------------------------------------------------------------------

    def _open_bar(self) -> None:
        from tqdm import tqdm

        self._bar = tqdm(total=self.total, initial=self._at(), unit="page", file=self.stream, dynamic_ncols=True,
                         smoothing=0.05)

    def _line_due(self) -> bool:
        step = self._step()
        now = time.perf_counter()
        if step > self._last_line_step or now - self._last_line_at >= PROGRESS_LINE_SECONDS:
            self._last_line_step = max(step, self._last_line_step)
            return True
        return False

    def _step(self) -> int:
        """Tenths of the input done (or hundreds of pages, without a total)."""
        if self.total:
            return self._at() * 10 // self.total
        return self.done // PROGRESS_LINE_PAGES

    def _at(self) -> int:
        """Records in the output now: this run's and, out of a known total, an earlier run's."""
        return (min(self.already_written, self.total) if self.total else 0) + self.done

    def _progress_text(self) -> str:
        # the rate since the first result: the seconds spent loading the models would drag it down
        seconds = time.perf_counter() - self._first_at
        rate = f"{(self.done - 1) / seconds:.1f} pages/s" if seconds > 0 else "-"
        at = f"{self._at()} of {self.total}" if self.total else str(self.done)
        failed = f", {self.failed} failed" if self.failed else ""
        share = f" ({self._at() / self.total:.0%})" if self.total else ""
        return f"progress: {at} pages{share}{failed}, {rate}"

    def _line(self, text: str) -> None:
        if self.stream is None:
            return
        self.stream.write(text + "\n")
        self.stream.flush()
        self._last_line_at = time.perf_counter()


def _outcome(result: Result) -> str:
    if result.error is not None:
        return f"{result.id}: error [{result.error.code}] {result.error.message}"
    report = result.report or {}
    score = report.get("score")
    shown = "no score" if score is None else f"score {score}"
    return f"{result.id}: {shown} ({report.get('label')})"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
