"""The HTTP service: a Flask application factory over the `scorer` library.

    from service import create_app
    app = create_app()                      # settings from SCORER_* environment variables
    app = create_app({"api_keys": "k1"})    # tests: Settings fields and Flask config keys

`python -m service --host H --port P [--workers N]` runs it under gunicorn (service/server.py).
The endpoints are in service/api.py, the error table in service/errors.py, the OpenAPI document
in service/openapi.py; docs/service.md describes all of it.
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import re
import time
import uuid
from typing import Any

from flask import Flask, Response, g, request
from flask_cors import CORS
from werkzeug.middleware.proxy_fix import ProxyFix

from scorer import load_resources
from scorer.fetch import fetch_url, parse_allow_list
from service import api
from service.auth import parse_keys
from service.cache import ResultCache
from service.errors import register_error_handlers
from service.openapi import build_spec, render_docs
from service.ratelimit import make_limiter
from service.settings import ServiceSettings, scoring_settings
from service.state import PROBE_HTML, PROBE_URL, ServiceState, dumps, probe_model, timed
from service.web import web

log = logging.getLogger(__name__)

# Client-sent request ids are echoed only if short and plain (they end up in logs).
_REQUEST_ID_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:")


def _apply_overrides(settings: ServiceSettings, overrides: dict[str, Any]) -> ServiceSettings:
    typed = {name: type(getattr(settings, name))(value) for name, value in overrides.items()}
    return dataclasses.replace(settings, **typed)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app. Settings come from `SCORER_*` environment variables (service/settings.py);
    `test_config` may override ServiceSettings fields by name (lower case), Flask config keys (upper
    case), `FETCHER` (a `url -> FetchedPage` callable replacing `scorer.fetch.fetch_url`), and
    `RESOLVER` (a `(host, port) -> [address, ...]` callable replacing DNS in the real fetcher)."""
    overrides = dict(test_config or {})
    field_names = {f.name for f in dataclasses.fields(ServiceSettings)}
    setting_overrides = {k: overrides.pop(k) for k in list(overrides) if k in field_names}
    settings = _apply_overrides(ServiceSettings.from_env(), setting_overrides)
    parse_allow_list(settings.fetch_allow)  # a malformed SCORER_FETCH_ALLOW stops start-up, not requests
    resolver = overrides.pop("RESOLVER", None)
    fetcher = overrides.pop("FETCHER", None) or functools.partial(fetch_url, settings=settings, resolver=resolver)

    app = Flask(__name__, static_folder=None)
    app.config.from_mapping(MAX_CONTENT_LENGTH=settings.request_max_bytes)
    app.config.update(overrides)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the report's documented order
    app.json.ensure_ascii = False  # type: ignore[attr-defined]

    resources = load_resources(scoring_settings(settings))
    spec = build_spec(settings)
    state = ServiceState(
        settings=settings,
        resources=resources,
        model=probe_model(resources),
        cache=ResultCache(settings.cache_path, ttl_s=settings.cache_ttl_s, max_bytes=settings.cache_max_bytes),
        limiter=make_limiter(settings),
        api_keys=parse_keys(settings.api_keys),
        fetch=fetcher,
        spec=spec,
        docs_html=render_docs(spec),
    )
    app.extensions["scorer"] = state

    register_error_handlers(app)
    app.register_blueprint(api.v1)
    app.register_blueprint(api.meta)
    app.register_blueprint(web)
    _register_common_headers(app, state)
    _configure_cors(app, settings.cors_origins)
    if settings.trusted_proxy_hops > 0:
        hops = settings.trusted_proxy_hops
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    return app


def _register_common_headers(app: Flask, state: ServiceState) -> None:
    @app.before_request
    def start_request() -> None:
        g.started = time.perf_counter()
        g.timings = {}
        sent = request.headers.get("X-Request-Id", "")
        g.request_id = sent if 0 < len(sent) <= 64 and set(sent) <= _REQUEST_ID_CHARS else uuid.uuid4().hex

    @app.after_request
    def add_headers(response: Response) -> Response:
        response.headers["X-Model-Version"] = state.model_version
        response.headers["X-Request-Id"] = g.get("request_id", "")
        response.headers["X-Content-Type-Options"] = "nosniff"
        started = g.get("started")
        if started is not None:
            # Where the time went inside the worker (fetch, wait for the scoring slot, score) and
            # in all (app); time queued before the worker took the request is not in it.
            parts = [f"{name};dur={seconds * 1000:.1f}" for name, seconds in g.get("timings", {}).items()]
            parts.append(f"app;dur={(time.perf_counter() - started) * 1000:.1f}")
            response.headers["Server-Timing"] = ", ".join(parts)
        return response


def cors_origin_patterns(text: str) -> list[Any] | str | None:
    """`"chrome-extension://*,https://x.org"` -> anchored patterns; "*" -> any; "" -> None (off)."""
    items = [item.strip() for item in text.split(",") if item.strip()]
    if not items:
        return None
    if "*" in items:
        return "*"
    return [re.compile(re.escape(item).replace(r"\*", r"[^/\s]*") + r"\Z", re.IGNORECASE) for item in items]


def _configure_cors(app: Flask, origins_text: str) -> None:
    origins = cors_origin_patterns(origins_text)
    if origins is None:
        return
    CORS(app, origins=origins, methods=["GET", "POST", "OPTIONS"],
         allow_headers=["Content-Type", "X-API-Key", "Authorization", "X-Request-Id"],
         expose_headers=["X-Model-Version", "X-Request-Id", "X-Cache", "Retry-After", "Server-Timing",
                         "X-RateLimit-Limit", "X-RateLimit-Remaining"],
         supports_credentials=False, max_age=600)


__all__ = ["PROBE_HTML", "PROBE_URL", "ServiceState", "cors_origin_patterns", "create_app", "dumps", "probe_model",
           "timed"]
