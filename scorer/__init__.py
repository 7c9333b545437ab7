"""Sourcing-quality scoring for news articles.

    from scorer import score_html
    report = score_html(html, url="https://example.com/story")
    report.to_dict()  # the one JSON shape of the CLI, the API and batch output

The names below are imported on first use (PEP 562), so a command that needs one stage (`python
-m scorer source` reads only the ratings table) does not pay for loading the whole pipeline.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# The one place the version is written: pyproject.toml reads it, the fetcher's User-Agent names it.
__version__ = "0.1.0"

# Public name -> the module that defines it.
_EXPORTS = {
    "InputError": ".errors", "ScorerError": ".errors",
    "parse_html": ".page.parse", "parse_text": ".page.parse",
    "score_html": ".pipeline", "score_page": ".pipeline", "score_text": ".pipeline",
    "load_resources": ".resources", "Report": ".types",
}

if TYPE_CHECKING:
    from .errors import InputError, ScorerError
    from .page.parse import parse_html, parse_text
    from .pipeline import score_html, score_page, score_text
    from .resources import load_resources
    from .types import Report


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'scorer' has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])


__all__ = ["InputError", "Report", "ScorerError", "load_resources", "parse_html", "parse_text", "score_html",
           "score_page", "score_text"]
