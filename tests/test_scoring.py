"""scorer.scoring: the text model's part + page-level points = the score; impacts add up; tiers."""
from __future__ import annotations

import math

import pytest

from conftest import fixture_bytes, make_page, needs_seed
from scorer import score_html, score_text
from scorer.scoring.model import Contribution, Explanation
from scorer.scoring.points import SIGNAL_FEATURES, TEXT_POINTS, TIERS, UNJUDGED_PROBABILITY, label_for
from scorer.scoring.report import TEXT_MODEL_SIGNAL, build_report, text_model_signal
from scorer.types import Analysis, ModelInfo, Signal

MODEL = ModelInfo("reliability", "test")
TIER_NAMES = [label for _, label in TIERS]


def explanation(p: float, used: frozenset[str] = frozenset({"exclamation_rate", "time_peg_rate"})) -> Explanation:
    log_odds = math.log(p / (1 - p))
    contributions = (Contribution("exclamation_rate", 0.4, 1.8, log_odds / 2),
                     Contribution("time_peg_rate", 0.0, -0.5, log_odds / 2))
    return Explanation(p, log_odds, 0.0, contributions, used)


# Long enough (FULL_WEIGHT_WORDS) that the model's verdict counts in full.
LONG_TEXT = ("Wow! The mayor said on Monday the bridge would close.",) + (
    "The council said the repairs would take a year and cost more than planned.",) * 10


def report_of(p: float | None, signals: tuple[Signal, ...], used: frozenset[str] = frozenset()):
    analysis = Analysis(page=make_page(paragraphs=LONG_TEXT))
    return build_report(analysis, signals, explanation=None if p is None else explanation(p, used), model=MODEL)


def impacts_sum(report) -> float:
    return math.fsum(s.impact for s in report.signals)


def tier_index(label: str) -> int:
    return TIER_NAMES.index(label)


class TestTiers:
    @pytest.mark.parametrize("score,label", [
        (100.0, "exemplary"), (99.99, "high"), (75.0, "high"), (74.99, "generally credible"),
        (60.0, "generally credible"), (59.99, "mixed"), (40.0, "mixed"), (39.99, "low"), (0.0, "low"),
    ])
    def test_boundaries(self, score, label):
        assert label_for(score) == label

    def test_newsguard_bands_in_one_place(self):
        assert [floor for floor, _ in TIERS] == [100.0, 75.0, 60.0, 40.0, 0.0]


