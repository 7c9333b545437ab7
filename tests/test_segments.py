"""The page's text as paragraphs (scorer/page/segments.py): the walk, link characters, prose, bad input."""
from __future__ import annotations

import lxml.html
import pytest
from lxml import etree

from scorer.page.segments import MAX_DEPTH, ancestors, is_prose, segments, subtree_sums

PROSE = [
    "The council voted on Tuesday to close the old bridge, which has carried traffic since 1931, for repairs.",
    "Engineers found cracks in two of its piers last month, the city's transport office said in a statement.",
]


def page(body: str) -> str:
    return f"<html><head><title>Bridge to close</title></head><body>{body}</body></html>"


def body_of(html: str) -> lxml.html.HtmlElement:
    tree = lxml.html.document_fromstring(html)
    body = tree.find("body")
    return body if body is not None else tree


class TestSegments:
    def test_blocks_and_line_breaks_cut_paragraphs(self):
        segs = segments(body_of(page("<div>First line of text<br>second line <b>bold</b> end</div>"
                                              "<p>A paragraph</p>")))
        assert [s.text for s in segs.items] == ["First line of text", "second line bold end", "A paragraph"]

    def test_link_characters_are_counted(self):
        (seg,) = segments(body_of(page('<p>Read <a href="/x">the report</a> here</p>'))).items
        assert seg.link_chars == len("the report")
        assert seg.link_density == pytest.approx(len("the report") / len("Read the report here"))

    def test_scripts_styles_and_hidden_blocks_are_not_text(self):
        html = page("<p>Seen text</p><script>var x = 1;</script><style>p{}</style>"
                    "<div style='display: none'>Hidden one</div><div hidden>Hidden two</div>"
                    "<div aria-hidden='true'>Hidden three</div><p>More seen text</p>")
        assert [s.text for s in segments(body_of(html)).items] == ["Seen text", "More seen text"]

    def test_paths_name_the_blocks_above(self):
        segs = segments(body_of(page("<div id='a'><section><p>Deep</p></section></div>")))
        (seg,) = segs.items
        assert [segs.elements[i].tag for i in seg.path] == ["body", "div", "section", "p"]
        assert seg.element.tag == "p"

    def test_prose_needs_a_sentence_and_few_links(self):
        assert is_prose(PROSE[0], 0)
        assert not is_prose("Short line", 0)
        assert is_prose("A short sentence of its own.", 0)
        assert not is_prose("A short sentence of its own.", 0, heading=True)
        assert not is_prose(PROSE[0], len(PROSE[0]))  # a link
        assert not is_prose("https://example.com/a/very/long/address/that/goes/on/and/on/for/ever", 0)

    def test_subtree_sums_and_ancestors(self):
        segs = segments(body_of(page("<div><p>" + PROSE[0] + "</p><section><p>" + PROSE[1] + "</p></section></div>")))
        own = [0] * len(segs.elements)
        for seg in segs.items:
            own[seg.path[-1]] += len(seg.text)
        sums = subtree_sums(segs, own)
        assert sums[0] == len(PROSE[0]) + len(PROSE[1])  # the body holds both
        last = segs.items[-1].path[-1]
        assert [segs.elements[i].tag for i in ancestors(segs, last)] == ["section", "div", "body"]


class TestBadInput:
    def test_deep_nesting_is_walked_without_recursion(self):
        root = etree.Element("body")
        node = root
        for _ in range(5000):
            node = etree.SubElement(node, "div")
        node.text = PROSE[0]
        shallow = etree.SubElement(root, "p")
        shallow.text = PROSE[1]
        segs = segments(root)  # no RecursionError; text below MAX_DEPTH blocks is not walked
        assert [s.text for s in segs.items] == [PROSE[1]]
        assert max(len(s.path) for s in segs.items) <= MAX_DEPTH

    def test_an_empty_body_has_no_segments(self):
        assert segments(body_of(page(""))).items == ()
