"""scorer.sourcing: the six components, names a reader would list, primary material and precise references."""
from __future__ import annotations

import time

import pytest

from conftest import Link, fixture_bytes, make_page, needs_seed
from scorer import score_html, score_text
from scorer.sourcing.components import (
    COMPONENT_IDS,
    CUE_INPUTS,
    LANGUAGE_COMPONENTS,
    compute_components,
    cue_inputs,
    is_anonymous_repost,
)
from scorer.sourcing.names import distinct, is_name, reader_name
from scorer.sourcing.references import MAX_SCAN_CHARS, precise_references, primary_mentions
from scorer.types import Analysis

WELL = ("The government will fund 40 new clinics, Health Minister Anna Berg said on Tuesday. "
        "\"We have the money and we have a plan,\" Berg told reporters. "
        "According to a report by the National Audit Office published in March, waiting times rose by 12 percent. "
        "Professor Lars Holm of the University of Bergen, who led a study of rural clinics, said the plan was late. "
        "The opposition leader, Kari Dahl, said the money would not be enough.")
POOR = ("The government is hiding the truth about the clinics. Everyone knows the plan will fail. "
        "Experts say the money will vanish, and it is said that officials are worried. "
        "Many people believe the minister has no idea what she is doing. Nothing will change.")


class TestNames:
    @pytest.mark.parametrize("span, name", [
        ("Gesundheitsministerin Anna Berg am Dienstag in Berlin", "Gesundheitsministerin Anna Berg"),
        ("mardi la ministre de la Santé", "la ministre de la Santé"),
        ("Professor Lars Holm of the University of Bergen, who led a study", "Professor Lars Holm of the University of Bergen"),
        ("Michael Sims, chief executive of Ceres Robotics", "Michael Sims"),
        ("Berg nach einer Kabinettssitzung vor Journalisten", "Berg"),
    ])
    def test_a_span_is_cut_to_the_name_a_reader_would_say(self, span, name):
        assert reader_name(span) == name

    @pytest.mark.parametrize("span", ["Denis Pushilin", "the Ministry of Foreign Affairs of Ukraine", "Reuters",
                                      "tomato farmer Lana Boatwright", "Commerzbank analyst Carsten Fritsch"])
    def test_names(self, span):
        assert is_name(span)

    @pytest.mark.parametrize("span", ["There", "After", "officials", "Many of us", "a spokesperson for the ministry",
                                      "I’ve got", "spoke on Friday's", "recent Republican",
                                      "his administration sending mixed signals to", "que le plan était juste"])
    def test_not_names(self, span):
        assert not is_name(span)

    def test_the_same_person_counts_once(self):
        assert distinct(["Deval Patrick", "Patrick", "Mr. Patrick", "Beth Ruffin"]) == ["Deval Patrick", "Beth Ruffin"]


class TestReferences:
    def test_primary_material_in_german_and_its_precise_references(self):
        text = ("Laut Urteil des BGH (Az. 1 BvR 2656/18) und dem Bundesgesetzblatt BGBl. I S. 3045 hat das "
                "Statistische Bundesamt Daten vom 12.03.2024 veröffentlicht. doi 10.1038/s41586-020-2649-2")
        primary = primary_mentions(text, "de")
        assert {"Urteil", "Bundesgesetzblatt", "Daten"} <= {m.text for m in primary}
        references = {m.text for m in precise_references(text, primary)}
        assert "Az. 1 BvR 2656/18" in references and "BGBl. I S. 3045" in references
        assert "10.1038/s41586-020-2649-2" in references
        assert any(r.startswith("Daten vom 12.03.2024") for r in references)

    def test_offsets_slice_the_text(self):
        text = "The ministry said in a statement on 3 May 2024 that the study was flawed."
        for mention in (*primary_mentions(text, "en"), *precise_references(text, primary_mentions(text, "en"))):
            assert text[mention.start:mention.end] == mention.text

    def test_who_the_pronoun_is_not_the_organisation(self):
        assert "WHO" not in {m.text for m in primary_mentions("People who said so were wrong.", "en")}
        assert "WHO" in {m.text for m in primary_mentions("Data from the WHO show a rise.", "en")}

    def test_a_language_without_word_lists_finds_nothing(self):
        assert primary_mentions("报告 study report", "zh") == ()

    @pytest.mark.parametrize("text", ["", "report " * 200_000, "Az. " * 100_000, "§" * 300_000, "(" * 500_000])
    def test_hostile_and_huge_texts_are_scanned_linearly_within_the_budget(self, text):
        started = time.process_time()
        primary = primary_mentions(text, "en")
        references = precise_references(text, primary)
        assert all(m.end <= MAX_SCAN_CHARS for m in (*primary, *references))
        # A generous bound that only a quadratic scan breaks (about 0.3 s here for the largest).
        assert time.process_time() - started < 30


