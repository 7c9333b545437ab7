"""Scoring records: one at a time in this process, or in N worker processes that each load the models
once and yield one `Result` per record as soon as it is done (completion order), with a per-record
timeout and a batch that survives a worker's death."""
from __future__ import annotations

import gzip
import multiprocessing
import os
import signal
import threading
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from ..config import Settings, get_settings
from ..errors import InputTooLargeError, ModelError, ScorerError
from .inputs import _read_capped
from .records import (
    BAD_GZIP,
    IN_FLIGHT_PER_WORKER,
    INTERNAL_ERROR,
    MAX_MESSAGE_CHARS,
    ORPHAN_CHECK_SECONDS,
    READ_ERROR,
    RECORD_TIMEOUT_SECONDS,
    START_METHOD,
    TIMEOUT,
    WORKER_CRASHED,
    Record,
    RecordError,
    RecordTimeout,
    Result,
    WorkerStartError,
)


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
    except Exception as exc:  # noqa: BLE001 - a bad record never stops the batch: report it and go on
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
        from ..fetch import fetch_url

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
    if isinstance(exc, ScorerError) or (isinstance(code, str) and code):
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
    except Exception as exc:  # noqa: BLE001 - reported on the first record, so the parent stops with the reason
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
