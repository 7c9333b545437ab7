"""One table from errors to HTTP statuses; every error body is `{"error": {"code", "message"}}`.

Library errors keep the stable `code` they were raised with (scorer.errors, scorer.fetch); the
table below only decides the status, by the nearest class in the exception's MRO, so a new
`InputError` subclass somebody adds is a 422 without touching this file. Errors of the request
itself (malformed JSON, wrong fields, auth, rate limit) are `ApiError`s with their own codes.
Bad input never reaches the catch-all 500.
"""
from __future__ import annotations

import logging

from flask import Flask, Response, g, has_request_context, jsonify
from werkzeug.exceptions import HTTPException

from scorer.errors import DeadlineExceededError, InputError, InputTooLargeError, ModelError, ScorerError
from scorer.fetch import (
    AddressBlockedError,
    BodyTooLargeError,
    ConnectionFailedError,
    DnsFailureError,
    FetchError,
    FetchTimeoutError,
    TooManyRedirectsError,
    UnsupportedContentTypeError,
    UnsupportedEncodingError,
    UpstreamInvalidError,
    UpstreamStatusError,
    UrlInvalidError,
    UrlSchemeError,
)

log = logging.getLogger(__name__)

# Library exception -> HTTP status. Looked up along the exception's MRO: the first match wins.
ERROR_STATUS: dict[type[ScorerError], int] = {
    # The document sent is unusable: the client can fix it.
    InputTooLargeError: 413,
    InputError: 422,  # invalid_input, empty_input, not_html and any later subclass
    # The URL sent is unusable or not allowed.
    UrlInvalidError: 422,
    UrlSchemeError: 422,
    AddressBlockedError: 403,  # SSRF guard: the URL names a private/loopback/... address
    UnsupportedContentTypeError: 422,  # the URL is an image, a PDF, ...: not an article page
    # The page's server failed us (bad gateway) or was too slow (gateway timeout).
    DnsFailureError: 502,
    ConnectionFailedError: 502,
    UpstreamStatusError: 502,
    UpstreamInvalidError: 502,
    TooManyRedirectsError: 502,
    BodyTooLargeError: 502,
    UnsupportedEncodingError: 502,
    FetchTimeoutError: 504,
    FetchError: 502,
    # The page took longer to score than the scoring deadline: the worker dropped it.
    DeadlineExceededError: 503,
    # Our own fault: a committed model or table is broken.
    ModelError: 500,
    ScorerError: 500,
}

# The service's own codes (request errors), with their statuses, for the docs and the OpenAPI text.
API_ERROR_STATUS: dict[str, int] = {
    "malformed_json": 400,
    "bad_request": 400,
    "incomplete_body": 400,
    "invalid_request": 422,
    "unauthorized": 401,
    "not_found": 404,
    "method_not_allowed": 405,
    "request_timeout": 408,
    "request_too_large": 413,
    "uri_too_long": 414,
    "unsupported_media_type": 415,
    "headers_too_large": 431,
    # Answered by the server itself before the app sees the request (service/server.py).
    "forbidden": 403,
    "expectation_failed": 417,
    "unsupported_transfer_coding": 501,
    "rate_limited": 429,
    "ratings_unavailable": 501,
    "not_ready": 503,
    "internal_error": 500,
}


