"""Batch scoring: a folder of saved pages, a URL list, a JSONL export or a WARC -> one line per page.

    python -m scorer batch INPUT -o OUT.jsonl [--workers N] [--format jsonl|csv]

Three parts, each usable from a script without the CLI:

- `iter_input(path)` / `open_input(path)` read an input lazily into `Record`s. The kind of input
  is told by its content (a folder, `WARC/` magic, a `{` or an `http` first line), not its name.
- `score_records(records, workers=N)` scores them in N worker processes, each loading the models
  once, and yields one `Result` per record as soon as it is done (completion order).
- `OutputFile` appends results to a JSONL or CSV file with one `os.write` per line on an
  `O_APPEND` descriptor, so a killed run leaves at most one torn last line; reopening it cuts that
  line off and reports the ids already written, which the next run skips (resume).

A bad record (an unparseable JSON line, an empty or binary page, a refused fetch) becomes an error
record naming what was wrong; only an unreadable input or an unwritable output stops a batch.
"""
from __future__ import annotations

import argparse
import csv
import fcntl
import gzip
import hashlib
import io
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time
import zlib
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from ..config import Settings, get_settings
from ..errors import InputTooLargeError, ModelError, ScorerError

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
    def failed(cls, record: Record, error: RecordError) -> "Result":
        return cls(id=record.id, input=record.input_info(), error=error)

    def to_dict(self) -> dict[str, Any]:
        """The output line. `id` comes first: resuming reads it from the start of each line."""
        out: dict[str, Any] = {"id": self.id, "input": self.input}
        if self.error is not None:
            out["error"] = self.error.to_dict()
        else:
            out["report"] = self.report
        return out


# --------------------------------------------------------------------------------------------
# Reading inputs


@dataclass(frozen=True)
class BatchInput:
    """An opened input: what kind it is, how many records it holds (None when unknown), and its records.

    `passed_over` counts WARC records that are not pages (requests, images, redirects), by reason.
    """

    kind: str
    name: str
    total: int | None
    _records: Iterator[Record]
    passed_over: Counter = field(default_factory=Counter)

    def __iter__(self) -> Iterator[Record]:
        return self._records


def iter_input(path: str | Path, *, settings: Settings | None = None) -> Iterator[Record]:
    """The records of a folder, URL list, JSONL or WARC file (`-` for stdin), read lazily."""
    return iter(open_input(path, settings=settings))


def open_input(path: str | Path, *, settings: Settings | None = None, stdin: BinaryIO | None = None,
               count: bool = True) -> BatchInput:
    """Open an input and tell its kind. Raises `BatchInputError` when it is unreadable or unrecognised.

    `count=False` skips the pass that counts a file's records for the progress bar.
    """
    settings = settings or get_settings()
    if str(path) == "-":
        # stdin is not ours to close
        return _open_stream(stdin or sys.stdin.buffer, "-", settings, seekable=False, count=False, owns=False)
    path = Path(path)
    if path.is_dir():
        return _open_folder(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 - owned by the records generator, closed when it ends
    except FileNotFoundError as exc:
        raise BatchInputError(f"no such file or folder: {path}") from exc
    except OSError as exc:
        raise BatchInputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        return _open_stream(stream, str(path), settings, seekable=True, count=count)
    except BaseException:
        stream.close()
        raise


def _open_folder(folder: Path) -> BatchInput:
    paths = []
    try:
        for root, dirs, files in os.walk(folder, onerror=_raise):
            dirs.sort()
            paths.extend(Path(root) / name for name in files if name.lower().endswith(HTML_SUFFIXES))
    except OSError as exc:
        raise BatchInputError(f"cannot list {exc.filename or folder}: {exc.strerror or exc}") from exc
    relative = sorted(p.relative_to(folder).as_posix() for p in paths)

    def records() -> Iterator[Record]:
        for rel in relative:
            yield Record(id=rel, kind="file", source=rel, path=str(folder / rel))

    return BatchInput("folder", str(folder), len(relative), records())


def _raise(exc: OSError) -> None:
    raise exc


def open_input_stream(stream: BinaryIO, name: str, *, settings: Settings | None = None) -> BatchInput:
    """Like `open_input` for an already open binary stream (a pipe, an HDFS or S3 file); it owns the stream.

    `name` labels the records' `source` ("crawl.warc.gz@1234").
    """
    try:
        return _open_stream(stream, name, settings or get_settings(), seekable=False, count=False)
    except BaseException:
        stream.close()
        raise


def _open_stream(stream: BinaryIO, name: str, settings: Settings, *, seekable: bool, count: bool,
                 owns: bool = True) -> BatchInput:
    head = _read_head(stream)
    if not seekable:
        stream = io.BufferedReader(_PrefixedReader(head, stream, close_rest=owns))  # type: ignore[assignment]
    else:
        stream.seek(0)
    gzipped = head.startswith(b"\x1f\x8b")
    if gzipped:
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, SNIFF_BYTES)
        except zlib.error as exc:
            raise BatchInputError(f"{name} is not valid gzip: {exc}") from exc
    kind = _detect_kind(head, name)
    if kind == "warc":
        # warcio reads per-record gzip members itself, from the raw stream
        passed_over: Counter = Counter()
        return BatchInput("warc", name, None, _warc_records(stream, name, settings, passed_over), passed_over)
    lines: BinaryIO = gzip.GzipFile(fileobj=stream) if gzipped else stream  # type: ignore[assignment]
    total = _count_lines(name, kind, gzipped) if count and seekable else None
    if kind == "jsonl":
        limit = 2 * settings.max_html_bytes + JSONL_LINE_OVERHEAD_BYTES
        return BatchInput("jsonl", name, total, _jsonl_records(lines, name, limit, stream))
    return BatchInput("urls", name, total, _url_records(lines, name, stream))


