"""scorer.scoring: the text model's part + page-level points = the score; impacts add up; tiers."""
from __future__ import annotations

import json
import math

import pytest
from conftest import fixture_bytes, make_page, needs_seed

from scorer import score_html, score_text
from scorer.scoring.model import Contribution, Explanation
from scorer.scoring.points import TIERS, label_for
from scorer.scoring.report import TEXT_MODEL_SIGNAL, build_report, text_model_signal
from scorer.scoring.sourcing_model import INPUTS, REPOST_FACTOR, SourcingModel
from scorer.sourcing.components import COMPONENT_IDS, CUES
from scorer.types import Analysis, Component, DomainRating, ModelInfo, Signal, SourcingComponents

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


# Round weights, so the expected scores can be worked out by hand.
WEIGHTS = {"coverage.share": 20.0, "source_types.named": 10.0, "source_types.on_record_quotes": 10.0,
           "primary_material.documents": 20.0, "independence.first_hand": 5.0, "checkability.links": 5.0,
           "checkability.references": 5.0, "accountability.byline_and_credit": 15.0,
           "text_model": 10.0, "publisher": 10.0, "cited_outlets": 5.0}
SOURCING = SourcingModel("test", WEIGHTS, {k: 0.5 for k in WEIGHTS if "." in k})


def components(value: float = 1.0, *, repost: bool = False, judged: bool = True) -> SourcingComponents:
    """Every component at `value` (all its cues too)."""
    return SourcingComponents(tuple(
        Component(cid, cid, value if judged else None, f"{cid} found.",
                  counts=(("anonymous_repost", int(repost)),) if cid == "accountability" else (),
                  cues=tuple((cue, value) for cue in CUES[cid]) if judged else ())
        for cid in COMPONENT_IDS))


def sourced_report(p: float | None, signals: tuple[Signal, ...] = (), *, value: float = 1.0, repost: bool = False,
                   judged: bool = True, publisher=None):
    analysis = Analysis(page=make_page(paragraphs=LONG_TEXT), publisher=publisher)
    return build_report(analysis, signals, explanation=None if p is None else explanation(p),
                        model=MODEL, components=components(value, repost=repost, judged=judged), sourcing=SOURCING)


