"""Per-client rate limiting: an in-memory token bucket per client key.

Each client (its API key, else its IP address) has a bucket of `burst` tokens refilled at
`per_minute / 60` tokens a second; a request takes one token (a batch one per item) or is
refused with 429 and the seconds until a token is back. Buckets live in the worker process:
with N gunicorn workers a client can get up to N times the rate when its requests land on
different workers; put a shared limiter in the reverse proxy where the exact rate matters.
"""
from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

# Clients remembered per worker; the least recently seen are forgotten first (a forgotten
# client starts again with a full bucket, which errs on the side of serving).
MAX_CLIENTS = 10_000


@dataclass(frozen=True)
class Decision:
    allowed: bool
    remaining: int  # whole tokens left after this request
    retry_after_s: int  # 0 when allowed


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
            if tokens >= cost:
                tokens -= cost
                decision = Decision(True, int(tokens), 0)
            else:
                decision = Decision(False, int(tokens), max(1, math.ceil((cost - tokens) / self.rate)))
            self._buckets[key] = (tokens, now)
            while len(self._buckets) > self._max_clients:
                self._buckets.popitem(last=False)
        return decision
