"""The HTTP service: every endpoint and every error path, with real fetches from a page server on
127.0.0.1 (allow-listed by host:port) and, in the slow tests, the real gunicorn server."""
from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading

import httpx
import pytest

from scorer.errors import InputError
from scorer.fetch import FetchedPage, UpstreamStatusError
from scorer.types import ModelInfo
from service import cors_origin_patterns, create_app
from service.api import client_network
from service.cache import ResultCache, html_key, normalize_url
from service.errors import ERROR_STATUS, status_for
from service.process import ServerProcess
from service.ratelimit import TokenBuckets

from servers import ARTICLE_HTML, PageServer

ARTICLE = ARTICLE_HTML.decode("utf-8")
ARTICLE_URL = "https://www.riversideledger.example/news/2023/03/14/state-auditor-unbilled-water-charges"


@pytest.fixture(scope="module")
def pages():
    with PageServer() as server:
        yield server


def no_dns(host: str, port: int) -> list[str]:
    """The tests' resolver: no real name is ever resolved (the page server is addressed by IP)."""
    raise OSError(f"the tests resolve no names ({host})")


@pytest.fixture
def make_app(tmp_path, pages):
    def make(**overrides):
        config = {"TESTING": True, "cache_path": tmp_path / "cache.sqlite3", "fetch_allow": pages.allow,
                  "fetch_timeout_s": 3.0, "rate_limit_per_minute": 0, "RESOLVER": no_dns}
        config.update(overrides)
        return create_app(config)
    return make


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} and body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]


