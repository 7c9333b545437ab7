"""scorer.batch.progress: a batch says what it loads, then its first result as soon as it exists,
then its progress, in that order; and `scorer batch` does so on stderr."""
from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest
from conftest import FIXTURES

from scorer.batch import progress as progress_module
from scorer.batch.progress import PROGRESS_LINE_PAGES, BatchProgress
from scorer.batch.records import RecordError, Result

PAGE = FIXTURES / "well_sourced.html"


def scored(record_id: str, score: float = 61.5, label: str = "generally credible") -> Result:
    return Result(id=record_id, input={}, report={"score": score, "label": label})


def failed(record_id: str) -> Result:
    return Result(id=record_id, input={}, error=RecordError("empty_input", "the document is empty"))


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_loading_then_the_first_result_at_once_then_a_line_per_tenth():
    stream = io.StringIO()
    report = BatchProgress(stream, total=20, workers=2)
    report.loading()
    assert stream.getvalue() == "loading the models in 2 worker processes…\n"
    report.result(scored("a.html"))
    # the first result is on the stream the moment it is reported, not at the end
    assert stream.getvalue().splitlines()[1].endswith("a.html: score 61.5 (generally credible)")
    assert stream.getvalue().splitlines()[1].startswith("first result after ")
    for n in range(2, 21):
        report.result(failed(f"{n}.html") if n == 5 else scored(f"{n}.html"))
    lines = stream.getvalue().splitlines()
    progress = [line for line in lines if line.startswith("progress: ")]
    # 2..20 of 20 cross the tenths 1..10 once each: ten lines, the last at the end
    assert len(progress) == 10 and len(lines) == 12
    assert progress[0].startswith("progress: 2 of 20 pages (10%)")
    assert progress[-1].startswith("progress: 20 of 20 pages (100%), 1 failed")


def test_a_failed_first_result_says_its_error():
    stream = io.StringIO()
    report = BatchProgress(stream, total=None, workers=0)
    report.loading()
    report.result(failed("empty.html"))
    loading, first = stream.getvalue().splitlines()
    assert loading == "loading the models in this process…"
    assert first.startswith("first result after ")
    assert first.endswith("empty.html: error [empty_input] the document is empty")


def test_without_a_total_a_line_every_hundred_pages():
    stream = io.StringIO()
    report = BatchProgress(stream, total=None)
    for n in range(2 * PROGRESS_LINE_PAGES):
        report.result(scored(str(n)))
    progress = [line for line in stream.getvalue().splitlines() if line.startswith("progress: ")]
    assert [line.split(",")[0] for line in progress] == [f"progress: {PROGRESS_LINE_PAGES} pages",
                                                          f"progress: {2 * PROGRESS_LINE_PAGES} pages"]


def test_a_quiet_stretch_still_gets_a_line(monkeypatch):
    clock = iter([0.0, 1.0, 1.0, 2.0, 2.0 + progress_module.PROGRESS_LINE_SECONDS, 40.0, 40.0])
    monkeypatch.setattr(progress_module.time, "perf_counter", lambda: next(clock))
    stream = io.StringIO()
    report = BatchProgress(stream, total=1000)
    report.result(scored("1"))  # the first result
    report.result(scored("2"))  # 2/1000: no tenth crossed, and only a second since the last line
    report.result(scored("3"))  # no tenth crossed either, but PROGRESS_LINE_SECONDS without a line
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2 and lines[1].startswith("progress: 3 of 1000 pages")


def test_a_resumed_batch_counts_what_is_already_written():
    stream = io.StringIO()
    report = BatchProgress(stream, total=10, already_written=8)
    report.loading()
    report.result(scored("9"))
    report.result(scored("10"))
    lines = stream.getvalue().splitlines()
    assert lines[0].endswith("; 8 already in the output, skipped")
    assert lines[-1].startswith("progress: 10 of 10 pages (100%)")


def test_on_a_terminal_a_bar_follows_the_first_result():
    stream = Terminal()
    with BatchProgress(stream, total=3, workers=1) as report:
        report.loading()
        report.result(scored("a"))
        before_bar = stream.getvalue()
        report.result(scored("b"))
        report.result(scored("c"))
    assert before_bar.splitlines()[0] == "loading the models in 1 worker process…"
    assert before_bar.splitlines()[1].startswith("first result after ")
    bar = stream.getvalue()[len(before_bar):]
    assert "3/3" in bar and "progress: " not in bar  # tqdm's bar, not the plain lines


def test_no_stream_reports_nothing():
    report = BatchProgress(None, total=2, bar=True)
    report.loading()
    report.result(scored("a"))
    report.result(scored("b"))
    report.close()
    assert report.done == 2  # counted, and nothing written anywhere (None has no write)


# --- through the command -------------------------------------------------------------------------

@pytest.mark.slow  # starts a worker process that loads the models
def test_the_batch_command_reports_in_order_on_stderr(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("a.html", "b.html", "c.html"):
        (folder / name).write_bytes(PAGE.read_bytes())
    done = subprocess.run([sys.executable, "-m", "scorer", "batch", str(folder), "-o", str(tmp_path / "out.jsonl"),
                           "--workers", "1"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    assert lines[0] == "loading the models in 1 worker process…"
    assert lines[1].startswith("first result after ") and lines[1].split(": ")[1] in {"a.html", "b.html", "c.html"}
    assert [line.split(" pages")[0] for line in lines[2:4]] == ["progress: 2 of 3", "progress: 3 of 3"]
    assert lines[4].startswith("done: 3 (3 scored, 0 failed)") and len(lines) == 5


@pytest.mark.slow  # loads the models
def test_the_first_result_is_shown_while_the_input_is_still_open(tmp_path):
    # JSONL on stdin, one record; the second is sent only after the first result was reported:
    # were the first result held back (until the end, or until more input), this would wait forever
    process = subprocess.Popen([sys.executable, "-m", "scorer", "batch", "-", "-o", str(tmp_path / "out.jsonl"),
                                "--workers", "0"], stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    record = {"id": "first", "html": PAGE.read_text(encoding="utf-8"), "url": "https://news.example/a"}
    process.stdin.write(json.dumps(record) + "\n")
    process.stdin.flush()
    seen = [process.stderr.readline(), process.stderr.readline()]
    assert seen[0].startswith("loading the models") and seen[1].startswith("first result after ")
    assert "first: score " in seen[1]
    process.stdin.write(json.dumps({**record, "id": "second"}) + "\n")
    process.stdin.close()
    rest = process.stderr.read().splitlines()
    assert process.wait(timeout=300) == 0
    assert rest[-1].startswith("done: 2 (2 scored, 0 failed)")
