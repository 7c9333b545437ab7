"""scorer.scoring.features: the reliability model's feature vector, measured the same way for training and scoring."""
from __future__ import annotations

import math

import pytest

from conftest import make_page
from scorer.scoring.features import (FEATURE_DESCRIPTIONS, FEATURE_GROUPS, FEATURE_NAMES, LEXICONS, MIN_MEASURABLE_WORDS, Features,
                             extract_features, feature_evidence)
from scorer.page.parse import parse_text
from scorer.types import Attribution, Span

NEWS = ("The ministry said on Monday that talks with the union would resume next week, according to a statement. "
        "\"We expect an agreement,\" spokesman Oleg Nikolenko told reporters in Kyiv. The agency reported that 12 "
        "delegates had registered. Officials, who asked not to be named, said the proposal may change. "
        "The committee will publish its report on Tuesday, a spokeswoman added.")
RANT = ("SHOCKING!!! You won't believe what the crooked liberals did now! I think everyone knows the truth. "
        "Share this if you agree! The mainstream media will never tell you. This is a disgrace! Wake up, folks! "
        "What do you think? Comment below! They are idiots and liars, plain and simple! Unbelievable!")


def features_of(text: str, title: str = "A headline", **kwargs) -> dict[str, float]:
    return extract_features(parse_text(text, title=title), **kwargs).as_dict()


def span(text: str, piece: str) -> Span:
    start = text.index(piece)
    return Span(start, start + len(piece), piece)


class TestContract:
    def test_names_are_unique_grouped_and_described(self):
        assert len(set(FEATURE_NAMES)) == len(FEATURE_NAMES)
        assert [n for group in FEATURE_GROUPS.values() for n in group] == list(FEATURE_NAMES)
        assert set(FEATURE_DESCRIPTIONS) == set(FEATURE_NAMES)

    def test_no_feature_names_the_publisher(self):
        # the article's own publisher, domain or rating must never be an input (it is its own signal)
        assert not [n for n in FEATURE_NAMES if any(w in n for w in ("domain", "publisher", "site", "rating", "url"))]

    def test_vector_is_aligned_and_named(self):
        features = extract_features(parse_text(NEWS, title="Talks to resume"))
        assert isinstance(features, Features) and len(features.values) == len(FEATURE_NAMES)
        assert features["log_words"] == features.values[FEATURE_NAMES.index("log_words")]
        assert list(features.as_dict()) == list(FEATURE_NAMES)

    def test_features_refuse_a_wrong_length(self):
        with pytest.raises(ValueError):
            Features((1.0, 2.0))

    def test_pure_same_input_same_output(self):
        page = parse_text(NEWS, title="Talks")
        first, second = extract_features(page, (), 0.2), extract_features(page, (), 0.2)
        assert [repr(v) for v in first.values] == [repr(v) for v in second.values]

    def test_url_does_not_change_the_features(self):
        a = extract_features(parse_text(NEWS, title="T", url="https://www.reuters.com/x"))
        b = extract_features(parse_text(NEWS, title="T", url="https://infowars.com/y"))
        assert [repr(v) for v in a.values] == [repr(v) for v in b.values]


