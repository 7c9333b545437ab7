"""service/web.py: the page for people at GET / — a script-free form posting `url` and `html` to /
that answers with the report's own words (label_text), errors in plain sentences, input escaped."""
from __future__ import annotations

import re

import pytest

from conftest import fixture_bytes
from service import create_app

ARTICLE = fixture_bytes("well_sourced.html").decode("utf-8")
URL = "https://www.riversideledger.example/a"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app({"TESTING": True, "rate_limit_per_minute": 0,
                       "cache_path": tmp_path_factory.mktemp("cache") / "cache.sqlite3"})


@pytest.fixture()
def client(app):
    return app.test_client()


def test_the_form_is_accessible_and_needs_no_script(client):
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert '<html lang="en">' in page and "<script" not in page
    assert '<form method="post" action="/">' in page
    for field in ("url", "html"):
        assert f'<label for="{field}">' in page and f'name="{field}"' in page
    assert "<h1>" in page and "What the tiers mean" in page and "40–59" in page


def test_posting_html_answers_with_the_reports_words(client):
    expected = client.post("/v1/score", json={"html": ARTICLE, "url": URL}).get_json()["label_text"]
    response = client.post("/", data={"url": URL, "html": ARTICLE})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<p id="summary">{_escaped(expected["summary"])}</p>' in page
    assert _escaped(expected["headline"]) in page
    for finding in expected["findings"]:
        assert _escaped(finding["text"]) in page


def test_an_empty_form_is_a_plain_sentence(client):
    response = client.post("/", data={"url": "  ", "html": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'role="alert"' in page
    assert "Give the page&#39;s address, its HTML, or both." in page


def test_hostile_input_is_escaped_back(client):
    response = client.post("/", data={"url": "javascript:alert(1)", "html": "</textarea><script>alert(1)</script>"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


def test_a_page_over_the_limit_is_a_plain_sentence(tmp_path):
    small = create_app({"TESTING": True, "rate_limit_per_minute": 0, "request_max_bytes": 10_000,
                        "cache_path": tmp_path / "cache.sqlite3"})
    response = small.test_client().post("/", data={"html": "x" * 20_000})
    assert response.status_code == 413
    assert "The page is too large for the service to score." in response.get_data(as_text=True)


def test_keys_on_the_form_asks_for_one(tmp_path):
    keyed = create_app({"TESTING": True, "rate_limit_per_minute": 0, "api_keys": "web-key",
                        "cache_path": tmp_path / "cache.sqlite3"}).test_client()
    assert 'name="api_key"' in keyed.get("/").get_data(as_text=True)
    refused = keyed.post("/", data={"html": ARTICLE, "url": URL, "api_key": "wrong"})
    assert refused.status_code == 401 and "needs a valid API key" in refused.get_data(as_text=True)
    assert keyed.post("/", data={"html": ARTICLE, "url": URL, "api_key": "web-key"}).status_code == 200


def _escaped(text: str) -> str:
    return re.sub(r"[&<>\"']", lambda m: {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}[m.group(0)],
                  text)
