"""Batch inputs, read lazily into `Record`s: a folder of saved pages, a URL list, a JSONL export or
a WARC. The kind of input is told by its content (a folder, `WARC/` magic, a `{` or an `http` first
line), not its name."""
from __future__ import annotations

import gzip
import io
import json
import os
import re
import sys
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..config import Settings, get_settings
from ..errors import InputTooLargeError
from .records import (
    BAD_JSON,
    BAD_WARC,
    HTML_CONTENT_TYPES,
    HTML_SUFFIXES,
    INVALID_URL,
    JSONL_LINE_OVERHEAD_BYTES,
    MAX_URL_LINE_BYTES,
    MISSING_FIELD,
    SNIFF_BYTES,
    WARC_SUFFIXES,
    WRONG_TYPE,
    BatchInputError,
    Record,
    RecordError,
)


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
        stream = open(path, "rb")
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
    paths: list[Path] = []
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
        stream = io.BufferedReader(_PrefixedReader(head, stream, close_rest=owns))
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
    if html is None and text is None and not re.match(r"https?://", str(url), re.I):
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
        except Exception as exc:  # noqa: BLE001 - warcio raises several types for a corrupt or truncated archive
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
