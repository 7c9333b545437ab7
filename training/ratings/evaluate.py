"""Measure how well the rating families agree: `python -m training.eval_ratings [--data-root DIR]`.

For each family (lin2023, idiap, Baly/MBFC, OpenSources), the combined rating is computed *without*
that family (its calibrations and weights re-learned from the others alone, training/ratings/
calibrate.py) and scored against the family's own verdicts on the sites it shares with the rest:
ROC-AUC of "reliable" (idiap 1, MBFC high, OpenSources reliable, lin2023 pc1 >= 0.6) against
"unreliable" (idiap -1/-2, MBFC low, a low-quality OpenSources type, lin2023 pc1 <= 0.4). lin2023 is
continuous: its verdicts are the thresholds above, so its row is marked derived.

Then the 50 strongest conflicts: sites where two families' calibrated readings differ most.
The last line is one JSON object: {"sources": {"<family>": {"roc_auc": ..., "n": ..., ...}}, ...}.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from training.ratings import build
from training.ratings.calibrate import _auc, combine, sites_from
from training.settings import get_settings

CONFLICTS_SHOWN = 50
# The orderings the issue names: each list runs from least to most reliable.
ORDERINGS = (("infowars.com", "cnn.com", "apnews.com"), ("naturalnews.com", "tass.com", "reuters.com"))


def load_sites(root: Path):
    reads = build.read_all(root)
    by_key: dict = defaultdict(lambda: defaultdict(list))
    for read in reads:
        for row in read.rows:
            by_key[row.key][build.SOURCES[row.source]["family"]].append(row)
    return sites_from(by_key, build.select_rows, lambda rows: build.family_value("lin2023", rows))


def leave_one_out(sites, families=build.FAMILIES) -> dict[str, dict[str, object]]:
    results = {}
    for held in families:
        rest = [f for f in families if f != held]
        combined = combine(sites, rest)
        labels, scores = [], []
        for site in sites:
            verdict = site.verdict(held)
            if verdict is not None and site.key in combined.ratings:
                labels.append(verdict)
                scores.append(combined.ratings[site.key])
        results[held] = {"roc_auc": round(_auc(labels, scores), 4), "n": len(labels), "reliable": sum(labels),
                         "unreliable": len(labels) - sum(labels), "derived_verdicts": held == "lin2023"}
    return results


def conflicts(sites, families=build.FAMILIES, limit: int = CONFLICTS_SHOWN) -> list[dict[str, object]]:
    combined = combine(sites, families)
    found = []
    for site in sites:
        values = combined.values.get(site.key, {})
        if len(values) < 2:
            continue
        low = min(values, key=values.get)
        high = max(values, key=values.get)
        found.append({"site": site.key, "gap": round(values[high] - values[low], 3),
                      "high": f"{high} {values[high]:.2f}", "low": f"{low} {values[low]:.2f}",
                      "rating": round(combined.ratings[site.key], 3)})
    found.sort(key=lambda c: (-c["gap"], c["site"]))
    return found[:limit]


def main(argv: list[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m training.eval_ratings", description=__doc__.splitlines()[0])
    parser.add_argument("--data-root", type=Path, default=settings.data_root)
    parser.add_argument("--check-floor", type=float, default=None,
                        help="exit 1 when a family's leave-one-out ROC-AUC is below this (e.g. 0.85)")
    args = parser.parse_args(argv)
    missing = [info["path"] for info in build.SOURCES.values() if not (args.data_root / info["path"]).is_file()]
    if missing:
        print(f"error: missing under {args.data_root}: {', '.join(missing)}", file=sys.stderr)
        return 2
    sites = load_sites(args.data_root)
    results = leave_one_out(sites)
    print(f"{'left out':<14}{'ROC-AUC':>9}{'n':>7}{'reliable':>10}{'unreliable':>12}")
    for family, r in results.items():
        note = "  (verdicts from pc1 thresholds)" if r["derived_verdicts"] else ""
        print(f"{family:<14}{r['roc_auc']:>9.4f}{r['n']:>7}{r['reliable']:>10}{r['unreliable']:>12}{note}")
    combined = combine(sites, build.FAMILIES)
    print("\norderings (combined rating):")
    orderings_hold = True
    for chain in ORDERINGS:
        values = [combined.ratings.get(site) for site in chain]
        holds = all(v is not None for v in values) and all(a < b for a, b in zip(values, values[1:]))
        orderings_hold &= holds
        print("  " + " < ".join(f"{s} {v:.3f}" for s, v in zip(chain, values)) + ("" if holds else "  NOT HELD"))
    top = conflicts(sites)
    print(f"\nthe {len(top)} strongest conflicts between families (calibrated readings, 1 = reliable):")
    for c in top:
        print(f"  {c['site']:<34} gap {c['gap']:.2f}: {c['high']} vs {c['low']} -> combined {c['rating']:.3f}")
    failed = args.check_floor is not None and any(r["roc_auc"] < args.check_floor for r in results.values())
    print(json.dumps({"sources": results, "orderings_hold": orderings_hold, "conflicts": len(top)}))
    return 1 if failed or not orderings_hold else 0


if __name__ == "__main__":
    sys.exit(main())
