"""Sourcing-quality scoring for news articles.

    from scorer import score_html
    report = score_html(html, url="https://example.com/story")
    report.to_dict()  # the one JSON shape of the CLI, the API and batch output
"""
from .errors import InputError, ScorerError
from .page.parse import parse_html, parse_text
from .pipeline import score_html, score_page, score_text
from .resources import load_resources
from .types import Report

__all__ = [
           "InputError",
           "Report",
           "ScorerError",
           "load_resources",
           "parse_html",
           "parse_text",
           "score_html",
           "score_page",
           "score_text",
]
__version__ = "0.1.0"
