"""The production server: gunicorn, run from Python (`python -m service`).

- Workers are separate processes (one per core by default: scoring is CPU-bound and the GIL
  serialises it within a process); each worker has a few threads so a slow upstream page
  blocks one thread, not the worker.
- The models are loaded once, in the master, before the fork (`preload_models`): the workers
  inherit them instead of each importing scikit-learn and unpickling the same files at once on
  the same cores (start-up: docs/startup.md). Each worker still builds its own app after the fork
  (no `preload_app`): SQLite connections and locks are never shared across the fork.
- Access logs are one JSON object per line on stdout; gunicorn's own messages go to stderr.
- SIGTERM is a graceful shutdown (gunicorn's): stop accepting, finish in-flight requests
  within `graceful_timeout`, exit 0. SIGINT/SIGQUIT stop at once.
"""
from __future__ import annotations

import errno
import functools
import json
import logging
import os
import selectors
import socket
import struct
import time
import uuid
from collections import deque
from datetime import UTC, datetime
from typing import Any

from gunicorn import util as gunicorn_util
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger
from gunicorn.workers.gthread import ThreadWorker

from service.body import ClientStalled
from service.settings import ServiceSettings


class JsonAccessLogger(Logger):
    """gunicorn's logger with access lines as JSON objects (one per line)."""

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        headers = {name.lower(): value for name, value in resp.headers}
        record = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "remote_addr": environ.get("REMOTE_ADDR"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 2),
            "request_id": headers.get("x-request-id"),
            "model": headers.get("x-model-version"),
            "cache": headers.get("x-cache"),
            "user_agent": environ.get("HTTP_USER_AGENT"),
            "worker": os.getpid(),
        }
        try:
            self.access_log.info(json.dumps(record, ensure_ascii=False))
        except Exception:  # noqa: BLE001 - a log line must never fail a request
            self.exception("could not write the access log line")


class ScorerServer(BaseApplication):
    """gunicorn application whose workers each run `service.create_app()`."""

    def __init__(self, options: dict[str, Any], app_config: dict[str, Any] | None = None):
        self.options = options
        self.app_config = app_config
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            if key in self.cfg.settings and value is not None:
                self.cfg.set(key.lower(), value)

    def load(self) -> Any:
        from service import create_app

        # The app's own warnings and tracebacks (cache failures, bugs) go where gunicorn's go.
        error_log = logging.getLogger("gunicorn.error")
        for name in ("service", "scorer"):
            logger = logging.getLogger(name)
            logger.handlers = list(error_log.handlers)
            logger.setLevel(logging.INFO)
            logger.propagate = False
        return create_app(self.app_config)


# --- Slow and malformed clients (issue 17) ------------------------------------------------------------

# What gunicorn itself answers, before the app sees a request (a malformed request line or
# header, one too long, too many headers, a bad chunk): status -> the code in the error table.
SERVER_ERROR_CODES = {400: "bad_request", 403: "forbidden", 408: "request_timeout", 414: "uri_too_long",
                      417: "expectation_failed", 431: "headers_too_large", 500: "internal_error",
                      501: "unsupported_transfer_coding"}
SERVER_ERROR_MESSAGES = {
    400: "the request is not valid HTTP (request line, header or chunk framing)",
    403: "the request is refused",
    408: "the request's line or headers did not arrive in time",
    414: "the request line is too long",
    417: "the Expect header's expectation cannot be met",
    431: "the request's headers are too large or too many",
    500: "the service failed on this request; it is logged",
    501: "the request's Transfer-Encoding is not supported",
}
_server_log = logging.getLogger("gunicorn.error")


