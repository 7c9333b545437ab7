"""The OpenAPI 3.1 document of the service (hand-written) and the /docs page rendered from it.

The schemas mirror `scorer.types.Report.to_dict()` and the service's request and error shapes;
`tests/test_openapi_contract.py` validates real responses against them, so a field added to the
report without being documented here fails the suite.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any

from scorer.scoring.label import tier_table
from service.errors import API_ERROR_STATUS, ERROR_STATUS
from service.settings import ServiceSettings

API_VERSION = "1.0.0"

_NULLABLE_STR = {"type": ["string", "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties: dict[str, Any], *, required: list[str] | None = None, closed: bool = True,
         description: str | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties,
                              "required": list(properties) if required is None else required}
    if closed:
        schema["additionalProperties"] = False
    if description:
        schema["description"] = description
    return schema


def _html_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"text/html": {"schema": {"type": "string"}}}}


def _tier_text() -> str:
    return "; ".join(f"{t.label} {t.low:.0f}-{t.high:.0f} ({t.meaning})" for t in tier_table())


def _schemas(settings: ServiceSettings) -> dict[str, Any]:
    score_request_properties = {
        "url": {"type": "string", "maxLength": 2048, "description":
                "An http(s) URL. Alone: the page is fetched (safely) and scored. With `html` or `text`: "
                "the page's address, used for publisher signals, never fetched.",
                "examples": ["https://example.com/2024/05/story"]},
        "html": {"type": "string", "description": "The page's HTML, as a browser extension has it."},
        "text": {"type": "string", "description": "Plain article text; page-level signals do not apply."},
        "title": {"type": "string", "description": "The headline, with `text` only."},
    }
    return {
        "ModelInfo": _obj({"name": {"type": "string"}, "version": {"type": "string"}},
                          description="The scoring model: a disputed score is reproduced with the same version."),
        "Evidence": _obj({"text": {"type": "string"}, "locator": {"type": "string"},
                          "start": {"type": "integer"}, "end": {"type": "integer"}},
                         required=["text", "locator"], description="The text or element that triggered a finding."),
        "Signal": _obj({
            "id": {"type": "string"}, "title": {"type": "string"},
            "value": {"description": "A short machine-readable value: a string, number, boolean or null."},
            "impact": {"type": "number", "description": "Signed points this signal adds to the score."},
            "applicable": {"type": "boolean"}, "detail": {"type": "string"},
            "evidence": {"type": "array", "items": _ref("Evidence")},
        }),
        "Article": _obj({
            "url": _NULLABLE_STR, "title": {"type": "string"}, "byline": _NULLABLE_STR,
            "bylines": {"type": "array", "items": _obj({"name": {"type": "string"}, "origin": {"type": "string"},
                                                         "type": _NULLABLE_STR})},
            "published": _NULLABLE_STR, "site_name": _NULLABLE_STR, "canonical_url": _NULLABLE_STR,
            "language": _NULLABLE_STR, "word_count": {"type": "integer", "minimum": 0}, "text": {"type": "string"},
            "links": {"type": "array", "items": _obj({"url": {"type": "string"}, "text": {"type": "string"}})},
            "furniture": {"type": "array", "items": _obj({
                "kind": {"type": "string"}, "heading": {"type": "string"}, "position": {"type": "string"},
                "locator": {"type": "string"}, "links": {"type": "integer", "minimum": 0}})},
        }),
        "Attribution": _obj({
            "source": _NULLABLE_STR, "source_type": {"type": "string"}, "cue": {"type": "string"},
            "content": {"type": "string"}, "via": {"type": "array", "items": {"type": "string"}},
            "direct_quote": {"type": "boolean"},
            "offsets": {"type": "object", "description": "Character offsets into article.text."},
        }, closed=False, description="Who says what, through whom."),
        "DomainRating": _obj({
            "domain": {"type": "string"},
            "kind": {"type": "string", "enum": ["publisher", "platform", "shortener"],
                     "description": "platform: user-generated (no publisher rating); shortener: a generic short link"},
            "rating": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "label": {"type": "string",
                      "enum": ["reliable", "mixed", "unreliable", "satire", "unknown", "platform", "shortener"]},
            "verdict": {"type": "string", "description": "The rating in words, with the direction of the scale."},
            "scale": {"type": "string"},
            "sources": {"type": "array", "items": {"type": "string"}},
            "per_source": {"type": "array", "items": _obj({
                "source": {"type": "string"}, "name": {"type": "string"},
                "data_sets": {"type": "array", "items": {"type": "string"}},
                "own_label": {"type": "string"}, "calibrated": {"type": "number", "minimum": 0, "maximum": 1},
                "reads_as": {"type": "string"}, "data_date": {"type": "string"}})},
            "disagreement": {"type": ["string", "null"]},
            "confidence": {"type": "number"}, "state_media": {"type": "boolean"}, "details": {"type": "object"},
        }, description="What open data says of one domain on one calibrated 0-1 scale, the chance that the rating "
                       "sources would call it reliable (1 = reliable); rating null when unknown, for platforms and "
                       "for generic short links."),
        "Source": _obj({
            "name": {"type": "string"}, "type": {"type": "string"},
            "mentions": {"type": "array", "items": {"type": "string"}},
            "channels": {"type": "array", "items": {"type": "string"}},
            "via": {"type": "array", "items": {"type": "string"}},
            "attributions": {"type": "array", "items": {"type": "integer"}},
        }, description="One source as a reader would name it, its mentions merged; attributions index the "
                       "report's attributions."),
        "CitedOutlet": _obj({
            "name": {"type": "string"}, "domain": {"type": "string"}, "rating": {"type": ["number", "null"]},
            "label": {"type": "string"}, "state_media": {"type": "boolean"},
            "cited": {"type": "array", "items": _ref("Evidence")},
        }, description="A news outlet the article attributes information to."),
        "Findings": _obj({
            "language": {**_NULLABLE_STR, "description": "ISO 639-1 code of the page's language, as it declares it."},
            "page_type": {"type": "string", "enum": ["news_article", "opinion_or_blog", "press_release",
                                                     "reference_or_info", "forum_or_qa", "commercial", "other"]},
            "byline": _obj({"kind": {"type": "string", "enum": ["person", "organization", "generic", "none"]},
                            "names": {"type": "array", "items": {"type": "string"}}}),
            "republication": _obj({"republished": {"type": "boolean"}, "original": _NULLABLE_STR,
                                   "evidence": _NULLABLE_STR}),
            "recirculation": _obj({
                "boxes": {"type": "array", "items": _obj({
                    "heading": {"type": "string"},
                    "verdict": {"type": "string", "enum": ["related", "unrelated", "bait"]}})},
                "bait_box": {"type": "boolean"}}),
            "ads_in_body": {"type": "integer", "minimum": 0},
        }, description="What a careful reader would say about the page (docs/page-findings.md); the page-level "
                       "signals are computed from it."),
        "Component": _obj({
            "id": {"type": "string", "enum": ["coverage", "source_types", "primary_material", "independence",
                                              "checkability", "accountability"]},
            "title": {"type": "string"},
            "value": {"type": ["number", "null"], "minimum": 0, "maximum": 1,
                      "description": "0: none of it on the page, 1: all a reader could ask; null when not judged."},
            "judged": {"type": "boolean"},
            "share": {"type": "number", "description": "The points it gives the score (its signal's impact)."},
            "max_share": {"type": "number", "description": "The most points it can give (its fitted weights)."},
            "detail": {"type": "string"},
            "evidence": {"type": "array", "items": _ref("Evidence")},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "cues": {"type": "object", "additionalProperties": {"type": "number"},
                     "description": "The 0-1 cues the fitted weights read (models/sourcing-v1)."},
        }, description="One dimension of the sourcing guide (docs/scoring.md), measured on the page."),
        "Sourcing": _obj({
            "named_sources": {"type": "array", "items": {"type": "string"},
                              "description": "The distinct named sources, as a reader would list them."},
            "components": {"type": "array", "items": _ref("Component")},
        }, description="The sourcing components the score is made of, each with its share of the points."),
        "Tier": _obj({"label": {"type": "string"}, "min": {"type": "number"}, "max": {"type": "number"},
                      "meaning": {"type": "string"}}, description="One band of the score and what it tells a reader."),
        "LabelLine": _obj({
            "signal": {"type": "string", "description": "The signal's id."}, "title": {"type": "string"},
            "text": {"type": "string", "description": "The finding in plain words (the signal's detail)."},
            "effect": {"type": "string", "enum": ["raises", "lowers", "neutral"]},
            "evidence": {"type": "array", "items": _ref("Evidence"),
                         "description": "What to highlight in the page: its text and locator."},
        }),
        "LabelText": _obj({
            "headline": {"type": "string"}, "summary": {"type": "string"},
            "findings": {"type": "array", "items": _ref("LabelLine")}, "publisher": {"type": "string"},
            "outlets": {"type": "array", "items": {"type": "string"}}, "model": {"type": "string"},
            "warnings": {"type": "array", "items": {"type": "string"}},
        }, description="The label in plain words, as the browser extension and the web page at / show it."),
        "Report": _obj({
            "score": {"type": ["number", "null"], "minimum": 0, "maximum": 100,
                      "description": "null when the page is not an article or its text is too little to judge."},
            "label": {"type": "string", "description": "The tier of the score: " + _tier_text() + "; "
                                                       "\"not_applicable\", \"insufficient_text\" or "
                                                       "\"not_judged\" (a language the sourcing parts do not "
                                                       "read) without a score."},
            "summary": {"type": "string", "description": "Two plain sentences: the score, its tier and what "
                                                          "moved it most."},
            "probability_unreliable": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "signals": {"type": "array", "items": _ref("Signal")},
            "article": _ref("Article"),
            "attributions": {"type": "array", "items": _ref("Attribution")},
            "sources": {"type": "array", "items": _ref("Source")},
            "outlets": {"type": "array", "items": _ref("CitedOutlet")},
            "publisher": {"anyOf": [_ref("DomainRating"), {"type": "null"}]},
            "model": _ref("ModelInfo"),
            "warnings": {"type": "array", "items": {"type": "string"}},
            "label_text": {"anyOf": [_ref("LabelText"), {"type": "null"}]},
            "tiers": {"type": "array", "items": _ref("Tier"), "description": "The tier table, best first."},
            "findings": {"anyOf": [_ref("Findings"), {"type": "null"}]},
            "sourcing": {"anyOf": [_ref("Sourcing"), {"type": "null"}]},
        }, description="The one JSON shape of the library, the CLI and the API (scorer.types.Report.to_dict)."),
        "ScoreRequest": {
            "type": "object", "properties": score_request_properties, "additionalProperties": False,
            "anyOf": [{"required": ["url"]}, {"required": ["html"]}, {"required": ["text"]}],
            "not": {"required": ["html", "text"]},
            "dependentRequired": {"title": ["text"]},
            "description": "`{\"url\"}` fetches and scores a page; `{\"html\", \"url\"?}` scores HTML you have; "
                           "`{\"text\", \"title\"?, \"url\"?}` scores plain text.",
        },
        "BatchRequest": _obj({"items": {"type": "array", "minItems": 1, "maxItems": settings.batch_max_items,
                                        "items": {"description": "A ScoreRequest; each item is validated on its own "
                                                                 "and fails alone."}}}),
        "ItemError": _obj({"error": _obj({"code": {"type": "string"}, "message": {"type": "string"},
                                          "status": {"type": "integer"}, "details": {"type": "object"}},
                                         required=["code", "message", "status"])},
                          description="A batch item that failed: its code and the status it would have had alone."),
        "BatchResponse": _obj({"results": {"type": "array", "items": {"anyOf": [_ref("Report"), _ref("ItemError")]}},
                               "model": _ref("ModelInfo")}),
        "Error": _obj({"error": _obj({"code": {"type": "string"}, "message": {"type": "string"},
                                      "details": {"type": "object"}}, required=["code", "message"])}),
        "Health": _obj({"status": {"const": "ok"}, "model": _ref("ModelInfo")}),
        "Ready": _obj({"status": {"enum": ["ready", "not_ready"]}, "model": _ref("ModelInfo"),
                       "checks": {"type": "object", "additionalProperties": {"type": "string"}}}),
    }


_HEADERS = {
    "X-Model-Version": {"description": "The scoring model, `name/version`.", "schema": {"type": "string"}},
    "X-Request-Id": {"description": "The request's id (echoed from the request, or made): quote it in reports.",
                     "schema": {"type": "string"}},
}


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "headers": _HEADERS,
            "content": {"application/json": {"schema": _ref("Error")}}}


def _json_response(description: str, schema: dict[str, Any], *, cache_header: bool = False) -> dict[str, Any]:
    headers = dict(_HEADERS)
    if cache_header:
        headers["X-Cache"] = {"description": "`hit`: the report came from the cache; `miss`: scored now and "
                                             "cached; `bypass`: scored now, not cached (text, or cache off).",
                              "schema": {"enum": ["hit", "miss", "bypass"]}}
    return {"description": description, "headers": headers, "content": {"application/json": {"schema": schema}}}


def _status_table() -> str:
    rows = [f"| `{cls.code}` | {status} |" for cls, status in ERROR_STATUS.items()]
    rows += [f"| `{code}` | {status} |" for code, status in API_ERROR_STATUS.items()]
    return "| code | status |\n|---|---|\n" + "\n".join(rows)


def build_spec(settings: ServiceSettings) -> dict[str, Any]:
    """The OpenAPI 3.1 document, with the limits of this deployment filled in."""
    common_errors = {
        "401": {"$ref": "#/components/responses/Unauthorized"},
        "429": {"$ref": "#/components/responses/RateLimited"},
        "500": {"$ref": "#/components/responses/InternalError"},
    }
    score_errors = {
        "400": {"$ref": "#/components/responses/MalformedJson"},
        "403": _error_response("`address_blocked`: the URL names or resolves to a private, loopback, link-local, "
                               "multicast or reserved address (the SSRF guard)."),
        "413": _error_response(f"`request_too_large`: the body is over {settings.request_max_bytes:,} bytes; "
                               "`input_too_large`: the HTML is over the parser's limit."),
        "422": _error_response("Wrong fields or types (`invalid_request`), an unusable URL (`url_invalid`, "
                               "`url_scheme`), a page that is not HTML (`unsupported_content_type`, `not_html`), "
                               "markup built to cost far more than its size (`page_too_complex`), "
                               "or an empty document (`empty_input`)."),
        "502": _error_response("The page's server failed: `dns_failure`, `connection_failed`, `upstream_status`, "
                               "`upstream_invalid`, `too_many_redirects`, `body_too_large`, "
                               "`unsupported_content_encoding`."),
        "503": _error_response(f"`deadline_exceeded`: scoring the page took longer than "
                               f"{settings.score_deadline_s:g} s; the work was dropped."),
        "504": _error_response(f"`fetch_timeout`: the page did not arrive within {settings.fetch_timeout_s:g} s."),
        **common_errors,
    }
    body_errors = {
        "408": _error_response("`request_timeout`: the body stopped arriving for "
                               f"{settings.request_read_timeout_s:g} s."),
        "415": _error_response("`unsupported_media_type`: the body is not UTF-8 JSON sent as application/json, "
                               "application/*+json, text/plain or without a Content-Type, or it is compressed."),
    }
    secured: list[dict[str, list[str]]] = [{}, {"ApiKey": []}, {"Bearer": []}]
    url_example = {"url": "https://example.com/2024/05/story"}
    html_example = {"html": "<html><head><title>Story</title></head><body><article><p>By Jane Roe</p>"
                            "<p>The council said on Monday ...</p></article></body></html>",
                    "url": "https://example.com/2024/05/story"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sourcing-quality scorer",
            "version": API_VERSION,
            "description": (
                "Scores a news article's sourcing quality 0-100 with explained signals and their evidence.\n\n"
                f"Limits: request bodies up to {settings.request_max_bytes:,} bytes; batches up to "
                f"{settings.batch_max_items} items; fetched pages up to {settings.fetch_max_bytes:,} bytes "
                f"(also after decompression), {settings.fetch_max_redirects} redirects and "
                f"{settings.fetch_timeout_s:g} s in all.\n\nErrors are `{{\"error\": {{\"code\", \"message\"}}}}` "
                "with a stable code:\n\n" + _status_table() + "\n\nScore tiers (`label`):\n\n"
                + "\n".join(f"- **{t.label}** ({t.low:.0f}-{t.high:.0f}): {t.meaning}" for t in tier_table())),
        },
        "paths": {
            "/v1/score": {
                "post": {
                    "operationId": "scorePost", "summary": "Score one article (URL, HTML or text)",
                    "security": secured,
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": _ref("ScoreRequest"),
                        "examples": {"url": {"value": url_example}, "html": {"value": html_example},
                                     "text": {"value": {"text": "The minister said on Monday that ...",
                                                        "title": "Minister announces plan"}}}}}},
                    "responses": {"200": _json_response("The report.", _ref("Report"), cache_header=True),
                                  **score_errors, **body_errors},
                },
                "get": {
                    "operationId": "scoreGet", "summary": "Fetch and score one URL",
                    "security": secured,
                    "parameters": [{"name": "url", "in": "query", "required": True,
                                    "schema": {"type": "string", "maxLength": 2048},
                                    "example": url_example["url"]}],
                    "responses": {"200": _json_response("The report.", _ref("Report"), cache_header=True),
                                  **{k: v for k, v in score_errors.items() if k != "413"}},
                },
            },
            "/v1/score/batch": {
                "post": {
                    "operationId": "scoreBatch",
                    "summary": f"Score up to {settings.batch_max_items} articles in one request",
                    "description": "One result per item, in order: a report, or `{\"error\": {...}}` for an item "
                                   "that failed (the others still succeed). URLs are fetched "
                                   f"{settings.batch_fetch_threads} at a time. Each item costs one rate-limit token.",
                    "security": secured,
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": _ref("BatchRequest"),
                        "example": {"items": [url_example, html_example]}}}},
                    "responses": {"200": _json_response("One result per item.", _ref("BatchResponse")),
                                  "400": score_errors["400"], "413": score_errors["413"], **body_errors,
                                  "422": _error_response("The body is not `{\"items\": [...]}` with 1 to "
                                                         f"{settings.batch_max_items} items."),
                                  **common_errors},
                },
            },
            "/v1/sources/{domain}": {
                "get": {
                    "operationId": "rateSource", "summary": "What open data says of a publisher's domain",
                    "security": secured,
                    "parameters": [{"name": "domain", "in": "path", "required": True,
                                    "schema": {"type": "string", "maxLength": 2048}, "example": "apnews.com"}],
                    "responses": {
                        "200": _json_response("The domain's rating (rating null when unknown).", _ref("DomainRating")),
                        "422": _error_response("`invalid_input`: not a domain or URL."),
                        "501": _error_response("`ratings_unavailable`: this deployment has no ratings table."),
                        **common_errors,
                    },
                },
            },
            "/healthz": {"get": {"operationId": "health", "summary": "Liveness: the process serves requests",
                                 "responses": {"200": _json_response("Alive.", _ref("Health"))}}},
            "/readyz": {"get": {"operationId": "ready", "summary": "Readiness: the model is loaded and scores",
                                "responses": {"200": _json_response("Ready.", _ref("Ready")),
                                              "503": _json_response("Not ready.", _ref("Ready"))}}},
            "/openapi.json": {"get": {"operationId": "openapi", "summary": "This document",
                                      "responses": {"200": _json_response("The OpenAPI document.",
                                                                          {"type": "object"})}}},
            "/": {
                "get": {"operationId": "labelPage", "summary": "The page for people: a form (url, html) for the label",
                        "responses": {"200": _html_response("The form.")}},
                "post": {"operationId": "labelPagePost", "summary": "The label of the page sent by the form",
                         "requestBody": {"required": True, "content": {"application/x-www-form-urlencoded": {
                             "schema": {"type": "object", "properties": {
                                 "url": {"type": "string"}, "html": {"type": "string"},
                                 "api_key": {"type": "string", "description": "When the deployment sets keys."}}}}}},
                         "responses": {"200": _html_response("The label, in the words of `label_text`."),
                                       "422": _html_response("The form again with the error in plain words "
                                                             "(also 401, 403, 413, 429, 502, 504).")}},
            },
            "/docs": {"get": {"operationId": "docs", "summary": "Interactive documentation (HTML)",
                              "responses": {"200": {"description": "The page.",
                                                    "content": {"text/html": {"schema": {"type": "string"}}}}}}},
        },
        "components": {
            "schemas": _schemas(settings),
            "responses": {
                "MalformedJson": _error_response("`malformed_json`: the body is not valid JSON."),
                "Unauthorized": _error_response("`unauthorized`: API keys are on and none or a wrong one was sent."),
                "RateLimited": {**_error_response("`rate_limited`: too many requests; retry after `Retry-After` s."),
                                "headers": {**_HEADERS, "Retry-After": {"schema": {"type": "integer"}}}},
                "InternalError": _error_response("`internal_error`: a bug; the request id is in the log."),
            },
            "securitySchemes": {
                "ApiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key",
                           "description": "Only when the deployment sets SCORER_API_KEYS."},
                "Bearer": {"type": "http", "scheme": "bearer",
                           "description": "The same API key as `Authorization: Bearer <key>`."},
            },
        },
    }


# --- /docs: a self-contained page (no CDN: the service may have no internet) ------------------------------

_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{border-bottom:1px solid #ccc;margin-top:2.5rem}.op{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;
margin:1rem 0}.method{display:inline-block;min-width:3.5rem;font-weight:bold;text-transform:uppercase}
.get{color:#1a6}.post{color:#16a}pre{background:#f6f6f6;padding:.6rem;overflow:auto;max-height:28rem}
textarea{width:100%;min-height:7rem;font:13px monospace}input[type=text]{width:60%}code{background:#f3f3f3}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem}
"""

