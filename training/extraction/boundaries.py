"""Where the main text starts and ends, and what it leaves out: the dev-pages check.

For each page of `../shared/data/dev-pages`, annotators reading the page (never the scorer's
output) wrote the first and the last sentence of its main text and a few snippets that are NOT
main text (comments, author boxes, teasers, captions): the gold's `"main_text": {"first", "last",
"outside": [...]}`, keyed by the page's `id`. A page's extraction

- **starts right** when `first` occurs within its first `WINDOW` characters,
- **ends right** when `last` ends within its final `WINDOW` characters,
- **is clean** when it contains none of `outside`,

all compared after `normalize` (case, whitespace, quote and dash forms), so that an annotator's
typographic quotes or a line break inside a sentence do not count as a miss. The window allows
for a dateline or a kicker the annotator left out, not for a paragraph.
"""
from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

DEV_PAGES_DIR = "dev-pages"
# How far from the text's start (end) the first (last) sentence may sit: about two lines.
WINDOW = 200
# Annotators sometimes copy a long sentence only in part; longer than this, only its first
# (for `first` and `outside`) or last (for `last`) this many characters must match.
MATCH_CHARS = 120

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'", "“": '"', "”": '"',
                         "„": '"', "«": '"', "»": '"', "–": "-", "—": "-", "‐": "-", "−": "-", "\u00a0": " "})


def normalize(text: str) -> str:
    """Case-folded, one space for any run of whitespace, plain quotes and dashes, "…" as "..."."""
    return " ".join(text.translate(_QUOTES).replace("…", "...").casefold().split())


@dataclass(frozen=True)
class Boundary:
    """One page's gold: the first and last sentence of its main text and snippets outside it."""

    id: str
    first: str
    last: str
    outside: tuple[str, ...] = ()


@dataclass(frozen=True)
class Verdict:
    id: str
    starts: bool
    ends: bool
    clean: bool
    leaked: tuple[str, ...] = ()  # the `outside` snippets found in the text


def load_gold(paths: Iterable[Path]) -> list[Boundary]:
    """Every page with a usable `main_text` in the JSON-lines files, in file order (a page listed
    twice keeps its last entry)."""
    by_id: dict[str, Boundary] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            record = json.loads(line)
            main = record.get("main_text") or {}
            first, last = main.get("first"), main.get("last")
            if not record.get("id") or not isinstance(first, str) or not isinstance(last, str):
                continue
            outside = tuple(s for s in main.get("outside") or () if isinstance(s, str) and s.strip())
            by_id[record["id"]] = Boundary(record["id"], first, last, outside)
    return list(by_id.values())


def judge(gold: Boundary, text: str) -> Verdict:
    """The verdict on one page's extracted text."""
    body = normalize(text)
    first = normalize(gold.first)[:MATCH_CHARS]
    last = normalize(gold.last)[-MATCH_CHARS:]
    at = body.find(first) if first else -1
    starts = 0 <= at <= WINDOW
    end = body.rfind(last) if last else -1
    ends = end >= 0 and end + len(last) >= len(body) - WINDOW
    leaked = tuple(s for s in gold.outside if (n := normalize(s)[:MATCH_CHARS]) and n in body)
    return Verdict(gold.id, starts, ends, not leaked, leaked)


def summarize(verdicts: list[Verdict]) -> dict[str, float]:
    """Shares of pages that start right, end right, both, and that are clean."""
    count = len(verdicts) or 1
    return {
        "starts": sum(v.starts for v in verdicts) / count,
        "ends": sum(v.ends for v in verdicts) / count,
        "starts_and_ends": sum(v.starts and v.ends for v in verdicts) / count,
        "clean": sum(v.clean for v in verdicts) / count,
    }


def iter_dev_pages(data_root: Path, ids: Iterable[str]) -> Iterator[tuple[str, bytes | None]]:
    """(id, html bytes) for the given dev pages; None where the page file is missing."""
    folder = data_root / DEV_PAGES_DIR / "html"
    for page_id in ids:
        path = folder / f"{page_id}.html.gz"
        yield page_id, (gzip.decompress(path.read_bytes()) if path.exists() else None)

