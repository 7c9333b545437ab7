"""The publisher signal and the cited-outlets signal, and their wiring into the pipeline."""
import pytest

from conftest import make_page, needs_seed
from scorer.pipeline import score_html, score_text
from scorer.resources import load_resources
from scorer.scoring.points import POINTS
from scorer.analysis.ratings import RatingsTable
from scorer.signals import SIGNALS
from scorer.signals import outlets as cited_outlets
from scorer.signals import publisher
from scorer.types import Analysis, CitedOutlet, DomainRating, Evidence


@pytest.fixture(scope="module")
def ratings() -> RatingsTable:
    return RatingsTable.load()


def with_publisher(rating):
    return Analysis(page=make_page(), publisher=rating)


class TestPublisherSignal:
    def test_registered(self):
        computes = [compute for _, compute in SIGNALS]
        assert publisher.compute in computes and cited_outlets.compute in computes

    def test_unreliable_site_loses_points(self, ratings):
        rating = ratings.rate("infowars.com")
        signal = publisher.compute(with_publisher(rating))
        assert signal.id == "publisher" and signal.applicable
        assert signal.value == round(rating.rating, 3)
        assert signal.impact == POINTS["publisher"]["unreliable"] < 0  # corroborated: full points
        assert signal.evidence[0].text == "infowars.com"
        assert any("OpenSources type conspiracy" in e.text for e in signal.evidence)
        assert "Lin et al. 2023" in signal.detail and "unreliable" in signal.detail
        assert "lin2023" not in signal.detail  # readers get names, not data-set ids

    def test_reliable_site_gains_points(self, ratings):
        signal = publisher.compute(with_publisher(ratings.rate("https://www.apnews.com/article/x")))
        assert signal.impact == POINTS["publisher"]["reliable"] > 0
        assert {e.locator for e in signal.evidence} >= {"publisher:domain", "ratings:lin2023", "ratings:idiap",
                                                       "ratings:baly"}

    def test_single_source_rating_weighs_half(self):
        rating = DomainRating("solo.example", 0.2, "unreliable", ("lin2023",), confidence=0.25,
                              details={"lin2023_pc1": 0.2})
        signal = publisher.compute(with_publisher(rating))
        assert signal.impact == POINTS["publisher"]["unreliable"] * POINTS["publisher"]["single_source_factor"]

    def test_state_media_is_named(self, ratings):
        assert "state media" in publisher.compute(with_publisher(ratings.rate("rt.com"))).detail

    def test_a_platform_is_no_publisher(self, ratings):
        signal = publisher.compute(with_publisher(ratings.rate("https://www.reddit.com/r/news/x")))
        assert not signal.applicable and signal.impact == 0 and "no publisher" in signal.detail

    def test_a_lone_source_says_it_counts_for_less(self, ratings):
        signal = publisher.compute(with_publisher(ratings.rate("tagesschau.de")))
        assert "one source alone" in signal.detail and "counts for less" in signal.detail
        assert abs(signal.impact) == abs(POINTS["publisher"][ratings.rate("tagesschau.de").label]
                                         * POINTS["publisher"]["single_source_factor"])

    def test_unknown_site_is_not_applicable(self, ratings):
        signal = publisher.compute(with_publisher(ratings.rate("dailyworldbrief.example")))
        assert not signal.applicable and signal.impact == 0 and signal.value is None
        assert signal.evidence[0].text == "dailyworldbrief.example"

    def test_no_domain_is_not_applicable(self):
        signal = publisher.compute(with_publisher(None))
        assert not signal.applicable and signal.impact == 0


def outlet(name, domain, rating, label, mentions=1, state_media=False):
    return CitedOutlet(name, domain, DomainRating(domain, rating, label, state_media=state_media),
                       tuple(Evidence(f"{name} reported", "main_text:cue: reported", i * 10, i * 10 + len(name))
                             for i in range(mentions)))


