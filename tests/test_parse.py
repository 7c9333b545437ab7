"""The parse stage: main text without furniture, metadata, and furniture classified by kind."""
import gzip

import pytest

from conftest import fixture_bytes, needs_seed
from scorer.config import Settings
from scorer.errors import EmptyInputError, InputError, InputTooLargeError, NotHtmlError, PageTooComplexError
from scorer.page.parse import parse_html, parse_text
from scorer.types import BlockKind, Position

SEED_EXCLUDED = ["Check Also", "Parents forbid baby", "Leave a Reply", "About Admin", "Source link",
                 "Related Articles", "Recent Posts", "Breaking News", "Your email address"]


@pytest.fixture(scope="module")
def seed_page(seed_html):
    return parse_html(seed_html)


@needs_seed
class TestSeedPage:
    def test_main_text_is_the_nine_paragraphs(self, seed_page):
        paragraphs = seed_page.paragraphs
        assert len(paragraphs) == 9
        assert paragraphs[0].startswith("North Korea on Wednesday recognized")
        assert paragraphs[-1].endswith("the note concludes.")

    @pytest.mark.parametrize("phrase", SEED_EXCLUDED)
    def test_no_furniture_leaks_into_main_text(self, seed_page, phrase):
        assert phrase not in seed_page.text

    def test_metadata(self, seed_page):
        assert seed_page.title == "North Korea recognizes Donetsk and Lugansk; Kiev cuts ties"
        assert seed_page.published.startswith("2022-07-13")
        assert seed_page.site_name == "Daily World Brief"
        assert seed_page.language == "en"
        assert seed_page.domain == "dailyworldbrief.example"
        assert [b.name for b in seed_page.bylines] == ["Admin"]

    def test_photo_credit_names_the_agency(self, seed_page):
        assert any("ANSA" in credit for credit in seed_page.image_credits)

    def test_check_also_box_is_recirculation_with_its_teaser(self, seed_page):
        boxes = [b for b in seed_page.blocks_of(BlockKind.RECIRCULATION) if b.heading == "Check Also"]
        assert len(boxes) == 1
        assert [link.text for link in boxes[0].links] == [
            "Parents forbid baby to receive blood from people vaccinated against Covid"]

    def test_related_and_recent_boxes(self, seed_page):
        headings = {b.heading for b in seed_page.blocks_of(BlockKind.RECIRCULATION)}
        assert {"Related Articles", "Recent Posts", "Breaking News"} <= headings

    def test_source_line_links_to_the_other_outlet(self, seed_page):
        (line,) = seed_page.blocks_of(BlockKind.SOURCE_LINE)
        assert line.text == "Source link"
        assert line.links[0].domain == "ansabrasil.com.br"
        assert line.position is Position.INSIDE

    def test_author_box_comments_and_three_ads_in_body(self, seed_page):
        assert seed_page.blocks_of(BlockKind.AUTHOR_BOX)[0].heading == "About Admin"
        assert seed_page.blocks_of(BlockKind.COMMENTS)[0].heading == "Leave a Reply"
        inside = [b for b in seed_page.blocks_of(BlockKind.AD_SLOT) if b.position is Position.INSIDE]
        assert len(inside) == 3


