"""Batch scoring: a folder of saved pages, a URL list, a JSONL export or a WARC -> one line per page.

    python -m scorer batch INPUT -o OUT.jsonl [--workers N] [--format jsonl|csv]

- `records`: `Record` in, `Result` out, `RecordError` for a bad record; error codes and limits.
- `inputs`: `iter_input(path)` / `open_input(path)` read an input lazily into `Record`s.
- `workers`: `score_records(records, workers=N)` scores them in N worker processes.
- `output`: `OutputFile` appends results to JSONL or CSV, resumably.
- `run`: `run_batch(...)`, the whole batch with progress and a summary, and the CLI command.
"""
from .inputs import BatchInput, iter_input, open_input, open_input_stream
from .output import DUPLICATE, NEW, WRITTEN_EARLIER, OutputFile, csv_columns, signal_ids
from .records import (
    BAD_GZIP,
    BAD_JSON,
    BAD_WARC,
    INTERNAL_ERROR,
    INVALID_URL,
    JSONL_LINE_OVERHEAD_BYTES,
    MISSING_FIELD,
    READ_ERROR,
    RECORD_TIMEOUT_SECONDS,
    START_METHOD,
    TIMEOUT,
    WORKER_CRASHED,
    WRONG_TYPE,
    BatchError,
    BatchInputError,
    BatchOutputError,
    Record,
    RecordError,
    Result,
    WorkerStartError,
)
from .run import BatchSummary, run_batch
from .workers import score_record, score_records

__all__ = [
    "BAD_GZIP", "BAD_JSON", "BAD_WARC", "DUPLICATE", "INTERNAL_ERROR", "INVALID_URL", "JSONL_LINE_OVERHEAD_BYTES",
    "MISSING_FIELD", "NEW", "READ_ERROR", "RECORD_TIMEOUT_SECONDS", "START_METHOD", "TIMEOUT", "WORKER_CRASHED",
    "WRITTEN_EARLIER", "WRONG_TYPE", "BatchError", "BatchInput", "BatchInputError", "BatchOutputError",
    "BatchSummary", "OutputFile", "Record", "RecordError", "Result", "WorkerStartError", "csv_columns",
    "iter_input", "open_input", "open_input_stream", "run_batch", "score_record", "score_records", "signal_ids",
]
