"""Contract test: real responses against the OpenAPI document the service publishes.

- The document is valid OpenAPI 3.1 (openapi-spec-validator), and its examples fit its schemas.
- For every operation, requests that succeed and requests that fail get a status the document
  lists for that operation, and a body valid under that status's schema (JSON Schema 2020-12,
  `$ref`s resolved inside the document), with the documented headers.
- Every operation is exercised; the ScoreRequest schema accepts exactly what the service accepts.
"""
from __future__ import annotations

import json

import hypothesis
import pytest
import schemathesis
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_openapi
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from scorer.fetch import AddressBlockedError, blocked_reason, check_url, ip_literal
from service.settings import ServiceSettings
from service import create_app
from service.openapi import build_spec

from servers import ARTICLE_HTML, PageServer

SPEC_URI = "urn:scorer:openapi"
EXERCISED: set[tuple[str, str, str]] = set()


@pytest.fixture(scope="module")
def pages():
    with PageServer() as server:
        yield server


@pytest.fixture(scope="module")
def apps(pages, tmp_path_factory):
    base = {"TESTING": True, "fetch_allow": pages.allow, "fetch_timeout_s": 3.0, "rate_limit_per_minute": 0,
            "cache_path": tmp_path_factory.mktemp("cache") / "cache.sqlite3"}
    return {
        "open": create_app(base),
        "keyed": create_app({**base, "api_keys": "contract-key"}),
        "limited": create_app({**base, "rate_limit_per_minute": 1, "rate_limit_burst": 1}),
    }


@pytest.fixture(scope="module")
def spec(apps):
    return apps["open"].test_client().get("/openapi.json").get_json()


def _pointer(*parts: str) -> str:
    return "#/" + "/".join(part.replace("~", "~0").replace("/", "~1") for part in parts)


def _validator(spec: dict, pointer: str) -> Draft202012Validator:
    registry = Registry().with_resource(SPEC_URI, Resource.from_contents(spec, default_specification=DRAFT202012))
    return Draft202012Validator({"$ref": SPEC_URI + pointer}, registry=registry)


def _resolve(spec: dict, item: dict) -> tuple[dict, list[str]]:
    """(the response object, its location) following a `$ref` into components."""
    if "$ref" in item:
        parts = item["$ref"].lstrip("#/").split("/")
        node = spec
        for part in parts:
            node = node[part]
        return node, parts
    return item, []


def check_response(spec: dict, path: str, method: str, response) -> None:
    operation = spec["paths"][path][method]
    status = str(response.status_code)
    assert status in operation["responses"], (
        f"{method.upper()} {path} answered {status}, which the document does not list: "
        f"{response.get_data(as_text=True)[:300]}")
    documented, location = _resolve(spec, operation["responses"][status])
    location = location or ["paths", path, method, "responses", status]
    for header in documented.get("headers", {}):
        if header in ("X-Model-Version", "X-Request-Id", "X-Cache", "Retry-After"):
            assert header in response.headers, f"{method.upper()} {path} {status} lacks the documented {header}"
    content = documented.get("content", {})
    if "application/json" in content:
        assert response.mimetype == "application/json"
        errors = sorted(_validator(spec, _pointer(*location, "content", "application/json", "schema"))
                        .iter_errors(response.get_json()), key=lambda e: list(e.absolute_path))
        assert not errors, f"{method.upper()} {path} {status}: " + "; ".join(
            f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}" for e in errors[:5])
    elif "text/html" in content:
        assert response.mimetype == "text/html"
    EXERCISED.add((path, method, status))


def test_the_document_is_valid_openapi_3_1(spec):
    validate_openapi(spec)
    assert spec["openapi"] == "3.1.0"