class TestOtherThemes:
    def test_tagdiv_theme(self):
        page = parse_html(fixture_bytes("farm_tagdiv.html"))
        assert page.domain == "usdailywirenow.test"  # og:url, not the canonical pointing at Reuters
        assert page.canonical_url.startswith("https://www.reuters.com/")
        assert [b.name for b in page.bylines] == ["editor"]
        assert "RELATED ARTICLES" not in page.text and "LEAVE A REPLY" not in page.text
        assert "SOURCE" not in page.text
        assert page.blocks_of(BlockKind.SOURCE_LINE)[0].text == "SOURCE Reuters"
        teasers = {link.text for b in page.blocks_of(BlockKind.RECIRCULATION) for link in b.links}
        assert "15 celebrity plastic surgeries gone horribly wrong" in teasers
        assert any("Miracle cure for arthritis" in t for t in teasers)  # next/previous links

    def test_well_sourced_page(self):
        page = parse_html(fixture_bytes("well_sourced.html"))
        assert [b.name for b in page.bylines] == ["Maria Alvarez"]
        assert {link.domain for link in page.links} == {"state.example"}
        assert len(page.paragraphs) == 11
        assert "Related coverage" not in page.text and "covers state government" not in page.text
        (related,) = page.blocks_of(BlockKind.RECIRCULATION)
        assert related.heading == "Related coverage" and len(related.links) == 3
        assert page.blocks_of(BlockKind.AUTHOR_BOX)

    def test_ghost_theme_with_syndication_credit(self):
        page = parse_html(fixture_bytes("syndicated_credit.html"))
        assert [b.name for b in page.bylines] == ["Hannah Osei"]
        (credit,) = page.blocks_of(BlockKind.SOURCE_LINE)
        assert credit.links[0].domain == "theconversation.com"
        assert "originally published" not in page.text
        assert page.blocks_of(BlockKind.RECIRCULATION)[0].heading == "Read next"


def test_url_argument_wins_and_gives_the_domain():
    page = parse_html(fixture_bytes("well_sourced.html"), "https://edition.riversideledger.example/x")
    assert page.url == "https://edition.riversideledger.example/x"
    assert page.domain == "riversideledger.example"


def test_str_and_bytes_give_the_same_page():
    data = fixture_bytes("well_sourced.html")
    assert parse_html(data) == parse_html(data.decode("utf-8"))


def test_minimal_fragment_parses():
    page = parse_html("<p>" + "A sentence of text. " * 30 + "</p>")
    assert page.word_count > 50


def test_page_without_article_text_gives_no_paragraphs():
    page = parse_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert page.paragraphs == ()


