"""A short slice of the fuzzer (benchmarks/fuzz.py) on every run, and the complexity benchmark's
shapes (benchmarks/complexity.py) at a small size: issue 17."""
from __future__ import annotations

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
    kinds = {fuzz.make_page(3, index, pages)[0].split(":")[0] for index in range(200)}
    assert kinds == {"flip", "truncate", "tags", "splice", "shape", "trap"}


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
