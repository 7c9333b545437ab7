"""What the views share: the per-app state built once in `create_app`, the start-up probe page,
request timing for Server-Timing, and the wire format of reports."""
from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import g

from scorer import score_html
from scorer.fetch import FetchedPage
from scorer.resources import Resources
from scorer.types import ModelInfo
from service.cache import ResultCache
from service.ratelimit import Limiter
from service.settings import ServiceSettings

# Scored once at start-up and by /readyz: a whole page, so every stage and every model runs
# (a missing or corrupt model fails start-up, not the first request), and the service learns the
# model version it serves (for X-Model-Version and the cache keys) before any request.
PROBE_URL = "https://news.example/2024/05/13/council-budget"
PROBE_HTML = """<!doctype html><html lang="en"><head><title>Council approves budget</title>
<meta name="author" content="Ana Ruiz"></head><body><article><h1>Council approves budget</h1>
<p class="byline">By Ana Ruiz</p>
<p>The city council approved the budget on Monday, the mayor's office said in a statement.</p>
<p>"We balanced it without new taxes," the finance director, Li Wei, told reporters after the vote.</p>
<p>According to the council's minutes, the vote was seven to two, with two members absent.</p>
</article><aside class="related-posts"><h3>Related</h3><ul>
<li><a href="/2024/05/01/council-budget-draft">Council publishes draft budget</a></li>
<li><a href="/2024/04/20/taxes">Shocking: you won't believe what this celebrity ate</a></li></ul></aside>
</body></html>"""
# Scorings at a time per worker process. Scoring is CPU-bound Python (the GIL runs one thread
# at a time anyway): one slot makes a worker's threads score first-come first-served instead of
# time-slicing, so a burst queues (short requests finish first) while fetches, which are I/O,
# still overlap. The wait for the slot is reported apart in Server-Timing ("wait").
SCORING_SLOTS = 1

@dataclass(frozen=True)
class ServiceState:
    """Everything the views need, built once per app (per worker process) in `create_app`."""

    settings: ServiceSettings
    resources: Resources
    model: ModelInfo
    cache: ResultCache
    limiter: Limiter | None
    api_keys: frozenset[str]
    fetch: Callable[[str], FetchedPage]
    spec: dict[str, Any]
    docs_html: str
    scoring_slots: threading.Semaphore = dataclasses.field(
        default_factory=lambda: threading.BoundedSemaphore(SCORING_SLOTS))

    @property
    def model_version(self) -> str:
        return f"{self.model.name}/{self.model.version}"


def probe_model(resources: Resources) -> ModelInfo:
    return score_html(PROBE_HTML, url=PROBE_URL, resources=resources).model


def timed(name: str):
    """`with timed("score"): ...` adds the block's duration to this request's Server-Timing."""
    return _Timed(name)


class _Timed:
    def __init__(self, name: str):
        self.name = name

    def __enter__(self) -> None:
        self.started = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        timings = g.setdefault("timings", {})
        timings[self.name] = timings.get(self.name, 0.0) + time.perf_counter() - self.started


def dumps(data: object) -> str:
    """Compact JSON, UTF-8 kept as is: the wire format of reports (and of the cache)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
