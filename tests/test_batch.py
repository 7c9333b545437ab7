"""Batch scoring: inputs of every kind, bad records, resume after kill -9, CSV, stdin, workers."""
from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import scorer.batch as batch
from scorer.batch import (
    BatchInputError, BatchOutputError, OutputFile, Record, WorkerStartError, iter_input, open_input, run_batch,
    score_records,
)
from scorer.batch.output import _signal_column
from scorer.cli import main
from scorer.config import PROJECT_ROOT, Settings
from scorer.errors import ModelError

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
SMALL_PAGE = FIXTURES / "small-article.html"
SEED_PAGE = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "seed-article.html"
needs_seed = pytest.mark.skipif(not SEED_PAGE.exists(), reason=f"the shared seed page is absent: {SEED_PAGE}")
BINARY = bytes(range(256)) * 40  # control bytes throughout: an image or archive, not text


@pytest.fixture(scope="session")
def scoring_works() -> None:
    """Skip, naming why, the tests that need whole reports when this checkout's models are not built."""
    from scorer import score_html

    try:
        score_html(SMALL_PAGE.read_bytes())
    except ModelError as exc:
        pytest.skip(f"the scoring models are not built in this checkout: {exc}")


def read_lines(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.endswith(b"\n"), "the output ends with a torn line"
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def by_id(lines: list[dict]) -> dict[str, dict]:
    ids = [line["id"] for line in lines]
    assert len(ids) == len(set(ids)), f"ids written twice: {sorted(i for i in ids if ids.count(i) > 1)}"
    return {line["id"]: line for line in lines}


def make_folder(root: Path) -> Path:
    """Good, empty, binary, truncated and broken pages, nested, with files that are not pages beside them."""
    folder = root / "pages"
    (folder / "sub" / "deeper").mkdir(parents=True)
    html = SMALL_PAGE.read_bytes()
    (folder / "good.html").write_bytes(html)
    (folder / "sub" / "good-gz.html.gz").write_bytes(gzip.compress(html))
    (folder / "sub" / "deeper" / "good.HTM").write_bytes(html)
    (folder / "empty.html").write_bytes(b"")
    (folder / "blank.htm").write_bytes(b"  \n\t\n")
    (folder / "binary.html").write_bytes(BINARY)
    (folder / "truncated.html").write_bytes(html[: len(html) // 3])
    (folder / "not-gzip.html.gz").write_bytes(b"this was never gzipped")
    (folder / "cut-gzip.html.gz").write_bytes(gzip.compress(html)[:60])
    (folder / "notes.txt").write_text("not a page")
    (folder / "image.png").write_bytes(BINARY)
    if SEED_PAGE.exists():
        (folder / "seed.html").write_bytes(SEED_PAGE.read_bytes())
    return folder


# --- inputs -------------------------------------------------------------------------------------


def test_folder_records_are_sorted_relative_paths(tmp_path: Path) -> None:
    folder = make_folder(tmp_path)
    batch_input = open_input(folder)
    records = list(batch_input)
    ids = [r.id for r in records]
    assert ids == sorted(ids)
    assert batch_input.kind == "folder" and batch_input.total == len(records)
    assert "sub/deeper/good.HTM" in ids and "sub/good-gz.html.gz" in ids
    assert "notes.txt" not in ids and "image.png" not in ids
    assert all(r.kind == "file" and r.path and Path(r.path).is_file() for r in records)


def test_folder_batch_good_and_bad_pages(tmp_path: Path, scoring_works: None) -> None:
    folder = make_folder(tmp_path)
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(folder), "-o", str(out), "--workers", "0"]) == 0
    lines = by_id(read_lines(out))
    assert set(lines) == {r.id for r in iter_input(folder)}
    for good in ("good.html", "sub/good-gz.html.gz", "sub/deeper/good.HTM"):
        report = lines[good]["report"]
        assert 0 <= report["score"] <= 100 and report["article"]["title"].startswith("Harbour council")
        assert lines[good]["input"] == {"kind": "file", "source": good}
    assert lines["empty.html"]["error"]["code"] == "empty_input"
    assert lines["blank.htm"]["error"]["code"] == "empty_input"
    assert lines["binary.html"]["error"]["code"] == "not_html"
    assert lines["not-gzip.html.gz"]["error"]["code"] == "bad_gzip"
    assert lines["cut-gzip.html.gz"]["error"]["code"] == "bad_gzip"
    # a page cut off mid-way is still HTML: it is scored, and says how little it had to go on
    truncated = lines["truncated.html"]
    assert "report" in truncated and truncated["report"]["warnings"]
    if SEED_PAGE.exists():
        assert lines["seed.html"]["report"]["article"]["byline"] == "Admin"
    assert all(set(line) == {"id", "input", "report"} or set(line) == {"id", "input", "error"}
               for line in lines.values())


def test_error_records_name_the_problem(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.html").write_bytes(b"")
    (folder / "binary.html").write_bytes(BINARY)
    out = tmp_path / "out.jsonl"
    summary = run_batch(folder, out, workers=0)
    lines = by_id(read_lines(out))
    assert (summary.scored, summary.failed) == (0, 2)
    assert lines["empty.html"]["error"] == {"code": "empty_input", "message": "the document is empty"}
    assert "binary" in lines["binary.html"]["error"]["message"]


def test_page_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    folder.mkdir()
    (folder / "big.html.gz").write_bytes(gzip.compress(b"<html><body>" + b"<p>word</p>" * 20_000))
    results = list(score_records(iter_input(folder), workers=0, settings=Settings(max_html_bytes=50_000)))
    assert [r.error.code for r in results] == ["input_too_large"]


def jsonl_lines(html: str) -> list[str]:
    return [
        json.dumps({"id": "good", "url": "https://harbourgazette.example/a", "html": html}),
        '{"id": "broken", "html": ',  # malformed
        json.dumps({"id": "wrong", "html": 5}),  # wrong type
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": {"nested": 1}, "html": html}),
        json.dumps({"id": "nothing"}),
        json.dumps({"id": "ftp", "url": "ftp://files.example/a"}),
        "",
        json.dumps({"html": html}),  # no id: the line number is its id
        json.dumps({"id": 7, "text": "Plain text of an article.\nIn two lines.", "title": "T"}),
        json.dumps({"id": "huge", "html": "<p>" + "a" * (len(html) + 1_000)}),  # over a limit the others fit in
        json.dumps({"id": "good", "html": html}),  # a duplicate id
    ]


def test_jsonl_records_and_their_errors(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(jsonl_lines("<html><body><p>x</p></body></html>")) + "\n", encoding="utf-8")
    # 1,000-byte pages: the line limit is 2 x that + the fixed overhead, so also try a far longer line
    settings = Settings(max_html_bytes=1_000)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "enormous", "html": "b" * (batch.JSONL_LINE_OVERHEAD_BYTES + 10_000)}) + "\n")
    batch_input = open_input(path, settings=settings)
    assert batch_input.kind == "jsonl" and batch_input.total == 12
    records = list(batch_input)
    errors = {r.id: r.error.code for r in records if r.error}
    assert errors == {
        "line:2": "bad_json", "wrong": "wrong_type", "line:4": "bad_json", "line:5": "wrong_type",
        "nothing": "missing_field", "ftp": "invalid_url", "line:13": "input_too_large",
    }
    ok = {r.id: r for r in reversed(records) if not r.error}  # the first of two "good" lines wins
    assert ok["good"].url == "https://harbourgazette.example/a" and ok["line:9"].html
    assert ok["7"].text.startswith("Plain text") and ok["7"].title == "T"
    assert [r.id for r in records].count("good") == 2
    assert records[1].source == f"{path}:2"


