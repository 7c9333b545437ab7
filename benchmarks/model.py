"""What the reliability model costs: load time, and its share of full scoring time.

    python -m benchmarks.model [--data-root DIR] [--rounds 5]

- Load: `ReliabilityModel.load()` (card checks, sha256, unpickling, self-check) timed in a fresh
  Python process, after importing the scorer package (timed apart: it is paid once by every
  process, model or not), and again in this process after the other resources are loaded (what
  it adds to `load_resources()`). Target: <= 1 s.
- Overhead: over the 181 pages of the article-extraction benchmark, pinned to one core, each round
  times the full `score_html` of every page and, on the same pages (already parsed and analysed),
  what the model adds: `extract_features` + `ReliabilityModel.explain` + the `text_model` signal's
  evidence. Target: <= 10% of full scoring time. Prints each round, the medians, and a final JSON line.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Sequence

# A fresh process: importing the scorer package (trafilatura, lxml, scikit-learn, scipy), then the load.
LOAD_SNIPPET = ("import time; t0 = time.perf_counter(); from scorer.scoring.model import ReliabilityModel; "
                "t1 = time.perf_counter(); ReliabilityModel.load(); t2 = time.perf_counter(); print(t1 - t0, t2 - t1)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.model", description=__doc__.split("\n")[0])
    parser.add_argument("--data-root", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from scorer.config import PROJECT_ROOT

    imports, cold = [], []
    for _ in range(3):
        done = subprocess.run([sys.executable, "-c", LOAD_SNIPPET], cwd=PROJECT_ROOT, capture_output=True, text=True,
                              check=True)
        imported, loaded = (float(v) for v in done.stdout.strip().splitlines()[-1].split())
        imports.append(imported)
        cold.append(loaded)

    from scorer import load_resources, score_html
    from scorer.scoring.features import extract_features
    from scorer.scoring.model import ReliabilityModel
    from scorer.page.parse import parse_html
    from scorer.pipeline import analyze
    from scorer.scoring.report import text_model_signal
    from training.data.benchmark_pages import load_pages

    resources = load_resources()
    started = time.perf_counter()
    ReliabilityModel.load()
    warm_load = time.perf_counter() - started
    try:
        pages = load_pages(args.data_root)
    except FileNotFoundError as exc:
        print(f"error: benchmark data not found: {exc}", file=sys.stderr)
        return 2
    analyses = [analyze(parse_html(p.html, p.url, settings=resources.settings), resources) for p in pages]
    model = resources.reliability

    def features_only() -> None:
        for analysis in analyses:
            extract_features(analysis.page, analysis.attributions, analysis.headline_bait)

    def model_part() -> None:
        for analysis in analyses:
            explanation = model.explain(extract_features(analysis.page, analysis.attributions, analysis.headline_bait))
            text_model_signal(analysis, explanation)

    for page in pages:  # warm-up
        score_html(page.html, page.url, resources=resources)
    model_part()
    rows, feature_times = [], []
    print(f"{'round':>5} {'full score_html ms/page':>24} {'model part ms/page':>19} {'share':>7} "
          f"{'features alone':>15}")
    for round_no in range(1, args.rounds + 1):
        t = time.perf_counter()
        for page in pages:
            score_html(page.html, page.url, resources=resources)
        full = (time.perf_counter() - t) / len(pages) * 1000
        t = time.perf_counter()
        model_part()
        part = (time.perf_counter() - t) / len(pages) * 1000
        t = time.perf_counter()
        features_only()
        feature_times.append((time.perf_counter() - t) / len(pages) * 1000)
        rows.append((full, part))
        print(f"{round_no:>5} {full:>24.2f} {part:>19.3f} {part / full:>7.1%} {feature_times[-1]:>15.3f}")
    full_median = statistics.median(r[0] for r in rows)
    mean_words = statistics.mean(len(a.page.text.split()) for a in analyses)
    part_median = statistics.median(r[1] for r in rows)
    print(f"median: full {full_median:.2f} ms/page, model part {part_median:.3f} ms/page "
          f"({part_median / full_median:.1%} of full scoring; target <= 10%); features alone "
          f"{statistics.median(feature_times):.3f} ms/page ({mean_words:.0f} words on average)")
    print(f"load: {statistics.median(cold):.3f} s in a fresh process (median of 3; importing the scorer package "
          f"before it: {statistics.median(imports):.3f} s), {warm_load:.3f} s after the other resources "
          "(target <= 1 s)")
    print(json.dumps({"pages": len(pages), "full_ms_per_page": round(full_median, 3),
                      "model_ms_per_page": round(part_median, 4), "model_share": round(part_median / full_median, 4),
                      "features_ms_per_page": round(statistics.median(feature_times), 4),
                      "load_s_fresh_process": round(statistics.median(cold), 3),
                      "import_s_fresh_process": round(statistics.median(imports), 3),
                      "load_s_warm": round(warm_load, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
