"""Shared test fixtures: paths, the seed page, our own fixture pages, a page builder."""
from __future__ import annotations

from pathlib import Path

import pytest

from scorer.config import PROJECT_ROOT
from scorer.types import Block, BlockKind, Byline, Link, ParsedPage, Position

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = PROJECT_ROOT.parent / "shared"
SEED_HTML = SHARED / "fixtures" / "seed-article.html"
BENCHMARK = SHARED / "data" / "article-extraction-benchmark"

needs_seed = pytest.mark.skipif(not SEED_HTML.exists(), reason=f"the seed fixture is absent: {SEED_HTML}")
needs_benchmark = pytest.mark.skipif(not BENCHMARK.exists(), reason=f"the extraction benchmark is absent: {BENCHMARK}")


@pytest.fixture(autouse=True)
def _own_rate_limit_file(tmp_path, monkeypatch):
    """The shared SQLite limiter is the service's default: each test gets its own buckets file, so
    no test's requests drain another's bucket (nor the repository's var/)."""
    monkeypatch.setenv("SCORER_RATE_LIMIT_PATH", str(tmp_path / "ratelimit.sqlite3"))


@pytest.fixture(scope="session")
def seed_html() -> bytes:
    if not SEED_HTML.exists():
        pytest.skip(f"the seed fixture is absent: {SEED_HTML}")
    return SEED_HTML.read_bytes()


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def make_page(paragraphs=("Some article text.",), *, blocks=(), bylines=(), url="https://news.example/a",
              domain="news.example", title="A headline", **extra) -> ParsedPage:
    """A ParsedPage built by hand, for signal tests."""
    return ParsedPage(url=url, domain=domain, title=title, paragraphs=tuple(paragraphs), blocks=tuple(blocks),
                      bylines=tuple(bylines), **extra)


__all__ = ["Block", "BlockKind", "Byline", "Link", "Position", "make_page", "fixture_bytes", "FIXTURES"]
