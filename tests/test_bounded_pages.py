"""Pages bounded by size and count, not by the clock (issue 24): each repro of the issue, and each
budget of scorer/config.py doing what its comment says (refuse at once naming the budget, or trim
with a warning in the report)."""
from __future__ import annotations

import codecs
import dataclasses

import pytest

from benchmarks.complexity import many_attributions, no_punctuation
from scorer.config import Settings
from scorer.errors import PageTooComplexError
from scorer.page.budgets import BudgetNotes, trim_text
from scorer.page.decode import decode_html
from scorer.page.limits import count_start_tags
from scorer.page.parse import parse_html
from scorer.pipeline import score_html, score_text
from scorer.resources import load_resources
from conftest import fixture_bytes

SENTENCE = "The minister said the talks would resume on Monday, officials told Reuters. "
ARTICLE = "<article><p>" + SENTENCE * 30 + "</p></article>"  # 360 words


def _settings(**changes: int) -> Settings:
    return dataclasses.replace(Settings(), **changes)


def _nested(depth: int) -> str:
    return ("<html><head><title>Talks</title></head><body>" + "<div>" * depth + ARTICLE + "</div>" * depth
            + "</body></html>")


@pytest.fixture(scope="module")
def resources():
    return load_resources()


# --- deep nesting: parsed and scored, or refused; never silently emptied ---------------------------

def _wrapped(html: str, depth: int) -> str:
    body = html.index(">", html.index("<body")) + 1
    end = html.index("</body>")
    return html[:body] + "<div>" * depth + html[body:end] + "</div>" * depth + html[end:]


@pytest.mark.parametrize("depth", [254, 255, 300, 500])
def test_an_article_nested_deep_is_read_and_scored_as_if_flat(resources, depth):
    # libxml2 alone stopped at 256 levels: an article 255 deep or more yielded "no main text"
    html = fixture_bytes("well_sourced.html").decode("utf-8")
    flat = score_html(html, url="https://news.example/a", resources=resources, deadline_s=0).to_dict()
    deep = score_html(_wrapped(html, depth), url="https://news.example/a", resources=resources, deadline_s=0)
    assert deep.to_dict()["article"]["text"] == flat["article"]["text"]
    assert deep.to_dict()["score"] == flat["score"] is not None


def test_deeper_than_the_budget_is_refused_naming_it():
    with pytest.raises(PageTooComplexError, match="more than 512 deep; the limit is 512"):
        parse_html(_nested(600))
    with pytest.raises(PageTooComplexError, match="more than 100 deep; the limit is 100"):
        parse_html(_nested(150), settings=_settings(max_html_depth=100))
    assert parse_html(_nested(600), settings=_settings(max_html_depth=0)).text  # 0: off (the parser stops at 2,048)


# --- charset per the HTML standard -----------------------------------------------------------------

@pytest.mark.parametrize("claim", ["utf-16", "UTF-16LE", "utf-16be", "utf-32", "utf-32le"])
@pytest.mark.parametrize("pad", ["", " "])  # even and odd lengths: UTF-16 'decodes' any even-length bytes
def test_a_meta_naming_utf16_or_32_on_bytes_without_a_bom_means_utf8(claim, pad):
    html = (f"<html><head><meta charset='{claim}'><title>Café</title></head><body>{ARTICLE}"
            f"<p>Naïve résumé — “quoted”</p></body></html>{pad}")
    assert "Naïve résumé — “quoted”" in decode_html(html.encode("utf-8"))
    page = parse_html(html.encode("utf-8"))
    assert page.title == "Café" and "officials told Reuters" in page.text


def test_a_bom_still_wins_over_the_meta():
    html = "<html><head><meta charset='utf-8'></head><body><p>Grüße aus Köln</p></body></html>"
    assert "Grüße aus Köln" in decode_html(codecs.BOM_UTF16_LE + html.encode("utf-16-le"))
    assert "Grüße aus Köln" in decode_html(codecs.BOM_UTF16_BE + html.encode("utf-16-be"))


def test_the_utf16_claiming_utf8_page_scores_its_article(resources):
    html = fixture_bytes("well_sourced.html").decode("utf-8")
    flat = score_html(html, url="https://news.example/a", resources=resources, deadline_s=0).to_dict()
    for claim in ("utf-16", "utf-32"):
        lying = html.replace("<head>", f"<head><meta charset='{claim}'>", 1)
        assert lying != html
        for data in (lying.encode("utf-8"), (lying + " ").encode("utf-8")):  # even and odd lengths
            report = score_html(data, url="https://news.example/a", resources=resources, deadline_s=0).to_dict()
            assert report["article"]["text"] == flat["article"]["text"] and report["score"] == flat["score"]


# --- elements: counted on the source, refused before the tree is built --------------------------------

def test_a_1000_by_1000_table_is_refused_before_parsing(monkeypatch):
    table = "<table>" + ("<tr>" + "<td>1" * 1000) * 1000 + "</table>"  # 1,001,001 elements, 5 MB

    def no_parse(*args, **kwargs):
        raise AssertionError("the page was parsed")

    monkeypatch.setattr("scorer.page.parse.lxml.html.document_fromstring", no_parse)
    with pytest.raises(PageTooComplexError, match=r"about 1,001,0\d\d elements; the limit is 50,000"):
        parse_html("<html><body>" + ARTICLE + table + "</body></html>")