class TestCombination:
    def test_text_part_is_text_points_times_one_minus_p(self):
        report = report_of(0.3, ())
        assert report.score == pytest.approx(TEXT_POINTS * 0.7)
        assert report.probability_unreliable == pytest.approx(0.3)
        assert report.signals[0].id == TEXT_MODEL_SIGNAL and report.model == MODEL

    def test_impacts_add_up_to_the_score(self):
        signals = (Signal("byline", "Byline", "generic", -12.0), Signal("recirculation", "R", "related", 2.0),
                   Signal("ads_in_body", "Ads", 2, -4.0))
        report = report_of(0.4, signals)
        assert impacts_sum(report) == pytest.approx(report.score)
        assert report.score == pytest.approx(60.0 - 12 + 2 - 4)

    def test_signals_whose_feature_the_model_weighs_add_nothing(self):
        counted = Signal("headline_bait", "t", 0.9, -5.0, detail="It was bait.")
        report = report_of(0.5, (counted,), used=frozenset(SIGNAL_FEATURES["headline_bait"]))
        shown = next(s for s in report.signals if s.id == "headline_bait")
        assert shown.impact == 0.0 and "Counted in the text model" in shown.detail
        assert report.score == pytest.approx(50.0)

    def test_signals_whose_feature_was_dropped_keep_their_points(self):
        report = report_of(0.5, (Signal("headline_bait", "t", 0.9, -5.0),), used=frozenset({"exclamation_rate"}))
        assert report.signals[1].impact == -5.0 and report.score == pytest.approx(45.0)

    def test_not_applicable_signals_add_nothing(self):
        report = report_of(0.5, (Signal("byline", "Byline", None, -8.0, applicable=False),))
        assert report.signals[1].impact == 0.0 and report.score == pytest.approx(50.0)

    def test_overflow_above_100_scales_the_positive_side(self):
        signals = (Signal("byline", "B", "named", 8.0), Signal("publisher", "P", "reliable", 6.0),
                   Signal("ads_in_body", "A", 1, -2.0))
        report = report_of(0.02, signals)  # 98 + 8 + 6 - 2 = 110 -> 100
        assert report.score == pytest.approx(100.0) and impacts_sum(report) == pytest.approx(100.0)
        assert next(s for s in report.signals if s.id == "ads_in_body").impact == pytest.approx(-2.0)
        assert report.label == "exemplary"

    def test_overflow_below_0_scales_the_negative_side(self):
        signals = (Signal("byline", "B", "generic", -12.0), Signal("republication", "R", "republished", -15.0))
        report = report_of(0.9, signals)  # 10 - 27 -> 0
        assert report.score == pytest.approx(0.0) and impacts_sum(report) == pytest.approx(0.0)
        assert report.signals[0].impact == pytest.approx(10.0)
        assert all("reduced so the score stays between 0 and 100" in s.detail for s in report.signals[1:])

    def test_unjudged_text_rests_on_even_odds(self):
        report = report_of(None, ())
        assert report.probability_unreliable is None
        assert report.signals[0].value is None
        assert report.score == pytest.approx(TEXT_POINTS * (1 - UNJUDGED_PROBABILITY))

    def test_text_model_evidence_names_the_features_and_quotes_passages(self):
        page = make_page(paragraphs=("Wow! The mayor said on Monday the bridge would close!",))
        signal = text_model_signal(Analysis(page=page), explanation(0.8))
        assert signal.evidence[0].locator == "feature:exclamation_rate"
        assert "toward unreliable" in signal.evidence[0].text
        quoted = [e for e in signal.evidence if e.locator == "main_text:exclamation_rate"]
        assert quoted and all(page.text[e.start:e.end] == "!" for e in quoted)
        assert "resembles that of unreliable sites" in signal.detail and "P(" not in signal.detail


class TestEndToEnd:
    def test_text_only_scores_with_page_signals_not_applicable(self):
        text = ("The city council said on Tuesday that the bridge would close for repairs in May, according to a "
                "statement. \"Safety comes first,\" Mayor Ana Lopez told reporters. ") * 4
        report = score_text(text, title="Bridge to close for repairs")
        assert report.model.name == "reliability" and report.probability_unreliable is not None
        by_id = {s.id: s for s in report.signals}
        for signal_id in ("byline", "author_bio", "republication", "recirculation", "ads_in_body", "linked_sources"):
            assert not by_id[signal_id].applicable and by_id[signal_id].impact == 0.0
        assert by_id[TEXT_MODEL_SIGNAL].applicable and by_id[TEXT_MODEL_SIGNAL].impact > 0
        assert impacts_sum(report) == pytest.approx(report.score)
        assert report.to_dict()["model"] == {"name": "reliability", "version": report.model.version}

    def test_too_short_text_is_not_judged_by_the_model(self):
        report = score_text("Bridge closes.", title="Bridge")
        text_signal = report.signals[0]
        assert text_signal.value is None and text_signal.impact == pytest.approx(50.0)
        assert report.probability_unreliable is None

    @needs_seed
    def test_seed_lands_low_to_middle_with_each_finding_visible(self, seed_html):
        report = score_html(seed_html)
        assert report.label in ("low", "mixed") and report.score < 60
        by_id = {s.id: s for s in report.signals}
        for finding in ("byline", "republication", "recirculation", "ads_in_body"):
            assert by_id[finding].impact < 0 and by_id[finding].evidence
        assert by_id[TEXT_MODEL_SIGNAL].evidence and by_id[TEXT_MODEL_SIGNAL].impact > 0
        assert impacts_sum(report) == pytest.approx(report.score)

    @needs_seed
    def test_well_sourced_page_lands_two_tiers_higher(self, seed_html):
        seed = score_html(seed_html)
        good = score_html(fixture_bytes("well_sourced.html"))
        assert tier_index(seed.label) - tier_index(good.label) >= 2, (seed.score, good.score)
        assert impacts_sum(good) == pytest.approx(good.score)
