"""All settings in one place. Each can be overridden by an environment variable `SCORER_<NAME>`."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    # Where the shared labelled data sets live (training and evaluation only).
    data_root: Path = PROJECT_ROOT.parent / "shared" / "data"
    # Where the committed models and tables live.
    models_dir: Path = PROJECT_ROOT / "models"
    # The largest HTML document we parse: real article pages are rarely over 2 MB; 10 MB
    # leaves room for inline-heavy pages while bounding memory per request.
    max_html_bytes: int = 10 * 1024 * 1024
    # Markup complexity, which costs far more than size (scorer/limits.py): attributes on one element
    # (the parser is quadratic in them; the benchmark's most is 172) and elements in a page (~70 µs
    # each to extract; the benchmark's most is 3,229, a 50,000-element page takes a few seconds).
    # 0 turns a limit off.
    max_html_attributes: int = 500
    max_html_elements: int = 50_000
    # Pages whose main text has fewer words than this get a warning: too little to judge.
    min_words: int = 50

    # --- Fetching pages by URL (scorer/fetch.py) ---
    # Bytes downloaded per page, counted on the wire and again after gzip/deflate decoding
    # (gzip bombs): the largest of the 181 benchmark pages is 1.5 MB decoded, so 5 MB is ample.
    fetch_max_bytes: int = 5 * 1024 * 1024
    # One deadline for the whole fetch (DNS, connect, every redirect, the body): a server that
    # drips a byte a second cannot hold a worker longer than this.
    fetch_timeout_s: float = 10.0
    # Redirect hops followed, each re-checked; article links need two or three (http->https, www).
    fetch_max_redirects: int = 5
    # Comma-separated host[:port] exempt from the private-address block, for intranet
    # deployments and tests (e.g. "127.0.0.1:8081,wiki.intranet"). Empty: every private,
    # loopback, link-local and reserved address is refused.
    fetch_allow: str = ""

    # --- The HTTP service (service/) ---
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
    # Where the buckets live: "memory" (the default: in each worker process, so a client whose
    # requests land on N workers gets up to N times the rate) or "sqlite" (one file shared by all
    # workers on the machine, rate_limit_path: the limit holds across workers, ~17-30 µs a request).
    rate_limit_store: str = "memory"
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
    server_threads: int = 4
    server_timeout_s: int = 120

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f"SCORER_{f.name.upper()}")
            if raw is None:
                continue
            default = getattr(cls, f.name)
            values[f.name] = type(default)(raw)
        return cls(**values)


def get_settings() -> Settings:
    return Settings.from_env()
