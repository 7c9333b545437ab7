"""The cache of fetched pages and reports: one SQLite file, shared by every worker process.

- Pages are keyed by normalised URL (so a new model version rescores without refetching);
  reports by model name/version and the normalised URL (URL requests) or a hash of the HTML
  and URL (HTML requests). A report is never served across model versions.
- Entries older than `ttl_s` are misses and are deleted; past `max_bytes` the oldest go first.
- Several gunicorn workers share the file (`service.shared_sqlite`: WAL journal, a busy timeout,
  one connection per process and thread).
- The cache is an optimisation: any SQLite failure is logged and treated as a miss, never as a
  failed request.
- A fetched page, and a report scored from one, carries the fetch's record (`FetchedPage.hops`:
  each URL requested and the addresses it was checked against), so the service re-checks a hit
  against the current fetch policy without a DNS lookup (`scorer.fetch.check_fetch_record`).
"""
from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

import httpx

from scorer.fetch import CheckedHop, FetchedPage
from scorer.types import ModelInfo
from service.shared_sqlite import SharedSqlite

log = logging.getLogger(__name__)

# Writers wait this long for the lock before giving up (a miss): far above a normal write (~ms).
BUSY_TIMEOUT_MS = 5000
# Query parameters that only track the click (never change the article): dropped from keys.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "_ga"})
TRACKING_PREFIXES = ("utm_",)

# The layout's version (PRAGMA user_version). A file of another version is emptied and rebuilt
# on first use: it is a cache. 2 added `fetched`, the fetch record (JSON) of pages and URL reports.
SCHEMA_VERSION = 2
_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS entries (
        key TEXT PRIMARY KEY,
        created REAL NOT NULL,
        size INTEGER NOT NULL,
        meta TEXT NOT NULL,
        body BLOB,
        fetched TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS entries_created ON entries (created)",
)


def normalize_url(url: str) -> str:
    """The cache key of a URL: lower-case scheme and host, no default port, no fragment, no
    tracking parameters, "/" for an empty path. The order of the other parameters is kept."""
    parsed = httpx.URL(url.strip())
    default_port = {"http": 80, "https": 443}.get(parsed.scheme)
    port = None if parsed.port == default_port else parsed.port
    query = [(k, v) for k, v in parse_qsl(parsed.query.decode("ascii", "replace"), keep_blank_values=True)
             if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)]
    normal = parsed.copy_with(scheme=parsed.scheme.lower(), host=parsed.host.rstrip(".").lower(), port=port,
                              path=parsed.path or "/", query=urlencode(query).encode("ascii") if query else None,
                              fragment=None)
    return str(normal)


