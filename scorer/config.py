"""The library's settings, and the one way every layer reads its own from the environment.

Each layer has its own frozen dataclass of settings, each field overridable by an environment
variable `SCORER_<NAME>`: the library's here (`Settings`: models, page limits, fetching), the
service's in service/settings.py (`ServiceSettings`, which extends these), training's in
training/settings.py (`TrainingSettings`: where the labelled data sets are).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Self

PROJECT_ROOT = Path(__file__).resolve().parent.parent


# Settings that change how pages are fetched but never what a fetched page scores: the service
# loads its models without them, so apps that differ only in these share one set of models.
NOT_SCORING = {"scoring": False}


class EnvSettings:
    """`from_env()` for a settings dataclass: `SCORER_<FIELD>` overrides a field, typed as its default."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Self:
        env: Mapping[str, str] = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):  # type: ignore[arg-type]
            raw = env.get(f"SCORER_{f.name.upper()}")
            if raw is None:
                continue
            default = getattr(cls, f.name)
            values[f.name] = type(default)(raw)
        return cls(**values)


@dataclass(frozen=True)
class Settings(EnvSettings):
    # Where the committed models and tables live.
    models_dir: Path = PROJECT_ROOT / "models"
    # The largest HTML document we parse: real article pages are rarely over 2 MB; 10 MB
    # leaves room for inline-heavy pages while bounding memory per request.
    max_html_bytes: int = 10 * 1024 * 1024
    # Markup complexity, which costs far more than size (scorer/page/limits.py): attributes on one element
    # (the parser is quadratic in them; the benchmark's most is 172) and elements in a page (~70 µs
    # each to extract; the benchmark's most is 3,229, a 50,000-element page takes a few seconds).
    # 0 turns a limit off.
    max_html_attributes: int = 500
    max_html_elements: int = 50_000

    # --- Budgets by size and count, checked before or while the work (scorer/page/limits.py;
    # issue 24; docs/bounded-work.md). Each is a multiple of the largest value on the 181 benchmark
    # pages (`python -m benchmarks.budgets` prints both). A page over a refusing budget is refused at
    # once with `page_too_complex` naming it; over a trimming budget the stage stops early and the
    # report carries a warning naming it. 0 turns a budget off. ---
    # Refusing: how deep elements nest. libxml2 alone stops at 256 and drops the rest of the page
    # (an article 300 deep yielded no text); the parser now takes up to 2,048 and we refuse past
    # this. The deepest benchmark page nests 51; ~10x that is still a page, not an attack.
    max_html_depth: int = 512
    # Trimming: cells of one table (rows x its widest row, what the main-text extraction pads every
    # row to: a 5,000 x 5,000 table of 70 KB cost 1.4 s there, a 400 KB table of 17,000 cells 1 s).
    # The largest benchmark table has 287; a larger table is left out of the main text, the rest of
    # the page is read.
    max_table_cells: int = 5_000
    # Trimming: characters of main text the text stages read (language, attributions, outlets,
    # features); the longest benchmark article is 53,000. Past it the text is cut at a paragraph
    # (or word) boundary: a 4 MB page of attributed sentences took 63 s and 2.1 GB whole.
    max_text_chars: int = 100_000
    # Trimming: characters of the page's text (outside scripts and styles) the main-text extraction
    # reads, and no run of text past max_text_chars (the text stages read no more). The extraction
    # holds ~23 bytes a character (10 MB of words took 230 MB); the largest benchmark page has 1.3 M
    # characters of text with its scripts, its longest run outside them 9,353.
    max_extract_chars: int = 2_000_000
    # Trimming: links collected per page (main text and furniture); the benchmark's most is 609
    # anchors on a page.
    max_links: int = 5_000
    # Trimming: attribution cue candidates read per text (each costs ~0.25 ms of frame scoring and
    # span search); the most on a benchmark page is 284.
    max_attribution_candidates: int = 1_000
    # Pages whose main text has fewer words than this get a warning: too little to judge.
    min_words: int = 50

    # --- Bounded work per page (scorer/deadline.py; issue 17) ---
    # Seconds one page may take to score (service requests and batch records alike), checked
    # between stages: past it scoring stops with `deadline_exceeded`. The slowest benchmark page
    # scores in well under a second; 0 turns it off. It never changes a report, only whether one is made.
    score_deadline_s: float = field(default=5.0, metadata=NOT_SCORING)

    # --- Fetching pages by URL (scorer/fetch/) ---
    # Bytes downloaded per page, counted on the wire and again after gzip/deflate decoding
    # (gzip bombs): the largest of the 181 benchmark pages is 1.5 MB decoded, so 5 MB is ample.
    fetch_max_bytes: int = field(default=5 * 1024 * 1024, metadata=NOT_SCORING)
    # One deadline for the whole fetch (DNS, connect, every redirect, the body): a server that
    # drips a byte a second cannot hold a worker longer than this.
    fetch_timeout_s: float = field(default=10.0, metadata=NOT_SCORING)
    # Redirect hops followed, each re-checked; article links need two or three (http->https, www).
    fetch_max_redirects: int = field(default=5, metadata=NOT_SCORING)
    # Comma-separated host[:port] exempt from the private-address block, for intranet
    # deployments and tests (e.g. "127.0.0.1:8081,wiki.intranet"). Empty: every private,
    # loopback, link-local and reserved address is refused.
    fetch_allow: str = field(default="", metadata=NOT_SCORING)


def get_settings() -> Settings:
    return Settings.from_env()