class TestCombination:
    def test_score_is_the_weighed_cues_plus_the_bounded_text_part(self):
        report = sourced_report(0.3, value=0.5)
        # cues: 0.5 x (20+10+10+20+5+5+5+15) = 45; text: 10 x (1 - 2 x 0.3) = 4
        assert report.score == pytest.approx(49.0)
        assert report.probability_unreliable == pytest.approx(0.3)
        assert report.signals[0].id == TEXT_MODEL_SIGNAL and report.model == MODEL

    def test_each_component_is_a_signal_with_its_share(self):
        report = sourced_report(0.5, value=1.0)
        by_id = {s.id: s for s in report.signals}
        assert by_id["coverage"].impact == pytest.approx(20.0)
        assert by_id["source_types"].impact == pytest.approx(20.0)  # its two cues
        assert by_id["checkability"].impact == pytest.approx(10.0)
        assert "earns 20 of the 20 points" in by_id["coverage"].detail
        assert report.to_dict()["sourcing"]["components"][0] == {
            **report.components.components[0].to_dict(), "share": 20.0, "max_share": 20.0}

    def test_impacts_add_up_to_the_score(self):
        signals = (Signal("byline", "Byline", "generic", -12.0), Signal("recirculation", "R", "related", 2.0))
        report = sourced_report(0.4, signals, value=0.3)
        assert impacts_sum(report) == pytest.approx(report.score)

    def test_page_findings_are_shown_with_their_direction_but_not_counted(self):
        signals = (Signal("byline", "Byline", "generic", -12.0, detail="Signed Admin."),
                   Signal("recirculation", "R", "bait", -10.0, detail="Bait box."))
        plain = sourced_report(0.5, value=0.5)
        report = sourced_report(0.5, signals, value=0.5)
        by_id = {s.id: s for s in report.signals}
        assert by_id["byline"].impact == 0.0 and by_id["byline"].effect == "lowers"
        assert "through the 'accountability' part" in by_id["byline"].detail
        assert "not part of sourcing" in by_id["recirculation"].detail
        assert report.score == pytest.approx(plain.score)
        assert {"byline", "recirculation"} <= {f.signal for f in report.label_text.findings}

    def test_the_text_model_moves_the_score_at_most_its_weight(self):
        best, worst = sourced_report(1e-9, value=0.5), sourced_report(1 - 1e-9, value=0.5)
        assert best.signals[0].impact == pytest.approx(10.0) and worst.signals[0].impact == pytest.approx(-10.0)
        assert best.score - worst.score == pytest.approx(20.0)

    def test_publisher_rating_is_a_bounded_input(self):
        reliable = DomainRating("good.example", 1.0, "reliable", sources=("a", "b"))
        single = DomainRating("good.example", 1.0, "reliable", sources=("a",))
        base = sourced_report(0.5, value=0.5)
        report = sourced_report(0.5, (Signal("publisher", "P", "reliable", 6.0),), value=0.5, publisher=reliable)
        halved = sourced_report(0.5, (Signal("publisher", "P", "reliable", 6.0),), value=0.5, publisher=single)
        assert report.score - base.score == pytest.approx(10.0)
        assert halved.score - base.score == pytest.approx(5.0)  # one source family: half

    def test_anonymous_repost_counts_the_texts_sourcing_at_half(self):
        own = sourced_report(0.5, value=1.0)
        repost = sourced_report(0.5, value=1.0, repost=True)
        # coverage 20 + sources 20 + primary 20 + independence 5 = 65, halved
        assert own.score - repost.score == pytest.approx(65.0 * (1 - REPOST_FACTOR))
        coverage = next(s for s in repost.signals if s.id == "coverage")
        assert "re-posts another outlet's report" in coverage.detail

    def test_components_not_judged_count_at_their_imputed_value(self):
        report = sourced_report(0.5, judged=False)
        assert report.score == pytest.approx(0.5 * 90.0)  # the cue weights add up to 90
        assert all(not s.applicable for s in report.signals if s.id in COMPONENT_IDS)

    def test_overflow_below_0_scales_the_negative_side(self):
        unreliable = DomainRating("bad.example", 0.0, "unreliable", sources=("a", "b"))
        report = sourced_report(1 - 1e-9, (Signal("publisher", "P", "unreliable", -12.0),), value=0.0,
                                publisher=unreliable)  # 0 - 10 - 10 -> 0
        assert report.score == pytest.approx(0.0) and impacts_sum(report) == pytest.approx(0.0)
        assert all("reduced so the score stays between 0 and 100" in s.detail
                   for s in report.signals if s.impact < 0)

    def test_unjudged_text_moves_nothing(self):
        report = sourced_report(None, value=0.5)
        assert report.probability_unreliable is None
        assert report.signals[0].value is None and report.signals[0].impact == 0.0
        assert report.score == pytest.approx(45.0)

    def test_weights_must_be_non_negative(self, tmp_path):
        (tmp_path / "weights.json").write_text(json.dumps({"version": "x", "weights": {"coverage.share": -1}}))
        with pytest.raises(ValueError, match="non-negative"):
            SourcingModel.load(tmp_path)

    def test_committed_weights_cover_every_input_and_are_monotone(self):
        from scorer.resources import load_resources

        model = load_resources().sourcing
        assert set(model.weights) == set(INPUTS) and all(w >= 0 for w in model.weights.values())
        assert model.weights["text_model"] <= 15.0 and model.weights["publisher"] <= 10.0

class TestTextModelSignal:
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
        assert text_signal.value is None and text_signal.impact == 0.0 and not text_signal.applicable
        assert report.probability_unreliable is None and report.score is None

    @needs_seed
    def test_seed_lands_low_with_each_finding_visible(self, seed_html):
        report = score_html(seed_html)
        assert report.label == "low" and report.score < 30
        by_id = {s.id: s for s in report.signals}
        for finding in ("byline", "republication", "recirculation", "ads_in_body"):
            assert by_id[finding].effect == "lowers" and by_id[finding].evidence
        assert by_id["accountability"].value == 0.0 and by_id["accountability"].impact == 0.0
        assert by_id[TEXT_MODEL_SIGNAL].evidence
        assert impacts_sum(report) == pytest.approx(report.score)

    @needs_seed
    def test_well_sourced_page_scores_40_points_above_the_seed(self, seed_html):
        seed = score_html(seed_html)
        good = score_html(fixture_bytes("well_sourced.html"))
        assert good.score - seed.score >= 40, (seed.score, good.score)

    @needs_seed
    def test_well_sourced_page_lands_two_tiers_higher(self, seed_html):
        seed = score_html(seed_html)
        good = score_html(fixture_bytes("well_sourced.html"))
        assert tier_index(seed.label) - tier_index(good.label) >= 2, (seed.score, good.score)
        assert impacts_sum(good) == pytest.approx(good.score)
