"""The library's exceptions. Each has a stable `code` that the CLI and the HTTP API report."""
from __future__ import annotations


class ScorerError(Exception):
    """Base of every error the library raises on purpose."""

    code = "scorer_error"


class InputError(ScorerError):
    """The input cannot be scored as given (empty, not HTML, wrong type)."""

    code = "invalid_input"


class EmptyInputError(InputError):
    code = "empty_input"


class InputTooLargeError(InputError):
    code = "input_too_large"


class NotHtmlError(InputError):
    code = "not_html"


class PageTooComplexError(InputError):
    """Markup built to cost far more than its size: too many elements, or attributes on one."""

    code = "page_too_complex"


class ModelError(ScorerError):
    """A committed model or table is missing, corrupt or built for other code."""

    code = "model_error"


class DeadlineExceededError(ScorerError):
    """Scoring one page took longer than its deadline (`Settings.score_deadline_s`): the work is dropped."""

    code = "deadline_exceeded"
