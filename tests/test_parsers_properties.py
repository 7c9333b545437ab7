"""Property-based tests (hypothesis) for the parsers a stranger's input reaches (issue 17): whatever
the bytes, each parser answers or refuses with its documented error, never anything else."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorer.errors import InputError, ScorerError
from scorer.fetch import FetchError, check_url
from scorer.page.decode import decode_html
from scorer.page.parse import parse_html
from service.errors import ApiError
from service.validation import parse_batch_request, parse_json_body, parse_score_request

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Markup made of the pieces that break parsers: tags, broken tags, links with odd URLs, entities.
PIECES = st.sampled_from([
    "<p>", "</p>", "<a href=\"//[\">", "<a href='http://[::1'>", "<a href=\"%zz\">", "</a>", "<div class=related>",
    "</div>", "<table><tr><td>", "<!--", "-->", "<script>", "</script>", "&amp;", "&#0;", "&#xD800;", "<br/>",
    "<meta charset=utf-16>", "\x00", "\ufeff", "“", "said", " according to Reuters, ", ". ", "\n", "<h1>", "</h1>",
    "<title>", "</title>", "<article>", "<aside>", "<li><a href=/x>Shocking story</a></li>", "<svg>", "<![CDATA[",
])
MARKUP = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=60).map("".join)


@FAST
@given(MARKUP, st.sampled_from([None, "https://news.example/a", "http://[", "https://news.example/%zz"]))
def test_parse_html_answers_or_refuses_with_an_input_error(markup, url):
    try:
        page = parse_html(markup, url)
    except InputError:
        return
    assert isinstance(page.text, str)
    for link in getattr(page, "links", ()):
        assert isinstance(link.url, str)


@FAST
@given(st.binary(max_size=2000), st.sampled_from([None, "text/html", "text/html; charset=utf-16",
                                                   "text/html; charset=bogus", "application/json"]))
def test_decode_html_takes_any_bytes(data, content_type):
    try:
        text = decode_html(data, content_type=content_type)
    except InputError:
        return
    assert isinstance(text, str)


@FAST
@given(st.binary(max_size=500))
def test_parse_json_body_answers_or_gives_a_400(data):
    try:
        parse_json_body(data)
    except ApiError as exc:
        assert exc.status == 400 and exc.code == "malformed_json"


SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30)
JSON_VALUES = st.recursive(SCALARS,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                                       max_size=4), max_leaves=12)
REQUESTS = st.dictionaries(st.sampled_from(["url", "html", "text", "title", "htm", "items"]),
                           JSON_VALUES | st.text(max_size=40), max_size=4)


@FAST
@given(st.one_of(REQUESTS, JSON_VALUES))
def test_parse_score_request_answers_or_gives_a_4xx(data):
    try:
        request = parse_score_request(data)
    except (ApiError, FetchError) as exc:
        assert (isinstance(exc, ApiError) and exc.status == 422) or isinstance(exc, FetchError)
        return
    assert request.mode in {"url", "html", "text"}
    json.dumps(request.__dict__)


@FAST
@given(st.one_of(st.dictionaries(st.sampled_from(["items", "x"]), JSON_VALUES, max_size=2), JSON_VALUES))
def test_parse_batch_request_answers_or_gives_a_422(data):
    try:
        items = parse_batch_request(data, max_items=20)
    except ApiError as exc:
        assert exc.status == 422
        return
    assert 1 <= len(items) <= 20


@FAST
@given(st.one_of(st.text(max_size=80), st.builds(lambda host, path: f"http://{host}/{path}",
                                                 st.text(max_size=30), st.text(max_size=30))))
def test_check_url_answers_or_refuses_with_a_fetch_error(url):
    try:
        check_url(url)
    except FetchError:
        pass
    except ScorerError as exc:  # pragma: no cover - a different library error is a bug
        pytest.fail(f"{url!r}: {exc!r}")
