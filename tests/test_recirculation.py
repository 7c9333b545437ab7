"""Recirculation judged by relatedness and bait: unit tests on hand-built pages, our own fixtures
(an on-topic news box, a content-farm "You may also like" box) and the seed page."""
from __future__ import annotations

import json

import pytest
from conftest import Block, BlockKind, Link, fixture_bytes, make_page, needs_seed

from scorer import score_html
from scorer.analysis.clickbait import TermWeights, load_term_weights
from scorer.analysis.teasers import cosine, page_teasers, teasers, topic_vector
from scorer.findings.recirculation import find as find_boxes
from scorer.findings.recirculation import sensational_cue
from scorer.page.parse import parse_html
from scorer.pipeline import analyze
from scorer.resources import load_resources
from scorer.scoring.points import POINTS
from scorer.signals import recirculation
from scorer.types import Analysis

RHINE_TEXT = (
    "The water level of the Rhine at Kaub fell to 40cm on Friday, close to the record low. Barges on the Rhine "
    "carry a third of their usual loads. Shipping costs for coal and fuel barges have risen fivefold. "
    "The German economy ministry may give coal shipments priority on the railways if the Rhine becomes impassable."
)


def box(heading: str, *titles: str, locator: str = "div.box") -> Block:
    links = tuple(Link(f"https://site.example/{i}", t) for i, t in enumerate(titles))
    return Block(BlockKind.RECIRCULATION, heading, " ".join(titles), links, locator=locator)


def rhine_page(*blocks: Block):
    return make_page((RHINE_TEXT,), title="Rhine water level falls at Kaub, threatening barge shipments",
                     blocks=blocks)


def analysis_with_model(page) -> Analysis:
    return analyze(page, load_resources())


@pytest.fixture(scope="module")
def weights() -> TermWeights:
    return load_term_weights()


class TestRelatedness:
    def test_vectors_are_unit_length_and_cosine_bounded(self, weights):
        a = topic_vector(RHINE_TEXT, weights)
        assert abs(sum(v * v for v in a.values()) - 1) < 1e-9
        assert abs(cosine(a, a) - 1) < 1e-9
        assert cosine(a, topic_vector("Celebrity couple spotted in secret island hideaway", weights)) == 0

    def test_names_weigh_more_than_common_verbs(self, weights):
        # The reason for learned IDF: "cuts" must not tie a power-bill teaser to "Kiev cuts ties".
        assert weights.weight("cut") < weights.weight("russia") < weights.weight("donets")
        assert weights.weight("power") < weights.weight("istanb")

    def test_threshold_is_calibrated(self, weights):
        assert 0 < weights.related_threshold < 0.2

    @pytest.mark.parametrize("text", ["", "   ", "the and of", "?!", "12345", "x" * 100_000])
    def test_degenerate_texts(self, weights, text):
        vector = topic_vector(text, weights)
        assert cosine(vector, topic_vector(RHINE_TEXT, weights)) >= 0

    def test_menu_entries_are_not_teasers(self):
        block = box("Sections", "Home", "World news", "Barge operators cut loads as low Rhine water raises costs")
        assert teasers(block) == ["Barge operators cut loads as low Rhine water raises costs"]
        assert page_teasers(rhine_page(block)) == teasers(block)

    @pytest.mark.parametrize("text, kind", [
        ("Parents forbid baby to receive blood from people vaccinated against Covid", "health scare"),
        ("Grandmother's kitchen remedy cures arthritis in a week", "miracle cure"),
        ("Celebrity couple spotted in secret island hideaway", "celebrity"),
        ("You won't believe what happened next", "shock"),
        ("Rail strikes to go ahead after talks with unions collapse", None),
    ])
    def test_sensational_cues(self, text, kind):
        assert sensational_cue(text) == kind