class TestCitedOutletsSignal:
    @pytest.mark.parametrize("outlets, value", [
        ((outlet("TASS", "tass.com", 0.3, "unreliable", 2), outlet("UNIAN", "unian.net", None, "unknown")),
         "low_rated"),
        ((outlet("TASS", "tass.com", 0.3, "unreliable", 1), outlet("Reuters", "reuters.com", 0.86, "reliable", 3)),
         "some_low_rated"),
        ((outlet("Reuters", "reuters.com", 0.86, "reliable"), outlet("AP", "apnews.com", 0.86, "reliable")),
         "reliable"),
        ((outlet("Reuters", "reuters.com", 0.86, "reliable"), outlet("Interfax", "interfax.ru", 0.51, "mixed")),
         "mixed"),
        ((outlet("UNIAN", "unian.net", None, "unknown"),), "unrated"),
        ((outlet("The Onion", "theonion.com", 0.33, "satire"),), "low_rated"),
    ], ids=["seed-like", "one-low-of-four", "reliable", "mixed", "unrated", "satire"])
    def test_classification_and_points(self, outlets, value):
        signal = cited_outlets.compute(Analysis(page=make_page(), outlets=outlets))
        assert signal.id == "cited_outlets" and signal.value == value
        assert signal.impact == POINTS["cited_outlets"][value]

    def test_evidence_is_the_low_rated_mentions(self):
        outlets = (outlet("TASS", "tass.com", 0.3, "unreliable", 2), outlet("UNIAN", "unian.net", None, "unknown"))
        signal = cited_outlets.compute(Analysis(page=make_page(), outlets=outlets))
        assert [e.locator for e in signal.evidence] == ["outlet:tass.com main_text:cue: reported"] * 2
        assert [e.start for e in signal.evidence] == [0, 10]
        assert "TASS (tass.com, rated unreliable)" in signal.detail and "UNIAN (unian.net, not rated)" in signal.detail

    def test_no_outlets_is_not_applicable(self):
        signal = cited_outlets.compute(Analysis(page=make_page()))
        assert not signal.applicable and signal.impact == 0


class TestPipeline:
    def test_report_carries_the_publisher_rating(self, ratings):
        report = score_text("Officials said the bridge would reopen. " * 20, url="https://edition.cnn.com/2024/x")
        assert report.publisher.domain == "cnn.com"
        assert report.publisher.rating == ratings.rate("cnn.com").rating
        signal = next(s for s in report.signals if s.id == "publisher")
        # In the report, the rating is a bounded input of the fitted score: its weight x (2 P - 1).
        weight = load_resources().sourcing.weights["publisher"]
        assert signal.applicable and signal.impact == pytest.approx(weight * (2 * report.publisher.rating - 1))
        assert report.to_dict()["publisher"]["domain"] == "cnn.com"

    def test_text_without_url_has_no_publisher(self):
        report = score_text("Officials said the bridge would reopen, Reuters reported. " * 10)
        assert report.publisher is None
        assert [o.name for o in report.outlets] == ["Reuters"]

    @needs_seed
    def test_seed_report_rates_its_cited_outlets(self, seed_html, ratings):
        report = score_html(seed_html, url="https://dailyworldbrief.example/2022/07/north-korea").to_dict()
        by_name = {o["name"]: o for o in report["outlets"]}
        assert by_name["TASS"]["rating"] == ratings.rate("tass.com").rating is not None
        assert by_name["UNIAN"]["rating"] == ratings.rate("unian.net").rating
        assert all(c["start"] is not None for o in report["outlets"] for c in o["cited"])
        text = report["article"]["text"]
        for cited in by_name["TASS"]["cited"]:
            assert text[cited["start"]:cited["end"]] == "Tass"
        signals = {s["id"]: s for s in report["signals"]}
        assert signals["cited_outlets"]["value"] == "low_rated"
        assert not signals["publisher"]["applicable"]  # the stand-in domain is in no data set
        assert report["publisher"]["rating"] is None and report["publisher"]["label"] == "unknown"
