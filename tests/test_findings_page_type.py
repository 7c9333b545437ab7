"""Page types and unjudgeable text: reports without a score, and why."""
from __future__ import annotations

import pytest
from conftest import make_page
from findings_pages import BODY, page

from scorer import score_html, score_text
from scorer.findings.page_type import classify, insufficient_text
from scorer.signals import SIGNAL_IDS

URL = "https://citynews.example/2024/05/tram"


def test_news_article_is_scored():
    report = score_html(page(jsonld={"@type": "NewsArticle", "headline": "Tram"}), URL)
    assert report.findings.page_type == "news_article" and report.score is not None


@pytest.mark.parametrize("jsonld, url, expected", [
    ({"@type": "Product", "name": "Tram model", "offers": {"@type": "Offer", "price": "19.99"}}, URL, "commercial"),
    ({"@type": "QAPage"}, URL, "forum_or_qa"),
    ({"@type": "Recipe", "name": "Apple pie"}, URL, "reference_or_info"),
    ({"@type": "Event", "name": "Tram day"}, URL, "other"),
    (None, "https://forum.citynews.example/viewtopic.php?t=123", "forum_or_qa"),
    (None, "https://shop.example/products/tram-model-1", "commercial"),
    (None, "https://de.wikipedia.org/wiki/Stra%C3%9Fenbahn", "reference_or_info"),
])
def test_pages_that_are_not_articles_get_no_score(jsonld, url, expected):
    report = score_html(page(jsonld=jsonld), url)
    data = report.to_dict()
    assert data["findings"]["page_type"] == expected
    assert data["score"] is None and data["label"] == "not_applicable"
    assert any(w.startswith("No score: this page is") for w in data["warnings"])
    assert [s["id"] for s in data["signals"]] == list(SIGNAL_IDS)  # every signal still listed


def test_article_markup_wins_over_faq_markup():
    html = page(jsonld={"@graph": [{"@type": "NewsArticle", "headline": "Tram"}, {"@type": "FAQPage"}]})
    assert score_html(html, URL).findings.page_type == "news_article"


def test_press_room_and_blog_cues():
    press = make_page((BODY, "Press contact: Jane Roe, +1 555 0100"), url="https://corp.example/newsroom/tram")
    assert classify(press)[0] == "press_release"
    blog = make_page(("I rode the new tram line today and I loved my first trip across the city.",) * 4,
                     url="https://janes.example/2024/05/tram")
    assert classify(blog)[0] == "opinion_or_blog"


def test_plain_text_is_an_article():
    report = score_text("The council voted on Tuesday to expand the tram network. " + BODY.replace("<p>", " ")
                        .replace("</p>", " "))
    assert report.findings.page_type == "news_article" and report.score is not None


def test_one_word_repeated_is_insufficient_text():
    html = "<html><body><article><p>" + " ".join(["buy"] * 5000) + "</p></article></body></html>"
    report = score_html(html)
    data = report.to_dict()
    assert data["score"] is None and data["label"] == "insufficient_text"
    assert any("not prose" in w for w in data["warnings"])


def test_near_empty_page_is_insufficient_text_not_mixed():
    report = score_html("<html><body><article><p>Only a few words here.</p></article></body></html>")
    assert report.score is None and report.label == "insufficient_text"


@pytest.mark.parametrize("paragraphs, reason", [
    (("word " * 100,), "not prose"),
    (("alpha beta gamma " * 40,), "different words"),
    (("a b c d e f g h i j k l m n o p q r s t u v w x y z aa bb cc dd ee ff gg hh ii jj kk ll mm nn oo pp qq "
      "rr ss tt uu vv ww xx",), "no sentences"),
    ((BODY,), ""),
])
def test_insufficient_text_reasons(paragraphs, reason):
    found = insufficient_text(make_page(paragraphs), min_words=40)
    assert (reason in found) if reason else found == ""
