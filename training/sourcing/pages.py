"""The rated pages: the two shared page sets read by id (`article-extraction-benchmark`, `dev-pages`).

`python -m training.sourcing.pages --dump FILE` scores every page with the scorer on the import
path and writes `{"id", "score", "label", ...}` lines: run from an older checkout it records the
"before" figures that `python -m training.eval_sourcing --before FILE` prints beside today's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from training.settings import TrainingSettings


@dataclass(frozen=True)
class RatedPage:
    id: str
    set: str  # "benchmark" or "dev-pages"
    url: str | None
    html: bytes


def iter_pages(data_root: Path) -> Iterator[RatedPage]:
    bench = data_root / "article-extraction-benchmark"
    truth = json.loads((bench / "ground-truth.json").read_text(encoding="utf-8"))
    for page_id, item in sorted(truth.items()):
        yield RatedPage(
            page_id, "benchmark", item["url"], gzip.decompress((bench / "html" / f"{page_id}.html.gz").read_bytes())
        )
    dev = data_root / "dev-pages"
    for line in (dev / "index.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            page_id = json.loads(line)["id"]
            yield RatedPage(
                page_id, "dev-pages", None, gzip.decompress((dev / "html" / f"{page_id}.html.gz").read_bytes())
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", type=Path, required=True, help="write one JSON line of score per page here")
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args(argv)
    from scorer import score_html

    data_root = args.data or TrainingSettings.from_env().data_root
    with args.dump.open("w", encoding="utf-8") as out:
        for page in iter_pages(data_root):
            try:
                report = score_html(page.html, page.url, deadline_s=0)
                row = {"id": page.id, "score": report.score, "label": report.label}
            except Exception as error:  # noqa: BLE001 - a refused page is recorded, not fatal
                row = {"id": page.id, "score": None, "label": f"error: {type(error).__name__}"}
            out.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
