"""A deadline for scoring one page, checked between stages (parse, analysis, signals, report).

Python cannot stop a thread from outside, so the pipeline checks the clock after each stage and
gives up with `DeadlineExceededError`; the longest loops (attribution candidates) also check the
deadline of the scoring in progress (`current()`, a context variable: one per thread) every few
dozen steps. Every stage is linear in its input and the page limits
(scorer/page/limits.py) bound the input, so the work goes on past the deadline by at most one
stage: under a second on the largest accepted page (`python -m benchmarks.complexity`).
"""
from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .errors import DeadlineExceededError


class Deadline:
    """`Deadline(5.0).check("parse")` raises once 5 s have passed since it was made; 0 means none."""

    __slots__ = ("at", "budget_s")

    def __init__(self, budget_s: float):
        self.budget_s = budget_s
        self.at = time.monotonic() + budget_s if budget_s > 0 else math.inf

    def remaining(self) -> float:
        """Seconds left (math.inf without a deadline; 0 once past it)."""
        return max(0.0, self.at - time.monotonic()) if self.at != math.inf else math.inf

    def check(self, stage: str) -> None:
        if time.monotonic() > self.at:
            raise DeadlineExceededError(
                f"scoring this page took longer than its deadline of {self.budget_s:g} s (stopped after {stage})")


NO_DEADLINE = Deadline(0)


_current: ContextVar[Deadline] = ContextVar("scoring_deadline", default=NO_DEADLINE)


def current() -> Deadline:
    """The deadline of the scoring running in this thread (NO_DEADLINE outside `active`)."""
    return _current.get()


@contextmanager
def active(deadline: Deadline) -> Iterator[Deadline]:
    """Make `deadline` the one `current()` returns while the block runs."""
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)
