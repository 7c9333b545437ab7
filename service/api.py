"""The endpoints: thin views that validate, call the library, and return `report.to_dict()`.

/v1/...   scoring and sources (behind the optional API key and the rate limiter)
/healthz, /readyz, /openapi.json, /docs   always open
"""
from __future__ import annotations

import ipaddress
import logging
import math
from concurrent.futures import ThreadPoolExecutor
from typing import cast

from flask import Blueprint, Response, current_app, g, jsonify, request

from scorer import score_html, score_text
from scorer.deadline import Deadline
from scorer.errors import DeadlineExceededError, ScorerError
from scorer.fetch import CheckedHop, FetchedPage, FetchError, check_fetch_record, check_url_policy
from scorer.types import Report
from service.auth import is_valid, key_id, presented_key
from service.body import read_body
from service.cache import html_key, normalize_url
from service.errors import ApiError, describe
from service.state import ServiceState, dumps, probe_model, timed
from service.validation import ScoreRequest, parse_batch_request, parse_json_body, parse_score_request

log = logging.getLogger(__name__)

v1 = Blueprint("v1", __name__, url_prefix="/v1")
meta = Blueprint("meta", __name__)

_UNAUTHORIZED_HEADERS = {"WWW-Authenticate": 'Bearer realm="scorer"'}


def _state() -> ServiceState:
    return current_app.extensions["scorer"]


# --- guards: API key, then rate limit ----------------------------------------------------------------

@v1.before_request
def guard() -> None:
    if request.method == "OPTIONS":  # CORS preflights carry no credentials by design
        return
    state = _state()
    key = None
    if state.api_keys:
        key = presented_key(request)
        if key is None:
            raise ApiError("unauthorized", "an API key is required: send it as X-API-Key or Authorization: Bearer",
                           headers=_UNAUTHORIZED_HEADERS)
        if not is_valid(key, state.api_keys):
            raise ApiError("unauthorized", "the API key is not valid", headers=_UNAUTHORIZED_HEADERS)
    g.client = f"key:{key_id(key)}" if key else f"ip:{client_network(request.remote_addr)}"
    _charge(1)