def write_json_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error answers as JSON in the service's error format (gunicorn writes an HTML
    page): the client gets a code and a fixed message; gunicorn's text goes to the log with the
    request id the response carries."""
    request_id = uuid.uuid4().hex
    code = SERVER_ERROR_CODES.get(status_int, "bad_request" if status_int < 500 else "internal_error")
    message = SERVER_ERROR_MESSAGES.get(status_int, "the request was refused")
    _server_log.info("request %s: answered %d by the server: %s", request_id, status_int, mesg[:300])
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nX-Request-Id: {request_id}\r\nX-Content-Type-Options: nosniff\r\n\r\n")
    gunicorn_util.write_nonblock(sock, head.encode("latin-1") + body)


# After an answer the connection is half-closed and what the client still sends is drained until
# it closes (RFC 9112 section 9.6: closing with unread bytes makes the kernel send a reset, which can
# cut the answer short) — on the worker's poller, for at most this long and this many bytes, then
# closed. gunicorn does the same drain blocking its main loop, up to 2 s a connection: 50 clients
# that never close held the loop for ~100 s, every other client included (issue 24).
LINGER_S = 1.0
LINGER_MAX_BYTES = 64 * 1024
# Connections lingering at once per worker; past this a connection is closed at once (a file
# descriptor each: the default limit is 1,024 per process).
LINGER_MAX_CONNECTIONS = 512


class ClientSocket:
    """A client socket whose timed-out blocking reads and writes say so in words.

    The OS-level timeouts (SO_RCVTIMEO/SO_SNDTIMEO) make a blocking recv or send fail with EAGAIN,
    which gunicorn logs as "Socket error processing request" with a traceback. Here a stalled read
    raises `ClientStalled` (answered 408, or by the body reader 408) and a stalled write a broken
    pipe (the client stopped reading: gunicorn drops it quietly). Everything else is the socket's."""

    __slots__ = ("_sock",)

    def __init__(self, sock: socket.socket):
        self._sock = sock

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)

    def recv(self, *args: Any) -> bytes:
        try:
            return self._sock.recv(*args)
        except BlockingIOError as exc:
            if self._sock.gettimeout() is None:  # blocking: the receive timeout expired
                raise ClientStalled("the client stopped sending") from exc
            raise

    def recv_into(self, *args: Any) -> int:
        try:
            return self._sock.recv_into(*args)
        except BlockingIOError as exc:
            if self._sock.gettimeout() is None:
                raise ClientStalled("the client stopped sending") from exc
            raise

    def send(self, *args: Any) -> int:
        try:
            return self._sock.send(*args)
        except BlockingIOError as exc:
            if self._sock.gettimeout() is None:
                raise BrokenPipeError(errno.EPIPE, "the client stopped reading") from exc
            raise

    def sendall(self, *args: Any) -> None:
        try:
            self._sock.sendall(*args)
        except BlockingIOError as exc:
            if self._sock.gettimeout() is None:
                raise BrokenPipeError(errno.EPIPE, "the client stopped reading") from exc
            raise


class ScorerWorker(ThreadWorker):
    """gunicorn's gthread worker with three changes for clients that are slow, malformed or never close:

    - every client socket gets an OS-level receive and send timeout (SO_RCVTIMEO/SO_SNDTIMEO,
      `request_read_timeout_s`): a client that stops sending its headers or body, or stops reading
      the answer, frees its thread after that long — headers with a JSON 408 (`ClientSocket`), the
      body with the body reader's 408 (service/body.py), a stalled answer quietly. gunicorn resets
      Python-level socket timeouts when it hands a connection to a thread; the OS-level ones survive that.
    - closing never blocks the main loop: the half-closed connection drains on the poller (a file
      descriptor and a timer: `LINGER_S`), where gunicorn would wait for it, up to 2 s, in the loop
      that accepts and dispatches every other connection of the worker.
    - the errors gunicorn answers itself (414, 431, 400 for malformed HTTP) are JSON, like the app's.
    """

    # Set by run() from the settings before the workers fork.
    read_timeout_s: float = 10.0

    def init_process(self) -> None:
        gunicorn_util.write_error = write_json_error  # gunicorn's workers call util.write_error
        # [expiry, socket or None once closed, bytes drained], oldest first (one LINGER_S for all)
        self.lingering: deque[list[Any]] = deque()
        super().init_process()

    def enqueue_req(self, conn: Any) -> None:
        if not getattr(conn, "scorer_timeouts", False):
            set_socket_timeouts(conn.sock, self.read_timeout_s)
            conn.scorer_timeouts = True
            if not self.cfg.is_ssl:  # gunicorn wraps TLS sockets itself: those keep its EAGAIN handling
                conn.sock = ClientSocket(conn.sock)
            conn.close = functools.partial(self._close_connection, conn)
        super().enqueue_req(conn)

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if isinstance(exc, ClientStalled):  # a request line or headers that stopped arriving
            self.log.info("client %s stalled in its request headers: answered 408", addr)
            try:
                write_json_error(client, 408, "Request Timeout", "the request's headers did not arrive in time")
            except OSError:
                pass
            return
        super().handle_error(req, client, addr, exc)

    # -- closing -----------------------------------------------------------------------------------
    def _close_connection(self, conn: Any, graceful: bool = False) -> None:
        """TConn.close: at once, or (after an answer) half-closed and drained on the poller."""
        sock = getattr(conn.sock, "_sock", conn.sock)
        if not graceful or len(self.lingering) >= LINGER_MAX_CONNECTIONS:
            gunicorn_util.close(sock)
            return
        try:
            sock.shutdown(socket.SHUT_WR)
            sock.setblocking(False)
        except OSError:
            gunicorn_util.close(sock)
            return
        entry = [time.monotonic() + LINGER_S, sock, 0]
        try:
            self.poller.register(sock, selectors.EVENT_READ, functools.partial(self._drain, entry))
        except (OSError, ValueError, KeyError):
            gunicorn_util.close(sock)
            return
        self.lingering.append(entry)

    def _drain(self, entry: list[Any], _sock: Any) -> None:
        sock = entry[1]
        if sock is None:
            return
        try:
            data = sock.recv(LINGER_MAX_BYTES)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        entry[2] += len(data)
        if not data or entry[2] >= LINGER_MAX_BYTES:
            self._end_linger(entry)

    def _end_linger(self, entry: list[Any]) -> None:
        sock, entry[1] = entry[1], None
        if sock is None:
            return
        try:
            self.poller.unregister(sock)
        except (OSError, ValueError, KeyError):
            pass
        gunicorn_util.close(sock)

    def murder_keepalived(self, force: bool = False) -> None:
        """gunicorn's timer pass (each turn of the main loop, at least once a second): also close the
        lingering connections whose time is up."""
        super().murder_keepalived(force)
        now = time.monotonic()
        while self.lingering and (force or self.lingering[0][0] <= now):
            self._end_linger(self.lingering.popleft())


