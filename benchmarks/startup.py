"""Start-up: how long a new user waits, each command as a fresh process, wall clock.

    python -m benchmarks.startup [--rounds 3] [--out docs/startup.md]

- `service ready`: `python -m service` started on a free loopback port until `/readyz` answers 200
  (targets: within 5 s);
- `scorer source DOMAIN` (target < 1 s); `scorer score FILE` on a fixture page (target < 3 s).
Each is run `--rounds` times; the report gives every run and the median, with the machine's load
average (the machine may be shared: loaded runs are slower).
"""
from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "tests" / "fixtures" / "well_sourced.html"
TARGETS = {"service ready": 5.0, "scorer source": 1.0, "scorer score": 3.0}
READY_TIMEOUT_S = 120.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def time_command(args: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def time_service_ready() -> float:
    port = _free_port()
    env = {**os.environ, "SCORER_CACHE_PATH": ""}
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "service", "--host", "127.0.0.1", "--port", str(port)],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - started < READY_TIMEOUT_S:
            if process.poll() is not None:
                raise RuntimeError(f"the service exited with {process.returncode} before it was ready")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return time.perf_counter() - started
            except OSError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"not ready within {READY_TIMEOUT_S:.0f} s")
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure(rounds: int) -> dict[str, list[float]]:
    runs: dict[str, list[float]] = {name: [] for name in TARGETS}
    for _ in range(rounds):
        runs["service ready"].append(time_service_ready())
        runs["scorer source"].append(time_command(["-m", "scorer", "source", "apnews.com"]))
        runs["scorer score"].append(time_command(["-m", "scorer", "score", str(PAGE)]))
    return runs


def render(runs: dict[str, list[float]], command: str) -> str:
    load = os.getloadavg()
    lines = ["# Start-up times", "", f"Measured with `{command}` on {platform.python_implementation()} "
             f"{platform.python_version()}, {os.cpu_count()} cores, load average {load[0]:.1f} at the end "
             "(a shared machine: other jobs slow every figure).", "",
             "| what | target | median | runs | met |", "|---|---|---|---|---|"]
    for name, values in runs.items():
        median = statistics.median(values)
        lines.append(f"| {name} | < {TARGETS[name]:g} s | {median:.2f} s | "
                     f"{', '.join(f'{v:.2f}' for v in values)} | {'yes' if median < TARGETS[name] else 'no'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.startup", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write the Markdown record here (e.g. docs/startup.md)")
    args = parser.parse_args(argv)
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    runs = measure(args.rounds)
    text = render(runs, "python -m benchmarks.startup " + " ".join(argv if argv is not None else sys.argv[1:]))
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