_SCRIPT = """
async function tryIt(form){
  const out=form.querySelector('pre.out'); const key=document.getElementById('apikey').value.trim();
  let path=form.dataset.path; const method=form.dataset.method; const headers={};
  if(key){headers['X-API-Key']=key}
  const query=new URLSearchParams();
  for(const input of form.querySelectorAll('input[data-in]')){
    if(input.dataset.in==='path'){path=path.replace('{'+input.name+'}',encodeURIComponent(input.value))}
    else if(input.value){query.set(input.name,input.value)}
  }
  const options={method:method.toUpperCase(),headers};
  const body=form.querySelector('textarea');
  if(body){options.body=body.value;headers['Content-Type']='application/json'}
  out.textContent='...';
  try{
    const q=query.toString(); const resp=await fetch(path+(q?'?'+q:''),options);
    const text=await resp.text(); let shown=text;
    try{shown=JSON.stringify(JSON.parse(text),null,2)}catch(e){}
    out.textContent=resp.status+' '+resp.statusText+'\\n'+shown;
  }catch(e){out.textContent=String(e)}
  return false;
}
"""


def _schema_html(schema: Any) -> str:
    text = html.escape(json.dumps(schema, indent=2, ensure_ascii=False))
    return re.sub(r"#/components/schemas/(\w+)", r'<a href="#schema-\1">#/components/schemas/\1</a>', text)