def test_the_examples_fit_their_schemas(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if not body:
                continue
            validator = _validator(spec, _pointer("paths", path, method, "requestBody", "content",
                                                  "application/json", "schema"))
            examples = [body["example"]] if "example" in body else [e["value"] for e in body["examples"].values()]
            for example in examples:
                validator.validate(example)


ARTICLE = ARTICLE_HTML.decode("utf-8")

# (app, method, documented path, request path, request kwargs)
CASES = [
    ("open", "post", "/v1/score", "/v1/score", {"json": {"html": ARTICLE, "url": "https://www.riversideledger.example/a"}}),
    ("open", "post", "/v1/score", "/v1/score", {"json": {"url": "PAGES/article"}}),
    ("open", "post", "/v1/score", "/v1/score", {"json": {"url": "PAGES/article"}}),  # now from the cache
    ("open", "post", "/v1/score", "/v1/score", {"json": {"text": "The mayor said so.", "title": "Mayor"}}),
    ("open", "post", "/v1/score", "/v1/score", {"data": b"{nope", "content_type": "application/json"}),
    ("open", "post", "/v1/score", "/v1/score", {"json": {"html": 1}}),
    ("open", "post", "/v1/score", "/v1/score", {"json": {"html": ""}}),
    ("open", "post", "/v1/score", "/v1/score", {"json": {"url": "http://169.254.169.254/"}}),
    ("open", "post", "/v1/score", "/v1/score", {"json": {"url": "PAGES/404"}}),
    ("open", "post", "/v1/score", "/v1/score", {"json": {"url": "PAGES/gzip-bomb"}}),
    ("open", "post", "/v1/score", "/v1/score", {"data": b"x" * (7 * 1024 * 1024), "content_type": "application/json"}),
    ("open", "get", "/v1/score", "/v1/score", {"query_string": {"url": "PAGES/article-gzip"}}),
    ("open", "get", "/v1/score", "/v1/score", {"query_string": {"url": "ftp://example.com/"}}),
    ("open", "get", "/v1/score", "/v1/score", {}),
    ("open", "post", "/v1/score/batch", "/v1/score/batch",
     {"json": {"items": [{"url": "PAGES/article"}, {"url": "PAGES/png"}, {"html": 3}, {"text": "x y"}]}}),
    ("open", "post", "/v1/score/batch", "/v1/score/batch", {"json": {"items": []}}),
    ("open", "post", "/v1/score/batch", "/v1/score/batch", {"data": b"[", "content_type": "application/json"}),
    ("open", "get", "/v1/sources/{domain}", "/v1/sources/apnews.com", {}),
    ("open", "get", "/v1/sources/{domain}", "/v1/sources/no-such-outlet-zz9.example", {}),
    ("open", "get", "/healthz", "/healthz", {}),
    ("open", "get", "/readyz", "/readyz", {}),
    ("open", "get", "/openapi.json", "/openapi.json", {}),
    ("open", "get", "/docs", "/docs", {}),
    ("open", "get", "/", "/", {}),
    ("open", "post", "/", "/", {"data": {"html": ARTICLE, "url": "https://www.riversideledger.example/a"}}),
    ("open", "post", "/", "/", {"data": {"url": ""}}),
    ("keyed", "post", "/v1/score", "/v1/score", {"json": {"text": "x y"}}),
    ("keyed", "post", "/v1/score", "/v1/score", {"json": {"text": "x y"}, "headers": {"X-API-Key": "contract-key"}}),
    ("keyed", "get", "/v1/sources/{domain}", "/v1/sources/apnews.com", {"headers": {"X-API-Key": "wrong"}}),
    ("limited", "post", "/v1/score", "/v1/score", {"json": {"text": "x y"}}),
    ("limited", "post", "/v1/score", "/v1/score", {"json": {"text": "x y"}}),
    ("limited", "post", "/v1/score/batch", "/v1/score/batch", {"json": {"items": [{"text": "x y"}]}}),
]


@pytest.mark.parametrize("app_name, method, path, request_path, kwargs", CASES,
                         ids=[f"{c[0]}-{c[1]}-{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_responses_match_the_document(apps, spec, pages, app_name, method, path, request_path, kwargs):
    kwargs = _with_page_urls(kwargs, pages)
    response = getattr(apps[app_name].test_client(), method)(request_path, **kwargs)
    check_response(spec, path, method, response)


def _with_page_urls(value, pages):
    if isinstance(value, str):
        return value.replace("PAGES/", pages.url("/")) if value.startswith("PAGES/") else value
    if isinstance(value, dict):
        return {k: _with_page_urls(v, pages) for k, v in value.items()}
    if isinstance(value, list):
        return [_with_page_urls(v, pages) for v in value]
    return value


def test_every_operation_is_exercised(apps, spec, pages):
    if len(EXERCISED) < len(CASES) // 2:  # the cases above did not run in this session (-k): run them
        for app_name, method, path, request_path, kwargs in CASES:
            response = getattr(apps[app_name].test_client(), method)(request_path, **_with_page_urls(kwargs, pages))
            check_response(spec, path, method, response)
    operations = {(path, method) for path, item in spec["paths"].items() for method in item}
    exercised = {(path, method) for path, method, _ in EXERCISED}
    assert operations <= exercised, f"never exercised: {sorted(operations - exercised)}"
    statuses = {status for _, _, status in EXERCISED}
    assert {"200", "400", "401", "403", "413", "422", "429", "502"} <= statuses


@pytest.mark.parametrize("body", [
    {"url": "http://10.0.0.1/a"}, {"html": "<p>x</p>"}, {"html": "<p>x</p>", "url": "https://example.com/a"},
    {"text": "a b"}, {"text": "a b", "title": "T", "url": "https://example.com/a"},
    {}, {"title": "T"}, {"html": "<p>x</p>", "text": "x"}, {"html": "<p>x</p>", "title": "T"}, {"htm": "x"},
    {"html": 1}, {"url": None}, [], "text",
], ids=repr)
def test_the_request_schema_accepts_what_the_service_accepts(apps, spec, body):
    schema_ok = _validator(spec, "#/components/schemas/ScoreRequest").is_valid(body)
    response = apps["open"].test_client().post("/v1/score", json=body)
    refused_as_invalid = response.status_code == 422 and response.get_json()["error"]["code"] == "invalid_request"
    assert schema_ok != refused_as_invalid, response.get_data(as_text=True)[:300]


# --- generated requests (schemathesis): no input gets a 5xx, an undocumented status or a wrong shape ----------

def _offline_fetch(url: str):
    """The fetch step without the network: the real URL checks, then a refusal (403)."""
    target = check_url(url)
    literal = ip_literal(target.host)
    if literal is not None and blocked_reason(literal):
        raise AddressBlockedError(f"{target.host} is {blocked_reason(literal)}")
    raise AddressBlockedError("the generated-request test does no network I/O")


_GENERATED_CONFIG = {"TESTING": True, "rate_limit_per_minute": 0, "cache_ttl_s": 0, "FETCHER": _offline_fetch}


class _AppOnFirstRequest:
    """The WSGI app, built at the first request rather than at import: a broken model then fails
    this test, not the collection of the whole suite. (schemathesis's fixture-based loader does not
    work with this pytest version, so the schema is loaded at import.)"""

    app = None

    def __call__(self, environ, start_response):
        if self.app is None:
            type(self).app = create_app(_GENERATED_CONFIG)
        return self.app(environ, start_response)


# The document as the app serves it with these settings (the defaults, cache and limiter off);
# test_generated_requests_use_the_served_document checks they are the same.
generated = schemathesis.openapi.from_dict(build_spec(ServiceSettings.from_env()))
generated.app = _AppOnFirstRequest()


def test_generated_requests_use_the_served_document():
    assert create_app(_GENERATED_CONFIG).test_client().get("/openapi.json").get_json() == \
        json.loads(json.dumps(build_spec(ServiceSettings.from_env())))


@pytest.mark.slow
@generated.parametrize()
@hypothesis.settings(max_examples=100, deadline=None, suppress_health_check=list(hypothesis.HealthCheck))
def test_generated_requests_conform(case):
    # Excluded: "positive data acceptance" — a schema-valid body may still be refused by design
    # with a 4xx (an empty document, a URL that is blocked): the schema describes shape, not meaning.
    case.call_and_validate(excluded_checks=[schemathesis.checks.positive_data_acceptance])