def _read_head(stream: BinaryIO) -> bytes:
    """The first bytes, enough to see the first non-blank, non-comment line; never blocks for more."""
    head = b""
    read = getattr(stream, "read1", stream.read)
    while len(head) < SNIFF_BYTES:
        try:
            chunk = read(SNIFF_BYTES - len(head))
        except OSError as exc:
            raise BatchInputError(f"cannot read the input: {exc.strerror or exc}") from exc
        if not chunk:
            break
        head += chunk
        if head.startswith((b"\x1f\x8b", b"WARC/", b"filedesc://")) or _first_line(head, complete=True) is not None:
            break
    return head


def _first_line(head: bytes, *, complete: bool = False) -> bytes | None:
    """The first line that is neither blank nor a # comment (None if there is none yet)."""
    lines = head.lstrip(b"\xef\xbb\xbf").split(b"\n")
    if complete:
        lines = lines[:-1]  # the last piece may be cut mid-line
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith(b"#"):
            return stripped
    return None


def _detect_kind(head: bytes, name: str) -> str:
    lower = name.lower()
    if head.startswith((b"WARC/", b"filedesc://")) or lower.endswith(WARC_SUFFIXES):
        return "warc"  # WARC, or the older ARC that warcio reads too; a damaged one gives bad_warc records
    first = _first_line(head)
    if first is None:  # empty, or only comments: trust the name
        return "jsonl" if lower.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")) else "urls"
    if first.startswith(b"{"):
        return "jsonl"
    if first.lower().startswith((b"http://", b"https://")):
        return "urls"
    if lower.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")):
        return "jsonl"  # a JSONL file whose first line is bad: that line becomes an error record
    if lower.endswith((".txt", ".urls", ".txt.gz")):
        return "urls"
    if first.startswith(b"<"):
        raise BatchInputError(f"{name} looks like a single HTML page: score it with `python -m scorer score`, "
                              "or put pages in a folder")
    raise BatchInputError(f"cannot tell what {name} is: expected a folder of .html files, a list of URLs "
                          "(one per line), JSONL with url/html fields, or a WARC file")


def _count_lines(name: str, kind: str, gzipped: bool) -> int:
    """Records in a URL list or JSONL file, for the progress bar (a fast pass over the bytes)."""
    opener = gzip.open if gzipped else open
    total = 0
    try:
        with opener(name, "rb") as handle:
            for line in handle:
                stripped = line.strip()
                if stripped and not (kind == "urls" and stripped.startswith(b"#")):
                    total += 1
    except (OSError, EOFError, zlib.error):
        return 0  # the read proper reports the problem
    return total


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; a line longer than `limit` comes back as None, skipped unread."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            yield number, None
        else:
            yield number, line


def _url_records(lines: BinaryIO, name: str, owned: BinaryIO) -> Iterator[Record]:
    with owned:
        try:
            for number, raw in _bounded_lines(lines, MAX_URL_LINE_BYTES):
                source = f"{name}:{number}"
                if raw is None:
                    yield Record(id=f"line:{number}", kind="url", source=source,
                                 error=RecordError(INVALID_URL, f"line {number} is over {MAX_URL_LINE_BYTES:,} "
                                                   "bytes: not a URL"))
                    continue
                url = raw.decode("utf-8", "replace").strip().lstrip("\ufeff")
                if not url or url.startswith("#"):
                    continue
                if not re.match(r"https?://[^\s/]+", url, re.I) or any(c.isspace() for c in url):
                    yield Record(id=url, kind="url", source=source,
                                 error=RecordError(INVALID_URL, f"line {number} is not an http(s) URL: {url[:200]!r}"))
                    continue
                yield Record(id=url, kind="url", source=source, url=url)
        except (OSError, EOFError, zlib.error) as exc:
            raise BatchInputError(f"cannot read {name}: {exc}") from exc


def _jsonl_records(lines: BinaryIO, name: str, limit: int, owned: BinaryIO) -> Iterator[Record]:
    with owned:
        try:
            for number, raw in _bounded_lines(lines, limit):
                if raw is not None and not raw.strip():
                    continue
                yield _jsonl_record(raw, number, name, limit)
        except (OSError, EOFError, zlib.error) as exc:
            raise BatchInputError(f"cannot read {name}: {exc}") from exc


