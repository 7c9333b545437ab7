"""The HTTP bad-input matrix (issue 17): over a hundred malformed, empty, huge, wrong-typed and hostile
requests, each with the status and error code it must get. None may be a 5xx but the documented
ones (a fetch that fails upstream, the scoring deadline); every error body is the service's JSON
error, and no message names a setting, a file path or errno text."""
from __future__ import annotations

import io
import json
import logging
import re

import pytest

from service import create_app
from service.errors import API_ERROR_STATUS, ERROR_STATUS

ARTICLE = ("<html><head><title>Council votes</title></head><body><article><h1>Council votes</h1>"
           + "<p>The council approved the plan on Monday, the mayor's office said in a statement.</p>" * 5
           + "</article></body></html>")
OK_TEXT = {"text": "The council approved the plan, the mayor said on Monday, according to Reuters."}
# Markers of configuration or library internals that no client message may carry.
# An exception's name ("RecursionError", "ValueError", "NoMoreData"...): a message says what is wrong instead.
EXCEPTION_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]*)*(?:Error|Exception|Data)\b")
LEAKS = ("SCORER_", "Errno", "errno", "fetch_allow", "request_max_bytes", "/work/", "Traceback", ".py")


def no_dns(host: str, port: int) -> list[str]:
    raise OSError(f"[Errno -2] Name or service not known ({host}); see SCORER_FETCH_ALLOW")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("matrix")
    app = create_app({"TESTING": True, "cache_path": path / "cache.sqlite3", "rate_limit_per_minute": 0,
                      "RESOLVER": no_dns, "fetch_timeout_s": 2.0})
    return app.test_client()


def _json(value: object) -> bytes:
    return json.dumps(value).encode()


