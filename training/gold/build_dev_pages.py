"""`python -m training.gold.build_dev_pages`: the dev-pages reader's annotation -> `training/gold/dev_pages.jsonl`.

One reader (rater A of the sourcing ratings) read each of the 135 pages of `../shared/data/dev-pages`
through `training/gold/digest.py`, never through the scorer, and recorded in one reading the page
findings of `../shared/guides/page-findings.md`, the sourcing fields and the main text's first and
last sentence with snippets that are not main text. This keeps the page-findings fields (the same
shape as `page_findings.jsonl`) and `main_text`; the sourcing fields go to `sourcing_ratings.jsonl`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from training.gold.build_ratings import RAW_DIR, read_jsonl

OUT = Path(__file__).resolve().parent / "dev_pages.jsonl"
FIELDS = (
    "id",
    "url",
    "language",
    "page_type",
    "byline",
    "republication",
    "recirculation",
    "ads_in_body",
    "notes",
    "main_text",
)


def main() -> int:
    rows = read_jsonl(sorted(RAW_DIR.glob("dev_A_part*.jsonl")))
    order = sorted(rows)
    OUT.write_text(
        "".join(json.dumps({k: rows[i].get(k) for k in FIELDS}, ensure_ascii=False) + "\n" for i in order),
        encoding="utf-8",
    )
    print(f"wrote {OUT} ({len(rows)} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