def _jsonl_record(raw: bytes | None, number: int, name: str, limit: int) -> Record:
    line_id, source = f"line:{number}", f"{name}:{number}"

    def bad(code: str, message: str, record_id: str = line_id) -> Record:
        return Record(id=record_id, kind="jsonl", source=source, error=RecordError(code, message))

    if raw is None:
        return bad(InputTooLargeError.code, f"line {number} is over {limit:,} bytes; the limit is set by "
                   "SCORER_MAX_HTML_BYTES")
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return bad(BAD_JSON, f"line {number} is not valid JSON: {str(exc)[:200]}")
    if not isinstance(obj, dict):
        return bad(BAD_JSON, f"line {number} is a JSON {type(obj).__name__}, not an object")
    record_id = line_id
    if "id" in obj and obj["id"] is not None:
        if isinstance(obj["id"], bool) or not isinstance(obj["id"], (str, int)):
            return bad(WRONG_TYPE, f"line {number}: `id` must be a string or an integer, "
                       f"not {type(obj['id']).__name__}")
        record_id = str(obj["id"])
    for key in ("url", "html", "text", "title"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return bad(WRONG_TYPE, f"line {number}: `{key}` must be a string, not {type(obj[key]).__name__}",
                       record_id)
    url, html, text = obj.get("url") or None, obj.get("html"), obj.get("text")
    if html is None and text is None and url is None:
        return bad(MISSING_FIELD, f"line {number} has none of `html`, `text` or `url`", record_id)
    if html is None and text is None and not re.match(r"https?://", url, re.I):
        return bad(INVALID_URL, f"line {number}: `url` is not an http(s) URL and there is no `html` to score",
                   record_id)
    return Record(id=record_id, kind="jsonl", source=source, url=url, html=html, text=text,
                  title=obj.get("title") or "")


def _warc_records(stream: BinaryIO, name: str, settings: Settings, passed_over: Counter) -> Iterator[Record]:
    """The page records of a WARC (or ARC); the others are counted in `passed_over` by reason."""
    from warcio.archiveiterator import ArchiveIterator

    limit = settings.max_html_bytes
    with stream:
        archive = ArchiveIterator(stream, arc2warc=True)
        offset = 0
        try:
            for warc_record in archive:
                offset = archive.offset
                source = f"{name}@{offset}"
                headers = warc_record.rec_headers
                record_id = headers.get_header("WARC-Record-ID") or source
                url = headers.get_header("WARC-Target-URI") or None
                reason = _not_a_page(warc_record)
                body, error = None, None
                if reason:
                    passed_over[reason] += 1
                else:
                    try:
                        body = _read_capped(warc_record.content_stream(), limit)
                    except (OSError, EOFError, zlib.error, ValueError) as exc:
                        error = RecordError(BAD_WARC, f"the record's payload cannot be decoded: {exc}")
                    else:
                        if body is None:
                            error = RecordError(InputTooLargeError.code, f"the payload is over {limit:,} bytes")
                missing = _bytes_missing(warc_record)
                if missing:  # the file ends inside this record (a cut download): warcio does not say so
                    yield Record(id=record_id, kind="warc", source=source, url=url,
                                 error=RecordError(BAD_WARC, f"the WARC ends {missing:,} bytes short of the end "
                                                   "of this record: the file is truncated"))
                    return
                if reason:
                    continue
                yield Record(id=record_id, kind="warc", source=source, url=url, error=error,
                             html=body if error is None else None, content_type=_content_type(warc_record))
            tail = _trailing_bytes(stream, archive.offset)
            if tail:  # a gzip member cut short ends warcio's reading without a word
                yield Record(id=f"{name}@{archive.offset}", kind="warc", source=f"{name}@{archive.offset}",
                             error=RecordError(BAD_WARC, f"the WARC ends with {tail:,} bytes that are not a whole "
                                               "record: the file is truncated"))
        except Exception as exc:  # warcio raises several types for a corrupt or truncated archive
            at = archive.offset if archive.offset is not None else offset
            yield Record(id=f"{name}@{at}", kind="warc", source=f"{name}@{at}",
                         error=RecordError(BAD_WARC, f"the WARC cannot be read past offset {at}: "
                                           f"{type(exc).__name__}: {str(exc)[:200]}"))


def _trailing_bytes(stream: BinaryIO, offset: int) -> int:
    """Bytes after the last whole record of a seekable file, blank lines aside (0 when unknown)."""
    try:
        size = os.fstat(stream.fileno()).st_size
        if offset >= size:
            return 0
        stream.seek(offset)
        return size - offset if stream.read(4096).strip() else 0
    except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
        return 0  # a pipe or a remote stream: only the per-record check applies


def _bytes_missing(warc_record: Any) -> int:
    """How many bytes of the record's declared length the file lacks (0 when whole); reads the rest of it.

    A record cut inside its headers has no type or no Content-Length: at least one byte is missing.
    """
    if warc_record.rec_type is None or (
            warc_record.format.startswith("warc") and warc_record.rec_headers.get_header("Content-Length") is None):
        return 1
    raw = warc_record.raw_stream
    while raw.read(1 << 16):  # warcio would skip these bytes anyway, to reach the next record
        pass
    return int(getattr(raw, "limit", 0) or 0)


def _not_a_page(warc_record: Any) -> str | None:
    """Why a WARC record is not a page to score, or None when it is."""
    if warc_record.rec_type not in ("response", "resource"):
        return f"{warc_record.rec_type} records"
    if warc_record.rec_type == "response":
        if warc_record.http_headers is None:
            return "non-HTTP responses"
        status = warc_record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return f"HTTP {status[:1] or '?'}xx responses"
    mime = (_content_type(warc_record) or "").split(";")[0].strip().lower()
    if mime and mime not in HTML_CONTENT_TYPES:
        return "non-HTML responses"
    return None


def _content_type(warc_record: Any) -> str | None:
    if warc_record.http_headers is not None:
        return warc_record.http_headers.get_header("Content-Type")
    return warc_record.rec_headers.get_header("Content-Type")


def _read_capped(stream: BinaryIO, limit: int) -> bytes | None:
    """Up to `limit` bytes of a stream, or None when it holds more (read no further than limit + 1)."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(limit + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return None if size > limit else b"".join(chunks)


class _PrefixedReader(io.RawIOBase):
    """A stream that replays the bytes already read to sniff it, then the rest (for stdin)."""

    def __init__(self, prefix: bytes, rest: BinaryIO, *, close_rest: bool) -> None:
        super().__init__()
        self._prefix = prefix
        self._rest = rest
        self._close_rest = close_rest

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed and self._close_rest:
            self._rest.close()
        super().close()

    def readinto(self, buffer: Any) -> int:
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        read = getattr(self._rest, "read1", self._rest.read)
        data = read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


# --------------------------------------------------------------------------------------------
# Scoring one record


def score_record(record: Record, resources: Any = None) -> Result:
    """Score one record, turning every failure of the record into an error result.

    Raises only `ModelError`: a missing or broken model is no fault of the record, and would fail
    every record alike.
    """
    if record.error is not None:
        return Result.failed(record, record.error)
    try:
        report = _score(record, resources)
    except ModelError:
        raise
    except RecordTimeout:
        return Result.failed(record, RecordError(TIMEOUT, "scoring took longer than the record timeout"))
    except Exception as exc:  # a bad record never stops the batch: report it and go on
        return Result.failed(record, _error_of(exc))
    return Result(id=record.id, input=record.input_info(), report=report.to_dict())


def _score(record: Record, resources: Any) -> Any:
    from ..pipeline import score_html, score_text
    from ..resources import load_resources

    resources = resources or load_resources()
    if record.path is not None:
        html = _read_page(Path(record.path), resources.settings.max_html_bytes)
        return score_html(html, url=record.url, resources=resources)
    if record.html is not None:
        return score_html(record.html, url=record.url, content_type=record.content_type, resources=resources)
    if record.text is not None:
        return score_text(record.text, title=record.title, url=record.url, resources=resources)
    if record.url is not None:
        from ..fetch.client import fetch_url

        fetched = fetch_url(record.url, settings=resources.settings)
        return score_html(fetched.body, url=fetched.url, content_type=fetched.content_type, resources=resources)
    raise ValueError("the record has no page, text or URL")


def _read_page(path: Path, limit: int) -> bytes:
    """A saved page's bytes (gunzipped for .gz), refusing more than `limit` without reading it all."""
    with open(path, "rb") as handle:
        if path.name.lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=handle) as unzipped:
                data = _read_capped(unzipped, limit)  # type: ignore[arg-type]
        else:
            data = _read_capped(handle, limit)
    if data is None:
        raise InputTooLargeError(f"the page is over {limit:,} bytes")
    return data