def client_network(address: str | None) -> str:
    """The rate-limit key of an address: IPv4 as is, IPv6 by its /64 (one subscriber's block)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _charge(cost: int) -> None:
    limiter = _state().limiter
    if limiter is None or cost <= 0:
        return
    decision = limiter.take(g.client, cost)
    g.rate_remaining = decision.remaining
    if not decision.allowed:
        raise ApiError("rate_limited", f"too many requests from this client; retry in {decision.retry_after_s} s",
                       headers={"Retry-After": str(decision.retry_after_s)})


@v1.after_request
def rate_headers(response: Response) -> Response:
    limiter = _state().limiter
    if limiter is not None and "rate_remaining" in g:
        response.headers["X-RateLimit-Limit"] = str(limiter.burst)
        response.headers["X-RateLimit-Remaining"] = str(g.rate_remaining)
    return response


# --- scoring -----------------------------------------------------------------------------------------------

def _report_response(report_json: str, cache_status: str) -> Response:
    response = Response(report_json, status=200, mimetype="application/json")
    response.headers["X-Cache"] = cache_status
    return response


# --- the fetch policy and the cache: a hit is served only if its fetch would pass the policy now ------------

def _still_allowed(state: ServiceState, hops: tuple[CheckedHop, ...], normal_url: str) -> bool:
    """Whether a cached fetch passes the current policy, re-checked from its record (no DNS).
    A cached entry that does not (or has no record) is not served: the URL is fetched afresh,
    under the whole policy, so the answer is what a fresh request gets."""
    try:
        check_fetch_record(hops, settings=state.settings)
    except FetchError as exc:
        log.info("cached %s not served, fetched again: %s", normal_url[:200], exc)
        return False
    return True


def _cached_url_report(state: ServiceState, key: str, normal_url: str) -> str | None:
    cached = state.cache.get_fetched_report(key)
    if cached is None or not _still_allowed(state, cached[1], normal_url):
        return None
    return cached[0]


def _fetch_page(state: ServiceState, url: str, normal_url: str) -> FetchedPage:
    page = state.cache.get_page(normal_url)
    if page is None or not _still_allowed(state, page.hops, normal_url):
        page = state.fetch(url)
        state.cache.put_page(normal_url, page)
    return page


def _score_html(state: ServiceState, html: str | bytes, url: str | None, content_type: str | None = None, *,
                deadline: Deadline) -> Report:
    """score_html one at a time per worker (see SCORING_SLOTS), timing the wait and the work. The
    wait counts against the deadline: a request queued behind others past it is a 503 at once."""
    with timed("wait"):
        remaining = deadline.remaining()
        if not state.scoring_slots.acquire(timeout=None if remaining == math.inf else remaining):
            deadline.check("waiting for a free scoring slot")
            raise DeadlineExceededError(  # the clock's edge: acquire timed out a hair before `at`
                f"scoring this page took longer than its deadline of {deadline.budget_s:g} s "
                "(stopped after waiting for a free scoring slot)")
    try:
        with timed("score"):
            return score_html(html, url=url, content_type=content_type, resources=state.resources,
                              deadline=deadline)
    finally:
        state.scoring_slots.release()


def score_one(state: ServiceState, item: ScoreRequest, pages: dict[str, FetchedPage | Exception] | None = None,
              *, deadline: Deadline | None = None) -> tuple[str, str]:
    """(report JSON, "hit" | "miss" | "bypass") for one validated request; raises library errors.

    `deadline`: the request's, started at its body's last byte; None starts one now. A page fetched
    by URL gets its own, started when the fetch ends (the fetch has its own timeout)."""
    if deadline is None:
        deadline = Deadline(state.settings.score_deadline_s)
    if item.mode == "text":
        # Text scores in microseconds: caching it would cost more than it saves.
        report = score_text(item.text or "", title=item.title, url=item.url, resources=state.resources,
                            deadline=deadline)
        return dumps(report.to_dict()), "bypass"
    if item.mode == "html":
        key = state.cache.report_key(state.model, "html", html_key(item.html or "", item.url))
        cached = state.cache.get_report(key)
        if cached is not None:
            return cached, "hit"
        report = _score_html(state, item.html or "", item.url, deadline=deadline)
        hops: tuple[CheckedHop, ...] = ()  # never fetched: nothing to re-check
    else:
        assert item.url is not None
        # Everything the policy decides without DNS (scheme, literal addresses, blocked names, the
        # allow-list) applies before the cache is looked at; a hit is then re-checked from its record.
        check_url_policy(item.url, settings=state.settings)
        normal_url = normalize_url(item.url)
        key = state.cache.report_key(state.model, "url", normal_url)
        cached = _cached_url_report(state, key, normal_url)
        if cached is not None:
            return cached, "hit"
        fetched = (pages or {}).get(normal_url)
        if isinstance(fetched, Exception):
            raise fetched
        if fetched is None:
            with timed("fetch"):
                fetched = _fetch_page(state, item.url, normal_url)
        report = _score_html(state, fetched.body, fetched.url, fetched.content_type,
                             deadline=Deadline(state.settings.score_deadline_s))
        hops = fetched.hops
    report_json = dumps(report.to_dict())
    state.cache.put_report(key, report_json, hops=hops)
    return report_json, "miss" if state.cache.enabled else "bypass"


def _body() -> bytes:
    return read_body(request, _state().settings.request_max_bytes)


@v1.post("/score")
def score_post() -> Response:
    body = _body()
    deadline = Deadline(_state().settings.score_deadline_s)  # from the body's last byte, JSON parsing included
    item = parse_score_request(parse_json_body(body))
    return _report_response(*score_one(_state(), item, deadline=deadline))


@v1.get("/score")
def score_get() -> Response:
    unknown = sorted(set(request.args) - {"url"})
    if unknown:
        raise ApiError("invalid_request", f"unknown query parameter(s) {', '.join(map(repr, unknown))}; "
                                          "send ?url=... (POST /v1/score takes html and text)")
    urls = request.args.getlist("url")
    if len(urls) != 1:
        raise ApiError("invalid_request", "send exactly one ?url=... parameter" if urls else
                       "the query needs ?url=...: the page to fetch and score")
    item = parse_score_request({"url": urls[0]}, where="the query")
    return _report_response(*score_one(_state(), item))


@v1.post("/score/batch")
def score_batch() -> Response:
    state = _state()
    raw_items = parse_batch_request(parse_json_body(_body()),
                                    max_items=state.settings.batch_max_items)
    _charge(len(raw_items) - 1)  # the guard took one token; a batch costs one per item
    items: list[ScoreRequest | Exception] = []
    for index, raw in enumerate(raw_items):
        try:
            items.append(parse_score_request(raw, where=f"items[{index}]"))
        except (ApiError, ScorerError) as exc:
            items.append(exc)
    with timed("fetch"):
        pages = _prefetch(state, [item for item in items if isinstance(item, ScoreRequest)])
    results = []
    for item in items:
        try:
            if isinstance(item, Exception):
                raise item
            results.append(score_one(state, item, pages)[0])
        except (ApiError, ScorerError) as exc:
            results.append(_item_error(exc))
        except Exception:  # a bug on one item must not lose the others' results
            log.exception("batch item failed")
            results.append(dumps({"error": {"code": "internal_error", "message": "this item failed; it is logged",
                                            "status": 500}}))
    body = '{"results":[' + ",".join(results) + '],"model":' + dumps(state.model.to_dict()) + "}"
    return Response(body, status=200, mimetype="application/json")


def _item_error(exc: ApiError | ScorerError) -> str:
    status, body = describe(exc)
    error = dict(cast(dict[str, object], body["error"]))
    error["status"] = status
    return dumps({"error": error})


def _prefetch(state: ServiceState, items: list[ScoreRequest]) -> dict[str, FetchedPage | Exception]:
    """Fetch the batch's URLs (not already cached as reports) a few at a time."""
    wanted: dict[str, str] = {}
    for item in items:
        if item.mode != "url" or item.url is None:
            continue
        try:
            check_url_policy(item.url, settings=state.settings)
        except FetchError:
            continue  # refused without I/O: score_one reports it for this item
        normal_url = normalize_url(item.url)
        if normal_url in wanted or _cached_url_report(
                state, state.cache.report_key(state.model, "url", normal_url), normal_url) is not None:
            continue
        wanted[normal_url] = item.url
    if not wanted:
        return {}

    def fetch(pair: tuple[str, str]) -> FetchedPage | Exception:
        normal_url, url = pair
        try:
            return _fetch_page(state, url, normal_url)
        except ScorerError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=max(1, min(state.settings.batch_fetch_threads, len(wanted))),
                            thread_name_prefix="batch-fetch") as pool:
        return dict(zip(wanted, pool.map(fetch, wanted.items())))


