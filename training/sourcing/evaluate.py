"""`python -m training.eval_sourcing`: the sourcing score against the blind ratings, folds grouped by site.

Prints, on the settled ratings of training/gold/sourcing_ratings.jsonl:
- the raters' own agreement (the ceiling a score can be held to);
- the score's figures with weights fitted on the other sites only (5 folds grouped by site: the
  honest figure) and, marked as such, with the committed weights (fitted on all rated pages);
- the committed scorer's figures before this score (`--before FILE`, from
  `python -m training.sourcing.pages --dump FILE` run on an older checkout);
- how the components follow what the raters recorded (claims attributed, named sources, primary
  material, links or references);
- the seed and the well-sourced fixture.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

from scorer.config import PROJECT_ROOT
from scorer.scoring.sourcing_model import INPUTS
from training.gold.build_ratings import OUT as GOLD
from training.settings import TrainingSettings
from training.sourcing.fit import (
    WITHHELD,
    component_agreement,
    cross_validated,
    load_gold,
    matrix,
    predict,
    rated_pages,
    score_figures,
)
from training.sourcing.inputs import compute_inputs

FIXTURES = {
    "seed": PROJECT_ROOT.parent / "shared" / "fixtures" / "seed-article.html",
    "well_sourced": PROJECT_ROOT / "tests" / "fixtures" / "well_sourced.html",
}


def _line(name: str, figures: dict[str, float]) -> str:
    return f"{name}: " + ", ".join(f"{k} {v:.3f}" if k != "articles" else f"{k} {v:.0f}" for k, v in figures.items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--before", type=Path, help="scores of an older scorer (training.sourcing.pages --dump)")
    parser.add_argument("--no-cache", action="store_true", help="recompute every page's inputs")
    args = parser.parse_args(argv)
    data_root = args.data or TrainingSettings.from_env().data_root
    if not args.gold.exists():
        print(f"no gold ratings at {args.gold}: run python -m training.gold.build_ratings", file=sys.stderr)
        return 2
    gold = load_gold(args.gold)
    pages = compute_inputs(data_root, {g["id"]: g.get("url") for g in gold}, use_cache=not args.no_cache)
    rated = rated_pages(pages, gold)
    ratings = np.array([r.rating for r in rated])
    print(
        f"gold: {len(gold)} pages, {len(rated)} rated articles that the scorer scores "
        f"({sum(r.page.set == 'benchmark' for r in rated)} benchmark, "
        f"{sum(r.page.set == 'dev-pages' for r in rated)} dev-pages), "
        f"{len({r.page.site for r in rated})} sites"
    )

    pairs = [
        (g["rating_a"], g["rating_b"])
        for g in gold
        if g.get("article") and g.get("rating_a") is not None and g.get("rating_b") is not None
    ]
    print(
        f"raters A vs B: Spearman {spearmanr(*zip(*pairs)).statistic:.3f}, "
        f"exact {np.mean([a == b for a, b in pairs]):.3f}, "
        f"within one step {np.mean([abs(a - b) <= 1 for a, b in pairs]):.3f} over {len(pairs)} articles; "
        f"{sum(bool(g.get('settled_by_third')) for g in gold)} settled by a third reading"
    )

    held_out = cross_validated(rated)
    print(_line("score, site-grouped 5-fold (held out)", score_figures(held_out, ratings)))
    for name in ("benchmark", "dev-pages"):
        mask = np.array([r.page.set == name for r in rated])
        if mask.sum() > 2:
            print(_line(f"  of which {name} (held out)", score_figures(held_out[mask], ratings[mask])))
    from scorer.resources import load_resources

    committed = load_resources().sourcing
    means = {k: committed.imputed.get(k, 0.0) for k in INPUTS}
    in_sample = predict(matrix([r.page for r in rated], means), dict(committed.weights))
    print(
        _line(
            f"score, committed weights {committed.version} (fitted on all of these: in-sample)",
            score_figures(in_sample, ratings),
        )
    )
    withheld = [r for r in rated_pages(pages, gold, scored_only=False) if r.page.label in WITHHELD]
    print(
        "rated articles the scorer withholds a score from (page type, length, language; not in the figures): "
        f"{len(withheld)}"
        + (
            f" ({', '.join(r.page.id[:24] + ':' + r.page.label for r in withheld[:8])}"
            f"{' ...' if len(withheld) > 8 else ''})"
            if withheld
            else ""
        )
    )

    if args.before:
        rows = [json.loads(line) for line in args.before.read_text(encoding="utf-8").splitlines() if line.strip()]
        before = {row["id"]: row["score"] for row in rows}
        kept = [(before[r.page.id], r.rating) for r in rated if before.get(r.page.id) is not None]
        if kept:
            print(
                _line(
                    "before (the scorer of " + args.before.name + ", not fitted to these)",
                    score_figures([s for s, _ in kept], [x for _, x in kept]),
                )
            )

    agreement = component_agreement(rated)
    print("components vs raters: " + ", ".join(f"{k} {v:.3f}" for k, v in agreement.items()))

    from scorer import score_html

    fixture_scores = {}
    for name, path in FIXTURES.items():
        if path.exists():
            report = score_html(path.read_bytes(), deadline_s=0)
            fixture_scores[name] = report.score
    print("fixtures: " + ", ".join(f"{k} {v if v is None else round(v, 1)}" for k, v in fixture_scores.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