def _error_of(exc: BaseException) -> RecordError:
    message = str(exc) or type(exc).__name__
    code = getattr(exc, "code", None)
    if isinstance(exc, ScorerError) or isinstance(code, str) and code:
        return RecordError(str(code), message[:MAX_MESSAGE_CHARS])
    if isinstance(exc, (gzip.BadGzipFile, EOFError, zlib.error)):
        return RecordError(BAD_GZIP, f"the page is not valid gzip: {message}"[:MAX_MESSAGE_CHARS])
    if isinstance(exc, OSError):
        return RecordError(READ_ERROR, f"cannot read the page: {exc.strerror or message}"[:MAX_MESSAGE_CHARS])
    return RecordError(INTERNAL_ERROR, f"{type(exc).__name__}: {message}"[:MAX_MESSAGE_CHARS])


# --------------------------------------------------------------------------------------------
# Scoring many records in worker processes

# Per worker process: set by the pool initializer.
_worker_timeout: float = 0.0
_worker_resources: Any = None
_worker_start_error: BaseException | None = None


def _init_worker(timeout: float, settings: Settings, parent_pid: int) -> None:
    """Load the models once for this process, with the parent's settings; Ctrl-C is the parent's to handle."""
    global _worker_timeout, _worker_resources, _worker_start_error
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_when_orphaned, args=(parent_pid,), name="orphan-check", daemon=True).start()
    _worker_timeout = timeout
    if timeout > 0:
        signal.signal(signal.SIGALRM, _on_alarm)
    try:
        from ..resources import load_resources

        _worker_resources = load_resources(settings)
    except Exception as exc:  # reported on the first record, so the parent stops with the reason
        _worker_start_error = exc


def _exit_when_orphaned(parent_pid: int) -> None:
    while True:
        time.sleep(ORPHAN_CHECK_SECONDS)
        if not _process_alive(parent_pid):
            os._exit(1)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process not yet reaped by its own parent is a zombie: as good as dead
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def _on_alarm(signum: int, frame: Any) -> None:
    raise RecordTimeout()


