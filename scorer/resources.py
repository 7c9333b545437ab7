"""The models and tables scoring needs, loaded once per process and handed to the pipeline.

Nothing on the scoring hot path reads a file: `load_resources()` does all the I/O, once,
and its result is cached for the process (the service loads it at start-up, batch workers
when they start).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from .config import Settings, get_settings


@dataclass(frozen=True)
class Resources:
    settings: Settings


@functools.lru_cache(maxsize=4)
def load_resources(settings: Settings | None = None) -> Resources:
    settings = settings or get_settings()
    return Resources(settings=settings)