# (case id, body bytes, Content-Type, expected status, expected code or None for a report)
BODIES: list[tuple[str, bytes, str | None, int, str | None]] = [
    # --- not JSON, or not UTF-8 JSON ---
    ("empty", b"", "application/json", 400, "malformed_json"),
    ("blank", b"  \n\t ", "application/json", 400, "malformed_json"),
    ("open-brace", b"{", "application/json", 400, "malformed_json"),
    ("open-bracket", b"[", "application/json", 400, "malformed_json"),
    ("single-quotes", b"{'text': 'a'}", "application/json", 400, "malformed_json"),
    ("missing-value", b'{"html": }', "application/json", 400, "malformed_json"),
    ("trailing-garbage", b'{"text": "a"}{', "application/json", 400, "malformed_json"),
    ("bare-word", b"nul", "application/json", 400, "malformed_json"),
    ("latin-1", '{"text": "café"}'.encode("latin-1"), "application/json", 400, "malformed_json"),
    ("utf-16", '{"text": "a b c"}'.encode("utf-16"), "application/json", 400, "malformed_json"),
    ("utf-16-le", '{"text": "a b c"}'.encode("utf-16-le"), "application/json", 400, "malformed_json"),
    ("utf-32", '{"text": "a b c"}'.encode("utf-32"), "application/json", 400, "malformed_json"),
    ("deep-nesting", b"[" * 100_000 + b"]" * 100_000, "application/json", 400, "malformed_json"),
    ("huge-integer", b'{"text": ' + b"9" * 5000 + b"}", "application/json", 400, "malformed_json"),
    ("nul-bytes", b"\x00" * 64, "application/json", 400, "malformed_json"),
    ("binary", bytes(range(256)), "application/json", 400, "malformed_json"),
    # --- JSON, but not a score request ---
    ("duplicate-key", b'{"text": "a b c", "text": "d e f"}', "application/json", 422, "invalid_request"),
    ("duplicate-key-nested", b'{"items": [{"url": "https://a.example/", "url": "https://b.example/"}]}',
     "application/json", 422, "invalid_request"),
    ("array", b"[]", "application/json", 422, "invalid_request"),
    ("string", b'"text"', "application/json", 422, "invalid_request"),
    ("number", b"1", "application/json", 422, "invalid_request"),
    ("true", b"true", "application/json", 422, "invalid_request"),
    ("null", b"null", "application/json", 422, "invalid_request"),
    ("nan", b"NaN", "application/json", 422, "invalid_request"),
    ("empty-object", b"{}", "application/json", 422, "invalid_request"),
    ("unknown-field", _json({"htm": "<p>x</p>"}), "application/json", 422, "invalid_request"),
    ("html-and-text", _json({"html": "<p>x</p>", "text": "x"}), "application/json", 422, "invalid_request"),
    ("title-without-text", _json({"html": "<p>x</p>", "title": "t"}), "application/json", 422, "invalid_request"),
    ("title-only", _json({"title": "t"}), "application/json", 422, "invalid_request"),
    # --- documents the library refuses ---
    ("empty-html", _json({"html": ""}), "application/json", 422, "empty_input"),
    ("blank-html", _json({"html": " \n "}), "application/json", 422, "empty_input"),
    ("too-many-elements", _json({"html": "<b></b>" * 60_000}), "application/json", 422, "page_too_complex"),
    ("too-many-attributes", _json({"html": "<p " + " ".join(f"a{i}=1" for i in range(600)) + ">x</p>"}),
     "application/json", 422, "page_too_complex"),
    ("empty-text", _json({"text": ""}), "application/json", 422, "empty_input"),
    # --- accepted encodings and media types (service/body.py) ---
    ("text-plain", _json(OK_TEXT), "text/plain", 200, None),
    ("no-content-type", _json(OK_TEXT), None, 200, None),
    ("json-utf-8-charset", _json(OK_TEXT), "application/json; charset=utf-8", 200, None),
    ("problem-json", _json(OK_TEXT), "application/problem+json", 200, None),
    ("utf-8-bom", b"\xef\xbb\xbf" + _json(OK_TEXT), "application/json", 200, None),
    ("lone-surrogate-text", b'{"text": "The mayor said \\ud800 it, according to Reuters."}', "application/json",
     200, None),
    ("form", b"text=a+b", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ("multipart", b"--x\r\n\r\n--x--", "multipart/form-data; boundary=x", 415, "unsupported_media_type"),
    ("text-html", _json(OK_TEXT), "text/html", 415, "unsupported_media_type"),
    ("xml", b"<a/>", "application/xml", 415, "unsupported_media_type"),
    ("octet-stream", _json(OK_TEXT), "application/octet-stream", 415, "unsupported_media_type"),
    ("charset-utf-16", '{"text": "a"}'.encode("utf-16"), "application/json; charset=utf-16", 415,
     "unsupported_media_type"),
    ("charset-latin-1", _json(OK_TEXT), "application/json; charset=latin-1", 415, "unsupported_media_type"),
]
# Every field with every wrong JSON type.
WRONG_TYPES = [(field, value) for field in ("url", "html", "text", "title")
               for value in (1, 1.5, True, None, [], {}, ["<p>x</p>"])]
# URLs: refused by form (422), by scheme (422), by address (403), or failing to resolve (502).
URLS: list[tuple[str, int, str]] = [
    ("", 422, "url_invalid"),
    ("x", 422, "url_invalid"),
    ("//news.example/a", 422, "url_invalid"),
    ("http://", 422, "url_invalid"),
    ("http://[", 422, "url_invalid"),
    ("http://[::1", 422, "url_invalid"),
    ("http://a b.example/", 422, "url_invalid"),
    ("http://news.example/\x00", 422, "url_invalid"),
    ("http://user:pw@news.example/", 422, "url_invalid"),
    ("http://news.example:99999/", 422, "url_invalid"),
    ("http://" + "a" * 300 + ".example/", 422, "url_invalid"),
    ("https://news.example/" + "a" * 5000, 422, "url_invalid"),
    ("ftp://news.example/a", 422, "url_scheme"),
    ("file:///etc/passwd", 422, "url_scheme"),
    ("javascript:alert(1)", 422, "url_invalid"),
    ("gopher://news.example/", 422, "url_scheme"),
    ("http://127.0.0.1/", 403, "address_blocked"),
    ("http://10.0.0.1/", 403, "address_blocked"),
    ("http://169.254.169.254/latest/meta-data/", 403, "address_blocked"),
    ("http://[::1]/", 403, "address_blocked"),
    ("http://[::ffff:127.0.0.1]/", 403, "address_blocked"),
    ("http://localhost/", 403, "address_blocked"),
    ("http://0.0.0.0/", 403, "address_blocked"),
    ("http://192.168.1.1:8080/admin", 403, "address_blocked"),
    ("https://news.example/a", 502, "dns_failure"),
    ("https://xn--nxasmq6b.example/", 502, "dns_failure"),
]
# Methods and paths.
ROUTES: list[tuple[str, str, int, str]] = [
    ("PUT", "/v1/score", 405, "method_not_allowed"),
    ("DELETE", "/v1/score", 405, "method_not_allowed"),
    ("PATCH", "/v1/score/batch", 405, "method_not_allowed"),
    ("GET", "/v1/score/batch", 405, "method_not_allowed"),
    ("POST", "/healthz", 405, "method_not_allowed"),
    ("GET", "/v1/nothing", 404, "not_found"),
    ("GET", "/v2/score", 404, "not_found"),
    ("GET", "/v1/score", 422, "invalid_request"),
    ("GET", "/v1/score?url=a&url=b", 422, "invalid_request"),
    ("GET", "/v1/score?uri=https://news.example/", 422, "invalid_request"),
    ("GET", "/v1/score?url=http://127.0.0.1/", 403, "address_blocked"),
    ("GET", "/v1/score?url=%ZZ", 422, "url_invalid"),
]
BATCHES: list[tuple[str, object, int, str]] = [
    ("batch-array", [], 422, "invalid_request"),
    ("batch-no-items", {}, 422, "invalid_request"),
    ("batch-items-object", {"items": {}}, 422, "invalid_request"),
    ("batch-items-empty", {"items": []}, 422, "invalid_request"),
    ("batch-too-many", {"items": [OK_TEXT] * 21}, 422, "invalid_request"),
    ("batch-unknown-field", {"items": [OK_TEXT], "x": 1}, 422, "invalid_request"),
]


def assert_error(response, status: int, code: str | None) -> None:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/json"
    body = response.get_json()
    if code is None:
        assert "error" not in body
        return
    assert set(body) == {"error"} and body["error"]["code"] == code, body
    message = body["error"]["message"]
    assert isinstance(message, str) and message
    assert not any(leak in message for leak in LEAKS), message
    assert not EXCEPTION_NAME.search(message), message  # "...not usable JSON: RecursionError" was one
    assert response.headers.get("X-Request-Id")
    documented = set(API_ERROR_STATUS.values()) | set(ERROR_STATUS.values())
    assert status in documented
    assert status < 500 or code in {"dns_failure", "deadline_exceeded"}


@pytest.mark.parametrize("case, body, content_type, status, code", BODIES, ids=[case[0] for case in BODIES])
def test_bodies(client, case, body, content_type, status, code):
    headers = {"Content-Type": content_type} if content_type else {}
    assert_error(client.post("/v1/score", data=body, headers=headers), status, code)


@pytest.mark.parametrize("field, value", WRONG_TYPES)
def test_wrong_types(client, field, value):
    request = {"text": "a b c"} if field != "text" else {}
    request[field] = value
    assert_error(client.post("/v1/score", json=request), 422, "invalid_request")


@pytest.mark.parametrize("url, status, code", URLS)
def test_urls(client, url, status, code):
    assert_error(client.post("/v1/score", json={"url": url}), status, code)


@pytest.mark.parametrize("method, path, status, code", ROUTES)
def test_routes(client, method, path, status, code):
    assert_error(client.open(path, method=method), status, code)


@pytest.mark.parametrize("case, body, status, code", BATCHES, ids=[case[0] for case in BATCHES])
def test_batches(client, case, body, status, code):
    assert_error(client.post("/v1/score/batch", json=body), status, code)


def test_a_bad_batch_item_fails_only_itself(client):
    response = client.post("/v1/score/batch", json={"items": [OK_TEXT, {"url": "http://127.0.0.1/"}, 7]})
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert "article" in results[0]
    assert (results[1]["error"]["code"], results[1]["error"]["status"]) == ("address_blocked", 403)
    assert (results[2]["error"]["code"], results[2]["error"]["status"]) == ("invalid_request", 422)


@pytest.mark.parametrize("headers", [{"Content-Encoding": "gzip"}, {"Content-Encoding": "deflate"},
                                     {"Content-Encoding": "br"}])
def test_compressed_bodies_are_415(client, headers):
    assert_error(client.post("/v1/score", data=_json(OK_TEXT), headers={**headers, "Content-Type": "application/json"}),
                 415, "unsupported_media_type")


def test_an_address_blocked_message_names_no_setting(client):
    body = client.post("/v1/score", json={"url": "http://10.1.2.3/"}).get_json()
    assert "SCORER_" not in body["error"]["message"] and "10.1.2.3" not in body["error"]["message"]


def test_a_dns_failure_carries_no_errno_text(client, caplog):
    caplog.set_level(logging.INFO, logger="service")
    response = client.post("/v1/score", json={"url": "https://news.example/a"}, headers={"X-Request-Id": "dns-1"})
    assert_error(response, 502, "dns_failure")
    assert "Errno" not in response.get_json()["error"]["message"]
    # The details are in the log, with the request id the response carries.
    assert any("dns-1" in record.getMessage() and "Errno" in record.getMessage() for record in caplog.records)


def _chunked_post(client, body: bytes):
    # No Content-Length: the test client sends the stream as a body of unknown length (chunked).
    return client.post("/v1/score", input_stream=io.BytesIO(body), headers={"Content-Type": "application/json"})


def test_a_chunked_body_over_the_limit_is_413_not_truncated(tmp_path):
    app = create_app({"TESTING": True, "cache_path": tmp_path / "c.sqlite3", "rate_limit_per_minute": 0,
                      "request_max_bytes": 1000})
    body = _json({"html": ARTICLE + "x" * 2000})
    assert_error(_chunked_post(app.test_client(), body), 413, "request_too_large")


def test_a_chunked_body_within_the_limit_is_scored(tmp_path):
    app = create_app({"TESTING": True, "cache_path": tmp_path / "c.sqlite3", "rate_limit_per_minute": 0})
    response = _chunked_post(app.test_client(), _json({"html": ARTICLE}))
    assert response.status_code == 200 and response.get_json()["article"]["title"] == "Council votes"


@pytest.mark.parametrize("mode", ["html", "text"])
def test_past_the_deadline_is_a_503_json_error(tmp_path, mode):
    app = create_app({"TESTING": True, "cache_path": tmp_path / "c.sqlite3", "rate_limit_per_minute": 0,
                      "score_deadline_s": 1e-9})
    request = {"html": ARTICLE} if mode == "html" else OK_TEXT
    assert_error(app.test_client().post("/v1/score", json=request), 503, "deadline_exceeded")


def test_the_wait_for_a_scoring_slot_counts_against_the_deadline(tmp_path):
    """Issue 24: the deadline runs from the body's last byte, so a request queued behind another
    scoring is answered 503 when its time is up, not scored after it."""
    app = create_app({"TESTING": True, "cache_path": tmp_path / "c.sqlite3", "rate_limit_per_minute": 0,
                      "cache_ttl_s": 0, "score_deadline_s": 0.2})
    slots = app.extensions["scorer"].scoring_slots
    assert slots.acquire(timeout=5)  # another request is scoring on this worker
    try:
        response = app.test_client().post("/v1/score", json={"html": ARTICLE})
        assert_error(response, 503, "deadline_exceeded")
        assert "waiting for a free scoring slot" in response.get_json()["error"]["message"]
    finally:
        slots.release()
    assert app.test_client().post("/v1/score", json={"html": ARTICLE}).status_code == 200


def test_the_matrix_has_over_a_hundred_cases():
    cases = len(BODIES) + len(WRONG_TYPES) + len(URLS) + len(ROUTES) + len(BATCHES) + 3 + 2 + 2 + 2
    assert cases >= 100, cases
