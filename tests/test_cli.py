"""The command line: JSON on stdout, a clear message and exit 2 on bad input."""
import json
import subprocess
import sys

import pytest

from conftest import FIXTURES
from scorer.cli import EXIT_CLOSED_PIPE, main


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_score_file(capsys):
    code, out, err = run_cli(capsys, "score", str(FIXTURES / "well_sourced.html"), "--url",
                             "https://www.riversideledger.example/news/x")
    assert code == 0
    report = json.loads(out)
    assert report["article"]["byline"] == "Maria Alvarez"
    assert report["article"]["url"] == "https://www.riversideledger.example/news/x"


def test_score_gzipped_file(capsys, tmp_path):
    import gzip

    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress((FIXTURES / "well_sourced.html").read_bytes()))
    code, out, _ = run_cli(capsys, "score", str(path))
    assert code == 0 and json.loads(out)["article"]["title"].startswith("State auditor")


def test_score_text_mode(capsys, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Officials said the bridge would reopen next week, according to a statement.\n" * 5)
    code, out, _ = run_cli(capsys, "score", str(path), "--text", "--title", "Bridge to reopen")
    assert code == 0 and json.loads(out)["article"]["title"] == "Bridge to reopen"


@pytest.mark.parametrize("content, code_word", [
    (b"", "empty_input"),
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "not_html"),
    (b"plain words and nothing else", "not_html"),
], ids=["empty", "binary", "no-markup"])
def test_bad_files_exit_2_naming_the_problem(capsys, tmp_path, content, code_word):
    path = tmp_path / "bad.html"
    path.write_bytes(content)
    code, out, err = run_cli(capsys, "score", str(path))
    assert code == 2 and out == "" and code_word in err


def test_missing_file(capsys, tmp_path):
    code, _, err = run_cli(capsys, "score", str(tmp_path / "nope.html"))
    assert code == 2 and "no such file" in err


def test_folder_is_refused(capsys, tmp_path):
    code, _, err = run_cli(capsys, "score", str(tmp_path))
    assert code == 2 and "folder" in err


def test_corrupt_gzip(capsys, tmp_path):
    path = tmp_path / "x.html.gz"
    path.write_bytes(b"\x1f\x8bnot really gzip")
    code, _, err = run_cli(capsys, "score", str(path))
    assert code == 2 and "gzip" in err


def test_stdin_via_subprocess():
    html = (FIXTURES / "syndicated_credit.html").read_bytes()
    result = subprocess.run([sys.executable, "-m", "scorer", "score", "-"], input=html, capture_output=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stderr.decode()
    assert json.loads(result.stdout)["article"]["byline"] == "Hannah Osei"


# --- a reader that stops reading ---------------------------------------------------------------

def _with_closed_pipe(args, *, merge_stderr=False):
    """Run `python -m scorer ARGS` with its stdout a pipe whose reading end is closed before it
    writes (as `| head` leaves it); with merge_stderr, stderr goes to the same pipe."""
    process = subprocess.Popen([sys.executable, "-m", "scorer", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE)
    process.stdout.close()
    err = b"" if merge_stderr else process.stderr.read()
    if not merge_stderr:
        process.stderr.close()
    return process.wait(timeout=300), err.decode("utf-8", "replace")


@pytest.mark.parametrize("args", [
    ["source", "apnews.com"],
    pytest.param(["score", str(FIXTURES / "well_sourced.html")], marks=pytest.mark.slow),
], ids=["source", "score"])
def test_a_closed_stdout_ends_quietly(args):
    code, err = _with_closed_pipe(args)
    # nothing on stderr (Python's BrokenPipeError traceback, or its "Exception ignored" at exit, would be),
    # and the status of a process that SIGPIPE ended (Python's own for an uncaught exception is 1, 120 at exit)
    assert err == "" and code == EXIT_CLOSED_PIPE


@pytest.mark.slow
def test_a_batch_whose_stderr_reader_is_gone_stops_quietly(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_bytes((FIXTURES / "well_sourced.html").read_bytes())
    # `scorer batch ... 2>&1 | head`: its first line (what it loads) meets the closed pipe; Python
    # would exit 1 on the uncaught BrokenPipeError (its traceback lost in the same pipe)
    code, _ = _with_closed_pipe(["batch", str(folder), "-o", str(tmp_path / "out.jsonl"), "--workers", "0"],
                                merge_stderr=True)
    assert code == EXIT_CLOSED_PIPE
