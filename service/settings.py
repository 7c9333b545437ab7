"""The service's settings: the library's (`scorer.config.Settings`) plus the HTTP layer's own.

Each field can be overridden by an environment variable `SCORER_<NAME>` (docs/service.md lists them).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from scorer.config import PROJECT_ROOT, Settings


@dataclass(frozen=True)
class ServiceSettings(Settings):
    # Largest request body: a 5 MB page (the fetch limit) plus JSON-escaping overhead.
    request_max_bytes: int = 6 * 1024 * 1024
    # Items per POST /v1/score/batch: each may fetch a URL, so this bounds one request's work
    # to what a worker finishes well inside server_timeout_s.
    batch_max_items: int = 20
    # URLs of one batch fetched at the same time (I/O-bound; scoring stays one at a time).
    batch_fetch_threads: int = 4
    # Browser origins allowed by CORS, comma-separated, `*` matching any run of characters but
    # "/": browser extensions by default (their ids differ per install). "*" alone allows any
    # origin; empty turns CORS off.
    cors_origins: str = "chrome-extension://*,moz-extension://*,safari-web-extension://*"
    # Comma-separated API keys; empty (the default) leaves the API open, as on a laptop or intranet.
    api_keys: str = ""
    # Per-client token bucket (keyed by API key, else client IP): about one request a second
    # sustained with bursts of 40 (a batch costs one token per item). 0 turns it off.
    rate_limit_per_minute: int = 120
    rate_limit_burst: int = 40
    # Where the buckets live: "sqlite" (the default: one file shared by all workers on the machine,
    # rate_limit_path, so the documented rate holds whatever the number of workers; ~17-30 µs a
    # request) or "memory" (in each worker process: a client whose requests land on N workers gets
    # up to N times the rate).
    rate_limit_store: str = "sqlite"
    rate_limit_path: Path = PROJECT_ROOT / "var" / "ratelimit.sqlite3"
    # Reverse proxies in front of the service whose X-Forwarded-For is trusted for the client IP.
    trusted_proxy_hops: int = 0
    # The SQLite cache of fetched pages and reports (var/ is git-ignored). A cached report is
    # at most cache_ttl_s old (news pages get corrected: an hour bounds staleness while absorbing
    # the burst when a link is shared); the oldest entries go past cache_max_bytes. ttl 0 turns it off.
    cache_path: Path = PROJECT_ROOT / "var" / "cache.sqlite3"
    cache_ttl_s: int = 3600
    cache_max_bytes: int = 256 * 1024 * 1024
    # gunicorn: worker processes (one per core), threads per worker (a slow upstream then blocks
    # one thread, not the worker), and the per-request limit after which a stuck worker is replaced.
    server_workers: int = 2
    server_threads: int = 32
    server_timeout_s: int = 120

    # --- Slow and stalled clients (service/server.py, service/body.py; issue 17) ---
    # Seconds any one read of a client's socket may wait (headers or body) and any one write:
    # a body that stops arriving is answered 408 and frees its thread. With server_threads
    # threads per worker waiting on sockets costing only a stack each, 50 stalled connections
    # leave threads free for /healthz and other clients (README "Running the service").
    request_read_timeout_s: float = 10.0



# The fields the service adds, and the library's fetch fields: none of them changes what a page
# scores, so the models are loaded without them and shared between apps (tests build many).
NOT_SCORING_FIELDS = frozenset(
    f.name for f in fields(ServiceSettings)
    if f.name not in {g.name for g in fields(Settings)} or not f.metadata.get("scoring", True))


def scoring_settings(settings: ServiceSettings) -> Settings:
    """The library settings that decide what a page scores, with everything else at its default."""
    return Settings(**{f.name: getattr(settings, f.name) for f in fields(Settings)
                       if f.name not in NOT_SCORING_FIELDS})