def set_socket_timeouts(sock: socket.socket, seconds: float) -> None:
    """OS-level receive and send timeouts: a blocking recv/send fails with EAGAIN after `seconds`."""
    if seconds <= 0:
        return
    whole = int(seconds)
    value = struct.pack("ll", whole, int((seconds - whole) * 1_000_000))
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, value)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, value)
    except OSError:  # a closed or exotic socket: nothing to time out
        pass


REQUEST_LINE_LIMIT = 8190


def server_options(settings: ServiceSettings, *, host: str, port: int, workers: int | None = None,
                   threads: int | None = None) -> dict[str, Any]:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers or settings.server_workers,
        # gthread with many threads and OS-level socket timeouts (ScorerWorker; README "Running the
        # service" says why): a thread waiting on a stalled socket costs a stack, CPU work is one
        # scoring at a time per worker anyway (service/state.py SCORING_SLOTS).
        "worker_class": "service.server.ScorerWorker",
        "threads": threads or settings.server_threads,
        # A worker takes no more connections than it has threads: a worker whose threads are all
        # held (stalled clients) stops accepting, and the other workers take new connections,
        # instead of queueing them behind the stalled ones.
        "worker_connections": threads or settings.server_threads,
        "timeout": settings.server_timeout_s,
        # In-flight requests get as long to finish on SIGTERM as the longest fetch plus scoring.
        "graceful_timeout": max(30, int(settings.fetch_timeout_s) + 20),
        # No keep-alive: a gthread worker accepts connections even while it is busy scoring, and a
        # kept-alive connection stays with that worker, so two clients can queue on one worker while
        # the other idles (seen in the load test: 120/0 requests at 2 clients). A new connection per
        # request goes to whichever worker is free first. Put a reverse proxy in front for
        # keep-alive and TLS towards clients.
        "keepalive": 0,
        "accesslog": "-",
        "errorlog": "-",
        "logger_class": JsonAccessLogger,
        "proc_name": "sourcing-scorer",
        # gunicorn 23+ opens a management socket under ~/.gunicorn by default: not needed, one
        # more thing to secure, and two instances on one machine would fight over its path.
        "control_socket_disable": True,
        # The request line must hold `GET /v1/score?url=` with any URL the fetcher accepts
        # (MAX_URL_CHARS, each character up to 3 once percent-encoded): gunicorn's 4094-byte default
        # would answer a long but valid URL with its own plain-text 400 instead of our JSON. 8190 is
        # gunicorn's largest; header limits stay at its defaults (8190 bytes, 100 headers).
        "limit_request_line": REQUEST_LINE_LIMIT,
    }


def preload_models(settings: ServiceSettings) -> None:
    """Import the app's modules and load the models into this (master) process; load_resources
    caches them, so each forked worker's create_app finds them loaded."""
    from scorer import load_resources
    from service import create_app  # noqa: F401  (imports Flask and the views once, before the fork)
    from service.settings import scoring_settings

    load_resources(scoring_settings(settings))


def run(*, host: str, port: int, workers: int | None = None, threads: int | None = None,
        settings: ServiceSettings | None = None) -> None:
    settings = settings or ServiceSettings.from_env()
    ScorerWorker.read_timeout_s = settings.request_read_timeout_s
    preload_models(settings)
    ScorerServer(server_options(settings, host=host, port=port, workers=workers, threads=threads)).run()
