"""Batch throughput: the 181 benchmark pages scored with 1 and 2 worker processes, in one run.

    python -m training.bench_batch [--repeat 2] [--rounds 3] [--no-docs]
    python -m training.bench_batch --spark [--no-docs]

Runs `scorer.batch.run_batch` (the code behind `python -m scorer batch`) over a folder holding
the article-extraction benchmark's 181 .html.gz pages `--repeat` times (symlinks, so the pages
are read and gunzipped by the workers as in real use): in-process (`--workers 0`, for
reference) and with 1 and 2 worker processes, in interleaved rounds, after timing worker start-up
for each multiprocessing start method. Each run records its CPU time (the batch process, and its
workers read from /proc) and the CPU the rest of the machine used meanwhile, so that runs on a
shared machine can be read for what they are. Checks every run wrote each page exactly once with
the same score. Prints a table and a final JSON line, and rewrites the results block of
docs/batch.md.

`--spark` instead writes the 181 pages (with their URLs) into WARC files and scores them with the
Spark job (`scorer.spark`) in local mode with 1 and 2 cores, and rewrites docs/spark.md's block.
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from scorer.batch import START_METHOD, run_batch
from scorer.config import PROJECT_ROOT
from training.settings import get_settings

BATCH_DOC = PROJECT_ROOT / "docs" / "batch.md"
SPARK_DOC = PROJECT_ROOT / "docs" / "spark.md"
BEGIN, END = "<!-- bench_batch:begin -->", "<!-- bench_batch:end -->"
WORKER_COUNTS = (0, 1, 2)
SPARK_MASTERS = ("local[1]", "local[2]")
# WARC files the pages are split into for Spark: a file is one task, so more files than cores.
SPARK_FILES = 8
# The bar: 2 workers on 2 cores give at least this multiple of 1 worker's pages/s.
TARGET_RATIO = 1.8
# A round counts as undisturbed when the rest of the machine used at most this many cores in each
# of its runs (background daemons use ~0.01).
CLEAN_OTHER_CORES = 0.1

# Start methods, each in a fresh interpreter as the CLI is: start-up to the first result of a
# 2-worker pool, and pages/s between the 20th and the 170th result with 1 and 2 workers, beside
# the CPU the rest of the machine used meanwhile. "forkserver+preload" is forkserver with the
# scorer imported in the server first, which workers then share copy-on-write.
START_VARIANTS = ("fork", "forkserver", "forkserver+preload", "spawn")
_METHOD_PROBE = """
import json, multiprocessing, os, sys, time
from pathlib import Path
from scorer.batch import iter_input, score_records