class TestHandBuiltPages:
    def test_on_topic_box_is_credited(self):
        page = rhine_page(box("Related coverage", "Barge operators cut loads as low Rhine water raises freight costs",
                              "Kaub gauge: why the Rhine water level decides what barges can carry"))
        signal = recirculation.compute(analysis_with_model(page))
        assert signal.value["category"] == "related" and signal.impact == POINTS["recirculation"]["related"] > 0
        assert all("Related coverage" in e.locator for e in signal.evidence)

    def test_bait_box_is_penalised_and_named(self):
        page = rhine_page(box("You may also like", "Doctors stunned: this kitchen spice melts belly fat",
                              "You won't believe what this 90s child star looks like now",
                              locator="div.post-related"))
        signal = recirculation.compute(analysis_with_model(page))
        assert signal.value["category"] == "bait" and signal.impact < 0
        assert [e.text for e in signal.evidence] == [link.text for link in page.blocks[0].links]
        assert all(e.locator == "block:recirculation 'You may also like' (div.post-related)" for e in signal.evidence)

    def test_on_topic_box_is_not_outweighed_by_a_plain_latest_list(self):
        page = rhine_page(
            box("Related", "Barge operators cut loads as low Rhine water raises freight costs"),
            box("Latest", "Parliament approves budget after weeks of negotiations",
                "Court upholds conviction of former mayor in bribery case",
                "Chile votes on new constitution in referendum"))
        signal = recirculation.compute(analysis_with_model(page))
        assert signal.value["category"] == "related" and signal.impact > 0
        assert [b["verdict"] for b in signal.value["boxes"]] == ["related", "unrelated"]

    def test_plain_unrelated_box_is_not_bait(self):
        page = rhine_page(box("Latest", "Parliament approves budget after weeks of negotiations",
                              "Chile votes on new constitution in referendum"))
        signal = recirculation.compute(analysis_with_model(page))
        assert signal.value["category"] == "unrelated"
        assert signal.impact == POINTS["recirculation"]["unrelated"]

    def test_one_bait_item_in_a_big_plain_box_does_not_make_a_bait_box(self):
        page = rhine_page(box("Most read", "Celebrity couple spotted in secret island hideaway",
                              "Parliament approves budget after weeks of negotiations",
                              "Chile votes on new constitution in referendum",
                              "Court upholds conviction of former mayor in bribery case"))
        signal = recirculation.compute(analysis_with_model(page))
        assert signal.value["category"] == "unrelated" and signal.value["unrelated_bait"] == 1

    def test_bait_needs_the_model_score_or_a_cue(self):
        teasers = ("Retirees are slashing their bills with this one odd habit",
                   "Homeowners are furious about this clever little gadget")
        page = rhine_page(box("More", *teasers))
        unscored = recirculation.compute(Analysis(page=page))  # no model run: cue lexicon only
        scored = recirculation.compute(Analysis(page=page, teaser_bait=dict.fromkeys(teasers, 0.9)))
        assert unscored.value["category"] == "unrelated" and scored.value["category"] == "bait"
        assert scored.value["boxes"][0]["teasers"][0]["bait"] == 0.9

    def test_one_teaser_on_the_model_word_alone_is_not_a_bait_box(self):
        # A "next post" link with a punchy title: the model alone on one teaser is too little.
        teaser = "Homeowners are furious about this clever little gadget"
        signal = recirculation.compute(Analysis(page=rhine_page(box("Next post", teaser)), teaser_bait={teaser: 0.95}))
        assert signal.value["category"] == "unrelated" and signal.impact == 0

    def test_no_boxes_and_text_only(self):
        assert recirculation.compute(Analysis(page=rhine_page())).value["category"] == "none"
        text_only = make_page((RHINE_TEXT,), has_html=False)
        assert not recirculation.compute(Analysis(page=text_only)).applicable

    def test_box_of_menu_entries_only_counts_as_none(self):
        signal = recirculation.compute(Analysis(page=rhine_page(box("Sections", "Home", "World"))))
        assert signal.value["category"] == "none" and signal.impact == 0

    def test_value_is_json_with_per_item_relatedness_and_bait(self):
        teaser = "Parents forbid baby to receive blood from people vaccinated against Covid"
        page = rhine_page(box("Check Also", teaser))
        data = json.loads(json.dumps(recirculation.compute(analysis_with_model(page)).to_dict()))
        (item,) = data["value"]["boxes"][0]["teasers"]
        assert set(item) == {"text", "relatedness", "bait", "sensational", "verdict"}
        assert item["verdict"] == "unrelated_bait" and item["sensational"] == "health scare"

    def test_injected_weights_decide(self):
        page = rhine_page(box("Related", "Rhine barges wait at Kaub for rain"))
        strict = TermWeights(idf={}, unseen_idf=1.0, related_threshold=0.99)
        assert not find_boxes(Analysis(page=page), weights=strict).boxes[0].teasers[0].related
        assert recirculation.compute(Analysis(page=page)).value["related"] == 1


class TestOwnFixtures:
    def test_news_site_related_box_is_not_penalised(self):
        report = score_html(fixture_bytes("recirc_news_related.html"))
        signal = next(s for s in report.signals if s.id == "recirculation")
        assert signal.value["category"] == "related" and signal.impact >= 0
        verdicts = {b["heading"]: b["verdict"] for b in signal.value["boxes"]}
        assert verdicts["More on this story"] == "related"
        assert verdicts["Most viewed"] != "bait"  # site-wide, unrelated, but not bait
        assert all(e.locator.startswith("block:recirculation 'More on this story'") for e in signal.evidence)

    def test_content_farm_you_may_also_like_box_is_penalised(self):
        report = score_html(fixture_bytes("recirc_farm_soledad.html"))
        signal = next(s for s in report.signals if s.id == "recirculation")
        assert signal.value["category"] == "bait" and signal.effect == "lowers"
        named = {e.text for e in signal.evidence if "'You may also like'" in e.locator}
        assert named == {
            "Doctors stunned: this kitchen spice melts belly fat while you sleep",
            "Teen's heart stopped hours after second vaccine dose, mother says",
            "You won't believe what this 90s child star looks like now",
            "Retirees are slashing their electricity bills with this simple trick",
        }
        # The sidebar's link back to the article itself is related, not bait.
        recent = next(b for b in signal.value["boxes"] if b["heading"] == "Recent Posts")
        own = next(t for t in recent["teasers"] if t["text"].startswith("ECB raises"))
        assert own["verdict"] == "related"

    def test_farm_scores_below_news_site(self):
        news = score_html(fixture_bytes("recirc_news_related.html"))
        farm = score_html(fixture_bytes("recirc_farm_soledad.html"))
        assert news.score - farm.score >= 20


