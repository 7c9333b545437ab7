"""The article-extraction benchmark (../shared/data/article-extraction-benchmark): pages and truths."""
from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from training.settings import get_settings

BENCHMARK_DIR = "article-extraction-benchmark"


@dataclass(frozen=True)
class BenchmarkPage:
    id: str
    url: str
    html: bytes
    truth: str


def benchmark_dir(data_root: Path | None = None) -> Path:
    return (data_root or get_settings().data_root) / BENCHMARK_DIR


def load_pages(data_root: Path | None = None) -> list[BenchmarkPage]:
    """All pages with their ground truth, sorted by id. Raises FileNotFoundError when absent."""
    folder = benchmark_dir(data_root)
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        html = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        pages.append(BenchmarkPage(page_id, truth[page_id].get("url", ""), html, truth[page_id]["articleBody"]))
    return pages
