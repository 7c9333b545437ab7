"""One SQLite file shared by every worker process: the cache's and the shared rate limiter's.

Each process and thread gets its own connection (a connection inherited across fork is unsafe),
made the same way: a busy timeout instead of "database is locked" errors, the WAL journal (readers
never block the writer), and no fsync per write (what either store loses on power loss is only
rebuilt or refilled).
"""
from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

# Tries to open the file and set it up: workers starting together race for the exclusive lock
# that switching a new file to WAL needs, which SQLite may refuse at once instead of waiting.
SETUP_ATTEMPTS = 5


class SharedSqlite:
    """A connection per process and thread to `path`, set up once by `setup` (the schema)."""

    def __init__(self, path: Path, *, busy_timeout_ms: int, setup: Callable[[sqlite3.Connection], None]):
        self.path = Path(path)
        self._busy_timeout_ms = busy_timeout_ms
        self._setup = setup
        self._local = threading.local()

    def connection(self) -> sqlite3.Connection:
        cached: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if cached is not None and self._local.pid == os.getpid():
            return cached
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for attempt in range(SETUP_ATTEMPTS):
            try:
                conn = self._open()
                break
            except sqlite3.OperationalError:
                if attempt == SETUP_ATTEMPTS - 1:
                    raise
                time.sleep(0.02 * (attempt + 1))
        self._local.conn, self._local.pid = conn, os.getpid()
        return conn

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self._busy_timeout_ms / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":  # persistent: switched once per file
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            self._setup(conn)
        except BaseException:
            conn.close()
            raise
        return conn