def assert_report(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    report = response.get_json()
    assert report["signals"] and report["findings"]
    if report["score"] is None:  # no score for a non-article or too little text, and the label says so
        assert report["label"] in ("not_applicable", "insufficient_text")
    else:
        assert 0 <= report["score"] <= 100
    model = report["model"]
    assert response.headers["X-Model-Version"] == f"{model['name']}/{model['version']}"
    return report


# --- scoring -------------------------------------------------------------------------------------------------

def test_score_html(client):
    report = assert_report(client.post("/v1/score", json={"html": ARTICLE, "url": ARTICLE_URL}))
    assert report["article"]["url"] == ARTICLE_URL
    assert "State auditor" in report["article"]["title"]
    assert report["article"]["byline"] == "Maria Alvarez"


def test_score_html_without_url(client):
    report = assert_report(client.post("/v1/score", json={"html": ARTICLE}))
    assert report["article"]["url"] is None or report["article"]["url"].startswith("https://www.riversideledger")


def test_score_text(client):
    response = client.post("/v1/score", json={"text": "The minister said on Monday that taxes would rise.\n"
                                                      "\"We had no choice,\" she told reporters.",
                                              "title": "Taxes to rise"})
    report = assert_report(response)
    assert report["article"]["title"] == "Taxes to rise"
    assert report["score"] is None and report["label"] == "insufficient_text"  # 17 words: too little to judge
    assert response.headers["X-Cache"] == "bypass"


def test_score_url_fetches_the_page(client, pages):
    report = assert_report(client.post("/v1/score", json={"url": pages.url("/article")}))
    assert report["article"]["url"] == pages.url("/article")
    assert "State auditor" in report["article"]["title"]


def test_score_url_by_get(client, pages):
    report = assert_report(client.get("/v1/score", query_string={"url": pages.url("/redirect-to-article")}))
    assert report["article"]["url"] == pages.url("/article")  # the final URL after the redirect


def test_every_response_carries_the_model_version(client):
    version = client.get("/healthz").get_json()["model"]
    expected = f"{version['name']}/{version['version']}"
    for response in (client.get("/healthz"), client.get("/nope"), client.post("/v1/score", data=b"{"),
                     client.get("/openapi.json")):
        assert response.headers["X-Model-Version"] == expected


# --- the cache ---------------------------------------------------------------------------------------------------

def test_cache_hit_returns_the_same_report(client, pages):
    url = pages.url("/article") + "?utm_source=newsletter"
    first = client.post("/v1/score", json={"url": url})
    hits = len(pages.hits)
    second = client.post("/v1/score", json={"url": pages.url("/article")})  # same page, tracking param dropped
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert second.get_data() == first.get_data()
    assert len(pages.hits) == hits  # not fetched again


def test_html_reports_are_cached_by_content(client):
    first = client.post("/v1/score", json={"html": ARTICLE, "url": ARTICLE_URL})
    second = client.post("/v1/score", json={"html": ARTICLE, "url": ARTICLE_URL})
    other = client.post("/v1/score", json={"html": ARTICLE.replace("Maria Alvarez", "Jo Park"), "url": ARTICLE_URL})
    assert [r.headers["X-Cache"] for r in (first, second, other)] == ["miss", "hit", "miss"]
    assert second.get_data() == first.get_data()


def test_cache_off(make_app, pages):
    client = make_app(cache_ttl_s=0).test_client()
    for _ in range(2):
        assert client.post("/v1/score", json={"url": pages.url("/article")}).headers["X-Cache"] == "bypass"


def test_cached_pages_are_rescored_under_a_new_model_version(tmp_path):
    cache = ResultCache(tmp_path / "c.sqlite3", ttl_s=60, max_bytes=10_000_000)
    old, new = ModelInfo("points", "1"), ModelInfo("points", "2")
    cache.put_report(cache.report_key(old, "url", "https://a.example/"), '{"score": 1}')
    assert cache.get_report(cache.report_key(old, "url", "https://a.example/")) == '{"score": 1}'
    assert cache.get_report(cache.report_key(new, "url", "https://a.example/")) is None
    page = FetchedPage(url="https://a.example/", status=200, content_type="text/html", body=b"<p>x</p>",
                       charset=None, redirects=("http://a.example/",))
    cache.put_page("https://a.example/", page)
    assert cache.get_page("https://a.example/") == page  # the page survives a model change


def test_cache_entries_expire(tmp_path):
    now = [1000.0]
    cache = ResultCache(tmp_path / "c.sqlite3", ttl_s=60, max_bytes=10_000_000, clock=lambda: now[0])
    cache.put_report("k", "{}")
    now[0] += 59
    assert cache.get_report("k") == "{}"
    now[0] += 2
    assert cache.get_report("k") is None
    assert cache.stats()["entries"] == 0  # an expired entry is deleted when met


def test_cache_size_bound_evicts_the_oldest(tmp_path):
    now = [0.0]
    cache = ResultCache(tmp_path / "c.sqlite3", ttl_s=3600, max_bytes=10_000, clock=lambda: now[0])
    for index in range(10):
        now[0] += 1
        cache.put_report(f"k{index}", "x" * 2000)
    assert cache.stats()["bytes"] <= 10_000
    assert cache.get_report("k0") is None and cache.get_report("k9") is not None
    kept = [i for i in range(10) if cache.get_report(f"k{i}") is not None]
    assert kept == list(range(10 - len(kept), 10))  # the newest survive, the oldest went first


def test_a_broken_cache_file_is_a_miss_not_a_failure(tmp_path, make_app):
    path = tmp_path / "broken.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    client = make_app(cache_path=path).test_client()
    assert assert_report(client.post("/v1/score", json={"html": ARTICLE}))
    assert client.get("/readyz").get_json()["checks"]["cache"].startswith("error")


def _hammer_cache(path: str, worker: int, count: int) -> None:
    cache = ResultCache(path, ttl_s=3600, max_bytes=50_000_000)
    for index in range(count):
        cache.put_report(f"w{worker}-{index}", json.dumps({"worker": worker, "index": index}))
        assert cache.get_report(f"w{worker}-{index}") is not None


def test_the_cache_is_safe_with_several_processes(tmp_path):
    path = str(tmp_path / "shared.sqlite3")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_hammer_cache, args=(path, worker, 150)) for worker in range(4)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
    assert [process.exitcode for process in workers] == [0, 0, 0, 0]
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0] == 600
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("url, normal", [
    ("HTTPS://WWW.Example.COM:443/a?utm_source=x&id=3&fbclid=y#comments", "https://www.example.com/a?id=3"),
    ("http://example.com", "http://example.com/"),
    ("http://example.com:8080/a?b=2&a=1", "http://example.com:8080/a?b=2&a=1"),
    ("http://example.com./a", "http://example.com/a"),
])
def test_normalize_url(url, normal):
    assert normalize_url(url) == normal


def test_html_key_depends_on_html_and_url():
    assert html_key("<p>a</p>", None) != html_key("<p>b</p>", None) != html_key("<p>a</p>", "https://x.example/")


# --- batch ---------------------------------------------------------------------------------------------------------

