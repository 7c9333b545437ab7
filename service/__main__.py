"""`python -m service [--host H] [--port P] [--workers N] [--threads T]`: run the API under gunicorn.

Runs on the committed defaults with no environment variables: 127.0.0.1:8000, 2 workers.
Every setting can be overridden with `SCORER_<NAME>` (docs/service.md lists them).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from service.settings import ServiceSettings


def build_parser(settings: ServiceSettings) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m service", description="Run the scoring API (gunicorn).")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; 0.0.0.0 for all interfaces)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=settings.server_workers,
                        help=f"worker processes (default {settings.server_workers}; about one per core)")
    parser.add_argument("--threads", type=int, default=settings.server_threads,
                        help=f"threads per worker (default {settings.server_threads})")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    settings = ServiceSettings.from_env()
    args = build_parser(settings).parse_args(argv)
    if not 0 < args.port < 65536:
        print(f"error: --port {args.port} is out of range", file=sys.stderr)
        return 2
    if args.workers < 1 or args.threads < 1:
        print("error: --workers and --threads must be at least 1", file=sys.stderr)
        return 2
    from service.server import run

    run(host=args.host, port=args.port, workers=args.workers, threads=args.threads, settings=settings)
    return 0


if __name__ == "__main__":
    sys.exit(main())
