"""Request bodies -> frozen requests, or an `ApiError` naming exactly what is wrong.

Unknown fields are refused (a typo such as "htm" must not silently score nothing), types are
checked before anything is scored, and the URL given with HTML is checked for form only (it is
metadata there: it is never fetched).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from scorer.fetch import check_url
from service.errors import ApiError

SCORE_FIELDS = ("url", "html", "text", "title")
# JSON may carry lone UTF-16 surrogates ("\ud800"), which no UTF-8 text (and so no report) can
# hold; a browser's JSON.stringify of a page's DOM can produce them. In `html`, `text` and
# `title` each becomes U+FFFD; a URL with one is refused (scorer.fetch.check_url).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class ScoreRequest:
    """One thing to score: a URL to fetch, HTML (with its URL if known), or plain text."""

    url: str | None = None
    html: str | None = None
    text: str | None = None
    title: str = ""

    @property
    def mode(self) -> str:
        if self.html is not None:
            return "html"
        if self.text is not None:
            return "text"
        return "url"


def _kind(value: object) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number",
            type(None): "null"}.get(type(value), type(value).__name__)


def parse_json_body(data: bytes) -> Any:
    """The request body as JSON, or a 400 `malformed_json` saying where it broke."""
    if not data.strip():
        raise ApiError("malformed_json", "the request body is empty: send a JSON object")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a UTF-8 byte-order mark
    try:
        # Decoded as UTF-8 only: json.loads on bytes would also take UTF-16 and UTF-32 (service/body.py).
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError("malformed_json", f"the request body is not UTF-8 text (byte {exc.start:,} is not)") from exc
    try:
        return json.loads(text, object_pairs_hook=_object_without_duplicates)
    except _DuplicateKey as exc:
        raise ApiError("invalid_request", f"the request body has the key {exc.key!r} more than once in one object: "
                                          "send each field once") from exc
    except json.JSONDecodeError as exc:
        raise ApiError("malformed_json", f"the request body is not valid JSON: {exc.msg} "
                                         f"(line {exc.lineno}, column {exc.colno})") from exc
    except RecursionError as exc:  # `[` x 100,000: the parser's nesting limit
        raise ApiError("malformed_json", "the request body nests arrays or objects too deeply to read") from exc
    except ValueError as exc:  # an integer of thousands of digits (Python's conversion limit)
        raise ApiError("malformed_json", "the request body holds a number too long to read") from exc


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key[:60]


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key given twice: json.loads would keep the last one silently, so
    `{"html": "<p>a</p>", "html": ""}` would score a page other than the one a reader sees first."""
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return data


def parse_score_request(data: object, *, where: str = "the request body") -> ScoreRequest:
    """Validate one score request object (`where` names it in messages, e.g. "items[3]")."""
    if not isinstance(data, dict):
        raise ApiError("invalid_request", f"{where} must be a JSON object, not {_kind(data)}")
    unknown = sorted(set(data) - set(SCORE_FIELDS))
    if unknown:
        raise ApiError("invalid_request", f"{where} has unknown field(s) {', '.join(map(repr, unknown))}; "
                                          f"the fields are {', '.join(SCORE_FIELDS)}")
    for name in SCORE_FIELDS:
        if name in data and not isinstance(data[name], str):
            raise ApiError("invalid_request", f"`{name}` in {where} must be a string, not {_kind(data[name])}")
    url, html, text = data.get("url"), data.get("html"), data.get("text")
    if html is not None and text is not None:
        raise ApiError("invalid_request", f"{where} has both `html` and `text`: send one")
    if url is None and html is None and text is None:
        raise ApiError("invalid_request", f"{where} needs `url`, `html` (with an optional `url`) or `text`")
    if "title" in data and text is None:
        raise ApiError("invalid_request", f"`title` in {where} goes with `text`; an HTML page carries its own title")
    if url is not None:
        check_url(url)  # form only; raises UrlInvalidError / UrlSchemeError (422)
    return ScoreRequest(url=url, html=_well_formed(html), text=_well_formed(text),
                        title=_well_formed(data.get("title", "")) or "")


def _well_formed(value: str | None) -> str | None:
    if value is None or value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub("\ufffd", value)
    return value


def parse_batch_request(data: object, *, max_items: int) -> list[object]:
    """The raw items of a batch (each validated on its own, so one bad item fails only itself)."""
    if not isinstance(data, dict):
        raise ApiError("invalid_request", f"the request body must be a JSON object, not {_kind(data)}")
    unknown = sorted(set(data) - {"items"})
    if unknown:
        raise ApiError("invalid_request",
                       f"unknown field(s) {', '.join(map(repr, unknown))}; send {{\"items\": [...]}}")
    if "items" not in data:
        raise ApiError("invalid_request", "the request body needs `items`: a list of score requests")
    items = data["items"]
    if not isinstance(items, list):
        raise ApiError("invalid_request", f"`items` must be an array, not {_kind(items)}")
    if not items:
        raise ApiError("invalid_request", "`items` is empty: send at least one score request")
    if len(items) > max_items:
        raise ApiError("invalid_request", f"`items` has {len(items)} entries; the limit is {max_items} per batch")
    return items
