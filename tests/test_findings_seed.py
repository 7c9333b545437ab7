"""The seed page's four findings (../shared/fixtures/seed-article.expected.md), each with its evidence."""
from __future__ import annotations

import pytest
from conftest import fixture_bytes, needs_seed

from scorer import score_html


@pytest.fixture(scope="module")
def seed(seed_html):
    return score_html(seed_html)


def signal(report, signal_id):
    return next(s for s in report.signals if s.id == signal_id)


@needs_seed
class TestSeed:
    def test_findings_object(self, seed):
        findings = seed.to_dict()["findings"]
        assert findings["language"] == "en" and findings["page_type"] == "news_article"
        assert findings["byline"] == {"kind": "generic", "names": ["Admin"]}
        assert findings["republication"]["republished"] and findings["republication"]["original"] == "ansabrasil.com.br"
        assert findings["republication"]["evidence"] == "Source link"
        assert {"heading": "Check Also", "verdict": "bait"} in findings["recirculation"]["boxes"]
        # Three slots sit in the article container; the guideline counts the ones between paragraphs.
        assert findings["recirculation"]["bait_box"] and findings["ads_in_body"] == 1

    def test_each_finding_is_a_signal_with_evidence(self, seed):
        assert signal(seed, "byline").effect == "lowers" and signal(seed, "byline").evidence[0].text == "Admin"
        republished = signal(seed, "republication")
        assert republished.effect == "lowers" and "ansabrasil.com.br" in republished.evidence[0].text
        bait = signal(seed, "recirculation")
        assert bait.effect == "lowers" and any(e.text.startswith("Parents forbid baby") and "Check Also" in e.locator
                                       for e in bait.evidence)
        ads = signal(seed, "ads_in_body")
        assert ads.effect == "lowers" and len(ads.evidence) == 1 and "between the article's paragraphs" in ads.evidence[0].text

    def test_scores_low_and_well_below_the_well_sourced_page(self, seed):
        good = score_html(fixture_bytes("well_sourced.html"))
        assert seed.label == "low" and seed.score < 30 and good.score - seed.score >= 40

    def test_details_are_plain_sentences(self, seed):
        for signal_id in ("byline", "republication", "recirculation", "ads_in_body"):
            detail = signal(seed, signal_id).detail
            assert detail.endswith(".") and not any(mark in detail for mark in ("div", "#", "{", "log-odds", "->"))
