"""The foundation's page signals, on hand-built pages and on the fixtures."""
import pytest

from conftest import Block, BlockKind, Byline, Link, Position, fixture_bytes, make_page, needs_seed
from scorer.page.parse import parse_html
from scorer.findings.byline import classify as classify_name, find as find_byline, site_keys_of
from scorer.signals import ads, byline, republication
from scorer.types import Analysis


def analysis(**kwargs) -> Analysis:
    return Analysis(page=make_page(**kwargs))


class TestByline:
    @pytest.mark.parametrize("name, expected", [
        ("Maria Alvarez", "person"),
        ("Jean-Luc van der Berg", "person"),
        ("Admin", "generic"),
        ("admin2", "generic"),
        ("Editor", "generic"),
        ("Staff", "generic"),
        ("The Daily World Brief", "organization"),  # the site's own name: its newsroom signs
        ("Reuters Staff", "organization"),
        ("Associated Press", "organization"),
        ("jdoe", "generic"),
    ])
    def test_classify(self, name, expected):
        site_keys = site_keys_of(make_page(site_name="The Daily World Brief", url="https://dailyworldbrief.example/x",
                                           domain="dailyworldbrief.example"))
        assert classify_name(name, site_keys=site_keys) == expected

    def test_site_name_shown_as_byline_is_the_organisation(self):
        page = make_page(url="https://dailyworldbrief.example/x", domain="dailyworldbrief.example",
                         bylines=[Byline("Dailyworldbrief", "markup")])
        assert find_byline(page).kind == "organization"

    def test_author_only_in_metadata_is_no_byline(self):
        # The publisher filled in as the author in JSON-LD, not shown on the page: no byline a reader sees.
        page = make_page(url="https://dailyworldbrief.example/x", domain="dailyworldbrief.example",
                         bylines=[Byline("Dailyworldbrief", "json-ld", shown=False)])
        assert find_byline(page).kind == "none"

    def test_person_beats_generic_and_is_evidenced(self):
        signal = byline.compute(analysis(bylines=[Byline("admin", "meta"), Byline("Ana Silva", "json-ld")]))
        assert signal.value == "person" and signal.impact > 0
        assert signal.evidence[0].text == "Ana Silva" and signal.evidence[0].locator == "byline:json-ld"

    def test_generic_only_is_negative_with_evidence(self):
        signal = byline.compute(analysis(bylines=[Byline("Admin", "json-ld")]))
        assert signal.value == "generic" and signal.impact < 0
        assert signal.evidence[0].text == "Admin"

    def test_none(self):
        signal = byline.compute(analysis())
        assert signal.value == "none" and signal.impact < 0 and not signal.evidence

    def test_none_costs_nothing_on_a_blog_post(self):
        blog = analysis(url="https://example.org/blog/2024/05/my-garden",
                        paragraphs=("I planted my tomatoes in May and I watched them grow all summer long.",) * 3)
        signal = byline.compute(blog)
        assert signal.value == "none" and signal.impact == 0 and "common" in signal.detail

    def test_not_applicable_without_html(self):
        signal = byline.compute(analysis(has_html=False))
        assert not signal.applicable and signal.impact == 0


class TestAuthorBio:
    def test_empty_bio(self):
        box = Block(BlockKind.AUTHOR_BOX, "About Admin", "About Admin", locator="div.about-author")
        signal = byline.compute_bio(analysis(blocks=[box]))
        assert signal.value == "empty" and signal.impact < 0 and signal.evidence[0].text == "About Admin"

    def test_real_bio(self):
        text = "Maria Alvarez covers state government and public finance for the Ledger since 2015."
        signal = byline.compute_bio(analysis(blocks=[Block(BlockKind.AUTHOR_BOX, "", text)]))
        assert signal.value == "present" and signal.impact > 0