def _worker_ready() -> int:
    """Run first on each new pool: fails fast when workers cannot start or load the models."""
    if _worker_start_error is not None:
        raise WorkerStartError(f"a worker could not load the models: {_worker_start_error}")
    return os.getpid()


def _score_in_worker(record: Record) -> Result:
    _worker_ready()
    if _worker_timeout > 0:
        signal.setitimer(signal.ITIMER_REAL, _worker_timeout)
    try:
        return score_record(record, _worker_resources)
    except RecordTimeout:  # the alarm went off after scoring, before it was cleared
        return Result.failed(record, RecordError(TIMEOUT, "scoring took longer than the record timeout"))
    finally:
        if _worker_timeout > 0:
            signal.setitimer(signal.ITIMER_REAL, 0)


def score_records(records: Iterable[Record], *, workers: int = 1, timeout: float = RECORD_TIMEOUT_SECONDS,
                  in_flight: int | None = None, start_method: str = START_METHOD,
                  settings: Settings | None = None) -> Iterator[Result]:
    """Score records in `workers` processes, yielding each result as it is done (completion order).

    `workers=0` scores in this process (no isolation, no timeout: for debugging). At most
    `in_flight` records (default IN_FLIGHT_PER_WORKER per worker) are read ahead of the results,
    so memory stays flat on inputs of any length. A worker that dies (killed, out of memory) loses
    no record: the records it may have held are rerun one at a time, and one that kills a worker
    when alone becomes a `worker_crashed` error record. Raises `WorkerStartError` when the
    models cannot be loaded. Workers use `settings` (default: this process's, read now), so
    SCORER_* variables set after the worker server started still apply.
    """
    if workers < 0:
        raise ValueError(f"workers must be 0 or more, not {workers}")
    settings = settings or get_settings()
    if workers == 0:
        return _score_inline(records, settings)
    window = in_flight or workers * IN_FLIGHT_PER_WORKER
    if window < 1:
        raise ValueError(f"in_flight must be 1 or more, not {window}")
    return _score_in_pool(records, workers, timeout, window, start_method, settings)


def _score_inline(records: Iterable[Record], settings: Settings) -> Iterator[Result]:
    from ..resources import load_resources

    try:
        resources = load_resources(settings)
        for record in records:
            yield score_record(record, resources)
    except ModelError as exc:
        raise WorkerStartError(f"the models cannot be used: {exc}") from exc


def _new_pool(workers: int, timeout: float, start_method: str, settings: Settings) -> ProcessPoolExecutor:
    context = multiprocessing.get_context(start_method)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                               initargs=(timeout, settings, os.getpid()))
    try:
        # as many probes as workers: the pool starts a process per task it cannot place, so all workers
        # start (import, load the models) now and side by side, not the second one after the first is busy
        for probe in [pool.submit(_worker_ready) for _ in range(workers)]:
            probe.result()
    except BrokenProcessPool as exc:
        pool.shutdown(wait=True)
        raise WorkerStartError(
            "worker processes could not start (a script calling score_records with workers >= 1 needs "
            "the `if __name__ == \"__main__\":` guard, as multiprocessing requires)") from exc
    except BaseException:
        pool.shutdown(wait=True)
        raise
    return pool


def _score_in_pool(records: Iterable[Record], workers: int, timeout: float, window: int,
                   start_method: str, settings: Settings) -> Iterator[Result]:
    source = iter(records)
    exhausted = False
    suspects: deque[Record] = deque()  # in flight when a worker died: rerun one at a time
    pending: dict[Future, tuple[Record, bool]] = {}  # future -> (record, is a suspect)
    pool = _new_pool(workers, timeout, start_method, settings)
    try:
        while True:
            isolating = bool(suspects) or any(is_suspect for _, is_suspect in pending.values())
            while len(pending) < (1 if isolating else window):
                if suspects:
                    record, is_suspect = suspects.popleft(), True
                elif exhausted:
                    break
                else:
                    try:
                        record, is_suspect = next(source), False
                    except StopIteration:
                        exhausted = True
                        break
                if record.error is not None:
                    yield Result.failed(record, record.error)
                    continue
                pending[pool.submit(_score_in_worker, record)] = (record, is_suspect)
                isolating = isolating or is_suspect
            if not pending:
                break
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            lost: list[tuple[Record, bool]] = []
            for future in done:
                record, is_suspect = pending.pop(future)
                exc = future.exception()
                if exc is None:
                    yield future.result()
                elif isinstance(exc, BrokenProcessPool):
                    lost.append((record, is_suspect))
                elif isinstance(exc, WorkerStartError):
                    raise exc
                elif isinstance(exc, ModelError):
                    raise WorkerStartError(f"the models cannot be used: {exc}") from exc
                else:  # the record or its result could not be sent between processes
                    yield Result.failed(record, _error_of(exc))
            if lost:
                # the whole pool is gone: every record still in flight is lost with it
                for future, (record, is_suspect) in list(pending.items()):
                    wait([future])
                    if future.exception() is None:
                        yield future.result()
                    else:
                        lost.append((record, is_suspect))
                    del pending[future]
                pool.shutdown(wait=True)
                pool = _new_pool(workers, timeout, start_method, settings)
                if len(lost) == 1 and lost[0][1]:
                    record = lost[0][0]
                    yield Result.failed(record, RecordError(
                        WORKER_CRASHED, "the worker process died while scoring this page (killed, out of "
                        "memory or a crash in a native library)"))
                else:
                    suspects.extend(record for record, _ in lost)
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)


