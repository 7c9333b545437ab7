"""The page for people at GET /: a form (fields `url` and `html`) that posts to `/` and answers
with the report's label, server-rendered, no JavaScript. The words are the report's own
(`label_text`, built by scorer/scoring/label.py), the same the browser extension's popup shows."""
from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, current_app, g, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from scorer.errors import ScorerError
from scorer.scoring.label import tier_table
from service.api import _charge, client_network, score_one
from service.auth import is_valid
from service.errors import ApiError, describe
from service.state import ServiceState
from service.validation import parse_score_request

web = Blueprint("web", __name__)

# A failed request in plain words, by error code; the service's own message follows it.
PLAIN_ERRORS: dict[str, str] = {
    "request_too_large": "The page is too large for the service to score.",
    "input_too_large": "The page is too large for the service to score.",
    "not_html": "This does not look like a web page, so it cannot be scored.",
    "empty_input": "There is no article text on this page to score.",
    "invalid_input": "The page could not be read as an article.",
    "invalid_request": "Give the page's address, its HTML, or both.",
    "unauthorized": "The service needs a valid API key.",
    "rate_limited": "Too many pages were scored from here in a short time: wait a minute and try again.",
}
GENERIC_ERROR = "The page could not be scored."


def _render(status: int = 200, **context: Any) -> Response:
    state: ServiceState = current_app.extensions["scorer"]
    tiers = [t.to_dict() for t in tier_table()]
    html = render_template("label.html", needs_key=bool(state.api_keys), tiers=tiers, **context)
    return Response(html, status=status, mimetype="text/html")


@web.get("/")
def form() -> Response:
    return _render()


@web.post("/")
def score_form() -> Response:
    state: ServiceState = current_app.extensions["scorer"]
    try:
        fields = request.form
        url = fields.get("url", "").strip()
        html = fields.get("html", "")
    except RequestEntityTooLarge:
        return _render(413, error=PLAIN_ERRORS["request_too_large"])
    try:
        if state.api_keys and not is_valid(fields.get("api_key", ""), state.api_keys):
            raise ApiError("unauthorized", "enter a valid API key")
        g.client = f"ip:{client_network(request.remote_addr)}"
        _charge(1)
        data = {name: value for name, value in (("url", url), ("html", html)) if value.strip()}
        report_json, _ = score_one(state, parse_score_request(data, where="the form"))
    except (ApiError, ScorerError) as exc:
        status, body = describe(exc)
        error = body["error"]
        assert isinstance(error, dict)
        code, message = str(error.get("code", "")), str(error.get("message", ""))
        return _render(status, error=PLAIN_ERRORS.get(code, GENERIC_ERROR), error_detail=message,
                       url=url, html=html)
    report = json.loads(report_json)
    return _render(report=report, text=report["label_text"], url=url, html=html)