@pytest.fixture(scope="module")
def judged(seed_html):
    analysis = analysis_with_model(parse_html(seed_html))
    return recirculation.compute(analysis), find_boxes(analysis, weights=load_term_weights()).boxes


@needs_seed
class TestSeed:
    def test_check_also_teaser_is_unrelated_bait_named_by_its_box(self, judged):
        signal, _ = judged
        assert signal.value["category"] == "bait" and signal.impact < 0
        assert any(e.text.startswith("Parents forbid baby to receive blood") and "'Check Also'" in e.locator
                   for e in signal.evidence)

    def test_grain_corridor_teaser_is_related_and_power_bill_trick_is_not(self, judged):
        _, boxes = judged
        items = {t.text: t for b in boxes for t in b.teasers}
        assert items["Russia says grain corridor talks to resume in Istanbul"].verdict == "related"
        trick = items["This one trick cuts your power bill in half"]
        assert trick.verdict == "unrelated_bait" and not trick.related

    def test_every_box_is_judged(self, judged):
        _, boxes = judged
        assert {b.heading for b in boxes} >= {"Check Also", "Related Articles", "Recent Posts"}
        assert all(b.verdict == "bait" for b in boxes)


# -- issue 21: bait boxes judged on their teasers, by whose they are, in the page's language ---------

def own_box(heading: str, *titles: str, site: str = "news.example") -> Block:
    links = tuple(Link(f"https://{site}/{i}", t, site) for i, t in enumerate(titles))
    return Block(BlockKind.RECIRCULATION, heading, " ".join(titles), links, locator="div.most-popular")


PUNCHY = ("Which Is America's Best City?", "Dan Ariely: How to Pay People", "What to Expect at Apple's Event",
          "Oracle Eyes Industry-Specific Software Buys")


def test_a_sites_own_punchy_list_is_not_bait_on_the_models_word():
    page = rhine_page(own_box("Most Popular", *PUNCHY))
    analysis = Analysis(page=page, teaser_bait=dict.fromkeys(PUNCHY[:3], 0.95) | {PUNCHY[3]: 0.01})
    assert recirculation.compute(analysis).value["category"] != "bait"


def test_the_same_list_from_an_ad_network_is_bait():
    block = own_box("Around The Web", *PUNCHY, site="contentfarm.example")
    analysis = Analysis(page=rhine_page(block), teaser_bait=dict.fromkeys(PUNCHY[:3], 0.95) | {PUNCHY[3]: 0.01})
    assert recirculation.compute(analysis).value["category"] == "bait"


def test_a_sites_own_list_with_a_sensational_lure_among_model_bait_is_bait():
    titles = ("WHO'S THE DADDY? Soap fans stunned as teacher is revealed", "Mum's speedy hack to defrost windscreens",
              "Andrew lives billionaire's life", "Council approves new budget")
    analysis = Analysis(page=rhine_page(own_box("Popular Articles", *titles)),
                        teaser_bait={titles[0]: 0.85, titles[1]: 0.9, titles[2]: 0.97, titles[3]: 0.02})
    assert recirculation.compute(analysis).value["category"] == "bait"


@pytest.mark.parametrize("text", ["Say Goodbye To Snoring, Say Hello to Sleep", "Best Flashlight Ever is Selling "
                                  "Like Crazy", "This Strategy Game will keep you up all night!"])
def test_product_lures_are_bait_even_when_they_share_words(text):
    assert sensational_cue(text) == "advertorial lure"


def test_teasers_in_another_language_are_not_judged_by_english_cues():
    titles = ("Celebrity couple spotted in secret island hideaway", "Miracle cure melts belly fat overnight")
    german = make_page((RHINE_TEXT,), title="Pegel in Kaub sinkt", blocks=(box("Mehr", *titles),), language="de")
    assert recirculation.compute(Analysis(page=german)).value["category"] != "bait"
    english = make_page((RHINE_TEXT,), title="Rhine level falls", blocks=(box("More", *titles),), language="en")
    assert recirculation.compute(Analysis(page=english)).value["category"] == "bait"