# --------------------------------------------------------------------------------------------
# Writing results, resumably


# A page scored once to read off which signals a report carries.
_PROBE_HTML = "<html><head><title>Probe</title></head><body><article><p>A probe page.</p></article></body></html>"


def signal_ids(settings: Settings | None = None) -> tuple[str, ...]:
    """The ids of the signals every report carries, in report order: the CSV's signal columns.

    Read off the report of a tiny page, so they follow whatever the pipeline reports (this loads
    the models, once per process).
    """
    from ..pipeline import score_html
    from ..resources import load_resources

    report = score_html(_PROBE_HTML, resources=load_resources(settings or get_settings()))
    return tuple(s.id for s in report.signals)


# The CSV's columns besides one per signal; a signal whose id clashes with one gets a "signal_" prefix.
CSV_LEADING_COLUMNS = ("id", "score", "label", "probability_unreliable")
CSV_TRAILING_COLUMNS = ("url", "title", "author", "word_count", "model", "input_kind", "error_code", "error_message")


def csv_columns(signals: Iterable[str] | None = None, *, settings: Settings | None = None) -> tuple[str, ...]:
    """The CSV header: id and score first, then each signal's value by signal id, then the page and any error."""
    signals = tuple(signal_ids(settings) if signals is None else signals)
    return (*CSV_LEADING_COLUMNS, *(_signal_column(s) for s in signals), *CSV_TRAILING_COLUMNS)


def _signal_column(signal_id: str) -> str:
    return f"signal_{signal_id}" if signal_id in CSV_LEADING_COLUMNS + CSV_TRAILING_COLUMNS else signal_id


_JSONL_ID = re.compile(rb'^\{"id": ("(?:[^"\\]|\\.)*")')

# What `OutputFile.claim` says of a record id.
NEW = "new"  # not written yet: score it
WRITTEN_EARLIER = "written_earlier"  # in the file from an earlier run: skip it
DUPLICATE = "duplicate"  # seen earlier in this run: skip it