class TestRepublication:
    def source_line(self, text, url):
        return Block(BlockKind.SOURCE_LINE, "", text, (Link(url, text, "other.example"),), Position.INSIDE, "p")

    def test_bare_source_link_to_another_outlet(self):
        page_analysis = analysis(blocks=[self.source_line("Source link", "https://other.example/story")])
        signal = republication.compute(page_analysis)
        assert signal.value == "republished" and signal.impact < 0
        assert signal.evidence[0].text == "Source link (a link to https://other.example/story)"

    def test_photo_credit_supports_the_evidence(self):
        page_analysis = analysis(blocks=[self.source_line("Source link", "https://other.example/s")],
                                 image_credits=("Photo: ANSA / Ansa – Brazil",))
        assert [e.locator for e in republication.compute(page_analysis).evidence] == ["block:p", "figcaption"]

    def test_photo_credit_alone_is_not_republication(self):
        signal = republication.compute(analysis(image_credits=("Photo: AP",)))
        assert signal.value == "original" and signal.impact == 0

    def test_source_link_to_own_site_is_not_republication(self):
        block = Block(BlockKind.SOURCE_LINE, "", "Source link", (Link("https://news.example/x", "Source link",
                                                                         "news.example"),))
        assert republication.compute(analysis(blocks=[block])).value == "original"

    def test_honest_credit_weighs_less(self):
        credit = self.source_line("This article was originally published on The Conversation",
                                  "https://theconversation.com/x")
        bare = republication.compute(analysis(blocks=[self.source_line("Source link", "https://o.example/")]))
        honest = republication.compute(analysis(blocks=[credit]))
        assert honest.value == "credited" and bare.impact < honest.impact < 0

    def test_foreign_canonical(self):
        signal = republication.compute(analysis(canonical_url="https://www.reuters.com/markets/x"))
        assert signal.value == "republished" and "reuters.com" in signal.evidence[0].text


class TestAds:
    def test_counts_only_slots_inside_the_body(self):
        blocks = [Block(BlockKind.AD_SLOT, "", "", position=Position.INSIDE, locator="ins.adsbygoogle",
                        between_paragraphs=True)] * 2 + [
            Block(BlockKind.AD_SLOT, "", "", position=Position.ASIDE),
            Block(BlockKind.AD_SLOT, "", "", position=Position.INSIDE)]  # inside, but below the last paragraph
        signal = ads.compute(analysis(blocks=blocks))
        assert signal.value == 2 and signal.impact < 0 and len(signal.evidence) == 2

    def test_impact_is_capped(self):
        blocks = [Block(BlockKind.AD_SLOT, "", "", position=Position.INSIDE, between_paragraphs=True)] * 20
        five = ads.compute(analysis(blocks=blocks[:5]))
        twenty = ads.compute(analysis(blocks=blocks))
        assert twenty.impact == five.impact

    def test_no_ads(self):
        assert ads.compute(analysis()).impact == 0


@needs_seed
def test_seed_signals_quote_their_evidence(seed_html):
    page_analysis = Analysis(page=parse_html(seed_html))
    assert byline.compute(page_analysis).evidence[0].text == "Admin"
    assert republication.compute(page_analysis).evidence[0].text.startswith("Source link (a link to https://ansabrasil.com.br")
    assert ads.compute(page_analysis).value == 1  # of three slots in the container, one between paragraphs


def test_tagdiv_republication_via_source_box_and_canonical():
    signal = republication.compute(Analysis(page=parse_html(fixture_bytes("farm_tagdiv.html"))))
    assert signal.value == "credited"  # "SOURCE <a>Reuters</a>" names and links the original (issue 21)
    texts = " ".join(e.text for e in signal.evidence)
    assert "SOURCE Reuters" in texts


def test_the_declared_signal_ids_are_the_ids_every_report_carries(seed_html):
    from scorer import score_html, score_text
    from scorer.signals import SIGNAL_IDS

    pages = [score_html(seed_html), score_html("<html><body><p>A probe page.</p></body></html>"),
             score_text("The council said on Monday that it approved the plan. " * 10)]
    for report in pages:
        assert tuple(s.id for s in report.signals) == SIGNAL_IDS
    assert len(set(SIGNAL_IDS)) == len(SIGNAL_IDS)