def html_key(html: str, url: str | None) -> str:
    digest = hashlib.sha256()
    digest.update((url or "").encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(html.encode("utf-8", "surrogatepass"))
    return "sha256:" + digest.hexdigest()


class ResultCache:
    def __init__(self, path: Path, *, ttl_s: float, max_bytes: int, clock=time.time):
        self.path = Path(path)
        self.ttl_s = ttl_s
        self.max_bytes = max_bytes
        self.enabled = ttl_s > 0 and max_bytes > 0
        self._clock = clock
        self._db = SharedSqlite(self.path, busy_timeout_ms=BUSY_TIMEOUT_MS, setup=_ensure_schema)

    # --- keys ---
    @staticmethod
    def report_key(model: ModelInfo, kind: str, ident: str) -> str:
        return f"report:{model.name}/{model.version}:{kind}:{ident}"

    @staticmethod
    def page_key(normal_url: str) -> str:
        return f"page:{normal_url}"

    # --- reports (stored and served as the exact JSON text) ---
    def get_report(self, key: str) -> str | None:
        row = self._get(key)
        return None if row is None else row[0]

    def get_fetched_report(self, key: str) -> tuple[str, tuple[CheckedHop, ...]] | None:
        """A report scored from a fetched page, with that fetch's record (empty if none was kept)."""
        row = self._get(key)
        return None if row is None else (row[0], _load_hops(row[2]))

    def put_report(self, key: str, report_json: str, *, hops: tuple[CheckedHop, ...] = ()) -> None:
        self._put(key, report_json, None, _dump_hops(hops))

    # --- pages ---
    def get_page(self, normal_url: str) -> FetchedPage | None:
        row = self._get(self.page_key(normal_url))
        if row is None or row[1] is None:
            return None
        meta = json.loads(row[0])
        meta["redirects"] = tuple(meta.get("redirects", ()))
        return FetchedPage(body=bytes(row[1]), hops=_load_hops(row[2]), **meta)

    def put_page(self, normal_url: str, page: FetchedPage) -> None:
        meta = {"url": page.url, "status": page.status, "content_type": page.content_type, "charset": page.charset,
                "content_encoding": page.content_encoding, "elapsed": page.elapsed,
                "redirects": list(page.redirects), "address": page.address, "requested_url": page.requested_url}
        self._put(self.page_key(normal_url), json.dumps(meta), page.body, _dump_hops(page.hops))

    def status(self) -> str:
        """"ok", "disabled", or "error: ..." (for /readyz)."""
        if not self.enabled:
            return "disabled"
        try:
            self._conn().execute("SELECT 1 FROM entries LIMIT 1").fetchall()
        except (sqlite3.Error, OSError) as exc:
            return f"error: {exc}"
        return "ok"

    def stats(self) -> dict[str, int]:
        rows, size = self._conn().execute("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM entries").fetchone()
        return {"entries": rows, "bytes": size}

    # --- storage ---
    def _conn(self) -> sqlite3.Connection:
        return self._db.connection()

    def _get(self, key: str) -> tuple[str, bytes | None, str | None] | None:
        if not self.enabled:
            return None
        try:
            conn = self._conn()
            row = conn.execute("SELECT created, meta, body, fetched FROM entries WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            if row[0] < self._clock() - self.ttl_s:
                conn.execute("DELETE FROM entries WHERE key = ?", (key,))
                return None
            return row[1], row[2], row[3]
        except (sqlite3.Error, OSError) as exc:
            log.warning("cache read failed (treated as a miss): %s", exc)
            return None

    def _put(self, key: str, meta: str, body: bytes | None, fetched: str | None = None) -> None:
        if not self.enabled:
            return
        size = len(key) + len(meta.encode("utf-8")) + (len(body) if body else 0) + len(fetched or "")
        if size > self.max_bytes:
            return
        now = self._clock()
        try:
            conn = self._conn()
            conn.execute("INSERT OR REPLACE INTO entries (key, created, size, meta, body, fetched) "
                         "VALUES (?, ?, ?, ?, ?, ?)", (key, now, size, meta, body, fetched))
            conn.execute("DELETE FROM entries WHERE created < ?", (now - self.ttl_s,))
            (total,) = conn.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()
            if total > self.max_bytes:
                # Keep the newest entries whose sizes add up to the bound; drop the rest.
                conn.execute(
                    "DELETE FROM entries WHERE key IN (SELECT key FROM (SELECT key, SUM(size) OVER "
                    "(ORDER BY created DESC, key DESC) AS running FROM entries) WHERE running > ?)",
                    (self.max_bytes,))
        except (sqlite3.Error, OSError) as exc:
            log.warning("cache write failed (not cached): %s", exc)


def _ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the table, or rebuild it empty if the file holds another layout version. Under an
    immediate (write) transaction, so workers starting together migrate it once."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            conn.execute("DROP TABLE IF EXISTS entries")
            for statement in _SCHEMA:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _dump_hops(hops: tuple[CheckedHop, ...]) -> str | None:
    return json.dumps([[hop.url, list(hop.addresses)] for hop in hops]) if hops else None


def _load_hops(text: str | None) -> tuple[CheckedHop, ...]:
    """The record as stored; () (no record: the entry is re-fetched, not served) if absent or unreadable."""
    if not text:
        return ()
    try:
        return tuple(CheckedHop(url=str(url), addresses=tuple(map(str, addresses)))
                     for url, addresses in json.loads(text))
    except (ValueError, TypeError) as exc:
        log.warning("unreadable fetch record in the cache (entry not served): %s", exc)
        return ()