class TestBadInput:
    @pytest.mark.parametrize("html", ["", "   ", b"", b"\n\n"], ids=["str", "blank-str", "bytes", "blank-bytes"])
    def test_empty(self, html):
        with pytest.raises(EmptyInputError):
            parse_html(html)

    @pytest.mark.parametrize("html", [None, 42, ["<p>x</p>"], {"html": "x"}], ids=["none", "int", "list", "dict"])
    def test_wrong_type(self, html):
        with pytest.raises(InputError, match="str or bytes"):
            parse_html(html)

    def test_binary(self):
        with pytest.raises(NotHtmlError):
            parse_html(gzip.compress(b"<html>" * 1000))

    def test_plain_text_is_not_html(self):
        with pytest.raises(NotHtmlError, match="no HTML markup"):
            parse_html("just some words, no markup at all")

    def test_too_large(self):
        huge = b"<html><body>" + b"<p>word word word</p>" * (11 * 1024 * 1024 // 20) + b"</body></html>"
        with pytest.raises(InputTooLargeError):
            parse_html(huge)

    def test_limit_is_a_setting(self):
        with pytest.raises(InputTooLargeError):
            parse_html("<p>" + "x" * 2000 + "</p>", settings=Settings(max_html_bytes=1000))

    def test_ten_megabytes_just_under_the_limit_parses(self):
        body = "".join(f"<p>Paragraph {i} says something new about item {i * 7}. " + "Lorem ipsum dolor. " * 30 + "</p>"
                       for i in range(15500)).encode()
        huge = b"<html><body>" + body + b"</body></html>"
        assert len(huge) < 10 * 1024 * 1024
        page = parse_html(huge)
        assert page.word_count > 1000

    def test_truncated_page_still_parses(self):
        data = fixture_bytes("well_sourced.html")
        page = parse_html(data[: len(data) // 2])
        assert page.paragraphs and page.paragraphs[0].startswith("Three county water utilities")

    def test_wrong_declared_charset(self):
        data = fixture_bytes("well_sourced.html").replace(b'charset="utf-8"', b'charset="shift_jis"')
        data = data.replace(b"Three county", "Thrée “county”".encode("utf-8"))
        page = parse_html(data)
        assert page.paragraphs[0].startswith("Thrée “county”")

    def test_hostile_markup(self):
        hostile = ("<html><body>" + "<div>" * 5000 + "<p>deep</p>" + "</div>" * 5000
                   + "<script>alert(1)</script><p onclick='x()'>" + "Text here. " * 40 + "</p></body></html>")
        # 5,000 deep: refused, naming the budget (it was parsed to depth 256 and silently emptied)
        with pytest.raises(PageTooComplexError, match="more than 512 deep; the limit is 512"):
            parse_html(hostile)

    def test_nul_bytes_in_str(self):
        with pytest.raises(NotHtmlError):
            parse_html("\x00" * 100 + "<p>x</p>")


def test_parse_text():
    page = parse_text("First paragraph.\n\n  Second   paragraph.  \n", title="T")
    assert page.paragraphs == ("First paragraph.", "Second paragraph.") and not page.has_html


@pytest.mark.parametrize("text", ["", "  \n "])
def test_parse_text_empty(text):
    with pytest.raises(EmptyInputError):
        parse_text(text)


def test_parse_text_wrong_type():
    with pytest.raises(InputError):
        parse_text(b"bytes")


def test_normalize_equals_the_whitespace_regex_on_every_space_character():
    import re
    import sys

    from scorer.page.furniture import normalize

    spaces = "".join(chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c)))
    samples = [spaces, f"a{spaces}b", f"{spaces}a b{spaces}", "\u200ba\ufeff b", "", "x", "\x1c\x1dx\x1e\x1f"]
    samples += [f"{s}word{t}" for s in spaces for t in spaces[:3]]
    for text in samples:
        assert normalize(text) == re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("payload, reused", [
    ("<html><body><p>Café “quoted”</p></body></html>".encode("utf-8"), True),
    ("<html><body><p>Café</p></body></html>".encode("cp1252"), False),
    (b"\xef\xbb\xbf<html><body><p>bom</p></body></html>", False),
    (b"<html><body><p>nul\x00byte</p></body></html>", False),
    ("<html><body><p>Café as text</p></body></html>", True),
], ids=["utf8-bytes", "cp1252-bytes", "utf8-bom", "nul-byte", "str"])
def test_the_parser_reuses_the_payload_only_when_it_is_the_texts_utf8(payload, reused):
    from scorer.page.parse import _to_text

    text, utf8 = _to_text(payload, content_type=None, limit=10**6)
    assert (utf8 is not None) is reused
    if reused:
        assert utf8 == text.encode("utf-8")


def test_bytes_and_text_input_parse_alike():
    html = fixture_bytes("well_sourced.html")
    assert parse_html(html, "https://news.example/a") == parse_html(html.decode("utf-8"), "https://news.example/a")


class TestSoledadTheme:
    """recirc_farm_soledad.html: Soledad's `post-author abt-author` box and its comment-count label."""

    @pytest.fixture(scope="class")
    @classmethod
    def page(cls):
        return parse_html(fixture_bytes("recirc_farm_soledad.html"))

    def test_the_post_author_box_is_an_author_box_not_a_byline(self, page):
        (box,) = page.blocks_of(BlockKind.AUTHOR_BOX)
        assert box.locator == "div.post-author.abt-author" and box.heading == "admin"
        assert [(b.name, b.origin) for b in page.bylines] == [("admin", "json-ld")]

    def test_the_comment_count_and_its_icon_are_not_the_comments_section(self, page):
        assert [b.locator for b in page.blocks_of(BlockKind.COMMENTS)] == ["div#comments"]


@pytest.mark.parametrize("html, meta", [
    ('<span class="single-comment-o"><i class="fa fa-comment-o"></i>0 comment</span>', True),
    ('<a class="comments-link" href="#comments">12 Comments</a>', True),
    ('<i class="fa fa-comment-o"></i>', True),
    ('<span class="comments">No comments</span>', True),
    ('<div class="comments">3 comments</div>', False),  # a block, not an inline label
    ('<div id="disqus_thread"></div>', False),  # an empty comments section waiting for its script
    ('<span class="comment">Great piece, thanks</span>', False),
], ids=["count-span", "count-link", "icon", "no-comments", "block", "empty-section", "a-comment"])
def test_comment_meta(html, meta):
    import lxml.html

    from scorer.page.furniture import is_comment_meta

    assert is_comment_meta(lxml.html.fragment_fromstring(html)) is meta
