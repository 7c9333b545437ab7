"""The main-text extractor (scorer/page/maintext.py): the container, the lines, promotions, and bad input."""
from __future__ import annotations

import lxml.html
import pytest

from scorer.page import maintext
from scorer.page.parse import parse_html
from scorer.types import BlockKind

PROSE = [
    "The council voted on Tuesday to close the old bridge, which has carried traffic since 1931, for repairs.",
    "Engineers found cracks in two of its piers last month, the city's transport office said in a statement.",
    "Traffic will be diverted over the river at Mill Street, adding about ten minutes to a crossing, officials said.",
    "Work is expected to take eighteen months and to cost about four million euros, according to the budget.",
]


def page(body: str, *, head: str = "<title>Bridge to close</title>") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def article(*paragraphs: str, extra: str = "") -> str:
    return "<article><h1>Bridge to close</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + extra + "</article>"


def body_of(html: str) -> lxml.html.HtmlElement:
    tree = lxml.html.document_fromstring(html)
    body = tree.find("body")
    return body if body is not None else tree


def lines_of(html: str, **kwargs) -> tuple[str, ...]:
    return maintext.extract(body_of(html), (), **kwargs).lines


FURNISHED = page(
    "<nav><ul>" + "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(12)) + "</ul></nav>"
    + "<div class='layout'>" + article(*PROSE)
    + "<aside><h3>Most read</h3><ul>"
    + "".join(f'<li><a href="/story{i}">A much-read story about something else entirely, number {i}</a></li>'
              for i in range(6))
    + "</ul></aside></div>"
    + "<footer><p>Copyright 2026 The Example Gazette. All rights reserved. Terms of use and privacy.</p></footer>")


class TestExtract:
    def test_the_article_without_menus_teasers_footer_or_headline(self):
        assert lines_of(FURNISHED, title="Bridge to close") == tuple(PROSE)

    def test_the_container_is_the_article(self):
        found = maintext.extract(body_of(FURNISHED), ())
        assert found.container is not None and found.container.tag == "article"

    def test_furniture_verdicts_leave_out_their_blocks(self):
        body = body_of(page("<div>" + "".join(f"<p>{p}</p>" for p in PROSE)
                            + "<div class='comments'><p>" + "I disagree with this, and here is a long reason why, "
                            "which goes on for a while.</p></div></div>"))
        comments = body.find_class("comments")[0]
        found = maintext.extract(body, [(comments, BlockKind.COMMENTS)])
        assert found.lines == tuple(PROSE)

    def test_a_verdict_on_the_article_wrapper_is_ignored(self):
        # A theme's class on the wrapper ("post-share-enabled") says share bar; it holds the article.
        body = body_of(page("<div class='post-share-enabled'>" + "".join(f"<p>{p}</p>" for p in PROSE) + "</div>"))
        wrapper = body.find_class("post-share-enabled")[0]
        assert maintext.extract(body, [(wrapper, BlockKind.SHARE_BAR)]).lines == tuple(PROSE)

    def test_captions_datelines_and_headers_are_not_text(self):
        html = page("<article><header><p>By Jane Roe, staff writer, reporting from the city hall on Tuesday.</p>"
                    "</header><figure><img src='a.jpg'><figcaption>The old bridge seen from the north bank, "
                    "on Monday evening.</figcaption></figure>" + "".join(f"<p>{p}</p>" for p in PROSE)
                    + "<div class='newsletter-signup'><p>Sign up for the morning briefing, delivered to your inbox "
                      "every day.</p></div></article>")
        body = body_of(html)
        assert maintext.extract(body, (), captions=body.iter("figcaption")).lines == tuple(PROSE)

    def test_short_lines_before_the_text_go_a_byline_line_stays(self):
        html = page(article("Tuesday, 4 March", "Von Anna Schmidt", *PROSE))
        assert lines_of(html) == ("Von Anna Schmidt", *PROSE)

    def test_short_lines_after_the_text_stay_in_its_block_only(self):
        html = page("<div class='body'>" + "".join(f"<p>{p}</p>" for p in PROSE) + "<p>Tickets: 20 euros</p></div>"
                    "<div class='box'><p>Monthly</p><p>7 euros</p></div>")
        assert lines_of(html) == (*PROSE, "Tickets: 20 euros")

    def test_a_story_split_into_sections_is_joined(self):
        half = len(PROSE) // 2
        html = page("<main><div class='story-body a'>" + "".join(f"<p>{p}</p>" for p in PROSE[:half])
                    + "</div></main><aside class='ad'>Advertisement</aside>"
                    + "<main><div class='story-body b'>" + "".join(f"<p>{p}</p>" for p in PROSE[half:])
                    + "</div></main>")
        assert lines_of(html) == tuple(PROSE)

    def test_link_lists_inside_the_article_are_dropped_sentences_with_links_kept(self):
        linked = 'The <a href="/report">full report of the engineers</a> was published on the city website today.'
        html = page(article(PROSE[0], linked, PROSE[1],
                            extra="<ul><li><a href='/a'>Other story one</a></li><li><a href='/b'>Other story two"
                                  "</a></li></ul>"))
        lines = lines_of(html)
        assert "The full report of the engineers was published on the city website today." in lines
        assert not any("Other story" in line for line in lines)

    @pytest.mark.parametrize("promotion", [
        "CLICK HERE TO GET THE FOX NEWS APP",
        'READ MORE: <a href="/other">Storm closes schools across the region</a>',
        'Related: <a href="/other">The 15 weirdest galaxies in our universe</a>',
    ], ids=["app", "read-more", "related"])
    def test_in_text_promotions_are_set_apart(self, promotion):
        found = maintext.extract(body_of(page(article(PROSE[0], promotion, *PROSE[1:]))), ())
        assert found.lines == tuple(PROSE)
        assert len(found.promotions) == 1
        assert found.promotions[0][1].tag == "p"

    def test_prose_that_opens_like_a_promotion_stays(self):
        line = ("Read more: the council's own summary runs to forty pages, and it spells out, in detail, why the "
                "engineers recommended closing the bridge now rather than next spring, when the budget allows it.")
        assert line in lines_of(page(article(PROSE[0], line, PROSE[1])))


