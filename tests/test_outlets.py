"""Cited outlets: gazetteer matching, citing contexts, attributions, ratings."""

import pytest

from conftest import SHARED
from scorer.analysis.outlets import ALIAS_PATTERN, OUTLETS, find_mentions, find_outlets
from scorer.analysis.ratings import RatingsTable, site_key
from scorer.types import Attribution, Span

SEED_TEXT = SHARED / "seed" / "article.txt"


@pytest.fixture(scope="module")
def ratings() -> RatingsTable:
    return RatingsTable.load()


def names(text, ratings, attributions=()):
    return [o.name for o in find_outlets(text, attributions, ratings)]


@pytest.fixture(scope="module")
def outlets(ratings):
    """The seed article's cited outlets, by name."""
    if not SEED_TEXT.exists():
        pytest.skip(f"the seed article is absent: {SEED_TEXT}")
    return {o.name: o for o in find_outlets(SEED_TEXT.read_text(encoding="utf-8"), (), ratings)}


@pytest.mark.skipif(not SEED_TEXT.exists(), reason=f"the seed article is absent: {SEED_TEXT}")
class TestSeed:
    def test_tass_is_cited_twice_and_rated(self, outlets, ratings):
        tass = outlets["TASS"]
        assert tass.domain == "tass.com"
        assert tass.rating.rating == ratings.rate("tass.com").rating is not None
        assert tass.rating.label == "unreliable"
        assert len(tass.mentions) == 2  # "news agency Tass reported", "according to the Tass news agency"

    def test_unian_is_listed_with_its_rating_or_null(self, outlets, ratings):
        unian = outlets["UNIAN"]
        assert unian.rating.rating == ratings.rate(unian.domain).rating  # null: no shared data set rates it
        assert [m.locator for m in unian.mentions] == ["main_text:cue: released by"]

    def test_photo_credit_is_not_a_citation(self, outlets):
        assert "ANSA" not in outlets  # "Photo: ANSA / Ansa – Brazil" credits a picture, not a claim

    def test_offsets_index_the_text(self, outlets):
        text = SEED_TEXT.read_text(encoding="utf-8")
        for outlet in outlets.values():
            for mention in outlet.mentions:
                assert text[mention.start:mention.end] in ("Tass", "Unian")
                assert text[mention.start:mention.end] in mention.text


class TestContexts:
    @pytest.mark.parametrize("text, expected", [
        ("LONDON (Reuters) - Oil prices rose on Monday.", "Reuters"),
        ("MOSCOW, July 13. /TASS/. The ministry said it would respond.", "TASS"),
        ("The ministry denied the claim.\n— AP", "Associated Press"),
        ("The figures were confirmed, according to Agence France-Presse.", "Agence France-Presse"),
        ("The ministry, citing the state-run news agency Xinhua, said trade grew.", "Xinhua"),
        ("Russian news agency Tass reported the decision.", "TASS"),
        ("The Unian agency, citing a statement, said the talks failed.", "UNIAN"),
        ("An official told the BBC that talks had stalled.", "BBC"),
        ("RIA Novosti quoted a source as saying the plan was dropped.", "RIA Novosti"),
        ("CNN's Jake Tapper reported the exchange.", "CNN"),
        ("The Kremlin-funded RT said the report was false.", "RT"),
        ("dpa reported that the strike had ended.", "dpa"),
        ("The deal was first reported by the New York Times.", "The New York Times"),
        ("ITAR-TASS reported the launch.", "TASS"),
        ("Interfax-Ukraine reported shelling overnight.", "Interfax-Ukraine"),
        ("Cases rose in 2018, reports Reuters. Officials disagreed.", "Reuters"),
        ("The risk is low,” writes the Associated Press.", "Associated Press"),
        ("The email was reviewed by Reuters.", "Reuters"),
        ("Hong Kong (CNN Business) A muddled view of trade talks.", "CNN"),
        ("(Reporting by Will Dunham)\n© Reuters", "Reuters"),
        ("It’s Complicated [ Bloomberg ]", "Bloomberg"),
        ("The migrants were detained. PTI", "Press Trust of India"),
    ], ids=lambda v: v[:30] if isinstance(v, str) else v)
    def test_citing_contexts(self, ratings, text, expected):
        assert names(text, ratings) == [expected]

    @pytest.mark.parametrize("text", [
        "He was rapt; the art of RTX cards and RT-PCR tests, APPLE and CAPTAIN tickers.",
        "He appeared on CNN last night and later visited Reuters Square.",
        "Michael Bloomberg said he would not run again.",
        "The Sputnik V vaccine was approved in 40 countries.",
        "Photo: ANSA / Ansa – Brazil",
        "Reuters is a news agency headquartered in London.",
        "The Guardian Council vetoed the bill, the speaker said.",
        "He said CNN was biased against him.",
        "The views expressed do not necessarily reflect those of Sputnik.",
        "Catch up on the campaign with AP experts on our podcast.",
        "",
    ], ids=lambda v: v[:30])
    def test_names_outside_citing_contexts_or_inside_words_are_ignored(self, ratings, text):
        assert names(text, ratings) == []

    def test_acronyms_are_case_sensitive_whole_words(self):
        found = [m.group() for m in ALIAS_PATTERN.finditer("rapt art RTX RT-PCR AP-NORC APPLE Rt ap cnn")]
        assert found == []

    def test_longest_name_wins(self, ratings):
        outlets = find_outlets("according to the Xinhua News Agency.", (), ratings)
        assert [o.name for o in outlets] == ["Xinhua"]
        mention = outlets[0].mentions[0]
        assert "according to the Xinhua News Agency."[mention.start:mention.end] == "Xinhua News Agency"

    def test_mentions_group_by_outlet_in_order_of_first_mention(self, ratings):
        text = "Reuters reported the vote. AP said turnout was low. Reuters said results were due on Monday."
        outlets = find_outlets(text, (), ratings)
        assert [o.name for o in outlets] == ["Reuters", "Associated Press"]
        assert [text[m.start:m.end] for m in outlets[0].mentions] == ["Reuters", "Reuters"]