@pytest.mark.parametrize("markup, elements", [
    ("<p>a</p><br><img src=x>", 3),
    ("<!doctype html><!-- <p> --><?xml x?><p>a</p>", 1),
    ("<script>if (a<b && c<d) {}</script><style>a<b{}</style><p>x</p>", 3),
    ("<SCRIPT type=x>a<b</Script ><p>x</p>", 2),
    ("<script>never closed <p><p><p>", 1),
    ("<!-- never closed <p><p>", 0),
])
def test_start_tags_are_counted_outside_scripts_styles_and_comments(markup, elements):
    assert count_start_tags(markup.encode()) == elements


def test_many_angle_brackets_in_scripts_still_parse_through_the_counting_path():
    script = "<script>" + "if (a<b && c<d) {}" * 40_000 + "</script>"  # 80,000 '<', few elements
    page = parse_html("<html><body>" + script + ARTICLE + "</body></html>")
    assert "officials told Reuters" in page.text


# --- tables: a table over the cell budget is left out, with a warning ------------------------------

def test_a_5000_by_5000_table_is_left_out_and_the_article_is_read(resources):
    trap = "<table>" + "<tr>" * 5000 + "<td>x</td>" * 5000 + "</table>"
    html = "<html><head><title>Talks</title></head><body>" + ARTICLE + trap + "</body></html>"
    report = score_html(html, url="https://news.example/a", resources=resources, deadline_s=0)
    assert any("a table of 5,000 rows by 5,000 columns was left out" in w and "5,000 cells" in w
               for w in report.warnings)
    assert report.to_dict()["article"]["word_count"] >= 300


def test_a_table_under_the_budget_is_read():
    table = "<table>" + "<tr><td>Budget line one</td><td>1,200</td></tr>" * 50 + "</table>"
    page = parse_html("<html><body>" + ARTICLE + table + "</body></html>")
    assert not page.budget_notes


# --- text: the text stages read at most max_text_chars, and say so ---------------------------------

@pytest.mark.parametrize("shape", [many_attributions, no_punctuation], ids=["attributed", "no_punctuation"])
def test_a_4mb_page_is_read_to_the_text_budget_with_a_warning(resources, shape):
    html = shape(4 * 1024 * 1024)
    report = score_html(html, url="https://news.example/a", resources=resources, deadline_s=0)
    # a run of text past the text budget is cut before the extraction reads it, and the report says so
    assert any("at most 100,000 of one run of it, were read" in w for w in report.warnings), report.warnings
    assert len(parse_html(html).text) <= 100_000
    # past the budgets the extraction itself reads no more: a page of many paragraphs is cut too
    paragraphs = "<html><body>" + ("<p>" + SENTENCE * 1000 + "</p>") * 40 + "</body></html>"  # 3 MB in 40 runs
    page = parse_html(paragraphs, settings=_settings(max_extract_chars=500_000))
    assert len(page.text) <= 100_000 and any("the first 500,000 characters of the page's text" in note
                                                for note in page.budget_notes)


def test_the_text_is_cut_at_a_paragraph_then_a_word_boundary():
    page = parse_html("<html><body><p>" + "alpha " * 50 + "</p><p>" + "beta " * 50 + "</p></body></html>")
    cut = trim_text(page, max_chars=320, notes=BudgetNotes())
    assert cut.paragraphs == page.paragraphs[:1] and cut.budget_notes
    one = trim_text(page, max_chars=100, notes=BudgetNotes())
    assert one.paragraphs[0].split() == ["alpha"] * 16 and len(one.paragraphs) == 1
    assert trim_text(page, max_chars=0, notes=BudgetNotes()) is page  # 0: no budget


def test_plain_text_has_the_same_budget(resources):
    report = score_text("word " * 300_000, resources=resources, deadline_s=0)
    assert any(w.startswith("only the first 100,000 characters") for w in report.warnings)


# --- links and attribution cues ----------------------------------------------------------------------

def test_links_past_the_budget_are_not_read():
    links = "".join(f'<a href="https://other{i}.example/story">story {i}</a> ' for i in range(40))
    page = parse_html("<html><body><article><p>" + SENTENCE * 10 + links + "</p></article></body></html>",
                      url="https://news.example/a", settings=_settings(max_links=25))
    assert len(page.links) <= 25
    assert any("only the first 25 links" in note for note in page.budget_notes)


def test_attribution_cues_past_the_budget_are_not_read(resources):
    report = score_html(many_attributions(90_000), url="https://news.example/a", resources=resources,
                        deadline_s=0)
    assert any(w.startswith("only the first 1,000 attribution cues") for w in report.warnings)


# --- memoised helpers keep no long keys --------------------------------------------------------------

def test_long_keys_are_computed_but_not_kept():
    from scorer.domains import registered_domain
    from scorer.page.furniture import words_of
    from scorer.textutil import MAX_CACHED_KEY_CHARS, stem

    long_class = "sidebar-" + "x" * (MAX_CACHED_KEY_CHARS + 10)
    long_url = "https://news.example/" + "a" * (MAX_CACHED_KEY_CHARS + 10)
    long_word = "a" * (MAX_CACHED_KEY_CHARS + 10) + "ing"
    for function, key in ((words_of, long_class), (registered_domain, long_url), (stem, long_word)):
        function.cache_clear()
        first = function(key)
        assert function(key) == first and function.cache_info().currsize == 0
        function("short")
        assert function.cache_info().currsize == 1
    assert words_of(long_class)[0] == "sidebar" and registered_domain(long_url) == "news.example"
