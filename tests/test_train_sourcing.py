"""training.sourcing and training.gold.build_ratings: the fit, its site-grouped evaluation and the settled ratings."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scorer.scoring.sourcing_model import INPUTS
from training.gold.build_ratings import OUT as GOLD
from training.gold.build_ratings import needs_third, settle
from training.sourcing.fit import CAPS, Rated, cross_validated, fit, fit_weights, score_figures
from training.sourcing.inputs import PageInputs, site_of

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


def page(i: int, quality: float, site: str) -> PageInputs:
    inputs = {name: 0.0 for name in INPUTS}
    inputs.update({"coverage.share": quality, "source_types.named": quality, "primary_material.documents": quality ** 2,
                   "accountability.byline_and_credit": 1.0 if i % 3 else 0.35, "text_model": 1.0})
    return PageInputs(f"p{i}", "benchmark", site, inputs, "high", 0, (), quality, quality > 0.5, quality > 0.3)


def rated(n: int = 60) -> list[Rated]:
    rng = np.random.default_rng(1)
    out = []
    for i in range(n):
        quality = float(rng.uniform(0, 1))
        rating = float(np.clip(round(1 + 4 * quality + rng.normal(0, 0.3)), 1, 5))
        out.append(Rated(page(i, quality, f"site{i % 12}.example"), rating, {"a": {}, "b": {}}))
    return out


class TestFit:
    def test_weights_are_non_negative_and_bounded_inputs_capped(self):
        weights, means = fit(rated())
        assert set(weights) == set(INPUTS) and all(w >= 0 for w in weights.values())
        assert all(weights[name] <= cap + 1e-9 for name, cap in CAPS.items())
        assert weights["coverage.share"] + weights["source_types.named"] > 20

    def test_a_capped_input_is_fixed_and_the_rest_refitted(self):
        x = np.zeros((40, len(INPUTS)))
        text = INPUTS.index("text_model")
        x[:, text] = np.linspace(-1, 1, 40)
        coverage = np.random.default_rng(2).uniform(0, 1, 40)
        x[:, INPUTS.index("coverage.share")] = coverage
        weights = fit_weights(x, 50 * x[:, text] + 40 * coverage)  # the text alone would take 50 points
        assert weights["text_model"] == CAPS["text_model"]
        assert weights["coverage.share"] == pytest.approx(40, abs=8)

    def test_held_out_scores_come_from_other_sites_only(self):
        data = rated()
        scores = cross_validated(data)
        figures = score_figures(scores, [r.rating for r in data])
        assert figures["spearman"] > 0.8 and figures["gap"] > 30

    def test_figures_of_the_extremes(self):
        figures = score_figures([10, 30, 55, 80, 95], [1, 2, 3, 4, 5])
        assert figures["max_rated_1"] == 10 and figures["min_rated_5"] == 95 and figures["gap"] == pytest.approx(67.5)


class TestSettledRatings:
    def test_mean_of_two_readers(self):
        assert settle({"article": True, "rating": 3}, {"article": True, "rating": 4}, None) == (True, 3.5)

    def test_a_split_on_article_needs_a_third_reading_and_the_majority_decides(self):
        a, b = {"article": True, "rating": 3}, {"article": False, "rating": None}
        assert needs_third(a, b) and settle(a, b, None) == (False, None)
        assert settle(a, b, {"article": True, "rating": 2}) == (True, 2.5)
        assert settle(a, b, {"article": False, "rating": None}) == (False, None)

    def test_two_steps_apart_needs_a_third_reading(self):
        assert needs_third({"article": True, "rating": 2}, {"article": True, "rating": 4})


def test_sites_group_subdomains_and_country_domains():
    assert site_of("https://edition.cnn.com/x", "id") == "cnn.com"
    assert site_of("https://www.bbc.co.uk/news/x", "id") == "bbc.co.uk"
    assert site_of(None, "readability-bbc-1") == "readability-bbc-1"


def test_committed_gold_is_complete_and_settled():
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 316 and not any(r["unsettled"] for r in rows)
    assert all((r["rating"] is None) == (not r["article"]) for r in rows)
    assert all(1 <= r["rating"] <= 5 for r in rows if r["rating"] is not None)


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED_DATA / "dev-pages").exists(), reason=f"needs the shared data sets at {SHARED_DATA}")
def test_eval_sourcing_command_prints_every_figure():
    run = subprocess.run([sys.executable, "-m", "training.eval_sourcing"], cwd=ROOT, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stderr
    for needle in ("raters A vs B: Spearman", "site-grouped 5-fold (held out)", "named_sources_count_spearman",
                   "fixtures: seed"):
        assert needle in run.stdout


class TestBadInput:
    def test_a_malformed_rater_line_names_its_file_and_line(self, tmp_path):
        from training.gold.build_ratings import read_jsonl

        path = tmp_path / "rater.jsonl"
        path.write_text('{"id": "a", "rating": 3}\n{"id": "b", "rating": \n', encoding="utf-8")
        with pytest.raises(SystemExit, match=r"rater.jsonl:2: not JSON"):
            read_jsonl([path])

    def test_empty_rater_files_give_no_pages(self, tmp_path):
        from training.gold.build_ratings import read_jsonl

        (tmp_path / "empty.jsonl").write_text("\n\n", encoding="utf-8")
        assert read_jsonl([tmp_path / "empty.jsonl"]) == {}

    def test_eval_without_gold_is_a_clear_error(self, tmp_path, capsys):
        from training.sourcing.evaluate import main

        assert main(["--gold", str(tmp_path / "missing.jsonl")]) == 2
        assert "no gold ratings" in capsys.readouterr().err


class TestDigest:
    """training/gold/digest.py, the readers' view of a page: hostile and empty markup still render."""

    @pytest.mark.parametrize("raw", [b"", b"<html>", b"\xff\xfe\x00<", b"<div>" * 5000 + b"deep" + b"</div>" * 5000,
                                     "<p>caf\u00e9</p>".encode("latin-1"), b'<?xml version="1.0"?><html><p>x</p></html>'])
    def test_hostile_markup_renders_without_raising(self, raw):
        from training.gold.digest import parse, render

        try:
            root = parse(raw)
        except Exception as error:  # lxml refuses an empty document: the one clear refusal
            assert "empty" in str(error).lower() or "document" in str(error).lower()
            return
        assert isinstance(render(root), str)

    def test_links_landmarks_and_ad_slots_are_shown(self):
        from training.gold.digest import fold_link_lists, parse, render

        root = parse(b"<html><body><nav><a href='/a'>A</a></nav><p>Text with a <a href='https://x.org/r'>report</a>.</p>"
                     b"<div class='ad-slot'></div></body></html>")
        text = fold_link_lists(render(root))
        assert "[report](https://x.org/r)" in text and "\u00abnav\u00bb" in text and "[AD-LIKE ELEMENT" in text