class TestComponents:
    def test_well_sourced_text_beats_the_poor_one_on_every_text_component(self):
        well, poor = score_text(WELL * 2, title="Clinics"), score_text(POOR * 3, title="Clinics")
        for component in LANGUAGE_COMPONENTS - {"independence"}:
            assert well.components.get(component).value > poor.components.get(component).value, component
        assert well.components.named_sources[:1] == ("Health Minister Anna Berg",)
        assert poor.components.get("source_types").count("vague") >= 1

    def test_vague_attributions_do_not_cover_claims(self):
        poor = score_text(POOR * 3, title="Clinics")
        assert poor.components.get("coverage").value == 0.0

    def test_every_component_has_its_cues_and_evidence_slices_the_text(self):
        report = score_text(WELL * 2, title="Clinics")
        assert [c.id for c in report.components.components] == list(COMPONENT_IDS)
        assert set(cue_inputs(report.components)) == set(CUE_INPUTS)
        for component in report.components.components:
            for evidence in component.evidence:
                if evidence.start is not None:  # the text, or the name inside the mention it was read from
                    assert evidence.text[:20] in report.page.text[evidence.start:evidence.end]

    def test_text_only_input_does_not_judge_markup_components(self):
        report = score_text(WELL * 2, title="Clinics")
        assert not report.components.get("accountability").judged
        assert not report.components.get("checkability").judged

    def test_links_to_other_sites_are_checkable_and_named(self):
        page = make_page(paragraphs=(WELL, "The full audit is online at the audit office."),
                         links=(Link("https://audit.example.org/report", "audit office", "example.org"),
                                Link("https://news.example/other", "our earlier story", "news.example")))
        components = compute_components(Analysis(page=page))
        check = components.get("checkability")
        assert check.count("linked_sites") == 1 and check.evidence[0].locator == "link:example.org"
        assert "example.org" in components.named_sources

    def test_unsupported_language_leaves_the_wording_components_not_judged(self):
        page = make_page(paragraphs=("市议会周二表示，桥梁将继续关闭。" * 10,), language="zh")
        components = compute_components(Analysis(page=page))
        for component in components.components:
            if component.id in LANGUAGE_COMPONENTS:
                assert not component.judged and "Not judged in Chinese" in component.detail
        assert components.get("checkability").judged  # links need no language

    def test_empty_page(self):
        components = compute_components(Analysis(page=make_page(paragraphs=())))
        assert components.get("coverage").value == 0.0 and components.named_sources == ()


@needs_seed
class TestSeed:
    def test_seed_components(self, seed_html):
        report = score_html(seed_html)
        components = report.components
        assert is_anonymous_repost(components)
        assert components.get("accountability").value == 0.0
        assert "Denis Pushilin" in components.named_sources and "UNIAN" in components.named_sources
        # The ministry's statement reached the page through Unian: secondary, not the page's own material.
        assert components.get("primary_material").value < 0.5
        assert "counted at 50%" in next(s for s in report.signals if s.id == "coverage").detail

    def test_well_sourced_fixture(self, seed_html):
        good = score_html(fixture_bytes("well_sourced.html")).components
        assert good.get("accountability").value == 1.0 and good.get("primary_material").value > 0.5
        assert len(good.named_sources) >= 4