def test_batch_returns_one_result_per_item_in_order(client, pages):
    items = [
        {"html": ARTICLE, "url": ARTICLE_URL},
        {"url": pages.url("/404")},
        {"text": "The mayor said the plan would go ahead.", "title": "Plan ahead"},
        {"url": "http://169.254.169.254/latest/meta-data/"},
        {"html": 5},
        "not an object",
        {"url": pages.url("/article")},
        {"url": pages.url("/png")},
    ]
    response = client.post("/v1/score/batch", json={"items": items})
    assert response.status_code == 200
    body = response.get_json()
    results = body["results"]
    assert len(results) == len(items)
    assert body["model"]["name"] and body["model"]["version"]
    expected = [None, ("upstream_status", 502), None, ("address_blocked", 403), ("invalid_request", 422),
                ("invalid_request", 422), None, ("unsupported_content_type", 422)]
    for result, want in zip(results, expected):
        if want is None:
            assert "score" in result and "error" not in result
        else:
            assert (result["error"]["code"], result["error"]["status"]) == want
    assert results[1]["error"]["details"] == {"upstream_status": 404}
    assert "items[4]" in results[4]["error"]["message"]
    assert results[6]["article"]["url"] == pages.url("/article")


@pytest.mark.parametrize("body, fragment", [
    ({"items": []}, "empty"),
    ({"items": {"url": "x"}}, "array"),
    ({}, "needs `items`"),
    ({"items": [], "extra": 1}, "unknown field"),
    ([{"url": "x"}], "object"),
])
def test_batch_shape_errors(client, body, fragment):
    assert fragment in assert_error(client.post("/v1/score/batch", json=body), 422, "invalid_request")["message"]


def test_batch_limit(make_app):
    client = make_app(batch_max_items=3).test_client()
    error = assert_error(client.post("/v1/score/batch", json={"items": [{"text": "a"}] * 4}), 422, "invalid_request")
    assert "limit is 3" in error["message"]
    assert client.post("/v1/score/batch", json={"items": [{"text": "a b"}] * 3}).status_code == 200


# --- sources ---------------------------------------------------------------------------------------------------------

def _has_ratings(app) -> bool:
    return hasattr(app.extensions["scorer"].resources, "ratings")


def test_sources_rates_a_domain(app, client):
    if not _has_ratings(app):
        pytest.skip("the publisher ratings (resources.ratings, scorer/ratings.py) are not loaded yet")
    response = client.get("/v1/sources/www.apnews.com")
    assert response.status_code == 200
    rating = response.get_json()
    assert rating["domain"] == "apnews.com" and rating["label"] in ("reliable", "mixed", "unreliable", "satire")
    unknown = client.get("/v1/sources/no-such-outlet-zz9.example").get_json()
    assert unknown["rating"] is None and unknown["label"] == "unknown"


def test_sources_refuses_junk(app, client):
    if not _has_ratings(app):
        pytest.skip("the publisher ratings (resources.ratings, scorer/ratings.py) are not loaded yet")
    assert_error(client.get("/v1/sources/%20%20"), 422, "invalid_input")


def test_sources_without_a_ratings_table(app, client, monkeypatch):
    class NoRatings:
        settings = app.extensions["scorer"].resources.settings

    import dataclasses
    state = app.extensions["scorer"]
    app.extensions["scorer"] = dataclasses.replace(state, resources=NoRatings())
    assert_error(client.get("/v1/sources/apnews.com"), 501, "ratings_unavailable")


# --- health, readiness, docs ------------------------------------------------------------------------------------------

def test_healthz_and_readyz(client):
    assert client.get("/healthz").get_json()["status"] == "ok"
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.get_json()["status"] == "ready" and ready.get_json()["checks"] == {"cache": "ok", "scoring": "ok"}


