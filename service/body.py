"""Reading a request body: what is accepted, how much, and how slowly (issue 17).

- Content-Type: `application/json`, any `application/*+json`, `text/plain` (what a browser
  sends without a CORS preflight) or none; anything else is a 415 `unsupported_media_type`.
  A `charset` other than UTF-8 is a 415 too.
- Content-Encoding: none (identity). A compressed body is a 415: the service does not inflate
  what strangers send.
- Bytes: UTF-8 JSON (an optional UTF-8 byte-order mark is skipped). UTF-16 and UTF-32 are a 400
  `malformed_json`, as is anything that is not UTF-8.
- Size: at most `request_max_bytes`, counted as the bytes arrive, with or without a
  Content-Length: a chunked body over the limit is a 413, never a truncated document.
- Time: each read of the socket waits at most `request_read_timeout_s` (set on the socket by
  service/server.py); a body that stops arriving is a 408 `request_timeout`, and an incomplete
  body (the client closed early) a 400 `incomplete_body`.
"""
from __future__ import annotations

import logging

from flask import Request, g

from service.errors import ApiError

log = logging.getLogger(__name__)


class ClientStalled(Exception):
    """A read of the client's socket waited `request_read_timeout_s` for nothing (service/server.py
    raises it in place of the socket's EAGAIN): not an OSError, so no layer logs it as a socket fault."""

JSON_MEDIA_TYPES = frozenset({"application/json", "text/plain"})
_CHUNK = 64 * 1024


def check_content_headers(request: Request) -> None:
    """415 for a Content-Type or Content-Encoding the service does not read (see the module text)."""
    encoding = (request.headers.get("Content-Encoding") or "identity").strip().lower()
    if encoding != "identity":
        raise ApiError("unsupported_media_type",
                       "compressed request bodies are not accepted: send the JSON without Content-Encoding")
    media_type = (request.mimetype or "").lower()
    if media_type and media_type not in JSON_MEDIA_TYPES and not (
            media_type.startswith("application/") and media_type.endswith("+json")):
        raise ApiError("unsupported_media_type", "send the body as application/json")
    charset = (request.mimetype_params.get("charset") or "utf-8").strip().lower()
    if charset not in {"utf-8", "utf8"}:
        raise ApiError("unsupported_media_type", "the body must be UTF-8 JSON (charset=utf-8)")


def read_body(request: Request, limit: int) -> bytes:
    """The whole body, at most `limit` bytes however it is framed; ApiError 413/408/400 otherwise."""
    check_content_headers(request)
    declared = request.content_length
    if declared is not None and declared > limit:
        raise ApiError("request_too_large", f"the request body is over the limit of {limit:,} bytes")
    stream = request.environ.get("wsgi.input")
    if stream is None:
        return b""
    chunked = declared is None
    if chunked and not request.environ.get("wsgi.input_terminated"):
        return b""  # no length and a server that cannot say where the body ends: no body
    want = limit + 1 if chunked else declared or 0
    parts: list[bytes] = []
    got = 0
    try:
        while got < want:
            part = stream.read(min(_CHUNK, want - got))
            if not part:
                break
            parts.append(part)
            got += len(part)
    except (ClientStalled, TimeoutError, BlockingIOError) as exc:
        log.info("request %s: body read timed out after %d bytes (%s)", g.get("request_id"), got, exc)
        raise ApiError("request_timeout", "the request body did not arrive in time") from exc
    except OSError as exc:
        log.info("request %s: body read failed after %d bytes (%s)", g.get("request_id"), got, exc)
        raise ApiError("incomplete_body", "the request body ended before its declared length") from exc
    except Exception as exc:  # gunicorn's parser errors (bad chunk framing) are the client's
        if type(exc).__name__ == "NoMoreData":
            raise ApiError("incomplete_body", "the request body ended before its declared length") from exc
        if type(exc).__module__.startswith("gunicorn"):
            log.info("request %s: malformed body framing (%r)", g.get("request_id"), exc)
            raise ApiError("bad_request", "the request body's framing is malformed") from exc
        raise
    if got > limit:
        raise ApiError("request_too_large", f"the request body is over the limit of {limit:,} bytes")
    if not chunked and got < want:
        raise ApiError("incomplete_body", "the request body ended before its declared length")
    return b"".join(parts)
