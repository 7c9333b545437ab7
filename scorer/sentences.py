"""Sentences of a text, in one linear pass: the unit the sourcing signals and components count."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .types import Span

# A sentence: a run of text up to its end marks and closing quotes or brackets, or a run that ends
# the text. Read in two steps (the run, then what follows it) rather than as one pattern: the
# one-pattern form backtracked over every position of a long run ended by a newline (quadratic).
_RUN = re.compile(r"[^.!?\n]+")
_SENTENCE_END = re.compile(r"[.!?]+[\"”’')\]]*")


def sentences(text: str) -> list[Span]:
    """The text's sentences (a light split: enough to count claims)."""
    out = []
    for run_start, run_end in _sentence_bounds(text):
        chunk = text[run_start:run_end]
        stripped = chunk.strip()
        if len(stripped.split()) < 4:  # headings, datelines, "Photo: ..." are not claims
            continue
        start = run_start + (len(chunk) - len(chunk.lstrip()))
        out.append(Span(start, start + len(stripped), stripped))
    return out


def _sentence_bounds(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence, in one pass: a run ended by end marks (with its closing quotes),
    or a run that ends the text (before at most one final newline). A run ended by another newline
    is no sentence (a heading, a list item without a full stop)."""
    pos, length = 0, len(text)
    while (run := _RUN.search(text, pos)) is not None:
        run_end = run.end()
        end_marks = _SENTENCE_END.match(text, run_end)
        if end_marks is not None:
            yield run.start(), end_marks.end()
            pos = end_marks.end()
            continue
        if run_end == length or (run_end == length - 1 and text[run_end] == "\n"):
            yield run.start(), run_end
        pos = run_end


def overlapped(units: Sequence[Span], spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For each sentence (in order), whether some span overlaps it: one merge pass over both sorted lists."""
    ordered = sorted(spans)
    flags, k, reach = [], 0, -1
    for unit in units:
        while k < len(ordered) and ordered[k][0] < unit.end:
            reach = max(reach, ordered[k][1])
            k += 1
        flags.append(reach > unit.start)
    return flags