class TestMeasures:
    def test_news_and_rant_differ_where_they_should(self):
        news, rant = features_of(NEWS), features_of(RANT)
        assert rant["exclamation_rate"] > 0.5 > news["exclamation_rate"] == 0.0
        assert rant["all_caps_share"] > 0 == news["all_caps_share"]
        assert rant["second_person_rate"] > news["second_person_rate"]
        assert rant["call_to_reader_rate"] > 0 == news["call_to_reader_rate"]
        assert rant["insult_rate"] > 0 and rant["partisan_rate"] > 0 and rant["booster_rate"] > 0
        assert news["reporting_rate"] > rant["reporting_rate"]
        assert news["time_peg_rate"] > 0 == rant["time_peg_rate"]
        assert news["anonymous_cue_rate"] > 0 and news["hedge_rate"] > 0
        assert news["quotes_per_100_words"] > 0 and news["quote_share"] > 0
        assert rant["repeated_punctuation_rate"] > 0

    def test_phrases_count_once_as_whole_words(self):
        # "according to" is one reporting cue; "sayings" is not "say"; "Shockingly" is not "shocking"
        f = features_of("According to the report, sayings and Shockingly long words are here. " * 6)
        assert f["reporting_rate"] == pytest.approx(1.0)
        assert f["sensational_rate"] == 0.0

    def test_rates_are_per_sentence_and_per_word(self):
        text = "I said it. " * 20  # 20 sentences, 60 words
        f = features_of(text)
        assert f["first_singular_rate"] == pytest.approx(20 / 60)
        assert f["reporting_rate"] == pytest.approx(1.0)
        assert f["mean_sentence_words"] == pytest.approx(3.0)
        assert f["log_words"] == pytest.approx(math.log1p(60))

    def test_short_text_is_not_measurable(self):
        features = extract_features(parse_text("Too short to judge anything.", title="Short"))
        assert not features.measurable
        assert math.isnan(features["exclamation_rate"]) and math.isnan(features["attributed_sentence_share"])
        assert features["log_words"] == pytest.approx(math.log1p(5))
        assert extract_features(parse_text(" ".join(["word"] * MIN_MEASURABLE_WORDS) + ".")).measurable

    def test_headline_features(self):
        f = features_of(NEWS, title="YOU WON'T BELIEVE THIS!!", headline_bait=0.93)
        assert f["headline_bait"] == pytest.approx(0.93)
        assert f["title_caps_share"] > 0.5 and f["title_punctuation"] == 2
        g = features_of(NEWS, title="")
        assert math.isnan(g["headline_bait"]) and math.isnan(g["title_caps_share"])

    def test_attribution_measures(self):
        page = parse_text(NEWS, title="Talks")
        text = page.text
        attributions = (
            Attribution(span(text, "The ministry"), span(text, "said"), span(text, "talks with the union"),
                        "government_body"),
            Attribution(span(text, "spokesman Oleg Nikolenko"), span(text, "told"),
                        span(text, "\"We expect an agreement,\""), "official", direct_quote=True),
            Attribution(span(text, "The agency"), span(text, "reported"), span(text, "12 delegates"), "news_agency",
                        via=(span(text, "The ministry"),)),
            Attribution(span(text, "Officials"), span(text, "said the"), span(text, "the proposal may change"),
                        "anonymous"),
        )
        f = extract_features(page, attributions).as_dict()
        assert f["identified_source_share"] == pytest.approx(3 / 4)
        assert f["anonymous_source_share"] == pytest.approx(1 / 4)
        assert f["direct_quote_share"] == pytest.approx(1 / 4)
        assert f["relayed_share"] == pytest.approx(1 / 4)
        assert f["distinct_sources_log"] == pytest.approx(math.log1p(4))
        assert f["top_source_share"] == pytest.approx(2 / 4)  # the ministry directly and as the agency's channel
        assert 0 < f["attributed_sentence_share"] <= 1
        none = extract_features(page, ()).as_dict()
        assert none["attributed_sentence_share"] == 0 and math.isnan(none["identified_source_share"])


class TestBadInput:
    def test_wrong_page_type(self):
        with pytest.raises(TypeError):
            extract_features("just a string")  # type: ignore[arg-type]

    @pytest.mark.parametrize("bait", [1.5, -0.1, "0.5", float("nan")])
    def test_headline_bait_must_be_a_probability(self, bait):
        with pytest.raises(ValueError):
            extract_features(parse_text(NEWS), (), bait)

    def test_empty_paragraphs(self):
        features = extract_features(make_page(paragraphs=()))
        assert not features.measurable and features["log_words"] == 0.0

    @pytest.mark.parametrize("text", [
        "!!!??? ... ——— “” \"\" '' " * 50,  # punctuation only
        "ÆØÅ ẞ İstanbul ǅ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👍🏽 " * 40,  # odd scripts and case mappings
        "\u202eevil\u202c \u200b\u200b zero width " * 40,  # bidi and zero-width controls
        ("word " * 200_000).strip() + ".",  # huge: 200k words in one sentence
    ], ids=["punctuation", "unicode", "controls", "huge"])
    def test_hostile_text_gives_finite_or_missing_values(self, text):
        features = extract_features(parse_text(text, title="t"))
        assert all(math.isnan(v) or math.isfinite(v) for v in features.values)


class TestEvidence:
    def test_passages_slice_the_text(self):
        page = parse_text(RANT, title="t")
        found = feature_evidence(page, "call_to_reader_rate")
        assert found and all(page.text[e.start:e.end].lower() in LEXICONS["call_to_reader_rate"] or
                             " ".join(page.text[e.start:e.end].lower().split()) in LEXICONS["call_to_reader_rate"]
                             for e in found)
        assert feature_evidence(page, "exclamation_rate", limit=2)[0].locator == "main_text:exclamation_rate"
        assert len(feature_evidence(page, "exclamation_rate", limit=2)) == 2

    def test_whole_text_features_have_no_passages(self):
        assert feature_evidence(parse_text(NEWS), "log_words") == ()
        assert feature_evidence(parse_text(NEWS), "no_such_feature") == ()


def test_patterns_behind_a_first_character_lookahead_match_as_without_it():
    import re

    from scorer.scoring import features

    text = ("SHOCKING!! Pence said on Monday... “It is fine,” said Sen. John Thune. 42 people, 3rd time; "
            "NATO and the UN? According to Reuters Staff the BBC wrote ... x2 A1 \n\nNew paragraph!? "
            "'Quoted.' (Aside.) [Bracket.] ÉCOLE Über 7e according to Jane Doe said told Fox Business …")
    for name in ("_NAMED_ATTRIBUTION", "_SENTENCE_END", "_CAPITALISED", "_NUMBER", "_ALL_CAPS",
                 "_REPEATED_PUNCTUATION"):
        fast = getattr(features, name)
        plain = re.compile(fast.pattern[fast.pattern.index("(?:") + 3:-1])
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)], name
        assert fast.split(text) == plain.split(text), name