class OutputFile:
    """An append-only JSONL or CSV results file, safe to resume after any crash.

    Opening it locks it (two batches cannot write one file), cuts off a torn last line (a line
    without its newline, or not a whole record, left by a kill mid-write) and learns the ids
    already written. Each result is then one `os.write` of the whole line on an O_APPEND
    descriptor, so a kill leaves at most one torn line, which the next open cuts off. A file that
    is not a batch output is refused rather than appended to. Raises `BatchOutputError`.
    """

    def __init__(self, path: str | Path, fmt: str = "jsonl", *, signals: Iterable[str] | None = None,
                 settings: Settings | None = None) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
        self.path = Path(path)
        self.format = fmt
        self.already_written = 0  # records found from earlier runs
        self.cut_bytes = 0  # the torn last line cut off on opening, if any
        self._earlier: set[bytes] = set()
        self._this_run: set[bytes] = set()
        self._columns: tuple[str, ...] = ()
        try:
            self._fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise BatchOutputError(f"cannot open {self.path} for writing: {exc.strerror or exc}") from exc
        try:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError as exc:
                raise BatchOutputError(f"{self.path} is being written by another batch") from exc
            self._resume()
            if self.format == "csv" and not self._columns:
                self._columns = csv_columns(signals, settings=settings)
                self._write_bytes(self._csv_line(self._columns))
        except BaseException:
            os.close(self._fd)
            raise

    def __enter__(self) -> "OutputFile":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def claim(self, record_id: str) -> str:
        """NEW the first time an id is seen (score it), else WRITTEN_EARLIER or DUPLICATE (skip it)."""
        key = self._key(record_id)
        if key in self._earlier:
            return WRITTEN_EARLIER
        if key in self._this_run:
            return DUPLICATE
        self._this_run.add(key)
        return NEW

    def write(self, result: Result) -> None:
        if self.format == "jsonl":
            data = _json_line(result.to_dict())
        else:
            data = self._csv_line(self._csv_row(result))
        self._write_bytes(data)

    def _write_bytes(self, data: bytes) -> None:
        view = memoryview(data)
        try:
            while view:  # one write in practice; a short write (disk nearly full) continues where it stopped
                view = view[os.write(self._fd, view):]
        except OSError as exc:
            raise BatchOutputError(f"cannot write {self.path}: {exc.strerror or exc}") from exc

    def _key(self, record_id: str) -> bytes:
        # 16-byte digests keep the resume set near 100 bytes a record on inputs of millions;
        # CSV cells flatten newlines, so ids are compared in the form that is written
        if self.format == "csv":
            data = _encode_cell(_csv_cell(record_id))
        else:
            data = record_id.encode("utf-8", "surrogatepass")
        return hashlib.blake2b(data, digest_size=16).digest()

    def _resume(self) -> None:
        """Learn the ids already written and cut off a torn last line."""
        size = os.fstat(self._fd).st_size
        good_end = 0
        last: tuple[bytes, bytes] | None = None  # the last whole line and its key
        with open(os.dup(self._fd), "rb", closefd=True) as handle:
            handle.seek(0)
            for number, line in enumerate(handle, start=1):
                if not line.endswith(b"\n"):
                    break  # torn: the run was killed while writing this line
                if self.format == "csv" and number == 1:
                    self._read_header(line)
                else:
                    key = self._key(self._id_of_line(line, number))
                    self._earlier.add(key)
                    self.already_written += 1
                    last = (line, key)
                good_end += len(line)
        # Only the last line can be torn; checking it alone keeps resuming fast on big files.
        if last is not None and not self._is_whole(last[0]):
            good_end -= len(last[0])
            self._earlier.discard(last[1])
            self.already_written -= 1
        if good_end < size:
            self.cut_bytes = size - good_end
            try:
                os.ftruncate(self._fd, good_end)
            except OSError as exc:
                raise BatchOutputError(f"cannot cut the torn last line of {self.path}: {exc}") from exc

    def _read_header(self, line: bytes) -> None:
        row = next(csv.reader([line.decode("utf-8", "surrogateescape")]), [])
        if not row or row[0] != "id" or "error_code" not in row:
            raise BatchOutputError(f"{self.path} does not start with a batch CSV header: refusing to "
                                   "append to a file this command did not write")
        self._columns = tuple(row)  # keep an earlier run's columns, even if signals changed since

    def _id_of_line(self, line: bytes, number: int) -> str:
        """The id of an output line. Raises on a line this command did not write."""
        if self.format == "jsonl":
            match = _JSONL_ID.match(line)
            if match:
                try:
                    return json.loads(match.group(1))
                except ValueError:
                    pass
            raise BatchOutputError(f"{self.path} line {number} is not a batch result: refusing to append "
                                   "to a file this command did not write")
        row = next(csv.reader([line.decode("utf-8", "surrogateescape")]), [])
        if not row:
            raise BatchOutputError(f"{self.path} line {number} is empty: not a batch CSV")
        return row[0]

    def _is_whole(self, line: bytes) -> bool:
        if self.format == "jsonl":
            try:
                return isinstance(json.loads(line), dict)
            except ValueError:
                return False
        row = next(csv.reader([line.decode("utf-8", "surrogateescape")]), [])
        return len(row) == len(self._columns)

    def _csv_row(self, result: Result) -> list[str]:
        values: dict[str, Any] = {"id": result.id, "input_kind": result.input.get("kind", "")}
        if result.error is not None:
            values["error_code"], values["error_message"] = result.error.code, result.error.message
        elif result.report is not None:
            report = result.report
            article = report.get("article") or {}
            model = report.get("model") or {}
            values.update(url=article.get("url"), score=report.get("score"), label=report.get("label"),
                          probability_unreliable=report.get("probability_unreliable"),
                          author=article.get("byline"), title=article.get("title"),
                          word_count=article.get("word_count"),
                          model=f"{model.get('name', '')}-v{model.get('version', '')}")
            for signal in report.get("signals", ()):
                column = _signal_column(str(signal.get("id")))
                if column not in values:  # a signal absent from an earlier run's header is left out
                    values[column] = signal.get("value") if signal.get("applicable", True) else None
        return [_csv_value(values.get(column)) for column in self._columns]

    @staticmethod
    def _csv_line(cells: Iterable[str]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow([_csv_cell(c) for c in cells])
        return _encode_cell(buffer.getvalue())


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _csv_cell(text: str) -> str:
    # one record, one physical line: resuming reads the file line by line
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _encode_cell(text: str) -> bytes:
    # file names that are not UTF-8 come back from the file system as surrogate escapes: keep their bytes
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace")


def _json_line(obj: dict[str, Any]) -> bytes:
    try:
        return (json.dumps(obj, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates (a JSONL input, a non-UTF-8 file name): escaped, still JSON
        return (json.dumps(obj, ensure_ascii=True) + "\n").encode("ascii")


# --------------------------------------------------------------------------------------------
# The whole batch


@dataclass(frozen=True)
class BatchSummary:
    scored: int  # records with a report
    failed: int  # error records written
    skipped: int  # already in the output from an earlier run
    duplicates: int  # ids seen twice in the input: the first is kept
    passed_over: dict[str, int]  # WARC records that are not pages, by reason
    seconds: float
    # Until the first report: starting the workers and loading their models, a fixed cost per run.
    startup_seconds: float | None = None
    # From the STEADY_AFTER_RESULTS-th result to the last: the rate once every worker is busy.
    steady_seconds: float | None = None

    @property
    def pages_per_second(self) -> float:
        return (self.scored + self.failed) / self.seconds if self.seconds > 0 else 0.0

    @property
    def steady_pages_per_second(self) -> float | None:
        """The rate once all workers are up (from the STEADY_AFTER_RESULTS-th result on): what a long batch runs at."""
        done = self.scored + self.failed
        if self.steady_seconds is None or self.steady_seconds <= 0 or done <= 2 * STEADY_AFTER_RESULTS:
            return None
        return (done - STEADY_AFTER_RESULTS) / self.steady_seconds

    def describe(self) -> str:
        line = (f"done: {self.scored + self.failed} ({self.scored} scored, {self.failed} failed), "
                f"skipped (already in output): {self.skipped}")
        if self.duplicates:
            line += f", duplicate ids skipped: {self.duplicates}"
        line += f"; {self.seconds:.1f} s, {self.pages_per_second:.1f} pages/s"
        if self.startup_seconds is not None:
            line += f" (start-up {self.startup_seconds:.1f} s)"
        if self.passed_over:
            line += "; not pages, passed over: " + ", ".join(f"{n} {why}" for why, n in self.passed_over.items())
        return line


def run_batch(input_path: str | Path, output_path: str | Path, *, workers: int = 1, fmt: str = "jsonl",
              progress: bool = False, timeout: float = RECORD_TIMEOUT_SECONDS,
              start_method: str = START_METHOD, stdin: BinaryIO | None = None,
              settings: Settings | None = None) -> BatchSummary:
    """Score an input into an output file, resuming it if it exists. Raises `BatchError` subclasses."""
    settings = settings or get_settings()
    batch_input = open_input(input_path, stdin=stdin, settings=settings)
    counts: Counter = Counter()
    with OutputFile(output_path, fmt, settings=settings) as output:

        def unwritten() -> Iterator[Record]:
            for record in batch_input:
                claim = output.claim(record.id)
                if claim == NEW:
                    yield record
                else:
                    counts[claim] += 1

        from tqdm import tqdm

        started = time.perf_counter()
        first_report: float | None = None
        steady_from: float | None = None
        total = batch_input.total
        initial = min(output.already_written, total) if total else 0
        with tqdm(total=total, initial=initial, unit="page", disable=not progress, file=sys.stderr,
                  dynamic_ncols=True, smoothing=0.05) as bar:
            results = score_records(unwritten(), workers=workers, timeout=timeout, start_method=start_method,
                                    settings=settings)
            for result in results:
                output.write(result)
                if first_report is None and result.ok:
                    first_report = time.perf_counter() - started
                counts["scored" if result.ok else "failed"] += 1
                if counts["scored"] + counts["failed"] == STEADY_AFTER_RESULTS:
                    steady_from = time.perf_counter()
                if not result.ok:
                    bar.set_postfix(failed=counts["failed"], refresh=False)
                bar.update(1)
        finished = time.perf_counter()
        seconds = finished - started
    return BatchSummary(scored=counts["scored"], failed=counts["failed"], skipped=counts[WRITTEN_EARLIER],
                        duplicates=counts[DUPLICATE], passed_over=dict(batch_input.passed_over), seconds=seconds,
                        startup_seconds=first_report,
                        steady_seconds=None if steady_from is None else finished - steady_from)


def add_batch_command(sub: argparse._SubParsersAction) -> None:
    """Register `python -m scorer batch` on the CLI's subparsers."""
    batch = sub.add_parser(
        "batch", help="score many pages: a folder, a URL list, JSONL or WARC, resumably",
        description="Score every page of INPUT into OUT, one line per record, as each is done. Rerunning the "
                    "same command resumes: records already in OUT are skipped. Exit status 0 means the batch "
                    "completed (records that failed are error lines in OUT); non-zero means it could not run.")
    batch.add_argument("input", help="a folder of .html/.htm(.gz) files, a text file of URLs, a JSONL file with "
                                     "url/html (and optional id, text) per line, a WARC(.gz) file, or '-' for stdin")
    batch.add_argument("-o", "--output", required=True, help="the results file (JSONL or CSV); resumed if it exists")
    batch.add_argument("--workers", type=int, default=1,
                       help="worker processes (default 1; 0 scores in this process, for debugging)")
    batch.add_argument("--format", choices=FORMATS, default=None,
                       help="output format (default: csv for a .csv output, else jsonl)")
    batch.add_argument("--timeout", type=float, default=RECORD_TIMEOUT_SECONDS,
                       help=f"seconds before a page is abandoned as an error (default {RECORD_TIMEOUT_SECONDS:g})")
    batch.set_defaults(handler=cmd_batch)


def cmd_batch(args: argparse.Namespace) -> int:
    fmt = args.format or ("csv" if str(args.output).lower().endswith(".csv") else "jsonl")
    if args.workers < 0:
        print("error [invalid_input]: --workers must be 0 or more", file=sys.stderr)
        return 2
    try:
        summary = run_batch(args.input, args.output, workers=args.workers, fmt=fmt, timeout=args.timeout,
                            progress=sys.stderr.isatty())
    except BatchInputError as exc:
        print(f"error [{exc.code}]: {exc}", file=sys.stderr)
        return 2
    except ScorerError as exc:  # the output, or the models (read for the CSV header): the batch cannot run
        print(f"error [{exc.code}]: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: rerun the same command to resume", file=sys.stderr)
        return 130
    print(summary.describe(), file=sys.stderr)
    return 0


__all__ = ["Record", "Result", "RecordError", "BatchInput", "BatchSummary", "OutputFile", "iter_input", "open_input",
           "open_input_stream",
           "score_record", "score_records", "run_batch", "signal_ids", "csv_columns", "BatchError",
           "BatchInputError", "BatchOutputError", "WorkerStartError"]
