"""scorer.language and what follows from it: detection, word counts without spaces, unsupported
languages never penalised, no cliff at the minimum length, acronyms in headlines."""
from __future__ import annotations

import pytest

from scorer import score_text
from scorer.language import SUPPORTED_LANGUAGES, detect_language, is_supported, language_name
from scorer.signals import TEXT_LEVEL_SIGNALS
from scorer.sourcing.components import LANGUAGE_COMPONENTS
from scorer.textutil import word_count

SAMPLES = {
    "en": "The city council said on Tuesday that the bridge would stay closed until the repairs are finished.",
    "de": "Der Stadtrat teilte am Dienstag mit, dass die Brücke bis zum Ende der Reparaturen gesperrt bleibt.",
    "fr": "Le conseil municipal a indiqué mardi que le pont resterait fermé jusqu'à la fin des travaux.",
    "es": "El ayuntamiento informó el martes de que el puente seguirá cerrado hasta que terminen las obras.",
    "it": "Il consiglio comunale ha fatto sapere martedì che il ponte resterà chiuso fino alla fine dei lavori.",
    "pt": "A câmara municipal informou na terça-feira que a ponte vai continuar fechada até ao fim das obras.",
    "pl": "Rada miasta poinformowała we wtorek, że most pozostanie zamknięty do czasu zakończenia remontu.",
    "nl": "De gemeenteraad liet dinsdag weten dat de brug dicht blijft tot de herstelwerkzaamheden klaar zijn.",
}
ZH = "市议会周二表示，这座桥将一直关闭，直到维修工作完成。官员说，维修费用超过了最初的预算。"


class TestDetect:
    @pytest.mark.parametrize("code", sorted(SAMPLES))
    def test_each_supported_language(self, code):
        assert detect_language(SAMPLES[code]) == code

    def test_chinese(self):
        assert detect_language(ZH) == "zh"

    @pytest.mark.parametrize("text", ["", "EU", "12 34 56", "!!!"], ids=["empty", "acronym", "digits", "marks"])
    def test_too_little_to_tell(self, text):
        assert detect_language(text) is None

    def test_wrong_type(self):
        with pytest.raises(TypeError, match="str"):
            detect_language(b"bytes")  # type: ignore[arg-type]

    def test_huge_text_is_read_in_bounded_time(self):
        assert detect_language(SAMPLES["de"] * 20000) == "de"

    def test_supported_and_names(self):
        assert set(SUPPORTED_LANGUAGES) == set(SAMPLES)
        assert is_supported(None) and is_supported("pl") and not is_supported("zh")
        assert language_name("zh") == "Chinese" and language_name("xx") == "xx"


class TestWordCount:
    def test_spaced_scripts(self):
        assert word_count("one two  three\nfour") == 4

    def test_chinese_is_not_one_word_per_sentence(self):
        # 40 Han characters: ~27 words, not the 1-2 "words" that splitting on spaces gives.
        assert 20 <= word_count(ZH) <= 35

    def test_thai(self):
        assert word_count("นายกรัฐมนตรีกล่าวว่ารัฐบาลจะสนับสนุนโรงพยาบาล") >= 8

    def test_mixed(self):
        assert word_count("Reuters 报道 said") == 2 + 1


class TestUnsupportedLanguage:
    def test_chinese_text_is_not_judged_and_not_penalised(self):
        report = score_text(ZH * 8, title="市议会：桥梁继续关闭")
        assert report.page.language == "zh"
        text_model = report.signals[0]
        assert text_model.impact == 0.0 and "Not judged in Chinese" in text_model.detail
        for signal in report.signals:
            if signal.id in TEXT_LEVEL_SIGNALS | LANGUAGE_COMPONENTS:
                assert not signal.applicable and signal.impact == 0 and "Not judged in Chinese" in signal.detail
        # No neutral midpoint: the sourcing parts that read the wording are not judged, so the score is
        # withheld with its reason (or, for this repeated sample, as too little distinct text).
        assert report.score is None and report.label in ("not_judged", "insufficient_text")

    def test_supported_language_is_judged(self):
        report = score_text(" ".join([SAMPLES["de"]] * 12))
        assert report.page.language == "de" and report.signals[0].value is not None


NEWS = ("The health minister, Anna Berg, said on Tuesday that the government would fund 40 new clinics next year. "
        "\"We have the money and the plan,\" Berg told reporters in Oslo. According to a report by the national "
        "audit office, waiting times rose by 12 percent in 2024. Professor Lars Holm of the University of Bergen, "
        "who led a study of the clinics, said the plan was sound but late. The opposition leader, Kari Dahl, said "
        "in a statement that the money was not enough, and that the clinics would open too late for many.")


class TestNoCliffs:
    def test_29_and_30_words_score_within_2_points(self):
        words = NEWS.split()
        short, enough = score_text(" ".join(words[:29])), score_text(" ".join(words[:30]))
        # Under 50 words the page findings withhold the score (insufficient_text) for both; the text
        # model's own part moves smoothly across the old 30-word threshold.
        assert short.label == enough.label == "insufficient_text" and short.score is None is enough.score
        assert abs(short.signals[0].impact - enough.signals[0].impact) <= 2.0

    def test_the_verdict_weighs_more_as_the_text_grows(self):
        words = NEWS.split()
        parts = [abs(score_text(" ".join(words[:n])).signals[0].impact) for n in (30, 45, 60, 80)]
        assert parts == sorted(parts) and parts[-1] > parts[0]

    @pytest.mark.parametrize("acronym", ["EU", "NATO", "FBI", "UNHCR"])
    def test_one_acronym_in_the_headline_moves_nothing(self, acronym):
        title = "Ministers agree to fund new clinics"
        plain = score_text(NEWS, title=title).score
        with_acronym = score_text(NEWS, title=f"{acronym} ministers agree to fund new clinics").score
        assert abs(plain - with_acronym) <= 1.0

    def test_a_shouted_headline_still_counts(self):
        from scorer.scoring.features import shouting_words
        assert shouting_words("YOU WON'T BELIEVE THIS".split()) == 4
        assert shouting_words("BREAKING news from the EU".split()) == 1
        assert shouting_words("US UK and EU agree".split()) == 0