def _markdown_table(text: str) -> str:
    """The few Markdown tables in descriptions, as HTML; other text escaped, paragraphs kept."""
    parts = []
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        if len(lines) >= 2 and all(line.startswith("|") for line in lines):
            cells = [[c.strip() for c in line.strip("|").split("|")] for line in lines if not set(line) <= set("|-")]
            head, *rows = cells
            parts.append("<table><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr>"
                         + "".join("<tr>" + "".join(f"<td>{html.escape(c.strip('`'))}</td>" for c in row) + "</tr>"
                                   for row in rows) + "</table>")
        else:
            parts.append(f"<p>{html.escape(block)}</p>")
    return "\n".join(parts)


def _resolve(spec: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """Follow a local `$ref` ("#/components/responses/X") to what it names."""
    ref = item.get("$ref")
    if not ref:
        return item
    node: Any = spec
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node


def render_docs(spec: dict[str, Any]) -> str:
    """An HTML page listing every operation (with a "try it" form) and every schema."""
    info = spec["info"]
    ops = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            params = "".join(
                f'<label>{html.escape(p["name"])} ({p["in"]}) <input type="text" name="{html.escape(p["name"])}" '
                f'data-in="{p["in"]}" value="{html.escape(str(p.get("example", "")))}"></label><br>'
                for p in op.get("parameters", []))
            body_html = ""
            if "application/json" in op.get("requestBody", {}).get("content", {}):
                media = op["requestBody"]["content"]["application/json"]
                example = media.get("example")
                if example is None and media.get("examples"):
                    example = next(iter(media["examples"].values()))["value"]
                body_html = (f"<p>Body: {_schema_html(media['schema'])}</p>"
                             f"<textarea>{html.escape(json.dumps(example, indent=2))}</textarea>")
            responses = "".join(
                f"<tr><td>{html.escape(code)}</td><td>{html.escape(_resolve(spec, resp).get('description', ''))}"
                f"</td></tr>" for code, resp in op["responses"].items())
            ops.append(
                f'<div class="op" id="op-{html.escape(op.get("operationId", ""))}">'
                f'<span class="method {method}">{method}</span> <code>{html.escape(path)}</code> — '
                f'{html.escape(op.get("summary", ""))}'
                + (f"<p>{html.escape(op['description'])}</p>" if op.get("description") else "")
                + f'<form data-path="{html.escape(path)}" data-method="{method}" '
                  f'onsubmit="return tryIt(this) && false">{params}{body_html}'
                  f'<button type="submit">Try it</button><pre class="out"></pre></form>'
                + f"<details><summary>Responses</summary><table>{responses}</table></details></div>")
    schemas = "".join(
        f'<h3 id="schema-{name}">{name}</h3><pre>{_schema_html(schema)}</pre>'
        for name, schema in spec["components"]["schemas"].items())
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{html.escape(info['title'])} — API</title><style>{_STYLE}</style>"
        f"<script>{_SCRIPT}</script></head><body>"
        f"<h1>{html.escape(info['title'])} <small>v{html.escape(info['version'])}</small></h1>"
        f"{_markdown_table(info['description'])}"
        '<p><label>API key (only if the deployment requires one): <input type="text" id="apikey"></label> '
        '— machine-readable: <a href="/openapi.json">/openapi.json</a></p>'
        f"<h2>Operations</h2>{''.join(ops)}<h2>Schemas</h2>{schemas}</body></html>")
