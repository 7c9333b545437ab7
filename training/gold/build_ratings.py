"""`python -m training.gold.build_ratings`: the raters' blind sourcing ratings -> one gold file, with agreement.

Reads the independent annotators' files under training/gold/raw/ (rater A: `sourcing_benchmark_A`,
`dev_A_part*`; rater B: `sourcing_benchmark_B`, `sourcing_dev_B_part*`; third readings:
`sourcing_third*`), prints their agreement (Spearman, exact and within-one agreement, weighted
kappa, the article-or-not agreement) and writes `training/gold/sourcing_ratings.jsonl`: per page
both ratings, the third reading where one was made, the settled `rating` (the mean of A and B; the
median of the three readings where A and B were two steps or more apart or disagreed on whether
the page is an article) and each rater's recorded fields. `--pending FILE` lists the pages that
still need a third reading.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Iterable
from pathlib import Path

from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score

GOLD_DIR = Path(__file__).resolve().parent
RAW_DIR = GOLD_DIR / "raw"
OUT = GOLD_DIR / "sourcing_ratings.jsonl"
FIELDS = (
    "claims_attributed",
    "named_sources",
    "named_source_list",
    "anonymous_or_vague",
    "primary_material",
    "links_or_refs",
    "independent_sources",
    "notes",
)


def read_jsonl(paths: Iterable[Path]) -> dict[str, dict]:
    rows: dict[str, dict] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    row = json.loads(line)
                except ValueError as error:
                    raise SystemExit(f"{path}:{number}: not JSON ({error.msg})") from None
                rows[row["id"]] = row
    return rows


def rater_files(rater: str) -> list[Path]:
    if rater == "A":
        return sorted([*RAW_DIR.glob("sourcing_benchmark_A*.jsonl"), *RAW_DIR.glob("dev_A_part*.jsonl")])
    if rater == "B":
        return sorted([*RAW_DIR.glob("sourcing_benchmark_B*.jsonl"), *RAW_DIR.glob("sourcing_dev_B_part*.jsonl")])
    return sorted(RAW_DIR.glob("sourcing_third*.jsonl"))


def needs_third(a: dict, b: dict) -> bool:
    if bool(a.get("article")) != bool(b.get("article")):
        return True
    ra, rb = a.get("rating"), b.get("rating")
    return ra is not None and rb is not None and abs(ra - rb) >= 2


def settle(a: dict, b: dict, c: dict | None) -> tuple[bool, float | None]:
    """(article, rating): A and B's mean; where they split, the third reading decides (median of three)."""
    if not needs_third(a, b):
        ratings = [r for r in (a.get("rating"), b.get("rating")) if r is not None]
        article = bool(a.get("article"))
        return article, (sum(ratings) / len(ratings) if article and ratings else None)
    if c is None:
        return False, None  # unsettled: left out of every figure until the third reading exists
    votes = [bool(a.get("article")), bool(b.get("article")), bool(c.get("article"))]
    article = sum(votes) >= 2
    ratings = [r.get("rating") for r in (a, b, c) if r.get("article") and r.get("rating") is not None]
    return article, (float(statistics.median(ratings)) if article and ratings else None)


def agreement(pairs: list[tuple[int, int]]) -> dict[str, float]:
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    return {
        "pages": len(pairs),
        "spearman": float(spearmanr(a, b).statistic),
        "exact": sum(x == y for x, y in pairs) / len(pairs),
        "within_one": sum(abs(x - y) <= 1 for x, y in pairs) / len(pairs),
        "kappa_quadratic": float(cohen_kappa_score(a, b, weights="quadratic")),
        "two_or_more_apart": sum(abs(x - y) >= 2 for x, y in pairs),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pending", type=Path, help="write the ids that still need a third reading here")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rater_a, rater_b, third = read_jsonl(rater_files("A")), read_jsonl(rater_files("B")), read_jsonl(rater_files("C"))
    both = sorted(set(rater_a) & set(rater_b))
    missing = sorted(set(rater_a) ^ set(rater_b))
    print(
        f"rater A {len(rater_a)} pages, rater B {len(rater_b)}, both {len(both)}, third readings {len(third)}"
        + (f"; only one rater: {len(missing)}" if missing else "")
    )
    article_agree = sum(bool(rater_a[k].get("article")) == bool(rater_b[k].get("article")) for k in both)
    print(f"article-or-not agreement: {article_agree}/{len(both)} = {article_agree / max(1, len(both)):.3f}")
    for name, subset in (
        ("all", both),
        ("benchmark", [k for k in both if len(k) == 64]),
        ("dev-pages", [k for k in both if len(k) != 64]),
    ):
        pairs = [
            (rater_a[k]["rating"], rater_b[k]["rating"])
            for k in subset
            if rater_a[k].get("rating") is not None and rater_b[k].get("rating") is not None
        ]
        if len(pairs) >= 3:
            stats = agreement(pairs)
            print(
                f"ratings, {name}: "
                + ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in stats.items())
            )
    counts = [
        (rater_a[k]["named_sources"], rater_b[k]["named_sources"])
        for k in both
        if rater_a[k].get("article")
        and rater_b[k].get("article")
        and isinstance(rater_a[k].get("named_sources"), int)
        and isinstance(rater_b[k].get("named_sources"), int)
    ]
    if len(counts) >= 3:
        print(
            f"named-source counts, A vs B: Spearman {spearmanr(*zip(*counts)).statistic:.3f} "
            f"over {len(counts)} articles"
        )
    pending = [k for k in both if needs_third(rater_a[k], rater_b[k]) and k not in third]
    print(
        f"pages needing a third reading: {sum(needs_third(rater_a[k], rater_b[k]) for k in both)}, "
        f"still pending: {len(pending)}"
    )
    if args.pending:
        args.pending.write_text("".join(k + "\n" for k in pending), encoding="utf-8")
    rows = []
    for k in both:
        a, b, c = rater_a[k], rater_b[k], third.get(k)
        article, rating = settle(a, b, c)
        rows.append(
            {
                "id": k,
                "set": "benchmark" if len(k) == 64 else "dev-pages",
                "url": a.get("url") or b.get("url"),
                "language": a.get("language"),
                "article": article,
                "rating": rating,
                "rating_a": a.get("rating"),
                "rating_b": b.get("rating"),
                "rating_c": c.get("rating") if c else None,
                "settled_by_third": c is not None and needs_third(a, b),
                "unsettled": needs_third(a, b) and c is None,
                "a": {f: a.get(f) for f in FIELDS},
                "b": {f: b.get(f) for f in FIELDS},
            }
        )
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    rated = [r for r in rows if r["rating"] is not None]
    print(f"wrote {args.out} ({len(rows)} pages, {len(rated)} rated articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