# --- sources ---------------------------------------------------------------------------------------------

@v1.get("/sources/<domain>")
def source_rating(domain: str) -> Response:
    ratings = getattr(_state().resources, "ratings", None)
    if ratings is None:
        raise ApiError("ratings_unavailable", "this deployment has no publisher ratings table loaded")
    return jsonify(ratings.rate(domain).to_dict())


# --- health, readiness, docs -------------------------------------------------------------------------------

@meta.get("/healthz")
def health() -> Response:
    return jsonify({"status": "ok", "model": _state().model.to_dict()})


@meta.get("/readyz")
def ready() -> tuple[Response, int]:
    state = _state()
    checks = {"cache": state.cache.status()}
    try:
        model = probe_model(state.resources)
        checks["scoring"] = "ok" if model == state.model else f"error: model changed to {model.name}/{model.version}"
    except Exception as exc:  # readiness reports any failure rather than raising it
        log.exception("readiness probe failed")
        checks["scoring"] = f"error: {type(exc).__name__}: {exc}"
    ok = checks["scoring"] == "ok"
    body = {"status": "ready" if ok else "not_ready", "model": state.model.to_dict(), "checks": checks}
    return jsonify(body), 200 if ok else 503


@meta.get("/openapi.json")
def openapi() -> Response:
    return jsonify(_state().spec)


@meta.get("/docs")
def docs() -> Response:
    response = Response(_state().docs_html, mimetype="text/html")
    # Inline script and style only; requests go back to this origin.
    response.headers["Content-Security-Policy"] = ("default-src 'none'; script-src 'unsafe-inline'; "
                                                   "style-src 'unsafe-inline'; connect-src 'self'")
    return response
