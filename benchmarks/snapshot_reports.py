"""Snapshot every report, to prove a speed-up changed no output.

    python -m training.snapshot_reports --out /tmp/reports_before.jsonl [--data-root DIR]
    python -m training.snapshot_reports --compare /tmp/reports_before.jsonl [--data-root DIR]

Scores the 181 pages of the article-extraction benchmark, the seed fixture (../shared/fixtures)
and every HTML page under tests/fixtures with the full `score_html`, and writes one JSON line per
page: `{"id": ..., "report": score_html(...).to_dict()}` (or `{"id": ..., "error": ...}` when the
page raises). `--compare` scores them again and reports every difference, field by field, with
floats compared exactly (their `repr`, so a change in the last bit counts); it exits 1 on any
difference, 0 when there is none. Reports hold no timings, so every field is compared.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Iterator

from scorer.config import PROJECT_ROOT

FIXTURE_DIRS = {"shared-fixtures": PROJECT_ROOT.parent / "shared" / "fixtures",
                "tests-fixtures": PROJECT_ROOT / "tests" / "fixtures"}


def iter_pages(data_root: Path | None = None) -> Iterator[tuple[str, bytes, str | None]]:
    """(id, html, url) for every page the snapshot covers, in a stable order."""
    from training.data.benchmark_pages import load_pages

    try:
        pages = load_pages(data_root)
    except FileNotFoundError:
        pages = []
    for page in pages:
        yield f"benchmark/{page.id}", page.html, page.url or None
    for name, folder in FIXTURE_DIRS.items():
        if not folder.exists():
            continue
        for path in sorted(folder.rglob("*.htm*")):
            yield f"{name}/{path.relative_to(folder).as_posix()}", path.read_bytes(), None


def snapshot(data_root: Path | None = None) -> list[dict[str, Any]]:
    from scorer import load_resources, score_html

    resources = load_resources()
    records = []
    for page_id, html, url in iter_pages(data_root):
        try:
            record = {"id": page_id, "report": score_html(html, url, resources=resources).to_dict()}
        except Exception as exc:  # noqa: BLE001 - an exception is an output too
            record = {"id": page_id, "error": f"{type(exc).__name__}: {exc}"}
        records.append(record)
    return records


def write_snapshot(records: list[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            # repr-exact floats: json writes float.__repr__, which round-trips every bit.
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def read_snapshot(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def diff(before: Any, after: Any, path: str = "") -> Iterator[str]:
    """Every difference between two JSON values, as `path: before != after` lines."""
    if type(before) is not type(after):
        yield f"{path}: {_short(before)} != {_short(after)} (type {type(before).__name__} -> {type(after).__name__})"
    elif isinstance(before, dict):
        for key in sorted(set(before) | set(after)):
            if key not in after:
                yield f"{path}.{key}: removed"
            elif key not in before:
                yield f"{path}.{key}: added {_short(after[key])}"
            else:
                yield from diff(before[key], after[key], f"{path}.{key}")
    elif isinstance(before, list):
        for index, (b, a) in enumerate(zip(before, after)):
            yield from diff(b, a, f"{path}[{index}]")
        if len(before) != len(after):
            yield f"{path}: length {len(before)} != {len(after)}"
    elif isinstance(before, float):
        if repr(before) != repr(after):
            yield f"{path}: {before!r} != {after!r}"
    elif before != after:
        yield f"{path}: {_short(before)} != {_short(after)}"


def compare(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[str]:
    """All differences between two snapshots, page by page (pages matched by id)."""
    differences = []
    after_by_id = {r["id"]: r for r in after}
    before_ids = {r["id"] for r in before}
    for record in before:
        other = after_by_id.get(record["id"])
        if other is None:
            differences.append(f"{record['id']}: missing from the new snapshot")
            continue
        differences.extend(f"{record['id']}{line}" for line in diff(record, other))
    differences.extend(f"{r['id']}: new page, not in the old snapshot" for r in after if r["id"] not in before_ids)
    return differences


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--out", type=Path, help="write the snapshot (JSON lines) here")
    action.add_argument("--compare", type=Path, help="score again and compare with this snapshot")
    parser.add_argument("--data-root", type=Path)
    args = parser.parse_args(argv)
    records = snapshot(args.data_root)
    if args.out:
        write_snapshot(records, args.out)
        print(f"wrote {len(records)} reports to {args.out}")
        return 0
    # Round-trip the new records through JSON so both sides compare as the same types.
    differences = compare(read_snapshot(args.compare), json.loads(json.dumps(records)))
    for line in differences:
        print(line)
    print(json.dumps({"pages": len(records), "differences": len(differences)}))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
