"""Batch scoring on Spark, for more pages than one machine scores in time.

    python -m scorer.spark INPUT... -o OUTDIR [--format parquet|jsonl] [--master local[2]]

INPUT is any mix of WARC files (.warc, .warc.gz, .arc.gz: crawls, Common Crawl), JSONL files of
pages (url, html, optional id and text per line, as `python -m scorer batch` reads them) and
Parquet of pages (columns url, html, optional id), or folders holding them. Paths are local or any
URI pyarrow opens (hdfs://, s3://).

- WARC and JSONL files are split by file: one task per file, read and parsed inside the executor
  (a WARC is never loaded whole into memory), with the very readers `scorer.batch` uses, so a
  record gets the same id and the same errors as on one machine.
- Parquet is read as a DataFrame and scored with `mapPartitions`.
- Each partition calls `load_resources()` once; it is cached per Python worker process, which
  Spark reuses across tasks, so the models load once per executor process.

The output (Parquet or JSONL part files in OUTDIR) has one row per record: id, url, score, label,
report_json (`Report.to_dict()` as JSON) and error_code / error_message for records that failed.
docs/spark.md shows the same job on a YARN or Kubernetes cluster.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

from scorer.batch import Record, Result, open_input_stream, score_record

# File names scored one task per file (everything else in a folder is passed over).
FILE_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
PARQUET_SUFFIX = ".parquet"
OUTPUT_COLUMNS = ("id", "url", "score", "label", "report_json", "error_code", "error_message")
FORMATS = ("parquet", "jsonl")

# Local mode must not reach out: no web UI, and the driver bound to loopback only.
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.sql.shuffle.partitions": "4",
}


def output_schema() -> Any:
    from pyspark.sql.types import DoubleType, StringType, StructField, StructType

    return StructType([
        StructField("id", StringType(), False),
        StructField("url", StringType(), True),
        StructField("score", DoubleType(), True),
        StructField("label", StringType(), True),
        StructField("report_json", StringType(), True),
        StructField("error_code", StringType(), True),
        StructField("error_message", StringType(), True),
    ])


def result_row(result: Result, url: str | None = None) -> tuple:
    """One output row (in OUTPUT_COLUMNS order) for a batch result."""
    if result.error is not None:
        return (result.id, url or result.input.get("url"), None, None, None, result.error.code, result.error.message)
    report = result.report or {}
    article = report.get("article") or {}
    score = report.get("score")  # null for pages that are not articles or have too little text
    return (result.id, url or article.get("url") or result.input.get("url"), None if score is None else float(score),
            report.get("label"), json.dumps(report, ensure_ascii=False), None, None)


# --------------------------------------------------------------------------------------------
# Executor side: module-level functions, pickled by reference


def score_files(paths: Iterable[str]) -> Iterator[tuple]:
    """mapPartitions over file paths: read each WARC/JSONL file in this executor and score its records."""
    from scorer.resources import load_resources

    resources = load_resources()  # cached for the life of this Python worker process
    for path in paths:
        try:
            records = iter(open_input_stream(_open_binary(path), path, settings=resources.settings))
        except Exception as exc:  # an unreadable file is one error row; the other files go on
            yield _file_error_row(path, exc)
            continue
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as exc:  # the file breaks off (a truncated .gz): keep what was read
                yield _file_error_row(path, exc)
                break
            yield result_row(score_record(record, resources))


def _file_error_row(path: str, exc: Exception) -> tuple:
    code = getattr(exc, "code", None) or "unreadable_input"
    return (path, None, None, None, None, str(code), f"{type(exc).__name__}: {exc}"[:500])


def score_rows(rows: Iterable[Any]) -> Iterator[tuple]:
    """mapPartitions over DataFrame rows with url, html and optional id columns."""
    from scorer.resources import load_resources

    resources = load_resources()
    for row in rows:
        record = _record_of_row(row.asDict())
        yield result_row(score_record(record, resources), url=record.url)


def _record_of_row(row: dict[str, Any]) -> Record:
    url, html, source = row.get("url"), row.get("html"), row.get("_source") or ""
    if row.get("id") is not None:
        record_id = str(row["id"])
    elif url:
        record_id = url
    else:  # no id and no URL: name the page by its content, stable across runs
        data = html.encode("utf-8", "surrogatepass") if isinstance(html, str) else (html or b"")
        record_id = "sha256:" + hashlib.sha256(data).hexdigest()
    if html is None:
        from scorer.batch import MISSING_FIELD, RecordError

        return Record(id=record_id, kind="parquet", source=source, url=url,
                      error=RecordError(MISSING_FIELD, "the row has no `html`"))
    if isinstance(html, (bytes, bytearray)):
        html = bytes(html)
    return Record(id=record_id, kind="parquet", source=source, url=url, html=html)


def _open_binary(path: str) -> Any:
    if "://" not in path:
        return open(path, "rb")  # noqa: SIM115 - closed by the batch reader
    from pyarrow import fs

    filesystem, inner = fs.FileSystem.from_uri(path)
    return filesystem.open_input_stream(inner)


# --------------------------------------------------------------------------------------------
# Driver side


def expand_inputs(inputs: Iterable[str]) -> tuple[list[str], list[str]]:
    """(files scored one task per file, Parquet paths): folders are listed, local globs expanded."""
    files: list[str] = []
    parquet: list[str] = []
    for given in inputs:
        if "://" in given:
            _expand_uri(given, files, parquet)
            continue
        matches = sorted(glob.glob(given)) or [given]
        for match in matches:
            path = Path(match)
            if not path.exists():
                raise FileNotFoundError(f"no such file or folder: {match}")
            if path.is_dir():
                if any(p.name.endswith(PARQUET_SUFFIX) for p in path.iterdir()):
                    parquet.append(str(path.resolve()))
                    continue
                for child in sorted(path.rglob("*")):
                    if child.is_file() and child.name.lower().endswith(FILE_SUFFIXES):
                        files.append(str(child.resolve()))
                    elif child.is_file() and child.name.endswith(PARQUET_SUFFIX):
                        parquet.append(str(child.resolve()))
            elif path.name.endswith(PARQUET_SUFFIX):
                parquet.append(str(path.resolve()))
            else:
                files.append(str(path.resolve()))
    return files, parquet


def _expand_uri(uri: str, files: list[str], parquet: list[str]) -> None:
    from pyarrow import fs

    filesystem, inner = fs.FileSystem.from_uri(uri)
    info = filesystem.get_file_info(inner)
    scheme = uri.split("://", 1)[0]
    if info.type == fs.FileType.Directory:
        for child in filesystem.get_file_info(fs.FileSelector(inner, recursive=True)):
            name = child.path.lower()
            if child.type == fs.FileType.File and name.endswith(FILE_SUFFIXES):
                files.append(f"{scheme}://{child.path}")
            elif child.type == fs.FileType.File and name.endswith(PARQUET_SUFFIX):
                parquet.append(f"{scheme}://{child.path}")
    elif info.type == fs.FileType.File:
        (parquet if inner.endswith(PARQUET_SUFFIX) else files).append(uri)
    else:
        raise FileNotFoundError(f"no such file or folder: {uri}")


def build_session(master: str | None = None, *, app_name: str = "scorer-batch") -> Any:
    """A SparkSession. Run by `python -m` it defaults to local[*]; under spark-submit, spark-submit's master.

    In local mode it is bound to 127.0.0.1 with no web UI, and the executors import the scorer from
    this checkout; on a cluster the scorer reaches executors with --py-files (docs/spark.md).
    """
    from pyspark.sql import SparkSession

    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started this driver and holds its conf
    if master is None and not submitted:
        master = "local[*]"
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # else Spark looks up the host's own address
        for key, value in LOCAL_CONF.items():
            builder = builder.config(key, value)
        root = str(Path(__file__).resolve().parent.parent)
        builder = builder.config("spark.executorEnv.PYTHONPATH", os.pathsep.join(
            p for p in (root, os.environ.get("PYTHONPATH", "")) if p))
    return builder.getOrCreate()


def score_to_dataframe(spark: Any, inputs: Iterable[str], *, partitions: int | None = None) -> Any:
    """The scored DataFrame (OUTPUT_COLUMNS) of the inputs; lazy until written."""
    files, parquet = expand_inputs(inputs)
    return _score_frame(spark, files, parquet, partitions)


def _score_frame(spark: Any, files: list[str], parquet: list[str], partitions: int | None) -> Any:
    if not files and not parquet:
        raise FileNotFoundError("no WARC, JSONL or Parquet files in the inputs")
    schema = output_schema()
    frames = []
    if files:
        # one file per task: a WARC is read sequentially, so a file is the unit of parallelism
        rdd = spark.sparkContext.parallelize(files, len(files)).mapPartitions(score_files)
        frames.append(spark.createDataFrame(rdd, schema))
    if parquet:
        from pyspark.sql import functions as F

        pages = spark.read.parquet(*parquet)
        missing = {"html"} - set(pages.columns)
        if missing:
            raise ValueError(f"the Parquet input has no `html` column (columns: {', '.join(pages.columns)})")
        columns = [F.col("html").cast("string").alias("html"), F.input_file_name().alias("_source")]
        for optional in ("url", "id"):
            columns.append(F.col(optional).cast("string").alias(optional) if optional in pages.columns
                           else F.lit(None).cast("string").alias(optional))
        pages = pages.select(*columns)
        if partitions:
            pages = pages.repartition(partitions)
        frames.append(spark.createDataFrame(pages.rdd.mapPartitions(score_rows), schema))
    frame = frames[0]
    for other in frames[1:]:
        frame = frame.unionByName(other)
    return frame


def write(frame: Any, output: str, fmt: str, *, overwrite: bool = False) -> None:
    writer = frame.write.mode("overwrite" if overwrite else "errorifexists")
    if fmt == "parquet":
        writer.parquet(output)
    else:
        writer.option("ignoreNullFields", "false").json(output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scorer.spark", description=__doc__.split("\n")[0])
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="WARC, JSONL or Parquet files or folders")
    parser.add_argument("-o", "--output", required=True, help="the output folder (Spark part files)")
    parser.add_argument("--format", choices=FORMATS, default="parquet")
    parser.add_argument("--master", default=None,
                        help="Spark master, e.g. local[2] (default: spark-submit's, else local[*])")
    parser.add_argument("--partitions", type=int, default=None, help="repartition Parquet input into this many")
    parser.add_argument("--overwrite", action="store_true", help="replace OUTDIR if it exists")
    args = parser.parse_args(argv)

    try:
        files, parquet = expand_inputs(args.inputs)
        if not files and not parquet:
            raise FileNotFoundError("no WARC, JSONL or Parquet files in the inputs")
    except (FileNotFoundError, OSError) as exc:
        print(f"error [invalid_input]: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    spark = build_session(args.master)
    spark.sparkContext.setLogLevel("WARN")
    try:
        frame = _score_frame(spark, files, parquet, args.partitions)
        write(frame, args.output, args.format, overwrite=args.overwrite)
        scored_seconds = time.perf_counter() - started
        written = spark.read.parquet(args.output) if args.format == "parquet" else spark.read.json(args.output)
        counts = written.groupBy(written.error_code.isNull().alias("ok")).count().collect()
    except ValueError as exc:  # a Parquet input without an html column
        print(f"error [invalid_input]: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # the job failed in the executors (a model that cannot load): say why, briefly
        print(f"error [batch_failed]: the Spark job failed: {_root_cause(exc)}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    scored = sum(row["count"] for row in counts if row["ok"])
    failed = sum(row["count"] for row in counts if not row["ok"])
    total = scored + failed
    print(f"done: {total} ({scored} scored, {failed} failed) in {scored_seconds:.1f} s "
          f"(with Spark start-up) = {total / scored_seconds:.1f} pages/s -> {args.output}", file=sys.stderr)
    return 0


def _root_cause(exc: Exception) -> str:
    """The Python exception line inside a Spark failure's long Java trace, else its first line."""
    text = str(exc)
    causes = re.findall(r"^((?:[\w.]+\.)?\w+(?:Error|Exception): .+)$", text, re.M)
    python_causes = [c for c in causes if not c.startswith(("org.", "java.", "py4j."))]
    return (python_causes or causes or [text.strip().splitlines()[0] if text.strip() else type(exc).__name__])[-1][:500]


if __name__ == "__main__":
    sys.exit(main())
