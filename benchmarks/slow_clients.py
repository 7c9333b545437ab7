"""Service benchmark (issue 24): hostile clients beside honest ones, and the deadline kept, on the
real server (`python -m service`, the README's start: 2 workers) on 127.0.0.1.

    python -m benchmarks.slow_clients [--seconds 120] [--clients 50] [--out docs/bounded-work.md]
    python -m benchmarks.slow_clients --part deadline [--deadline 5] [--out ...]

`--part stalls` (the default): `--clients` threads misbehave for `--seconds`, a third each of
- header stalls: send half a request line and headers, then nothing, until the server gives up;
- body stalls: send headers and the start of a body, then nothing, until the server gives up;
- never-closing clients: send a whole request, read the answer, keep the connection open (each
  holds its last 20 such connections) and open a new one every 0.1 s (10 a second each);
while one honest client measures GET /healthz (every 0.2 s) and another POSTs real pages of the
extraction benchmark to /v1/score (one after another). Printed: /healthz p50/p99/max and failures;
scores answered, their statuses and p50/p99/max; hostile connections made; tracebacks in the
server's log. Targets (issue 24): /healthz p99 <= 1 s and every real score answered 200.

`--part deadline`: the issue's pathological pages (a 4 MB page of attributed sentences, 4.5 MB
without punctuation, a 1,000 x 1,000 table, a 5.9 MB page of words, a 5,000 x 5,000 table) are
POSTed one at a time; the time from the body's last byte sent to the answer's end is printed beside
the status. Target: every answer (200, or 503 deadline_exceeded, or a 4xx refusal) within the
deadline + 1 s.

Bounded: every loop ends at --seconds; every socket has a timeout; 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import socket
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from benchmarks.complexity import many_attributions, no_punctuation
from scorer.config import PROJECT_ROOT
from service.process import ServerProcess

BENCHMARK_HTML = PROJECT_ROOT.parent / "shared" / "data" / "article-extraction-benchmark" / "html"
SOCKET_TIMEOUT_S = 30.0
HELD_PER_CLIENT = 20


def _raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def _connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=SOCKET_TIMEOUT_S)
    sock.settimeout(SOCKET_TIMEOUT_S)
    return sock


def _read_all(sock: socket.socket) -> bytes:
    answer = b""
    try:
        while part := sock.recv(65536):
            answer += part
    except OSError:
        pass
    return answer


def _request(path: str, body: bytes | None = None) -> bytes:
    if body is None:
        return f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
    return (f"POST {path} HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode() + body


def _status(answer: bytes) -> int:
    try:
        return int(answer.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


# --- the hostile clients ---------------------------------------------------------------------------------

def _header_staller(port: int, until: float, made: Counter[str]) -> None:
    while time.monotonic() < until:
        try:
            with _connect(port) as sock:
                sock.sendall(b"POST /v1/score HTTP/1.1\r\nHost: bench\r\nContent-Ty")
                made["header stall"] += 1
                _read_all(sock)  # until the server answers 408 and closes
        except OSError:
            time.sleep(0.1)


def _body_staller(port: int, until: float, made: Counter[str]) -> None:
    while time.monotonic() < until:
        try:
            with _connect(port) as sock:
                sock.sendall(b"POST /v1/score HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
                             b"Content-Length: 100000\r\n\r\n{\"te")
                made["body stall"] += 1
                _read_all(sock)
        except OSError:
            time.sleep(0.1)


def _never_closer(port: int, until: float, made: Counter[str]) -> None:
    held: list[socket.socket] = []
    try:
        while time.monotonic() < until:
            try:
                sock = _connect(port)
                sock.sendall(_request("/healthz"))
                held.append(sock)
                made["never closed"] += 1
            except OSError:
                pass
            if len(held) > HELD_PER_CLIENT:
                held.pop(0).close()
            time.sleep(0.1)
    finally:
        for sock in held:
            sock.close()


# --- the honest clients ----------------------------------------------------------------------------------

def _timed_request(port: int, data: bytes) -> tuple[int, float]:
    started = time.monotonic()
    try:
        with _connect(port) as sock:
            sock.sendall(data)
            answer = _read_all(sock)
    except OSError:
        return 0, time.monotonic() - started
    return _status(answer), time.monotonic() - started


def _health_prober(port: int, until: float, out: list[tuple[int, float]]) -> None:
    while time.monotonic() < until:
        out.append(_timed_request(port, _request("/healthz")))
        time.sleep(0.2)


def real_pages(limit: int = 12) -> list[bytes]:
    """Request bodies of real pages: the extraction benchmark's, spread over its size range."""
    files = sorted(BENCHMARK_HTML.glob("*.html.gz"))
    if not files:
        return [json.dumps({"html": "<html><body><article><p>The council approved the plan on Monday, "
                                    "the mayor said.</p></article></body></html>",
                            "url": "https://news.example/a"}).encode()]
    pages = [gzip.decompress(path.read_bytes()).decode("utf-8", "replace") for path in files]
    pages.sort(key=len)
    step = max(1, len(pages) // limit)
    return [json.dumps({"html": html, "url": f"https://news.example/{i}"}).encode()
            for i, html in enumerate(pages[::step][:limit])]


def _scorer(port: int, until: float, out: list[tuple[int, float]]) -> None:
    pages = real_pages()
    number = 0
    while time.monotonic() < until:
        out.append(_timed_request(port, _request("/v1/score", pages[number % len(pages)])))
        number += 1


def stalls(seconds: float, clients: int, workers: int) -> list[str]:
    _raise_fd_limit()
    hostile: list[Callable[[int, float, Counter[str]], None]] = [_header_staller, _body_staller, _never_closer]
    with tempfile.TemporaryDirectory(prefix="slow-clients-") as folder:
        env = {"SCORER_RATE_LIMIT_PER_MINUTE": "0", "SCORER_CACHE_TTL_S": "0",
               "SCORER_CACHE_PATH": str(Path(folder) / "cache.sqlite3"),
               "SCORER_RATE_LIMIT_PATH": str(Path(folder) / "ratelimit.sqlite3")}
        with ServerProcess(workers=workers, env=env) as server:
            made: Counter[str] = Counter()
            health: list[tuple[int, float]] = []
            scores: list[tuple[int, float]] = []
            until = time.monotonic() + seconds
            threads = [threading.Thread(target=hostile[i % 3], args=(server.port, until, made), daemon=True)
                       for i in range(clients)]
            for thread in threads:
                thread.start()
            time.sleep(0.5)  # the hostile clients first
            honest = [threading.Thread(target=_health_prober, args=(server.port, until, health)),
                      threading.Thread(target=_scorer, args=(server.port, until, scores))]
            for thread in honest:
                thread.start()
            for thread in honest + threads:
                thread.join(seconds + 2 * SOCKET_TIMEOUT_S)
            log = server.stderr()
    health_s = [t for _, t in health]
    score_s = [t for _, t in scores]
    health_bad = sum(1 for status, _ in health if status != 200)
    score_statuses = Counter(status for status, _ in scores)
    load = os.getloadavg()
    lines = [
        f"- {clients} hostile clients for {seconds:g} s beside the honest ones ({workers} workers; "
        f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}); hostile connections made: "
        + ", ".join(f"{kind} {count:,}" for kind, count in sorted(made.items())),
        f"- GET /healthz: {len(health):,} requests, not 200: {health_bad}; "
        f"p50 {_percentile(health_s, 0.5) * 1000:.0f} ms, "
        f"p99 {_percentile(health_s, 0.99) * 1000:.0f} ms, max {max(health_s, default=0) * 1000:.0f} ms",
        f"- POST /v1/score (real pages): {len(scores):,} requests, statuses "
        + ", ".join(f"{status}: {count}" for status, count in sorted(score_statuses.items()))
        + f"; p50 {_percentile(score_s, 0.5) * 1000:.0f} ms, p99 {_percentile(score_s, 0.99) * 1000:.0f} ms, "
          f"max {max(score_s, default=0) * 1000:.0f} ms",
        f"- server log: {log.count('Traceback')} tracebacks, {log.count('stalled in its request headers')} "
        "header stalls answered 408",
    ]
    ok = health and _percentile(health_s, 0.99) <= 1.0 and not health_bad and set(score_statuses) == {200}
    lines.append(f"- verdict: {'met' if ok else 'NOT met'} (/healthz p99 <= 1 s, every real score answered 200)")
    return lines


