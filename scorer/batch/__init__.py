"""Batch scoring: input readers, a worker pool, resumable output, and the `scorer batch` command."""
from .run import BatchSummary, Record, Result, iter_input, run_batch, score_records

__all__ = ["BatchSummary", "Record", "Result", "iter_input", "run_batch", "score_records"]
