"""Optional API keys: off unless `SCORER_API_KEYS` lists some.

A key is sent as `X-API-Key: <key>` or `Authorization: Bearer <key>`. Keys are compared in
constant time; the rate limiter and the logs only ever see a short hash of a key.
"""
from __future__ import annotations

import hashlib
import hmac

from flask import Request


def parse_keys(text: str) -> frozenset[str]:
    return frozenset(key.strip() for key in text.split(",") if key.strip())


def presented_key(request: Request) -> str | None:
    key = request.headers.get("X-API-Key")
    if key:
        return key.strip()
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


def is_valid(key: str, keys: frozenset[str]) -> bool:
    # Check every key (no early exit), each in constant time.
    return any([hmac.compare_digest(key.encode(), known.encode()) for known in keys])  # noqa: C419 - a list on purpose: no early exit


def key_id(key: str) -> str:
    """A short stable name for a key: safe to use as a rate-limit bucket or to log."""
    return hashlib.sha256(key.encode()).hexdigest()[:12]
