"""A deadline for scoring one page, checked between stages (parse, analysis, signals, report).

Python cannot stop a thread from outside, so the pipeline checks the clock after each stage and
gives up with `DeadlineExceededError`. Every stage is linear in its input and the page limits
(scorer/page/limits.py) bound the input, so the work goes on past the deadline by at most one
stage: under a second on the largest accepted page (`python -m benchmarks.complexity`).
"""
from __future__ import annotations

import math
import time

from .errors import DeadlineExceededError


class Deadline:
    """`Deadline(5.0).check("parse")` raises once 5 s have passed since it was made; 0 means none."""

    __slots__ = ("at", "budget_s")

    def __init__(self, budget_s: float):
        self.budget_s = budget_s
        self.at = time.monotonic() + budget_s if budget_s > 0 else math.inf

    def check(self, stage: str) -> None:
        if time.monotonic() > self.at:
            raise DeadlineExceededError(
                f"scoring this page took longer than its deadline of {self.budget_s:g} s (stopped after {stage})")


NO_DEADLINE = Deadline(0)
