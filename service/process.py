"""Run `python -m service` as a child process on 127.0.0.1 (the load test and the end-to-end tests).

    with ServerProcess(workers=2, env={"SCORER_RATE_LIMIT_PER_MINUTE": "0"}) as server:
        httpx.get(server.url("/healthz"))

Stops it with SIGTERM (gunicorn's graceful shutdown) by its own pid, and keeps its output.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from scorer.config import PROJECT_ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    def __init__(self, *, workers: int = 2, threads: int | None = None, env: dict[str, str] | None = None,
                 start_timeout_s: float = 60.0):
        self.port = free_port()
        self.workers = workers
        self.threads = threads
        self.env = env or {}
        self.start_timeout_s = start_timeout_s
        self.process: subprocess.Popen[bytes] | None = None
        self._logs = tempfile.TemporaryDirectory(prefix="scorer-service-")
        self.stdout_path = Path(self._logs.name) / "stdout.log"
        self.stderr_path = Path(self._logs.name) / "stderr.log"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def start(self) -> ServerProcess:
        command = [sys.executable, "-m", "service", "--host", "127.0.0.1", "--port", str(self.port),
                   "--workers", str(self.workers)]
        if self.threads:
            command += ["--threads", str(self.threads)]
        env = {**os.environ, **self.env}
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=err)
        deadline = time.monotonic() + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}:\n{self.stderr()}")
            try:
                if httpx.get(self.url("/readyz"), timeout=2.0).status_code == 200 and self._all_workers_booted():
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the server did not become ready in {self.start_timeout_s} s:\n{self.stderr()}")

    def _all_workers_booted(self) -> bool:
        return self.stderr().count("Booting worker") >= self.workers

    def stop(self, timeout_s: float = 30.0) -> int:
        """SIGTERM, wait for the graceful exit; returns the exit code (kills only on timeout)."""
        if self.process is None:
            return 0
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        return self.process.returncode

    def stdout(self) -> str:
        return self.stdout_path.read_text(errors="replace") if self.stdout_path.exists() else ""

    def stderr(self) -> str:
        return self.stderr_path.read_text(errors="replace") if self.stderr_path.exists() else ""

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
        self._logs.cleanup()
