"""What a batch reads and writes, record by record: `Record` in, `Result` out, `RecordError` for a bad
record; the batch's own error codes and limits, and its exceptions."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import ScorerError

# Saved pages a folder input picks up (compared lower-cased).
HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
# WARC payloads scored as pages; other response records (images, scripts, PDFs) are passed over.
HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# How much of an input is read to tell what it is: enough for a long comment header on a URL list.
SNIFF_BYTES = 64 * 1024
# A URL-list line longer than this is not a URL (browsers cap URLs well below it).
MAX_URL_LINE_BYTES = 64 * 1024
# A JSONL line may carry a page up to Settings.max_html_bytes; JSON escaping (\" and \uXXXX for
# non-ASCII) roughly doubles HTML at worst in practice, plus room for `text` and other fields.
# Longer lines are refused without being held in memory.
JSONL_LINE_OVERHEAD_BYTES = 1024 * 1024
# Records queued per worker: enough that a worker never waits on the parent between records, few
# enough that memory stays flat however long the input is (a queued record can carry a 10 MB page).
IN_FLIGHT_PER_WORKER = 4
# A page taking longer than this in a worker is abandoned as an error record. Real pages score in
# tens of milliseconds (docs/batch.md); minutes means a pathological page, not a slow one.
RECORD_TIMEOUT_SECONDS = 120.0
# How worker processes start. "forkserver" forks each worker from a small clean server process: no
# threads or file descriptors inherited from the batch process (a plain "fork" of a process with
# threads can deadlock), and it scaled as well as fork and spawn (docs/batch.md, start methods).
# The server is not told to preload the scorer: that setting is process-wide, so a library setting
# it would change its host program's own pools; it would save about a second of start-up.
START_METHOD = "forkserver"
# How often a worker checks that its batch process is still alive: workers of a batch killed with
# SIGKILL would otherwise wait forever on their task queue. A second of stray work is harmless.
ORPHAN_CHECK_SECONDS = 1.0
# The rate of a batch "once all workers are up" is taken from this many results on: the first
# ones come while the other workers are still loading their models.
STEADY_AFTER_RESULTS = 20
# Error messages are cut to this length in output records: enough to say what was wrong.
MAX_MESSAGE_CHARS = 500

INPUT_KINDS = ("folder", "urls", "jsonl", "warc")
FORMATS = ("jsonl", "csv")

# Error codes of records the batch itself rejects (the library's own codes, such as empty_input,
# not_html and input_too_large, and the fetcher's, pass through unchanged).
BAD_JSON = "bad_json"  # a JSONL line that is not a JSON object
WRONG_TYPE = "wrong_type"  # a JSONL field of the wrong type (`html: 5`)
MISSING_FIELD = "missing_field"  # a JSONL line with none of html, text, url
INVALID_URL = "invalid_url"  # a URL-list line that is not an http(s) URL
READ_ERROR = "read_error"  # a saved page that cannot be read (permissions, vanished)
BAD_GZIP = "bad_gzip"  # a .gz page that is not valid gzip (truncated download)
BAD_WARC = "bad_warc"  # a WARC that cannot be parsed past this point, or a payload that cannot be decoded
TIMEOUT = "timeout"  # the page took longer than the record timeout
WORKER_CRASHED = "worker_crashed"  # the worker process died on this record (alone, so it was this one)
INTERNAL_ERROR = "internal_error"  # a bug: any other exception, with its type and message


class BatchError(ScorerError):
    """The batch itself cannot run."""

    code = "batch_error"


class BatchInputError(BatchError):
    """The input is missing, unreadable or not one of the kinds a batch reads."""

    code = "unreadable_input"


class BatchOutputError(BatchError):
    """The output cannot be created, locked, written or resumed."""

    code = "unwritable_output"


class WorkerStartError(BatchError):
    """Workers cannot start or the models cannot be loaded: every record would fail the same way.

    The batch stops rather than write an error line per record, which a rerun would then skip.
    """

    code = "worker_start_failed"


class RecordTimeout(BaseException):
    """Raised in a worker by SIGALRM. A BaseException so that library `except Exception` blocks let it pass."""


@dataclass(frozen=True)
class RecordError:
    code: str
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass(frozen=True)
class Record:
    """One page to score, as read from the input; the page itself travels with it or is read by the worker."""

    id: str  # stable across runs: relative path, URL, JSONL `id` or line number, WARC-Record-ID
    kind: str  # "file", "url", "jsonl" or "warc"
    source: str  # where it came from: "a/b.html", "urls.txt:12", "pages.jsonl:5", "crawl.warc.gz@1234"
    url: str | None = None
    html: bytes | str | None = None  # the page, when the input carries it (JSONL, WARC)
    text: str | None = None  # plain article text (JSONL `text` without `html`)
    title: str = ""  # the headline, with `text`
    path: str | None = None  # a saved page the worker reads (folder inputs)
    content_type: str | None = None  # the HTTP Content-Type, for the charset
    error: RecordError | None = None  # the input record itself was bad: not scored

    def input_info(self) -> dict[str, str]:
        info = {"kind": self.kind, "source": self.source}
        if self.url:
            info["url"] = self.url
        return info


@dataclass(frozen=True)
class Result:
    """The outcome of one record: `report` (Report.to_dict()) or `error`, never both."""

    id: str
    input: dict[str, str]
    report: dict[str, Any] | None = None
    error: RecordError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @classmethod
    def failed(cls, record: Record, error: RecordError) -> Result:
        return cls(id=record.id, input=record.input_info(), error=error)

    def to_dict(self) -> dict[str, Any]:
        """The output line. `id` comes first: resuming reads it from the start of each line."""
        out: dict[str, Any] = {"id": self.id, "input": self.input}
        if self.error is not None:
            out["error"] = self.error.to_dict()
        else:
            out["report"] = self.report
        return out
