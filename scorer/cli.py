"""The command line: `python -m scorer score PATH_OR_URL [--url URL]` and friends.

Each subcommand prints JSON on stdout; bad input gets a message on stderr naming what was
wrong and a non-zero exit (2 for bad input, 1 for other failures). A reader that stops reading
(`python -m scorer source X | head`) ends the command quietly, with the status of a process
killed by SIGPIPE, as `cat` or `grep` would.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import ScorerError

EXIT_BAD_INPUT = 2
EXIT_FAILURE = 1
# What a shell reports for a process killed by SIGPIPE (128 + 13): `set -o pipefail` scripts see
# the same as for coreutils.
EXIT_CLOSED_PIPE = 128 + signal.SIGPIPE


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


def cmd_score(args: argparse.Namespace) -> int:
    from .pipeline import score_html, score_text

    target: str = args.target
    if _is_url(target):
        from .fetch import fetch_url

        fetched = fetch_url(target)
        report = score_html(fetched.body, url=args.url or fetched.url, content_type=fetched.content_type)
    elif args.text:
        raw = sys.stdin.read() if target == "-" else Path(target).read_text(encoding="utf-8", errors="replace")
        report = score_text(raw, title=args.title or "", url=args.url)
    else:
        data = sys.stdin.buffer.read() if target == "-" else _read_file(Path(target))
        report = score_html(data, url=args.url)
    _print_json(report.to_dict())
    return 0


def cmd_source(args: argparse.Namespace) -> int:
    from .analysis.ratings import RatingsTable

    _print_json(RatingsTable.load().rate(args.target).to_dict())
    return 0


def _read_file(path: Path) -> bytes:
    import gzip

    if not path.exists():
        raise FileNotFoundError(f"no such file: {path}")
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder (use `python -m scorer batch` for folders)")
    data = path.read_bytes()
    if path.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise ValueError(f"{path} is not a valid gzip file: {exc}") from exc
    return data


# Subcommands register here: name -> (adder, handler). Other modules add theirs below.
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m scorer", description="Score news articles' sourcing quality.")
    sub = parser.add_subparsers(dest="command", required=True)

    score = sub.add_parser("score", help="score one page (a file, '-' for stdin, or an http(s) URL)")
    score.add_argument("target", help="an HTML file (.html or .html.gz), '-' for stdin, or an http(s) URL")
    score.add_argument("--url", help="the page's URL, when scoring saved HTML")
    score.add_argument("--text", action="store_true", help="the input is plain article text, not HTML")
    score.add_argument("--title", help="the headline, with --text")
    score.set_defaults(handler=cmd_score)

    source = sub.add_parser("source", help="what open rating data say of a publisher (a domain or URL)")
    source.add_argument("target", help="a domain (cnn.com, us.cnn.com) or a URL (https://www.apnews.com/...)")
    source.set_defaults(handler=cmd_source)

    from .batch.run import add_batch_command  # its arguments and handler live with the batch code

    add_batch_command(sub)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        code = _run(args)
        sys.stdout.flush()  # a reader gone away shows here, not in the interpreter's exit
        return code
    except BrokenPipeError:
        return _closed_pipe()


def _run(args: argparse.Namespace) -> int:
    try:
        return args.handler(args)
    except ScorerError as exc:
        print(f"error [{exc.code}]: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (FileNotFoundError, IsADirectoryError, PermissionError, ValueError) as exc:
        print(f"error [invalid_input]: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _closed_pipe() -> int:
    """Stop writing quietly: point stdout and stderr at /dev/null, so nothing left in their
    buffers raises again when the interpreter flushes them on exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (AttributeError, OSError, ValueError):  # not a real file (a test's capture): nothing to flush
            pass
    os.close(devnull)
    return EXIT_CLOSED_PIPE
