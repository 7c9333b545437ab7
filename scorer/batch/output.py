"""Batch output: `OutputFile` appends results to a JSONL or CSV file with one `os.write` per line on
an `O_APPEND` descriptor, so a killed run leaves at most one torn last line; reopening it cuts that
line off and reports the ids already written, which the next run skips (resume)."""
from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..config import Settings
from .records import FORMATS, BatchOutputError, Result


def signal_ids(settings: Settings | None = None) -> tuple[str, ...]:
    """The ids of the signals every report carries, in report order: the CSV's signal columns.

    Declared as data by the signals (`scorer.signals.SIGNAL_IDS`), so no page is scored and no
    model loaded to know them. `settings` is accepted for callers that pass it, and unused."""
    from ..signals import SIGNAL_IDS  # here, not at import: the CLI builds its parser for every command

    return SIGNAL_IDS


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

    def __enter__(self) -> OutputFile:
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