def test_readyz_fails_when_scoring_fails(client, monkeypatch):
    import service.api

    def broken(resources):
        raise RuntimeError("model file vanished")

    monkeypatch.setattr(service.api, "probe_model", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "not_ready" and "vanished" in response.get_json()["checks"]["scoring"]


def test_openapi_lists_every_path(app, client):
    spec = client.get("/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    routes = {}
    for rule in app.url_map.iter_rules():
        path = str(rule).replace("<", "{").replace(">", "}")
        routes.setdefault(path, set()).update(m.lower() for m in rule.methods - {"HEAD", "OPTIONS"})
    documented = {path: set(ops) for path, ops in spec["paths"].items()}
    assert routes == documented


def test_docs_page_renders_the_spec(client):
    response = client.get("/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    spec = client.get("/openapi.json").get_json()
    for path in spec["paths"]:
        assert f"<code>{path}</code>" in page
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    assert "<script src" not in page and "https://" not in page.split("<body>")[0]  # nothing from a CDN


# --- request errors ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, status, code", [
    (b"{", 400, "malformed_json"),
    (b"", 400, "malformed_json"),
    (b"   ", 400, "malformed_json"),
    (b"{'html': 'x'}", 400, "malformed_json"),
    (b"\xff\xfe\x00garbage", 400, "malformed_json"),
    (b"[" * 100_000, 400, "malformed_json"),
    (b"[]", 422, "invalid_request"),
    (b'"html"', 422, "invalid_request"),
    (b"null", 422, "invalid_request"),
    (b"{}", 422, "invalid_request"),
    (b'{"html": 3}', 422, "invalid_request"),
    (b'{"html": null}', 422, "invalid_request"),
    (b'{"url": ["http://a.example/"]}', 422, "invalid_request"),
    (b'{"text": {"a": 1}}', 422, "invalid_request"),
    (b'{"htm": "<p>x</p>"}', 422, "invalid_request"),
    (b'{"html": "<p>x</p>", "text": "x"}', 422, "invalid_request"),
    (b'{"html": "<p>x</p>", "title": "T"}', 422, "invalid_request"),
    (b'{"url": "not a url"}', 422, "url_invalid"),
    (b'{"url": "ftp://example.com/"}', 422, "url_scheme"),
    (b'{"html": "<p>x</p>", "url": "javascript:alert(1)"}', 422, "url_invalid"),
    (b'{"html": ""}', 422, "empty_input"),
    (b'{"html": "   "}', 422, "empty_input"),
    (b'{"html": "just words, no markup at all"}', 422, "not_html"),
    (b'{"html": "\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000\\u0000"}', 422, "not_html"),
    (b'{"text": ""}', 422, "empty_input"),
    (b'{"html": ' + b"1" * 5000 + b"}", 400, "malformed_json"),  # past Python's int-digits limit
    (b'{"html": NaN}', 422, "invalid_request"),
    (b'{"html": 1e999}', 422, "invalid_request"),
    (b'{"html": "<p>a</p>", "html": 3}', 422, "invalid_request"),  # duplicate keys: the last one counts
    (b'{"url": "http://a.example/\\ud800"}', 422, "url_invalid"),  # a lone surrogate: no URL has one
    (b'{"html": "<p>x</p>", "url": "http://a.example/\\udfff"}', 422, "url_invalid"),
    (b'{"url": "http://[::1/"}', 422, "url_invalid"),
    (b'{"url": "http://a.example:abc/"}', 422, "url_invalid"),
    (b'{"url": "http://%31%32%37.0.0.1/"}', 422, "url_invalid"),
    (b'{"url": "http://a.example\\\\@127.0.0.1/"}', 422, "url_invalid"),
    (b'{"url": "http://' + b"a" * 64 + b'.example/"}', 422, "url_invalid"),  # a DNS label is at most 63
    ('{"url": "http://a.example/", "title": "\u00e9"}'.encode(), 422, "invalid_request"),
], ids=lambda v: v[:30].decode("utf-8", "replace") if isinstance(v, bytes) else str(v))
def test_bad_requests_get_json_errors(client, data, status, code):
    assert_error(client.post("/v1/score", data=data, content_type="application/json"), status, code)


@pytest.mark.parametrize("html", [
    "<html><body><div " + " ".join(f"a{i}" for i in range(30000)) + ">x</div></body></html>",  # parser-quadratic
    "<html><body>" + "<p>a</p>" * 60000 + "</body></html>",  # 60,000 elements to extract
], ids=["attributes", "elements"])
def test_markup_built_to_be_costly_gets_422_and_the_service_stays_up(client, html):
    assert_error(client.post("/v1/score", json={"html": html}), 422, "page_too_complex")
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("field, body", [
    ("html", '{"html": "<html><head><title>Budget \\ud800 vote</title></head><body><p>The council said so.</p>'
             '</body></html>"}'),
    ("text", '{"text": "The council \\udfff said on Monday that taxes would rise.", "title": "Tax \\ud83d rise"}'),
])
def test_lone_surrogates_in_documents_become_replacement_characters(client, field, body):
    # JSON can carry a lone UTF-16 surrogate (a browser's JSON.stringify of a DOM string can); UTF-8 cannot.
    response = client.post("/v1/score", data=body.encode(), content_type="application/json")
    report = assert_report(response)
    assert "\ufffd" in report["article"]["title"]
    assert response.get_data().decode("utf-8")  # the whole body is valid UTF-8


def test_a_batch_with_lone_surrogates_answers_every_item(client):
    body = b'{"items": [{"text": "The mayor \\ud800 said so."}, {"url": "http://a.example/\\ud800"}]}'
    results = client.post("/v1/score/batch", data=body, content_type="application/json").get_json()["results"]
    assert "score" in results[0] and results[1]["error"]["code"] == "url_invalid"


@pytest.mark.parametrize("query", ["url=", "url=%ff%fe", "url=%00", "url=http%3A%2F%2Fa.example%2F%0Ab",
                                   "url=" + "x" * 5000])
def test_get_score_refuses_hostile_query_values(client, query):
    assert_error(client.get("/v1/score?" + query), 422, "url_invalid")


@pytest.mark.parametrize("domain", ["a" * 5000, "%00", "..", "%ff", "xn--", "ex%20ample.com", "127.0.0.1", "[::1]",
                                    "http:", "%E2%80%AEmoc.elpmaxe"])
def test_sources_refuses_hostile_domains(app, client, domain):
    if not _has_ratings(app):
        pytest.skip("the publisher ratings (resources.ratings, scorer/ratings.py) are not loaded yet")
    assert_error(client.get("/v1/sources/" + domain), 422, "invalid_input")


@pytest.mark.parametrize("headers", [{"X-API-Key": "\u00e9t\u00e9"}, {"X-API-Key": "k1\x00"},
                                     {"X-API-Key": "k" * 20_000}, {"Authorization": "Bearer"}, {"Authorization": "Bearer  "},
                                     {"Authorization": "Bearer " + "k" * 20_000}, {"Authorization": "k1"}])
def test_hostile_api_keys_get_401_json(make_app, headers):
    client = make_app(api_keys="k1").test_client()
    assert_error(client.post("/v1/score", json={"text": "a b"}, headers=headers), 401, "unauthorized")


def test_a_form_encoded_body_is_unsupported_media_type(client):
    # Decided in issue 17 (service/body.py): JSON, text/plain or no Content-Type; a form is a 415.
    assert_error(client.post("/v1/score", data={"html": "<p>x</p>"}), 415, "unsupported_media_type")


def test_a_40_mb_body_gets_413(client):
    body = b'{"html": "' + b"a" * (40 * 1024 * 1024) + b'"}'
    error = assert_error(client.post("/v1/score", data=body, content_type="application/json"), 413,
                         "request_too_large")
    assert "6,291,456" in error["message"]


def test_the_request_limit_is_a_setting(make_app):
    client = make_app(request_max_bytes=1000).test_client()
    assert_error(client.post("/v1/score", json={"html": "<p>" + "a" * 2000 + "</p>"}), 413, "request_too_large")


@pytest.mark.parametrize("query, fragment", [({}, "needs ?url="), ({"url": "http://a.example/", "x": "1"}, "'x'")])
def test_get_score_query_errors(client, query, fragment):
    assert fragment in assert_error(client.get("/v1/score", query_string=query), 422, "invalid_request")["message"]


def test_get_score_with_two_urls(client):
    assert_error(client.get("/v1/score?url=http://a.example/&url=http://b.example/"), 422, "invalid_request")


def test_unknown_paths_and_methods_get_json(client):
    assert_error(client.get("/v2/score"), 404, "not_found")
    error_response = client.delete("/v1/score")
    assert_error(error_response, 405, "method_not_allowed")
    assert "POST" in error_response.headers["Allow"]


def test_an_unexpected_bug_is_a_json_500_without_details(client, monkeypatch):
    import service.api

    def crash(*args, **kwargs):
        raise ZeroDivisionError("secret internals")

    monkeypatch.setattr(service.api, "score_html", crash)
    error = assert_error(client.post("/v1/score", json={"html": ARTICLE}), 500, "internal_error")
    assert "secret" not in error["message"]


def test_every_library_error_class_has_its_status():
    for cls, status in ERROR_STATUS.items():
        exc = cls("x", status=404) if cls is UpstreamStatusError else cls("x")
        assert status_for(exc) == status and 400 <= status < 600
    assert status_for(type("NewInputError", (InputError,), {"code": "new"})("x")) == 422  # by its MRO


# --- SSRF through the service ---------------------------------------------------------------------------------------------

SSRF_URLS = [
    "http://127.0.0.1:{port}/article", "http://localhost:{port}/article", "http://2130706433:{port}/article",
    "http://0x7f.1:{port}/article", "http://0177.0.0.1:{port}/article", "http://[::ffff:127.0.0.1]:{port}/article",
    "http://[::1]:{port}/article", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
    "http://192.168.0.1/", "http://[fc00::1]/", "http://[fe80::1]/", "http://224.0.0.1/", "http://0.0.0.0/",
    "http://127\uff0e0\uff0e0\uff0e1:{port}/article",  # full-width dots: IDNA maps them to 127.0.0.1
    "http://metadata.google.internal/computeMetadata/v1/", "http://printer.local/", "http://x.localhost:{port}/",
]


@pytest.mark.parametrize("url", SSRF_URLS)
def test_ssrf_vectors_get_403_by_default(make_app, pages, url):
    client = make_app(fetch_allow="").test_client()  # the committed default: nothing allowed
    before = len(pages.hits)
    url = url.format(port=pages.port)
    assert_error(client.post("/v1/score", json={"url": url}), 403, "address_blocked")
    assert_error(client.get("/v1/score", query_string={"url": url}), 403, "address_blocked")
    assert len(pages.hits) == before


def test_a_malformed_allow_list_stops_start_up(make_app):
    with pytest.raises(ValueError, match="fetch_allow"):
        make_app(fetch_allow="intranet:http")


def test_allow_listed_host_fetches(make_app, pages):
    assert make_app(fetch_allow="").test_client().post(
        "/v1/score", json={"url": pages.url("/article")}).status_code == 403
    assert_report(make_app(fetch_allow=pages.allow).test_client().post("/v1/score", json={"url": pages.url("/article")}))


# --- hostile pages through the service: each refused with its error, and the service stays up ----------------------------

HOSTILE = [
    ("/big-declared", 502, "body_too_large"),
    ("/big-undeclared", 502, "body_too_large"),
    ("/gzip-bomb", 502, "body_too_large"),
    ("/double-gzip", 502, "unsupported_content_encoding"),
    ("/png", 422, "unsupported_content_type"),
    ("/pdf", 422, "unsupported_content_type"),
    ("/octet", 422, "unsupported_content_type"),
    ("/binary-untyped", 422, "unsupported_content_type"),
    ("/binary-as-html", 422, "not_html"),
    ("/empty", 422, "empty_input"),
    ("/404", 502, "upstream_status"),
    ("/500", 502, "upstream_status"),
    ("/garbage", 502, "upstream_invalid"),
    ("/redirect-metadata", 403, "address_blocked"),
    ("/redirect-private", 403, "address_blocked"),
    ("/redirect-localhost", 403, "address_blocked"),
    ("/redirect-loop", 502, "too_many_redirects"),
    ("/chain/6", 502, "too_many_redirects"),
    ("/redirect-ftp", 422, "url_scheme"),
]


@pytest.mark.parametrize("path, status, code", HOSTILE, ids=[p for p, _, _ in HOSTILE])
def test_hostile_pages_are_refused_and_the_service_stays_up(client, pages, path, status, code):
    assert_error(client.post("/v1/score", json={"url": pages.url(path)}), status, code)
    assert client.get("/healthz").status_code == 200
    assert_report(client.post("/v1/score", json={"url": pages.url("/article-gzip")}))


@pytest.mark.slow
def test_a_slow_drip_page_times_out_with_504(make_app, pages):
    client = make_app(fetch_timeout_s=1.5).test_client()
    assert_error(client.post("/v1/score", json={"url": pages.url("/drip")}), 504, "fetch_timeout")
    assert_report(client.post("/v1/score", json={"url": pages.url("/article")}))


def test_a_mislabelled_charset_scores_with_the_right_text(client, pages):
    report = assert_report(client.post("/v1/score", json={"url": pages.url("/mislabelled-charset")}))
    assert "Zürich" in report["article"]["text"] and "ZÃ¼rich" not in report["article"]["text"]


def test_unreachable_port_is_502(make_app, pages):
    client = make_app(fetch_allow=f"127.0.0.1:{pages.other_port}").test_client()
    assert_error(client.post("/v1/score", json={"url": f"http://127.0.0.1:{pages.other_port}/"}), 502,
                 "connection_failed")


# --- CORS ------------------------------------------------------------------------------------------------------------------

PREFLIGHT = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type, x-api-key"}


@pytest.mark.parametrize("origin", ["chrome-extension://abcdefghijklmnopabcdefghijklmnop",
                                    "moz-extension://4b9f1a3e-8c2d-4e5f-9a1b-2c3d4e5f6a7b",
                                    "safari-web-extension://ABCD-1234"])
def test_extension_preflight_is_answered(client, origin):
    response = client.options("/v1/score", headers={"Origin": origin, **PREFLIGHT})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == origin
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    allowed_headers = response.headers["Access-Control-Allow-Headers"].lower()
    assert "content-type" in allowed_headers and "x-api-key" in allowed_headers


def test_other_origins_are_not_allowed_by_default(client):
    for origin in ("https://evil.example", "chrome-extension://x/../evil", "http://chrome-extension.evil.example"):
        response = client.options("/v1/score", headers={"Origin": origin, **PREFLIGHT})
        assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_headers_on_responses_and_errors(make_app):
    client = make_app(api_keys="k1").test_client()
    origin = {"Origin": "chrome-extension://abc"}
    response = client.post("/v1/score", json={"text": "a b c"}, headers={**origin, "X-API-Key": "k1"})
    assert response.headers["Access-Control-Allow-Origin"] == "chrome-extension://abc"
    assert "X-Model-Version" in response.headers["Access-Control-Expose-Headers"]
    denied = client.post("/v1/score", json={"text": "a b c"}, headers=origin)
    assert denied.status_code == 401 and denied.headers["Access-Control-Allow-Origin"] == "chrome-extension://abc"


def test_cors_is_configurable(make_app):
    off = make_app(cors_origins="").test_client()
    assert "Access-Control-Allow-Origin" not in off.options(
        "/v1/score", headers={"Origin": "chrome-extension://abc", **PREFLIGHT}).headers
    site = make_app(cors_origins="https://newsroom.example").test_client()
    assert site.options("/v1/score", headers={"Origin": "https://newsroom.example", **PREFLIGHT}).headers[
        "Access-Control-Allow-Origin"] == "https://newsroom.example"
    assert cors_origin_patterns("*") == "*"


# --- API keys ---------------------------------------------------------------------------------------------------------------

def test_api_keys_are_off_by_default(client):
    assert client.post("/v1/score", json={"text": "a b c"}).status_code == 200


def test_api_keys_when_on(make_app):
    client = make_app(api_keys="alpha-key, beta-key").test_client()
    body = {"text": "a b c"}
    error_response = client.post("/v1/score", json=body)
    assert_error(error_response, 401, "unauthorized")
    assert error_response.headers["WWW-Authenticate"].startswith("Bearer")
    assert_error(client.post("/v1/score", json=body, headers={"X-API-Key": "wrong"}), 401, "unauthorized")
    assert_error(client.post("/v1/score", json=body, headers={"Authorization": "Basic YWxwaGE="}), 401, "unauthorized")
    assert client.post("/v1/score", json=body, headers={"X-API-Key": "alpha-key"}).status_code == 200
    assert client.post("/v1/score", json=body, headers={"Authorization": "Bearer beta-key"}).status_code == 200
    # open: health, readiness, docs, and CORS preflights
    for path in ("/healthz", "/readyz", "/openapi.json", "/docs"):
        assert client.get(path).status_code == 200
    assert client.options("/v1/score", headers={"Origin": "chrome-extension://abc", **PREFLIGHT}).status_code == 200


# --- rate limiting ---------------------------------------------------------------------------------------------------------

def test_rate_limit_gives_429_json(make_app):
    client = make_app(rate_limit_per_minute=1, rate_limit_burst=3).test_client()
    statuses = [client.post("/v1/score", json={"text": "a b c"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    limited = client.post("/v1/score", json={"text": "a b c"})
    assert_error(limited, 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) >= 1
    assert client.get("/healthz").status_code == 200  # health is never limited


def test_rate_limit_is_per_client(make_app):
    client = make_app(rate_limit_per_minute=1, rate_limit_burst=1, api_keys="a,b").test_client()
    assert client.post("/v1/score", json={"text": "x y"}, headers={"X-API-Key": "a"}).status_code == 200
    assert client.post("/v1/score", json={"text": "x y"}, headers={"X-API-Key": "a"}).status_code == 429
    assert client.post("/v1/score", json={"text": "x y"}, headers={"X-API-Key": "b"}).status_code == 200
    other_ip = client.post("/v1/score", json={"text": "x y"}, headers={"X-API-Key": "b"},
                           environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert other_ip.status_code == 429  # keyed by the API key, not the address


def test_a_batch_costs_one_token_per_item(make_app):
    client = make_app(rate_limit_per_minute=1, rate_limit_burst=5).test_client()
    assert client.post("/v1/score/batch", json={"items": [{"text": "a b"}] * 4}).status_code == 200
    assert client.post("/v1/score", json={"text": "a b"}).status_code == 200
    assert_error(client.post("/v1/score", json={"text": "a b"}), 429, "rate_limited")


@pytest.mark.parametrize("address, key", [
    ("203.0.113.9", "203.0.113.9"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),  # same /64, same bucket
    ("::ffff:203.0.113.9", "203.0.113.9"),
    (None, "unknown"),
])
def test_rate_limit_keys_by_client_network(address, key):
    assert client_network(address) == key


def test_token_bucket_refills():
    now = [0.0]
    buckets = TokenBuckets(per_minute=60, burst=2, clock=lambda: now[0])
    assert [buckets.take("c").allowed for _ in range(3)] == [True, True, False]
    assert buckets.take("c").retry_after_s == 1
    now[0] += 1.0
    assert buckets.take("c").allowed and not buckets.take("c").allowed
    assert buckets.take("other").allowed


def test_request_ids(client):
    assert client.get("/healthz", headers={"X-Request-Id": "abc-123"}).headers["X-Request-Id"] == "abc-123"
    for unsafe in ("has spaces and <html>", "x" * 65, ""):
        made = client.get("/healthz", headers={"X-Request-Id": unsafe}).headers["X-Request-Id"]
        assert made != unsafe and len(made) == 32


# --- the real server (gunicorn, 2 workers) ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(pages, tmp_path_factory):
    env = {"SCORER_FETCH_ALLOW": pages.allow, "SCORER_FETCH_TIMEOUT_S": "3",
           "SCORER_CACHE_PATH": str(tmp_path_factory.mktemp("cache") / "cache.sqlite3"),
           "SCORER_RATE_LIMIT_PER_MINUTE": "0"}
    with ServerProcess(workers=2, env=env) as running:
        yield running


@pytest.mark.slow
def test_real_server_serves_and_logs_json(server, pages):
    with httpx.Client(base_url=server.base, timeout=30) as http:
        response = http.post("/v1/score", json={"url": pages.url("/article")}, headers={"X-Request-Id": "e2e-1"})
        assert response.status_code == 200 and response.json()["article"]["url"] == pages.url("/article")
        for path, status, code in HOSTILE:
            refused = http.post("/v1/score", json={"url": pages.url(path)})
            assert (refused.status_code, refused.json()["error"]["code"]) == (status, code), path
        assert http.get("/healthz").status_code == 200
    assert server.process.poll() is None
    lines = [json.loads(line) for line in server.stdout().splitlines() if line.startswith("{")]
    logged = next(line for line in lines if line["request_id"] == "e2e-1")
    assert logged["path"] == "/v1/score" and logged["status"] == 200 and logged["duration_ms"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("repeat, status, code", [
    (1015, 403, "address_blocked"),  # 2,047 characters: a valid URL, over 4 KB once encoded
    (1500, 422, "url_invalid"),  # 3,017 characters: over MAX_URL_CHARS, still answered in JSON
])
def test_real_server_answers_long_get_urls_in_json(server, repeat, status, code):
    url = "http://127.0.0.1/" + "a/" * repeat  # every '/' is '%2F' in the query: past gunicorn's 4094 default
    with httpx.Client(base_url=server.base, timeout=30) as http:
        response = http.get("/v1/score", params={"url": url})
    assert response.status_code == status and response.json()["error"]["code"] == code


@pytest.mark.slow
def test_real_server_refuses_a_40_mb_body_with_413(server):
    body = b'{"html": "' + b"a" * (40 * 1024 * 1024) + b'"}'
    with httpx.Client(base_url=server.base, timeout=60) as http:
        response = http.post("/v1/score", content=body, headers={"Content-Type": "application/json"})
        assert response.status_code == 413 and response.json()["error"]["code"] == "request_too_large"
        assert http.get("/healthz").status_code == 200


@pytest.mark.slow
def test_sigterm_lets_in_flight_requests_finish(pages, tmp_path):
    env = {"SCORER_FETCH_ALLOW": pages.allow, "SCORER_CACHE_PATH": str(tmp_path / "c.sqlite3")}
    running = ServerProcess(workers=1, env=env).start()
    outcome = {}

    def slow_request():
        # /slow-ok takes two seconds to answer: SIGTERM arrives while it is in flight.
        outcome["response"] = httpx.post(running.url("/v1/score"), json={"url": pages.url("/slow-ok")}, timeout=30)

    thread = threading.Thread(target=slow_request)
    thread.start()
    assert wait_for_hit(pages, "/slow-ok")
    exit_code = running.stop()
    thread.join(30)
    assert outcome["response"].status_code == 200
    assert exit_code == 0
    assert "Handling signal: term" in running.stderr()


def wait_for_hit(pages, path: str) -> bool:
    from servers import wait_until
    return wait_until(lambda: path in pages.hits, timeout=20)
