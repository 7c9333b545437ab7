"""A short slice of the fuzzer (benchmarks/fuzz.py) on every run, and the complexity benchmark's
shapes (benchmarks/complexity.py) at a small size: issue 17."""
from __future__ import annotations

import signal

import pytest

from benchmarks import complexity, fuzz


def test_a_fuzz_slice_has_no_escaping_exception_nor_timeout():
    result = fuzz.fuzz(24, workers=1, timeout_s=20.0, seed=17)
    assert result["pages"] == 24 and sum(result["kinds"].values()) == 24
    assert result["outcomes"].get("escaped", 0) == 0, result["problems"]
    assert result["outcomes"].get("timeout", 0) == 0, result["problems"]
    assert result["peak_rss_mb"] < 1000


def test_pages_are_a_function_of_seed_and_index():
    pages = [b"<html><body><p>The mayor said it.</p></body></html>" * 3]
    assert fuzz.make_page(3, 5, pages) == fuzz.make_page(3, 5, pages)
    kinds = {fuzz.make_page(3, index, pages)[0].split(":")[0] for index in range(200) if index % 50 != 49}
    assert kinds == {"flip", "truncate", "tags", "splice", "shape", "trap"}


@pytest.mark.slow
@pytest.mark.parametrize("shape", sorted(fuzz.LIMIT_SHAPES))
def test_each_shape_at_the_size_limit_is_scored_or_refused_naming_its_limit(shape, monkeypatch):
    """Issue 24: the pathological shapes just under max_html_bytes meet a budget, never an escape."""
    from scorer.config import Settings
    from scorer.resources import load_resources

    limit = Settings().max_html_bytes
    page = fuzz.LIMIT_SHAPES[shape](limit - 70_000).encode("utf-8")
    if len(page) > limit:
        page = fuzz.LIMIT_SHAPES[shape](int((limit - 70_000) * limit / len(page)) - 8192).encode("utf-8")
    assert limit - 1_500_000 < len(page) <= limit
    monkeypatch.setattr(fuzz, "make_page", lambda seed, index, pages: (f"limit:{shape}", page))
    monkeypatch.setattr(fuzz, "_resources", load_resources())
    previous = signal.signal(signal.SIGPROF, fuzz._on_alarm)  # its per-page timeout, as in a worker
    try:
        _, _, outcome, _, _, _ = fuzz._run_one((0, 0))
    finally:
        signal.signal(signal.SIGPROF, previous)
    assert outcome == "ok" or outcome.startswith("refused:"), outcome


def test_the_malformed_link_trap_scores():
    # `<a href="//[">`: urljoin raised ValueError (a 500) before issue 17.
    from scorer.pipeline import score_html

    report = score_html(fuzz.TRAPS[0], url="https://news.example/a").to_dict()  # raised ValueError before
    assert isinstance(report["label"], str) and report["article"]["url"] == "https://news.example/a"


@pytest.mark.parametrize("shape", sorted(complexity.SHAPES))
def test_each_shape_builds_a_page_of_about_the_size_asked(shape):
    page = complexity.SHAPES[shape](20_000)
    assert 15_000 <= len(page) <= 25_000


def test_growth_ignores_stages_too_fast_to_time():
    assert complexity.growth([0.0001, 0.0005, 0.001]) == 1.0
    assert complexity.growth([0.01, 0.02, 0.05]) == pytest.approx(2.5)