class TestBadInput:
    def test_an_empty_body_has_no_main_text(self):
        found = maintext.extract(body_of(page("")), ())
        assert found.lines == () and found.container is None

    def test_a_page_of_menus_only_has_no_main_text(self):
        html = page("<ul>" + "".join(f'<li><a href="/{i}">Link {i}</a></li>' for i in range(50)) + "</ul>")
        assert lines_of(html) == ()

    def test_no_body_element(self):
        root = lxml.html.fromstring("<div><p>" + "</p><p>".join(PROSE) + "</p></div>")
        assert root.find("body") is None
        assert maintext.extract(root, ()).lines == tuple(PROSE)

    def test_a_huge_page_keeps_every_paragraph(self):
        paragraphs = [f"Paragraph {i}: {PROSE[i % len(PROSE)]}" for i in range(5000)]
        assert lines_of(page(article(*paragraphs))) == tuple(paragraphs)

    def test_inline_tags_only(self):
        assert lines_of(page("<span>" + " ".join(PROSE) + "</span>")) == (" ".join(PROSE),)


class TestParseStage:
    """The parse stage uses the extractor and files its promotions as furniture."""

    def test_promotions_become_furniture_not_text(self):
        html = page(article(PROSE[0], "CLICK HERE TO GET THE FOX NEWS APP", PROSE[1],
                            '<strong>READ MORE:</strong> <a href="https://news.example/storm">Storm closes schools '
                            'across the whole region</a>', *PROSE[2:]),
                    head="<title>Bridge to close</title><meta property='og:title' content='Bridge to close'>")
        parsed = parse_html(html, "https://news.example/bridge")
        assert parsed.paragraphs == tuple(PROSE)
        recirculation = parsed.blocks_of(BlockKind.RECIRCULATION)
        assert [link.text for block in recirculation for link in block.links] == [
            "Storm closes schools across the whole region"]

    def test_the_headline_is_not_body_text(self):
        parsed = parse_html(FURNISHED, "https://news.example/bridge")
        assert parsed.title == "Bridge to close"
        assert parsed.paragraphs == tuple(PROSE)

    def test_trafilatura_only_where_ours_finds_no_prose(self, monkeypatch):
        from scorer.page import parse as parse_module

        calls = []
        original = parse_module._PageBuilder._main_text_lines
        monkeypatch.setattr(parse_module._PageBuilder, "_main_text_lines",
                            lambda self: calls.append(1) or original(self))
        parse_html(FURNISHED, "https://news.example/bridge")
        assert calls == []
        parse_html(page("<div><a href='/a'>Home</a> <a href='/b'>News</a></div>"), "https://news.example/")
        assert calls == [1]
