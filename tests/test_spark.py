"""The Spark job in local mode: a small WARC, JSONL and Parquet of pages -> Parquet or JSONL rows."""
from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from jobs import spark as spark_job

FIXTURES = Path(__file__).parent / "fixtures" / "batch"
SMALL_PAGE = FIXTURES / "small-article.html"
BINARY = bytes(range(256)) * 40

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java on the PATH"),
]


@pytest.fixture(scope="module")
def scoring_works() -> None:
    from scorer import score_html
    from scorer.errors import ModelError

    try:
        score_html(SMALL_PAGE.read_bytes())
    except ModelError as exc:
        pytest.skip(f"the scoring models are not built in this checkout: {exc}")


def write_small_warc(path: Path) -> dict[str, str]:
    """Four responses (two pages, an empty page, an image) and a request; returns {WARC-Record-ID: url} of pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = SMALL_PAGE.read_bytes()
    responses = [
        ("https://harbourgazette.example/a", html, "text/html; charset=utf-8"),
        ("https://harbourgazette.example/b", html.replace(b"Maria Lindqvist", b"Jon Eriksen"), "text/html"),
        ("https://harbourgazette.example/empty", b"", "text/html"),
        ("https://harbourgazette.example/logo.png", BINARY, "image/png"),
    ]
    pages = {}
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "harbourgazette.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record(responses[0][0], "request", payload=io.BytesIO(b""),
                                                      http_headers=request))
        for url, body, content_type in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            writer.write_record(record)
            if content_type.startswith("text/html"):
                pages[record.rec_headers.get_header("WARC-Record-ID")] = url
    return pages


def read_parquet(folder: Path) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(folder).to_pylist()


def test_spark_scores_a_small_warc_in_local_mode(tmp_path: Path, scoring_works: None) -> None:
    warc = tmp_path / "crawl.warc.gz"
    pages = write_small_warc(warc)
    out = tmp_path / "scored"
    assert spark_job.main([str(warc), "-o", str(out), "--master", "local[2]"]) == 0
    assert (out / "_SUCCESS").exists()
    rows = {row["id"]: row for row in read_parquet(out)}
    assert set(rows) == set(pages)  # the image and the request are not pages
    assert set(next(iter(rows.values()))) == set(spark_job.OUTPUT_COLUMNS)
    by_url = {row["url"]: row for row in rows.values()}
    for url in ("https://harbourgazette.example/a", "https://harbourgazette.example/b"):
        row = by_url[url]
        assert row["error_code"] is None and 0 <= row["score"] <= 100
        report = json.loads(row["report_json"])
        assert report["score"] == row["score"] and report["label"] == row["label"]
        assert report["article"]["title"].startswith("Harbour council")
    assert json.loads(by_url["https://harbourgazette.example/b"]["report_json"])["article"]["byline"] == "Jon Eriksen"
    empty = by_url["https://harbourgazette.example/empty"]
    assert (empty["error_code"], empty["score"], empty["report_json"]) == ("empty_input", None, None)

    # the same records scored on one machine get the same ids and scores
    from scorer.batch import iter_input, score_records

    local = {r.id: r for r in score_records(iter_input(warc), workers=0)}
    assert {i: (r.report or {}).get("score") for i, r in local.items()} == {i: row["score"] for i, row in rows.items()}


def test_spark_jsonl_and_parquet_inputs_to_jsonl(tmp_path: Path, scoring_works: None) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    html = SMALL_PAGE.read_text(encoding="utf-8")
    jsonl = tmp_path / "pages.jsonl"
    jsonl.write_text("\n".join([
        json.dumps({"id": "j1", "url": "https://harbourgazette.example/j1", "html": html}),
        "{not json",
        json.dumps({"id": "j3", "html": 42}),
    ]) + "\n", encoding="utf-8")
    parquet_dir = tmp_path / "pages-parquet"
    parquet_dir.mkdir()
    pq.write_table(pa.table({"url": ["https://harbourgazette.example/p1", None],
                             "html": [html, ""]}), parquet_dir / "part-0.parquet")
    out = tmp_path / "scored-jsonl"
    assert spark_job.main([str(jsonl), str(parquet_dir), "-o", str(out), "--format", "jsonl",
                           "--master", "local[1]"]) == 0
    rows = [json.loads(line) for part in sorted(out.glob("part-*.json"))
            for line in part.read_text(encoding="utf-8").splitlines()]
    by_id = {row["id"]: row for row in rows}
    assert len(by_id) == len(rows) == 5
    assert set(rows[0]) == set(spark_job.OUTPUT_COLUMNS)  # nulls are written, not dropped
    assert by_id["j1"]["score"] is not None and by_id["j1"]["error_code"] is None
    assert by_id["line:2"]["error_code"] == "bad_json"
    assert by_id["j3"]["error_code"] == "wrong_type"
    assert by_id["https://harbourgazette.example/p1"]["score"] is not None
    empty_id = next(i for i in by_id if i.startswith("sha256:"))  # no id, no url: named by its content
    assert by_id[empty_id]["error_code"] == "empty_input"


def test_spark_refuses_missing_input(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert spark_job.main([str(tmp_path / "nowhere.warc.gz"), "-o", str(tmp_path / "out"),
                           "--master", "local[1]"]) == 2
    assert "no such file" in capsys.readouterr().err