def test_jsonl_batch_end_to_end(tmp_path: Path, scoring_works: None) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(jsonl_lines(SMALL_PAGE.read_text(encoding="utf-8"))) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    limit = len(SMALL_PAGE.read_bytes()) + 500
    summary = run_batch(path, out, workers=0, settings=Settings(max_html_bytes=limit))
    lines = by_id(read_lines(out))
    assert summary.duplicates == 1  # the second "good"
    assert lines["huge"]["error"]["code"] == "input_too_large"
    assert lines["good"]["report"]["article"]["url"] == "https://harbourgazette.example/a"
    assert lines["7"]["report"]["article"]["text"].startswith("Plain text")
    assert lines["line:2"]["error"]["code"] == "bad_json"
    assert len(lines) == 10  # 12 lines, one blank, one a duplicate id


def write_warc(path: Path, pages: list[tuple[str, bytes, str, str]], *, with_extras: bool = True) -> list[str]:
    """A WARC of (url, body, content type, status) responses, plus records that are not pages; returns page ids."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    ids = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warc_record("https://crawl.example/", "warcinfo",
                                                      payload=io.BytesIO(b"software: test\r\n")))
        for url, body, content_type, status in pages:
            if with_extras:
                request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "crawl.example")], is_http_request=True)
                writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                                              http_headers=request))
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
            if content_type.startswith("text/html") and status.startswith("2"):
                ids.append(record.rec_headers.get_header("WARC-Record-ID"))
    return ids


def warc_pages() -> list[tuple[str, bytes, str, str]]:
    html = SMALL_PAGE.read_bytes()
    latin = ("<html><head><title>Caf\xe9</title></head><body><article>"
             + "<p>Le caf\xe9 cr\xe8me co\xfbte trois euros, a d\xe9clar\xe9 le patron du bistrot.</p>" * 12
             + "</article></body></html>").encode("latin-1")
    return [
        ("https://harbourgazette.example/a", html, "text/html; charset=utf-8", "200 OK"),
        ("https://harbourgazette.example/logo.png", BINARY, "image/png", "200 OK"),
        ("https://harbourgazette.example/gone", b"<html>gone</html>", "text/html", "404 Not Found"),
        ("https://harbourgazette.example/empty", b"", "text/html", "200 OK"),
        ("https://harbourgazette.example/binary", BINARY, "text/html", "200 OK"),
        ("https://cafe.example/menu", latin, "text/html; charset=iso-8859-1", "200 OK"),
    ]


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_warc_input(tmp_path: Path, name: str, scoring_works: None) -> None:
    warc = tmp_path / name
    page_ids = write_warc(warc, warc_pages())
    batch_input = open_input(warc)
    assert batch_input.kind == "warc"
    out = tmp_path / "out.jsonl"
    summary = run_batch(warc, out, workers=0)
    lines = by_id(read_lines(out))
    assert set(lines) == set(page_ids) and len(page_ids) == 4
    assert all(i.startswith("<urn:uuid:") for i in lines)
    by_url = {line["input"]["url"]: line for line in lines.values()}
    assert by_url["https://harbourgazette.example/a"]["report"]["article"]["title"].startswith("Harbour council")
    assert by_url["https://harbourgazette.example/empty"]["error"]["code"] == "empty_input"
    assert by_url["https://harbourgazette.example/binary"]["error"]["code"] == "not_html"
    # the HTTP Content-Type's charset is honoured: latin-1 bytes decode to the right letters
    assert "café crème" in by_url["https://cafe.example/menu"]["report"]["article"]["text"]
    assert summary.passed_over == {"warcinfo records": 1, "request records": 6, "non-HTML responses": 1,
                                   "HTTP 4xx responses": 1}
    assert all(line["input"]["source"].startswith(f"{warc}@") for line in lines.values())


def record_spans(warc: Path) -> list[tuple[int, int]]:
    """(offset, length) of each record as stored (a gzip member in a .warc.gz)."""
    from warcio.archiveiterator import ArchiveIterator

    spans = []
    with warc.open("rb") as handle:
        archive = ArchiveIterator(handle)
        for record in archive:
            record.raw_stream.read()
            archive.read_to_end()
            spans.append(archive.member_info)
    return spans


@pytest.mark.parametrize("name", ["cut.warc.gz", "cut.warc"])
@pytest.mark.parametrize("record_index", range(7))
@pytest.mark.parametrize("where", ["headers", "middle"])
def test_truncated_warc_keeps_what_it_read_and_says_so(tmp_path: Path, name: str, record_index: int,
                                                       where: str) -> None:
    whole = tmp_path / f"whole-{name}"
    write_warc(whole, warc_pages(), with_extras=False)
    spans = record_spans(whole)
    assert len(spans) == 7  # warcinfo and six responses
    offset, length = spans[record_index]
    cut_at = offset + (20 if where == "headers" else length // 2)
    cut = tmp_path / name
    cut.write_bytes(whole.read_bytes()[:cut_at])
    records = list(iter_input(cut))
    assert records, "a cut WARC must say it is cut"
    last = records[-1]
    assert last.error is not None and last.error.code == "bad_warc", last
    assert "truncated" in last.error.message or "cannot be read" in last.error.message
    # the pages before the cut come through whole and unchanged
    before = [r for r in iter_input(whole) if int(r.source.rsplit("@", 1)[1]) < offset]
    assert [(r.id, r.html) for r in records[:-1]] == [(r.id, r.html) for r in before]


# --- URL lists, over a local server ---------------------------------------------------------------


class PageServer(ThreadingHTTPServer):
    daemon_threads = True


def serve(routes: dict[str, tuple[int, str, bytes]]) -> PageServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            status, content_type, body = routes.get(self.path, (404, "text/html", b"<html>not found</html>"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = PageServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def test_url_list_over_a_local_server(tmp_path: Path, scoring_works: None) -> None:
    server = serve({
        "/story": (200, "text/html; charset=utf-8", SMALL_PAGE.read_bytes()),
        "/empty": (200, "text/html", b""),
        "/logo.png": (200, "image/png", BINARY),
    })
    try:
        base = f"http://127.0.0.1:{server.server_port}"
        urls = tmp_path / "urls.txt"
        urls.write_text(f"# pages to score\n\n{base}/story\n{base}/empty\n{base}/logo.png\n{base}/missing\n"
                        "not a url\nhttp://127.0.0.2:9/refused\n", encoding="utf-8")
        assert open_input(urls).total == 6
        out = tmp_path / "out.jsonl"
        settings = Settings(fetch_allow=f"127.0.0.1:{server.server_port}", fetch_timeout_s=5.0)
        summary = run_batch(urls, out, workers=1, settings=settings)
    finally:
        server.shutdown()
    lines = by_id(read_lines(out))
    assert (summary.scored, summary.failed) == (1, 5)
    assert lines[f"{base}/story"]["report"]["article"]["url"] == f"{base}/story"
    assert lines[f"{base}/empty"]["error"]["code"] == "empty_input"
    assert lines[f"{base}/logo.png"]["error"]["code"] == "unsupported_content_type"
    assert lines[f"{base}/missing"]["error"]["code"] == "upstream_status"
    assert lines["not a url"]["error"]["code"] == "invalid_url"
    # not on the allow-list: the fetcher refuses a private address before connecting
    assert lines["http://127.0.0.2:9/refused"]["error"]["code"] == "address_blocked"


# --- resume ----------------------------------------------------------------------------------


def big_page(n: int) -> bytes:
    """A long article (a few hundred ms to score), distinct per n."""
    paragraph = ("<p>Council member {n} said on Tuesday that the harbour works, according to the engineering "
                 "report, would take two seasons and cost {n} million euros, a figure the regional "
                 "government disputed in a statement.</p>\n")
    body = "".join(paragraph.format(n=n * 1000 + i) for i in range(200))
    return (f"<html><head><title>Harbour report {n}</title></head><body><article><h1>Harbour report {n}</h1>"
            f"<p class='byline'>By Maria Lindqvist</p>{body}</article></body></html>").encode()


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scorer", *args], cwd=PROJECT_ROOT, input=stdin,
                          capture_output=True, timeout=300)


def _descendants(pid: int) -> list[int]:
    if not Path(f"/proc/{pid}/task").exists():
        return []
    found = []
    for child in _children(pid):
        found += [child, *_descendants(child)]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[-1].split()[0]
    except (OSError, IndexError):
        return False
    return state != b"Z"


def count_lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


@pytest.mark.slow
def test_resume_after_kill_9(tmp_path: Path, scoring_works: None) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(36):
        (folder / f"page-{n:02d}.html").write_bytes(big_page(n))
    (folder / "page-10-empty.html").write_bytes(b"")
    (folder / "page-20-binary.html").write_bytes(BINARY)
    (folder / "page-30-truncated.html").write_bytes(big_page(99)[:5000])
    (folder / "page-31-bad.html.gz").write_bytes(b"not gzip")
    inputs = {r.id for r in iter_input(folder)}
    assert len(inputs) == 40
    out = tmp_path / "out.jsonl"

    process = subprocess.Popen([sys.executable, "-m", "scorer", "batch", str(folder), "-o", str(out),
                                "--workers", "1"], cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while count_lines(out) < 3 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert process.poll() is None, "the batch finished before it could be killed: make the pages bigger"
    helpers = _descendants(process.pid)  # the forkserver, its workers, the resource tracker
    assert helpers or not Path("/proc/self/task").exists()
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    process.stderr.close()
    # the workers notice their batch is gone and exit, taking the helpers with them: no orphans
    deadline = time.monotonic() + 15
    while any(_alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in helpers if _alive(pid)], "processes of the killed batch live on"
    written_before = count_lines(out)
    assert 3 <= written_before < 40
    first_run = by_id(read_lines(out))
    # a kill inside os.write would leave a torn last line; make one so the rerun must cut it off
    with out.open("ab") as handle:
        handle.write(b'{"id": "page-35.html", "input": {"kind": "file", "sou')

    rerun = run_cli("batch", str(folder), "-o", str(out), "--workers", "1")
    assert rerun.returncode == 0, rerun.stderr.decode()
    summary = rerun.stderr.decode()
    assert f"skipped (already in output): {written_before}" in summary

    lines = by_id(read_lines(out))  # raises on a torn line or an id written twice
    assert set(lines) == inputs
    for record_id, line in first_run.items():
        assert lines[record_id] == line  # what the killed run wrote stays as it was
    assert lines["page-10-empty.html"]["error"]["code"] == "empty_input"
    assert lines["page-20-binary.html"]["error"]["code"] == "not_html"
    assert lines["page-31-bad.html.gz"]["error"]["code"] == "bad_gzip"
    assert sum("report" in line for line in lines.values()) == 37
    # a third run has nothing left to do
    again = run_cli("batch", str(folder), "-o", str(out))
    assert again.returncode == 0 and count_lines(out) == 40


def test_resume_cuts_a_torn_line_and_skips_what_was_written(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    for name in ("a.html", "b.html", "c.html"):
        (folder / name).write_bytes(b"")
    out = tmp_path / "out.jsonl"
    run_batch(folder, out, workers=0)
    lines = out.read_bytes().splitlines(keepends=True)
    out.write_bytes(lines[0] + lines[1][:-1])  # line 2 lost its newline: torn
    summary = run_batch(folder, out, workers=0)
    assert (summary.skipped, summary.failed) == (1, 2)
    assert set(by_id(read_lines(out))) == {"a.html", "b.html", "c.html"}


def test_resume_cuts_a_whole_looking_line_that_is_not_json(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"id": "a.html", "input": {}, "error": {"code": "x", "message": "y"}}\n'
                    b'{"id": "b.html", "inp\n')
    with OutputFile(out) as output:
        assert output.already_written == 1 and output.cut_bytes == len(b'{"id": "b.html", "inp\n')
        assert output.claim("a.html") == batch.WRITTEN_EARLIER
        assert output.claim("b.html") == batch.NEW
        assert output.claim("b.html") == batch.DUPLICATE


def test_output_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_bytes(b"")
    precious = tmp_path / "notes.jsonl"
    precious.write_text('{"name": "mine"}\n')
    with pytest.raises(BatchOutputError, match="not a batch result"):
        run_batch(folder, precious, workers=0)
    assert precious.read_text() == '{"name": "mine"}\n'
    csv_file = tmp_path / "sheet.csv"
    csv_file.write_text("name,amount\nx,1\n")
    assert main(["batch", str(folder), "-o", str(csv_file)]) == 1
    assert csv_file.read_text() == "name,amount\nx,1\n"


def test_one_output_one_writer(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with OutputFile(out):
        with pytest.raises(BatchOutputError, match="another batch"):
            OutputFile(out)


# --- CSV ----------------------------------------------------------------------------------------


def test_csv_output_and_resume(tmp_path: Path, scoring_works: None) -> None:
    import csv

    folder = make_folder(tmp_path)
    out = tmp_path / "out.csv"
    assert main(["batch", str(folder), "-o", str(out), "--workers", "0"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:4] == ["id", "score", "label", "probability_unreliable"]
    assert header[-2:] == ["error_code", "error_message"]
    for signal_id in batch.signal_ids():
        assert _signal_column(signal_id) in header
    by = {row["id"]: row for row in rows}
    assert len(by) == len(rows) == len(list(iter_input(folder)))
    good = by["good.html"]
    assert 0 <= float(good["score"]) <= 100 and good["error_code"] == ""
    assert good["byline"] in {"person", "organization", "generic", "none"}
    assert good["author"] == "Maria Lindqvist"
    assert by["empty.html"]["error_code"] == "empty_input" and by["empty.html"]["score"] == ""
    assert by["binary.html"]["error_code"] == "not_html"

    # kill-like damage: the last row loses its end; the rerun cuts it and writes it again
    data = out.read_bytes()
    out.write_bytes(data[:-10])
    assert main(["batch", str(folder), "-o", str(out), "--workers", "0"]) == 0
    rows_after = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [row["id"] for row in rows_after] == [row["id"] for row in rows]
    assert out.read_bytes() == data  # the same bytes: rows are deterministic


def test_csv_columns_match_the_reports_signals(scoring_works: None) -> None:
    from scorer import score_html

    report = score_html(SMALL_PAGE.read_bytes())
    assert batch.signal_ids() == tuple(s.id for s in report.signals)


def test_csv_cells_stay_on_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    record = Record(id="two\nlines", kind="jsonl", source="x", error=batch.RecordError("bad_json", "a\r\nb"))
    with OutputFile(out, "csv", signals=("byline",)) as output:
        output.write(batch.Result.failed(record, record.error))
    assert out.read_text().count("\n") == 2
    with OutputFile(out, "csv") as output:  # the header is read back, not recomputed
        assert output.claim("two\nlines") == batch.WRITTEN_EARLIER


# --- stdin -------------------------------------------------------------------------------------


def test_stdin_jsonl_via_the_cli(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "e", "html": ""}), "{broken", json.dumps({"id": "b", "html": "\x00" * 50})]
    out = tmp_path / "out.jsonl"
    result = run_cli("batch", "-", "-o", str(out), stdin=("\n\n" + "\n".join(lines) + "\n").encode())
    assert result.returncode == 0, result.stderr.decode()
    assert "done: 3 (0 scored, 3 failed)" in result.stderr.decode()
    written = by_id(read_lines(out))
    assert written["e"]["error"]["code"] == "empty_input"
    assert written["line:4"]["error"]["code"] == "bad_json"
    assert written["b"]["error"]["code"] == "not_html"
    assert written["e"]["input"]["source"] == "-:3"


def test_stdin_url_list_and_warc(tmp_path: Path) -> None:
    urls = b"# a comment\n\nhttp://127.0.0.1:9/a\nnot-a-url\nftp://x.example/\n"
    records = list(open_input("-", stdin=io.BytesIO(urls)))
    assert [(r.id, r.error.code if r.error else None) for r in records] == [
        ("http://127.0.0.1:9/a", None), ("not-a-url", "invalid_url"), ("ftp://x.example/", "invalid_url")]
    assert records[0].url == "http://127.0.0.1:9/a" and records[0].source == "-:3"
    warc = tmp_path / "in.warc.gz"
    ids = write_warc(warc, warc_pages())
    batch_input = open_input("-", stdin=io.BytesIO(warc.read_bytes()))
    assert batch_input.kind == "warc" and batch_input.total is None
    assert [r.id for r in batch_input] == ids


# --- bad inputs and outputs: the batch cannot run --------------------------------------------------


@pytest.mark.parametrize("content, message", [
    (b"<!DOCTYPE html><html><body><p>one page</p></body></html>", "single HTML page"),
    (BINARY, "cannot tell what"),
    (b"just some words\nand more\n", "cannot tell what"),
], ids=["single-page", "binary", "prose"])
def test_unrecognised_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture, content: bytes,
                                    message: str) -> None:
    path = tmp_path / "input.bin"
    path.write_bytes(content)
    assert main(["batch", str(path), "-o", str(tmp_path / "out.jsonl")]) == 2
    err = capsys.readouterr().err
    assert "unreadable_input" in err and message in err


def test_missing_input_exits_2_and_unwritable_output_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["batch", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out.jsonl")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    folder = tmp_path / "in"
    folder.mkdir()
    assert main(["batch", str(folder), "-o", str(tmp_path / "no" / "such" / "dir" / "out.jsonl")]) == 1
    assert "unwritable_output" in capsys.readouterr().err


def test_unreadable_input_file(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "urls.txt"
    not_a_folder.write_text("http://127.0.0.1/\n")
    with pytest.raises(BatchInputError, match="cannot read"):
        open_input(not_a_folder / "inside")


def test_empty_folder_completes_with_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    summary = run_batch(folder, tmp_path / "out.jsonl", workers=0)
    assert (summary.scored, summary.failed, summary.skipped) == (0, 0, 0)
    assert (tmp_path / "out.jsonl").read_bytes() == b""


# --- workers ---------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to find the workers")
def test_a_killed_worker_loses_no_record(scoring_works: None) -> None:
    html = SMALL_PAGE.read_bytes()
    records = [Record(id=f"r{n}", kind="jsonl", source="test", html=html) for n in range(30)]
    results = []
    for result in score_records(records, workers=2):
        results.append(result)
        if len(results) == 1:  # workers are the forkserver's children
            workers = [w for child in _children(os.getpid()) for w in _children(child)]
            assert workers, "no worker processes found"
            os.kill(workers[0], signal.SIGKILL)
    assert sorted(r.id for r in results) == sorted(r.id for r in records)
    assert all(r.ok for r in results)


def test_two_workers_score_each_record_once(scoring_works: None) -> None:
    html = SMALL_PAGE.read_bytes()
    records = [Record(id=f"r{n}", kind="jsonl", source="t", html=html if n % 3 else b"") for n in range(12)]
    results = list(score_records(records, workers=2, in_flight=3))
    assert sorted(r.id for r in results) == sorted(r.id for r in records)
    assert {r.id for r in results if not r.ok} == {f"r{n}" for n in range(0, 12, 3)}
    assert len({r.report["score"] for r in results if r.ok}) == 1


def test_timeout_becomes_an_error_record(scoring_works: None) -> None:
    records = [Record(id="slow", kind="file", source="slow", html=big_page(1))]
    results = list(score_records(records, workers=1, timeout=0.001))
    assert [(r.id, r.error.code if r.error else None) for r in results] == [("slow", "timeout")]


def test_models_that_cannot_load_stop_the_batch(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_bytes(SMALL_PAGE.read_bytes())
    settings = Settings(models_dir=tmp_path / "no-models")
    with pytest.raises(WorkerStartError, match="models"):
        list(score_records(iter_input(folder), workers=1, settings=settings))
    with pytest.raises(WorkerStartError, match="models"):
        list(score_records(iter_input(folder), workers=0, settings=settings))


def test_bad_arguments() -> None:
    with pytest.raises(ValueError):
        score_records([], workers=-1)
    with pytest.raises(ValueError):
        OutputFile("x", "xml")
