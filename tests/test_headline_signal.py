"""The headline_bait signal: thresholds, evidence, applicability, and the real model through the pipeline."""
from __future__ import annotations

import json

import pytest

from conftest import make_page
from scorer import score_text
from scorer.scoring.points import POINTS
from scorer.signals import SIGNALS, headline
from scorer.types import Analysis


def signal_of(report, signal_id="headline_bait"):
    return next(s for s in report.signals if s.id == signal_id)


@pytest.mark.parametrize("probability, kind", [(0.97, "clickbait"), (0.8, "clickbait"), (0.79, "leaning"),
                                               (0.5, "leaning"), (0.49, "plain"), (0.0, "plain")])
def test_category_and_points(probability, kind):
    title = "Some headline of the page"
    signal = headline.compute(Analysis(page=make_page(title=title), headline_bait=probability))
    assert signal.id == "headline_bait" and signal.applicable
    assert signal.impact == POINTS["headline_bait"][kind]
    assert signal.value == round(probability, 3)
    assert signal.evidence[0].text == title and signal.evidence[0].locator == "headline"
    assert json.loads(json.dumps(signal.to_dict()))["value"] == signal.value


def test_bait_lowers_the_score_and_plain_does_not():
    assert POINTS["headline_bait"]["clickbait"] < POINTS["headline_bait"]["leaning"] < 0
    assert POINTS["headline_bait"]["plain"] == 0


@pytest.mark.parametrize("title, probability", [("", 0.9), ("   ", 0.9), ("A real headline", None)])
def test_not_applicable_without_headline_or_score(title, probability):
    signal = headline.compute(Analysis(page=make_page(title=title), headline_bait=probability))
    assert not signal.applicable and signal.impact == 0.0 and not signal.evidence


def test_registered_before_recirculation():
    order = [f.__module__ for _, f in SIGNALS]
    assert order.index("scorer.signals.headline") < order.index("scorer.signals.recirculation")


BODY = "The ministry said on Monday that the talks would resume next week in Istanbul. " * 8


class TestWithTheModel:
    def test_clickbait_headline(self):
        # The report may zero the impact (scoring counts headline bait inside the text model); the
        # signal still reports the probability, its category and the headline as evidence.
        report = score_text(BODY, title="You won't believe what this actress looks like now")
        signal = signal_of(report)
        assert signal.value >= headline.CLICKBAIT_P and "reads as clickbait" in signal.detail
        assert signal.evidence[0].text == "You won't believe what this actress looks like now"

    @pytest.mark.parametrize("title", ["Russia says grain corridor talks to resume in Istanbul",
                                       "North Korea recognizes Donetsk and Lugansk; Kiev cuts ties"])
    def test_wire_headline(self, title):
        signal = signal_of(score_text(BODY, title=title))
        assert signal.value < 0.1 and signal.impact == 0 and "plain news headline" in signal.detail

    def test_content_farm_teaser_as_headline(self):
        signal = signal_of(score_text(BODY, title="This one trick cuts your power bill in half"))
        assert signal.value >= headline.CLICKBAIT_P

    def test_no_title(self):
        assert not signal_of(score_text(BODY)).applicable

    @pytest.mark.parametrize("title", ["?!?!", "x" * 100_000, "Zeile mit Ümlauten – „Zitat“", "\x00\x07 bell",
                                       "<b>Markup</b> & entities &amp;"],
                             ids=["punctuation", "huge", "german", "control", "markup"])
    def test_odd_titles_score_sanely(self, title):
        signal = signal_of(score_text(BODY, title=title))
        assert signal.applicable and 0.0 <= signal.value <= 1.0
