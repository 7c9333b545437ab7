"""The production server: gunicorn, run from Python (`python -m service`).

- Workers are separate processes (one per core by default: scoring is CPU-bound and the GIL
  serialises it within a process); each worker has a few threads so a slow upstream page
  blocks one thread, not the worker.
- Each worker builds its own app, and so loads the models once, after the fork (no
  `preload_app`: nothing is shared across the fork, SQLite connections included).
- Access logs are one JSON object per line on stdout; gunicorn's own messages go to stderr.
- SIGTERM is a graceful shutdown (gunicorn's): stop accepting, finish in-flight requests
  within `graceful_timeout`, exit 0. SIGINT/SIGQUIT stop at once.
"""
from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

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


REQUEST_LINE_LIMIT = 8190


def server_options(settings: ServiceSettings, *, host: str, port: int, workers: int | None = None,
                   threads: int | None = None) -> dict[str, Any]:
    return {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers or settings.server_workers,
        "worker_class": "gthread",
        "threads": threads or settings.server_threads,
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


def run(*, host: str, port: int, workers: int | None = None, threads: int | None = None,
        settings: ServiceSettings | None = None) -> None:
    settings = settings or ServiceSettings.from_env()
    ScorerServer(server_options(settings, host=host, port=port, workers=workers, threads=threads)).run()