def tree_cpu(pid):
    tick, total, stack = os.sysconf("SC_CLK_TCK"), 0.0, [pid]
    while stack:
        p = stack.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_bytes().rsplit(b")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            stack += [int(c) for t in Path(f"/proc/{p}/task").iterdir() for c in (t / "children").read_text().split()]
        except (OSError, IndexError):
            pass
    return total

def busy():
    f = [int(x) for x in open("/proc/stat").readline().split()[1:9]]
    return (sum(f) - f[3] - f[4]) / os.sysconf("SC_CLK_TCK")

if __name__ == "__main__":
    variant, folder = sys.argv[1], sys.argv[2]
    method = variant.split("+")[0]
    if variant.endswith("+preload"):
        multiprocessing.get_context("forkserver").set_forkserver_preload(["scorer.batch.workers", "scorer.pipeline"])
    out = {"variant": variant}
    for workers in (1, 2):
        started, n = time.perf_counter(), 0
        for result in score_records(iter_input(folder), workers=workers, start_method=method):
            n += 1
            if n == 1:
                out[f"startup_s_{workers}"] = round(time.perf_counter() - started, 2)
            if n == 20:
                t0, ours0, busy0 = time.perf_counter(), tree_cpu(os.getpid()), busy()
            if n == 170:
                elapsed = time.perf_counter() - t0
                others = max(0.0, busy() - busy0 - (tree_cpu(os.getpid()) - ours0)) / elapsed
                out[f"pages_per_s_{workers}"] = round(150 / elapsed, 2)
                out[f"other_jobs_cores_{workers}"] = round(others, 2)
    out["ratio"] = round(out["pages_per_s_2"] / out["pages_per_s_1"], 2)
    print(json.dumps(out))
"""


def benchmark_dir() -> Path:
    return get_settings().data_root / "article-extraction-benchmark"


def build_input(pages_dir: Path, folder: Path, repeat: int) -> int:
    """A folder of `repeat` passes over the pages (symlinks); returns the number of pages."""
    pages = sorted(pages_dir.glob("*.html.gz"))
    if not pages:
        raise SystemExit(f"no .html.gz pages in {pages_dir}")
    for n in range(repeat):
        pass_dir = folder / f"pass{n + 1}"
        pass_dir.mkdir(parents=True)
        for page in pages:
            (pass_dir / page.name).symlink_to(page)
    return len(pages) * repeat


def scores_by_id(output: Path) -> dict[str, float | None]:
    scores: dict[str, float | None] = {}
    with output.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] in scores:
                raise SystemExit(f"{output}: id {record['id']} written twice")
            scores[record["id"]] = record["report"]["score"] if "report" in record else None
    return scores


def probe_start_method(variant: str, pages_dir: Path) -> dict:
    probe = subprocess.run([sys.executable, "-c", _METHOD_PROBE, variant, str(pages_dir)], cwd=PROJECT_ROOT,
                           capture_output=True, text=True)
    if probe.returncode != 0:
        raise SystemExit(f"the {variant} probe failed: {probe.stderr.strip().splitlines()[-1:]}")
    result = json.loads(probe.stdout.strip().splitlines()[-1])
    print(f"start method {variant}: start-up {result['startup_s_2']} s; {result['pages_per_s_1']} -> "
          f"{result['pages_per_s_2']} pages/s = {result['ratio']}x; other jobs {result['other_jobs_cores_1']}, "
          f"{result['other_jobs_cores_2']} cores", file=sys.stderr)
    return result


class WorkerCpu:
    """CPU seconds used by this process's worker processes (the forkserver's children) during a run.

    Read from /proc every 50 ms while the run lasts (workers exit before they could be asked; a
    process's counters are cumulative, so only its last <= 50 ms can be missed).
    """

    INTERVAL_S = 0.05

    def __init__(self) -> None:
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="worker-cpu", daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")
        self._known = set(self._grandchildren())  # workers of an earlier run, if still exiting

    def __enter__(self) -> "WorkerCpu":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def seconds(self) -> float:
        return sum(self._cpu.values())

    def _loop(self) -> None:
        while not self._stop.wait(self.INTERVAL_S):
            for pid in self._grandchildren():
                if pid in self._known:
                    continue
                try:
                    fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
                except (OSError, IndexError):
                    continue
                # utime and stime are fields 14 and 15 of /proc/PID/stat (1-based, counting pid and comm)
                self._cpu[pid] = max(self._cpu.get(pid, 0.0), (int(fields[11]) + int(fields[12])) / self._tick)

    @staticmethod
    def _grandchildren() -> list[int]:
        def children(pid: int) -> list[int]:
            try:
                return [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
                        for c in (task / "children").read_text().split()]
            except OSError:
                return []

        return [grandchild for child in children(os.getpid()) for grandchild in children(child)]


# The control: one process scoring pages in a plain loop, no batch machinery, no IPC. Run alone and
# then two at once, it shows how much two CPU-bound scorers can get from this machine together.
_CONTROL = """
import gzip, sys, time
from pathlib import Path
from scorer import score_html
from scorer.resources import load_resources
pages = [gzip.decompress(p.read_bytes()) for p in sorted(Path(sys.argv[1]).glob("*.html.gz"))[:int(sys.argv[2])]]
load_resources()
score_html(pages[0])
started = time.perf_counter()
for page in pages:
    score_html(page)
print(len(pages) / (time.perf_counter() - started))
"""
CONTROL_PAGES = 80


def control_scaling(pages_dir: Path) -> dict:
    """Pages/s of one plain scoring loop alone, and of two at once (summed): the machine's own scaling."""
    def run(copies: int) -> list[float]:
        procs = [subprocess.Popen([sys.executable, "-c", _CONTROL, str(pages_dir), str(CONTROL_PAGES)],
                                  cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True) for _ in range(copies)]
        outputs = [proc.communicate()[0] for proc in procs]
        if any(proc.returncode for proc in procs):
            raise SystemExit("the control scoring loop failed")
        return [float(out.strip().splitlines()[-1]) for out in outputs]

    def children_cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    ours_before, busy_before, started = children_cpu(), machine_busy_seconds(), time.perf_counter()
    alone = run(1)[0]
    together = run(2)
    ours = children_cpu() - ours_before
    others = max(0.0, machine_busy_seconds() - busy_before - ours) / (time.perf_counter() - started)
    return {"alone_pages_per_s": round(alone, 2), "two_at_once_pages_per_s": round(sum(together), 2),
            "ratio": round(sum(together) / alone, 2), "other_jobs_cores": round(others, 2)}


def tree_cpu_seconds(root: int) -> float:
    """CPU seconds of a process and all its living descendants (/proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_bytes().rsplit(b")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
            stack += [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
                      for c in (task / "children").read_text().split()]
        except (OSError, IndexError):
            continue
    return total


def machine_busy_seconds() -> float:
    """CPU seconds all processes on the machine have used since boot (/proc/stat, all cores)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def bench_workers(args: argparse.Namespace) -> dict:
    pages_dir = benchmark_dir() / "html"
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench_batch-") as tmp:
        folder = Path(tmp) / "pages"
        total = build_input(pages_dir, folder, args.repeat)
        # start methods first: they fail fast when the models cannot load
        methods = [probe_start_method(variant, pages_dir) for variant in START_VARIANTS]
        reference: dict[str, float | None] | None = None
        controls: list[dict] = []
        # rounds interleave the worker counts, so that other jobs on a shared machine hit all of them
        for round_number in range(1, args.rounds + 1):
            for workers in WORKER_COUNTS:
                output = Path(tmp) / f"out-{workers}-{round_number}.jsonl"
                cpu_before, busy_before = time.process_time(), machine_busy_seconds()
                with WorkerCpu() as worker_cpu:
                    summary = run_batch(folder, output, workers=workers)
                parent_cpu = time.process_time() - cpu_before
                busy = machine_busy_seconds() - busy_before
                scores = scores_by_id(output)
                output.unlink()
                if len(scores) != total:
                    raise SystemExit(f"{workers} workers wrote {len(scores)} records for {total} pages")
                if reference is not None and scores != reference:
                    raise SystemExit(f"{workers} workers gave different scores from the first run")
                reference = scores
                ours = parent_cpu + worker_cpu.seconds
                run = {"workers": workers, "round": round_number, "pages": summary.scored + summary.failed,
                       "failed": summary.failed, "seconds": round(summary.seconds, 2),
                       "pages_per_s": round(summary.pages_per_second, 2),
                       "startup_s": round(summary.startup_seconds or 0.0, 2),
                       "steady_pages_per_s": round(summary.steady_pages_per_second or 0.0, 2),
                       "parent_cpu_ms_per_page": round(1000 * parent_cpu / total, 2),
                       "worker_cpu_ms_per_page": round(1000 * worker_cpu.seconds / total, 2),
                       "cores_used": round(ours / summary.seconds, 2),
                       # what the rest of the machine used meanwhile: 0 on an otherwise idle machine
                       "other_jobs_cores": round(max(0.0, busy - ours) / summary.seconds, 2)}
                runs.append(run)
                print(f"round {round_number}, workers={workers}: {run['pages']} pages in {run['seconds']} s = "
                      f"{run['pages_per_s']} pages/s, start-up {run['startup_s']} s, steady "
                      f"{run['steady_pages_per_s']} pages/s; CPU ms/page: parent {run['parent_cpu_ms_per_page']}, "
                      f"workers {run['worker_cpu_ms_per_page']}; cores used {run['cores_used']}, "
                      f"by other jobs {run['other_jobs_cores']}", file=sys.stderr)
            control = control_scaling(pages_dir)
            controls.append({"round": round_number, **control})
            print(f"round {round_number}, control: one plain scoring loop {control['alone_pages_per_s']} pages/s, "
                  f"two at once {control['two_at_once_pages_per_s']} = {control['ratio']}x; by other jobs "
                  f"{control['other_jobs_cores']}", file=sys.stderr)

    cpus = os.cpu_count() or 1
    rounds = {}
    for run in runs:
        rounds.setdefault(run["round"], {})[run["workers"]] = run
    # Rounds in which the rest of the machine stayed (nearly) idle compare the batch with itself; the
    # others mostly measure how much CPU the other jobs left over (the kernel shares CPU by session).
    clean = [r for r in rounds.values() if max(r[w]["other_jobs_cores"] for w in WORKER_COUNTS) <= CLEAN_OTHER_CORES]
    compared = clean or list(rounds.values())

    def median_ratio(num: int, den: int, key: str) -> float:
        return round(statistics.median(r[num][key] / r[den][key] for r in compared if r[den][key]), 3)

    ratio = median_ratio(2, 1, "steady_pages_per_s")
    return {
        "pages": total, "repeat": args.repeat, "rounds": args.rounds, "cpus": cpus,
        "python": platform.python_version(), "start_method": START_METHOD,
        "clean_rounds": [r[1]["round"] for r in clean],
        "ratio_2_vs_1": ratio, "ratio_2_vs_in_process": median_ratio(2, 0, "steady_pages_per_s"),
        "end_to_end_ratio_2_vs_1": median_ratio(2, 1, "pages_per_s"),
        "control_ratio": round(statistics.median(c["ratio"] for c in controls
                                                 if c["round"] in {r[1]["round"] for r in compared}), 3),
        "target_ratio": TARGET_RATIO, "meets_target": ratio >= TARGET_RATIO, "controls": controls,
        "start_methods": methods, "runs": runs,
    }


def render_workers(result: dict) -> str:
    lines = [
        f"{result['pages']} pages ({result['pages'] // result['repeat']} benchmark pages x {result['repeat']}) per "
        f"run, {result['cpus']} CPUs, Python {result['python']}, start method {result['start_method']}, "
        f"{result['rounds']} interleaved rounds. Start-up is the time to the first report (workers started, "
        "models loaded); \"steady\" is the rate from the 20th result to the last, once every worker is busy; "
        "\"other jobs\" is the CPU the rest of the machine used during the run, in cores "
        "(/proc/stat less this batch's own CPU time).",
        "",
        "| round | workers | pages/s | start-up s | steady pages/s | CPU ms/page: parent | workers "
        "| cores used | other jobs, cores |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in result["runs"]:
        name = "0 (in-process)" if run["workers"] == 0 else str(run["workers"])
        lines.append(f"| {run['round']} | {name} | {run['pages_per_s']} | {run['startup_s']} | "
                     f"{run['steady_pages_per_s']} | {run['parent_cpu_ms_per_page']} | "
                     f"{run['worker_cpu_ms_per_page']} | {run['cores_used']} | {run['other_jobs_cores']} |")
    lines += ["", "The control after each round: one plain in-process scoring loop over "
              f"{CONTROL_PAGES} pages alone, then two such processes at once (no batch code, no IPC):", "",
              "| round | one loop pages/s | two at once, pages/s together | ratio | other jobs, cores |",
              "|---:|---:|---:|---:|---:|"]
    for control in result["controls"]:
        lines.append(f"| {control['round']} | {control['alone_pages_per_s']} | {control['two_at_once_pages_per_s']} | "
                     f"{control['ratio']} | {control['other_jobs_cores']} |")
    lines += [
        "",
        (f"Rounds in which other jobs used at most {CLEAN_OTHER_CORES} core in every run: "
         f"{', '.join(map(str, result['clean_rounds']))}; medians over them:" if result["clean_rounds"] else
         "No round ran without other jobs on the machine; medians over all rounds:"),
        "",
        f"- 2 workers vs 1, steady: **{result['ratio_2_vs_1']}x** (target {result['target_ratio']}x: "
        f"{'met' if result['meets_target'] else 'NOT met'}); end to end, start-up included: "
        f"{result['end_to_end_ratio_2_vs_1']}x;",
        f"- 2 workers vs scoring in the batch process itself (`--workers 0`, one core), steady: "
        f"{result['ratio_2_vs_in_process']}x;",
        f"- the control, two plain scoring loops vs one: {result['control_ratio']}x.",
        "",
        "Start methods, each in a fresh interpreter: start-up to the first result of a 2-worker pool, and "
        "pages/s from the 20th to the 170th result of the 181 pages (the batch default is "
        f"`{result['start_method']}`):",
        "",
        "| start method | start-up s | 1 worker pages/s | 2 workers pages/s | ratio | other jobs, cores (1, 2) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for method in result["start_methods"]:
        lines.append(f"| {method['variant']} | {method['startup_s_2']} | {method['pages_per_s_1']} | "
                     f"{method['pages_per_s_2']} | {method['ratio']} | {method['other_jobs_cores_1']}, "
                     f"{method['other_jobs_cores_2']} |")
    return "\n".join(lines)


def write_warcs(folder: Path, files: int) -> tuple[int, set[str]]:
    """The benchmark pages, with their URLs, as `files` WARC files; returns (pages, their record ids)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    truth = json.loads((benchmark_dir() / "ground-truth.json").read_text(encoding="utf-8"))
    page_ids = sorted(truth)
    folder.mkdir(parents=True)
    record_ids: set[str] = set()
    handles = [(folder / f"bench-{n:02d}.warc.gz").open("wb") for n in range(files)]
    try:
        writers = [WARCWriter(handle, gzip=True) for handle in handles]
        for index, page_id in enumerate(page_ids):
            html = gzip.decompress((benchmark_dir() / "html" / f"{page_id}.html.gz").read_bytes())
            url = truth[page_id].get("url") or f"https://benchmark.invalid/{page_id}"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
            writer = writers[index % files]
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(html), http_headers=headers)
            writer.write_record(record)
            record_ids.add(record.rec_headers.get_header("WARC-Record-ID"))
    finally:
        for handle in handles:
            handle.close()
    return len(page_ids), record_ids


def bench_spark(args: argparse.Namespace) -> dict:
    import pyarrow.parquet as pq

    from jobs import spark as spark_job

    runs = []
    reference: dict[str, float | None] | None = None
    with tempfile.TemporaryDirectory(prefix="bench_spark-") as tmp:
        pages, record_ids = write_warcs(Path(tmp) / "warc", SPARK_FILES)
        for master in SPARK_MASTERS:
            load_before = os.getloadavg()[0]
            started = time.perf_counter()
            session = spark_job.build_session(master)
            session.sparkContext.setLogLevel("ERROR")
            try:
                ready = time.perf_counter()
                ours_before, busy_before = tree_cpu_seconds(os.getpid()), machine_busy_seconds()
                output = Path(tmp) / f"out-{master.strip('local[]')}"
                frame = spark_job.score_to_dataframe(session, [str(Path(tmp) / "warc")])
                spark_job.write(frame, str(output), "parquet")
                finished = time.perf_counter()
                # the JVM and its Python workers are still alive here: their counters are whole
                ours = tree_cpu_seconds(os.getpid()) - ours_before
                busy = machine_busy_seconds() - busy_before
            finally:
                session.stop()
            rows = pq.read_table(output).to_pylist()
            scores = {row["id"]: row["score"] for row in rows}
            if len(rows) != pages or set(scores) != record_ids:
                raise SystemExit(f"{master}: {len(rows)} rows for {pages} pages")
            if reference is not None and scores != reference:
                raise SystemExit(f"{master} gave different scores from {SPARK_MASTERS[0]}")
            reference = scores
            failed = sum(row["error_code"] is not None for row in rows)
            run = {"master": master, "pages": pages, "failed": failed, "files": SPARK_FILES,
                   "session_start_s": round(ready - started, 2), "job_s": round(finished - ready, 2),
                   "pages_per_s": round(pages / (finished - ready), 2),
                   "cores_used": round(ours / (finished - ready), 2),
                   "other_jobs_cores": round(max(0.0, busy - ours) / (finished - ready), 2),
                   "load_average_before": round(load_before, 2)}
            runs.append(run)
            print(f"{master}: {pages} pages in {run['job_s']} s = {run['pages_per_s']} pages/s "
                  f"(session start {run['session_start_s']} s); cores used {run['cores_used']}, by other jobs "
                  f"{run['other_jobs_cores']}", file=sys.stderr)
    import pyspark

    return {"pages": pages, "cpus": os.cpu_count(), "pyspark": pyspark.__version__, "runs": runs,
            "ratio_2_vs_1": round(runs[1]["pages_per_s"] / runs[0]["pages_per_s"], 2)}


def render_spark(result: dict) -> str:
    lines = [
        f"{result['pages']} benchmark pages in {result['runs'][0]['files']} WARC.gz files (one task each), "
        f"{result['cpus']} CPUs, pyspark {result['pyspark']}, local mode:",
        "",
        "| master | pages | error records | session start s | job s | pages/s | cores used | other jobs, cores |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in result["runs"]:
        lines.append(f"| {run['master']} | {run['pages']} | {run['failed']} | {run['session_start_s']} | "
                     f"{run['job_s']} | {run['pages_per_s']} | {run['cores_used']} | {run['other_jobs_cores']} |")
    lines += ["", f"local[2] vs local[1]: {result['ratio_2_vs_1']}x. The job time includes starting the Python "
                  "workers and loading the models once in each, which the 181 pages amortise only partly."]
    return "\n".join(lines)


def write_doc(doc: Path, command: str, table: str, result: dict) -> None:
    block = (f"{BEGIN}\nMeasured by `{command}` on {time.strftime('%Y-%m-%d')}:\n\n{table}\n\n"
             f"Final JSON line:\n\n```json\n{json.dumps(result)}\n```\n{END}")
    text = doc.read_text(encoding="utf-8") if doc.exists() else f"# {doc.stem}\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n## Throughput\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc.parent.mkdir(parents=True, exist_ok=True)
    doc.write_text(head + block + tail, encoding="utf-8")
    print(f"wrote {doc}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="passes over the 181 pages per run (default 2)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of 0, 1 and 2 workers (default 3)")
    parser.add_argument("--spark", action="store_true", help="benchmark the Spark job in local mode instead")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/batch.md or docs/spark.md")
    args = parser.parse_args(argv)

    if not (benchmark_dir() / "html").is_dir():
        print(f"the benchmark pages are not at {benchmark_dir()} (set SCORER_DATA_ROOT)", file=sys.stderr)
        return 2
    if args.spark:
        result, doc, command = bench_spark(args), SPARK_DOC, "python -m training.bench_batch --spark"
        table = render_spark(result)
    else:
        result, doc = bench_workers(args), BATCH_DOC
        command = "python -m training.bench_batch" + (f" --repeat {args.repeat}" if args.repeat != 2 else "") + (
            f" --rounds {args.rounds}" if args.rounds != 3 else "")
        table = render_workers(result)
    print(table)
    if not args.no_docs:
        write_doc(doc, command, table, result)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