class TestAttributions:
    TEXT = "For Reuters, the outcome is settled. Officials spoke through Ukrinform on the matter."

    def _span(self, word):
        start = self.TEXT.index(word)
        return Span(start, start + len(word), word)

    def test_attribution_source_counts_without_a_cue(self, ratings):
        assert names(self.TEXT, ratings) == []
        attribution = Attribution(source=self._span("Reuters"), cue=self._span("For"),
                                  content=self._span("the outcome is settled"))
        outlets = find_outlets(self.TEXT, (attribution,), ratings)
        assert [o.name for o in outlets] == ["Reuters"]
        assert outlets[0].mentions[0].locator == "main_text:attribution source"

    def test_attribution_via_counts(self, ratings):
        attribution = Attribution(source=self._span("Officials"), cue=self._span("spoke"),
                                  content=self._span("on the matter"), via=(self._span("Ukrinform"),))
        outlets = find_outlets(self.TEXT, (attribution,), ratings)
        assert [(o.name, o.mentions[0].locator) for o in outlets] == [("Ukrinform", "main_text:attribution via")]


class TestRatings:
    def test_state_media_flag_comes_from_the_data(self, ratings):
        (rt,) = find_outlets("RT reported the strike.", (), ratings)
        assert rt.domain == "rt.com" and rt.rating.state_media is ratings.rate("rt.com").state_media is True

    def test_to_dict_shape(self, ratings):
        (outlet,) = find_outlets("according to Reuters.", (), ratings)
        out = outlet.to_dict()
        assert out["name"] == "Reuters" and out["domain"] == "reuters.com"
        assert out["rating"] == ratings.rate("reuters.com").rating and out["label"] == "reliable"
        assert out["cited"][0]["start"] == len("according to ")


class TestGazetteer:
    def test_size(self):
        assert len(OUTLETS) >= 80

    @pytest.mark.parametrize("outlet", OUTLETS, ids=lambda o: o.name)
    def test_domain_is_a_site_key(self, outlet):
        assert site_key(outlet.domain) is not None

    def test_names_are_unique(self):
        assert len({o.name for o in OUTLETS}) == len(OUTLETS)

    def test_most_outlets_are_rated(self, ratings):
        rated = [o for o in OUTLETS if ratings.rate(o.domain).rating is not None]
        assert len(rated) / len(OUTLETS) > 0.75


class TestBadInput:
    @pytest.mark.parametrize("bad", [None, 42, b"Reuters reported"], ids=repr)
    def test_wrong_type(self, ratings, bad):
        with pytest.raises(TypeError):
            find_outlets(bad, (), ratings)

    def test_huge_hostile_text(self, ratings):
        text = ("according to " * 20000) + ("AP" * 50000) + " (" * 10000 + "\x00" * 1000
        assert find_outlets(text, (), ratings) == ()

    def test_name_at_text_edges(self, ratings):
        assert names("Reuters", ratings) == ["Reuters"]  # a bare credit line
        assert names("The talks ended.\n(AFP)\n", ratings) == ["Agence France-Presse"]
        assert names("according to Reuters", ratings) == ["Reuters"]

    def test_find_mentions_without_attributions(self):
        assert [m.outlet.name for m in find_mentions("Kyodo News reported the quake.")] == ["Kyodo"]


@pytest.mark.skipif(not SEED_TEXT.exists(), reason=f"the seed article is absent: {SEED_TEXT}")
def test_with_the_attribution_extractor_on_the_seed(ratings):
    """With real attributions, the outlets found on text alone are still found (and maybe more)."""
    attribution = pytest.importorskip("scorer.attribution")
    if not hasattr(attribution, "extract_attributions"):
        pytest.skip("scorer.attribution has no extract_attributions yet")
    text = SEED_TEXT.read_text(encoding="utf-8")
    with_attributions = find_outlets(text, attribution.extract_attributions(text), ratings)
    alone = find_outlets(text, (), ratings)
    assert {o.name for o in alone} <= {o.name for o in with_attributions}
    assert "TASS" in {o.name for o in with_attributions}


def test_the_first_letter_lookahead_changes_no_match():
    import re

    from scorer.analysis.outlets import ALIAS_PATTERN, OUTLET_BY_ALIAS

    plain = re.compile(r"(?<![\w\-])(?:" + "|".join(
        re.escape(a) for a in sorted(OUTLET_BY_ALIAS, key=len, reverse=True)) + r")(?![\w\-])")
    text = " ".join(f"x {alias}, non-{alias} {alias}s ({alias.lower()})" for alias in OUTLET_BY_ALIAS)
    spans = [m.span() for m in ALIAS_PATTERN.finditer(text)]
    assert spans and spans == [m.span() for m in plain.finditer(text)]
