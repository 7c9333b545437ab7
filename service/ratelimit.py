"""Per-client rate limiting: a token bucket per client key, in memory or in a shared SQLite file.

Each client (its API key, else its IP address) has a bucket of `burst` tokens refilled at
`per_minute / 60` tokens a second; a request takes one token (a batch one per item) or is
refused with 429 and the seconds until a token is back.

- `TokenBuckets` (`rate_limit_store = "memory"`): buckets live in the worker
  process. With N gunicorn workers a client can get up to N times the rate when its requests
  land on different workers.
- `SharedTokenBuckets` (`rate_limit_store = "sqlite"`, the default since issue 17: the documented
  per-client rate whatever the number of workers): buckets live in one SQLite file
  (`rate_limit_path`) that every worker on the machine shares, so the limit holds across
  workers. Each decision is one atomic UPSERT ... RETURNING (refill, take, answer in one
  statement, so two workers can never both spend the last token); WAL journal, no fsync per
  write. Its cost per request is measured by `python -m service.bench_ratelimit`. If the file
  fails, the worker falls back to its own in-memory buckets (logged): limited per worker, never
  unlimited, never a failed request.
"""
from __future__ import annotations

import logging
import math
import sqlite3
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from service.settings import ServiceSettings
from service.shared_sqlite import SharedSqlite

log = logging.getLogger(__name__)

STORES = ("memory", "sqlite")

# Clients remembered per worker; the least recently seen are forgotten first (a forgotten
# client starts again with a full bucket, which errs on the side of serving).
MAX_CLIENTS = 10_000


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int  # whole tokens left after this request
    retry_after_s: int  # 0 when allowed


def _decision(granted: bool, tokens: float, cost: int, rate: float) -> Decision:
    """The answer for a bucket holding `tokens` after the request (taken from it when granted)."""
    return Decision(granted, int(tokens), 0 if granted else max(1, math.ceil((cost - tokens) / rate)))


class TokenBuckets:
    def __init__(self, per_minute: float, burst: int, *, clock=time.monotonic, max_clients: int = MAX_CLIENTS):
        if per_minute <= 0 or burst <= 0:
            raise ValueError("per_minute and burst must be positive (turn the limiter off instead)")
        self.rate = per_minute / 60.0  # tokens per second
        self.burst = burst
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # key -> (tokens, at)
        self._lock = threading.Lock()

    def take(self, key: str, cost: int = 1) -> Decision:
        # A batch larger than the burst may still run once the bucket is full.
        cost = max(1, min(cost, self.burst))
        now = self._clock()
        with self._lock:
            tokens, at = self._buckets.pop(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.rate)
            granted = tokens >= cost
            if granted:
                tokens -= cost
            decision = _decision(granted, tokens, cost, self.rate)
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self._max_clients:
                self._buckets.popitem(last=False)
        return decision


class Limiter(Protocol):
    burst: int

    def take(self, key: str, cost: int = 1) -> Decision: ...


def make_limiter(settings: ServiceSettings) -> Limiter | None:
    """The limiter the settings ask for; None when off. An unknown store stops start-up."""
    if settings.rate_limit_store not in STORES:
        raise ValueError(f"rate_limit_store {settings.rate_limit_store!r} is not one of {', '.join(STORES)}")
    if settings.rate_limit_per_minute <= 0 or settings.rate_limit_burst <= 0:
        return None
    if settings.rate_limit_store == "sqlite":
        return SharedTokenBuckets(settings.rate_limit_path, settings.rate_limit_per_minute, settings.rate_limit_burst)
    return TokenBuckets(settings.rate_limit_per_minute, settings.rate_limit_burst)


# A worker waits at most this long for another's write (each takes microseconds; a longer wait
# means something is wrong, and the worker falls back to its own buckets rather than stall).
SHARED_BUSY_TIMEOUT_MS = 1000
# How often each process deletes buckets that have refilled completely (a full bucket and no
# row are the same), so the file holds only clients seen in the last burst / rate seconds.
SWEEP_INTERVAL_S = 60.0
# A failing store is logged at most this often per process.
WARNING_INTERVAL_S = 60.0

_SHARED_SCHEMA = """CREATE TABLE IF NOT EXISTS buckets (
    client TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    at REAL NOT NULL,
    granted INTEGER NOT NULL
) WITHOUT ROWID"""


def _create_schema(conn: sqlite3.Connection) -> None:
    conn.execute(_SHARED_SCHEMA)

# One statement: refill the bucket for the time since it was last touched (never for time
# running backwards), take `cost` if that many tokens are there, and say whether it did.
# SET expressions all read the row as it was before the update. `at` never moves backwards
# (workers' clocks are read a few microseconds apart), unless the clock stepped back a minute.
_TAKE = """
INSERT INTO buckets (client, tokens, at, granted) VALUES (:client, :burst - :cost, :now, 1)
ON CONFLICT (client) DO UPDATE SET
    granted = min(:burst, tokens + max(0.0, :now - at) * :rate) >= :cost,
    tokens = min(:burst, tokens + max(0.0, :now - at) * :rate)
             - CASE WHEN min(:burst, tokens + max(0.0, :now - at) * :rate) >= :cost THEN :cost ELSE 0 END,
    at = CASE WHEN at > :now + 60 THEN :now ELSE max(at, :now) END
RETURNING tokens, granted
"""


class SharedTokenBuckets:
    """Token buckets in one SQLite file shared by every worker process (see the module docstring)."""

    def __init__(self, path: Path, per_minute: float, burst: int, *, clock=time.time):
        if per_minute <= 0 or burst <= 0:
            raise ValueError("per_minute and burst must be positive (turn the limiter off instead)")
        if sqlite3.sqlite_version_info < (3, 35, 0):
            raise RuntimeError(f"rate_limit_store=sqlite needs SQLite 3.35 or later (UPSERT ... RETURNING); "
                               f"this Python has {sqlite3.sqlite_version}")
        self.path = Path(path)
        self.rate = per_minute / 60.0
        self.burst = burst
        self._clock = clock  # wall clock: shared between processes
        self._db = SharedSqlite(self.path, busy_timeout_ms=SHARED_BUSY_TIMEOUT_MS,
                                setup=_create_schema)
        self._fallback = TokenBuckets(per_minute, burst)
        self._lock = threading.Lock()
        self._next_sweep = 0.0
        self._next_warning = 0.0

    def take(self, key: str, cost: int = 1) -> Decision:
        cost = max(1, min(cost, self.burst))  # as TokenBuckets: a batch over the burst runs once it is full
        now = self._clock()
        try:
            conn = self._db.connection()
            ((tokens, granted),) = conn.execute(_TAKE, {"client": key, "burst": float(self.burst), "cost": cost,
                                                        "now": now, "rate": self.rate}).fetchall()
            self._sweep(conn, now)
        except (sqlite3.Error, OSError, ValueError) as exc:
            self._warn(exc, now)
            return self._fallback.take(key, cost)
        return _decision(bool(granted), tokens, cost, self.rate)

    def _sweep(self, conn: sqlite3.Connection, now: float) -> None:
        with self._lock:
            if now < self._next_sweep:
                return
            self._next_sweep = now + SWEEP_INTERVAL_S
        conn.execute("DELETE FROM buckets WHERE at < ?", (now - self.burst / self.rate,))

    def _warn(self, exc: Exception, now: float) -> None:
        with self._lock:
            if now < self._next_warning:
                return
            self._next_warning = now + WARNING_INTERVAL_S
        log.warning("shared rate-limit store %s failed (this worker limits on its own meanwhile): %s", self.path, exc)