class ApiError(Exception):
    """An error of the request itself, raised by the views and guards."""

    def __init__(self, code: str, message: str, *, status: int | None = None, headers: dict[str, str] | None = None,
                 details: dict[str, object] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status if status is not None else API_ERROR_STATUS[code]
        self.headers = headers or {}
        self.details = details


def status_for(exc: ScorerError) -> int:
    for cls in type(exc).__mro__:
        if cls in ERROR_STATUS:
            return ERROR_STATUS[cls]
    return 500


def error_body(code: str, message: str, *, details: dict[str, object] | None = None) -> dict[str, object]:
    error: dict[str, object] = {"code": code, "message": message}
    if details:
        error["details"] = details
    return {"error": error}


# Library errors whose text may carry what a client must not see (addresses the service resolved,
# the settings that would allow them, errno text, a library's own message): the client gets this
# fixed text; the full message goes to the log with the request id the response carries.
PUBLIC_MESSAGES: dict[str, str] = {
    AddressBlockedError.code: "the URL's host is, or resolves to, a private, loopback or reserved address: "
                              "it is not fetched",
    DnsFailureError.code: "the URL's host name could not be resolved",
    ConnectionFailedError.code: "could not connect to the page's server, or the connection broke",
    UpstreamInvalidError.code: "the page's server sent an invalid HTTP response",
    FetchError.code: "the page could not be fetched",
    ModelError.code: "the service's model failed on this request; it is logged",
    ScorerError.code: "the service failed on this request; it is logged",
}
# Phrases that mark a message as carrying a library's own text (urllib, socket, ...).
_LIBRARY_TEXT = ("SCORER_", "Errno", "errno", "invalid URL: ")


def request_id() -> str:
    return str(g.get("request_id", "-")) if has_request_context() else "-"


def public_message(exc: ScorerError) -> str:
    """What the client is told about a library error (see PUBLIC_MESSAGES); the rest is logged."""
    message = str(exc)
    fixed = PUBLIC_MESSAGES.get(exc.code)
    if fixed is None and any(marker in message for marker in _LIBRARY_TEXT):
        fixed = {"url_invalid": "the URL is not valid"}.get(exc.code, PUBLIC_MESSAGES[ScorerError.code])
    if fixed is None:
        return message
    log.info("request %s: %s: %s", request_id(), exc.code, message)
    return fixed


def describe(exc: Exception) -> tuple[int, dict[str, object]]:
    """(status, body) for an error of one item: used for whole requests and for batch items."""
    if isinstance(exc, ApiError):
        return exc.status, error_body(exc.code, exc.message, details=exc.details)
    if isinstance(exc, ScorerError):
        details: dict[str, object] | None = (
            {"upstream_status": exc.status} if isinstance(exc, UpstreamStatusError) else None)
        status = status_for(exc)
        if status >= 500 and not isinstance(exc, (FetchError, DeadlineExceededError)):
            log.error("request %s: library error %s: %s", request_id(), exc.code, exc)
        return status, error_body(exc.code, public_message(exc), details=details)
    raise TypeError(f"not an API or library error: {exc!r}")


def _json(status: int, body: dict[str, object], headers: dict[str, str] | None = None) -> Response:
    response = jsonify(body)
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _http_code(exc: HTTPException) -> str:
    named = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 408: "request_timeout",
             413: "request_too_large", 414: "uri_too_long", 415: "unsupported_media_type",
             431: "headers_too_large"}
    return named.get(exc.code or 500, (exc.name or "error").lower().replace(" ", "_"))


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def handle_api_error(exc: ApiError) -> Response:
        status, body = describe(exc)
        return _json(status, body, exc.headers)

    @app.errorhandler(ScorerError)
    def handle_scorer_error(exc: ScorerError) -> Response:
        status, body = describe(exc)
        return _json(status, body)

    @app.errorhandler(HTTPException)
    def handle_http_exception(exc: HTTPException) -> Response:
        status = exc.code or 500
        if status == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH")
            message = f"the request body is over the limit of {limit:,} bytes" if limit else "the request is too large"
        else:
            message = exc.description or exc.name
        headers = {}
        if status == 405 and exc.get_headers():
            headers = {k: v for k, v in exc.get_headers() if k.lower() == "allow"}
        return _json(status, error_body(_http_code(exc), message), headers)

    @app.errorhandler(Exception)
    def handle_unexpected(exc: Exception) -> Response:
        log.exception("request %s: unhandled error", request_id())
        return _json(500, error_body("internal_error", "the service failed on this request; it is logged"))