# --- the deadline ------------------------------------------------------------------------------------------

def _words(size: int) -> str:
    return "<html><body><p>" + "word " * (size // 5) + "</p></body></html>"


def _table(rows: int, columns: int) -> str:
    return ("<html><body><article><p>The council published the budget, its spokesman said.</p><table>"
            + ("<tr>" + "<td>1" * columns) * rows + "</table></article></body></html>")


def _trap_table(size: int) -> str:
    return "<table>" + "<tr>" * size + "<td>x</td>" * size + "</table>"


DEADLINE_CASES: dict[str, Callable[[], str]] = {
    "4 MB of attributed sentences": lambda: many_attributions(4 * 1024 * 1024),
    "4.5 MB without punctuation": lambda: no_punctuation(int(4.5 * 1024 * 1024)),
    "1,000 x 1,000 table (5 MB)": lambda: _table(1000, 1000),
    "5.9 MB page of words": lambda: _words(int(5.9 * 1024 * 1024) - 64),
    "5,000 x 5,000 table (70 KB)": lambda: _trap_table(5000),
}


def deadline(deadline_s: float, workers: int, rounds: int) -> list[str]:
    lines = []
    with tempfile.TemporaryDirectory(prefix="slow-clients-") as folder:
        env = {"SCORER_RATE_LIMIT_PER_MINUTE": "0", "SCORER_CACHE_TTL_S": "0",
               "SCORER_SCORE_DEADLINE_S": str(deadline_s),
               "SCORER_CACHE_PATH": str(Path(folder) / "cache.sqlite3"),
               "SCORER_RATE_LIMIT_PATH": str(Path(folder) / "ratelimit.sqlite3")}
        with ServerProcess(workers=workers, env=env) as server:
            worst = 0.0
            for name, build in DEADLINE_CASES.items():
                body = json.dumps({"html": build(), "url": "https://news.example/a"}).encode()
                results = []
                for _ in range(rounds):
                    with _connect(server.port) as sock:
                        sock.sendall(_request("/v1/score", body))
                        sent = time.monotonic()  # the body's last byte is with the kernel
                        answer = _read_all(sock)
                    took = time.monotonic() - sent
                    worst = max(worst, took)
                    head, _, payload = answer.partition(b"\r\n\r\n")
                    code = ""
                    if _status(answer) != 200:
                        try:
                            code = " " + json.loads(payload)["error"]["code"]
                        except (ValueError, KeyError, TypeError):
                            code = " ?"
                    results.append(f"{_status(answer)}{code} in {took:.2f} s")
                lines.append(f"| {name} | {len(body) / 1e6:.1f} MB | " + "; ".join(results) + " |")
    load = os.getloadavg()
    head = [f"deadline {deadline_s:g} s, {workers} workers, {rounds} rounds a case; load average at the end "
            f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}", "",
            "| page | body | answers (status, time from the body's last byte to the answer's end) |", "|---|---|---|"]
    verdict = "met" if worst <= deadline_s + 1 else "NOT met"
    return head + lines + ["", f"slowest answer {worst:.2f} s: {verdict} (deadline + 1 s = {deadline_s + 1:g} s)"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.slow_clients", description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=("stalls", "deadline"), default="stalls")
    parser.add_argument("--seconds", type=float, default=120.0, help="how long the stalls part runs (default 120)")
    parser.add_argument("--clients", type=int, default=50, help="hostile clients (default 50)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--deadline", type=float, default=5.0, help="the deadline part's score_deadline_s")
    parser.add_argument("--rounds", type=int, default=2, help="the deadline part's requests per page")
    parser.add_argument("--out", type=Path, help="append the result (with this command) to a Markdown file")
    args = parser.parse_args(argv)
    if args.part == "stalls":
        lines = stalls(args.seconds, args.clients, args.workers)
    else:
        lines = deadline(args.deadline, args.workers, args.rounds)
    command = "python -m benchmarks.slow_clients " + " ".join(argv if argv is not None else sys.argv[1:])
    text = f"`{command.strip()}`\n\n" + "\n".join(lines) + "\n"
    print(text, end="")
    if args.out:
        with args.out.open("a", encoding="utf-8") as out:
            out.write("\n" + text)
    return 0 if "NOT met" not in text else 1


if __name__ == "__main__":
    sys.exit(main())
