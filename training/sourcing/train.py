"""`python -m training.train_sourcing`: fit the sourcing score's weights to the blind ratings.

Writes models/sourcing-v1/weights.json (the weights, in points, and the imputed component means),
its model_card.json (data hashes, the fit, the site-grouped figures) and README.md. The fit is a
non-negative least squares without intercept, the bounded inputs capped (training/sourcing/fit.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

from scorer.artifacts import file_sha256, library_versions, write_card
from scorer.config import PROJECT_ROOT
from scorer.scoring.sourcing_model import INPUTS, MODEL_DIR
from training.gold.build_ratings import OUT as GOLD
from training.settings import TrainingSettings
from training.sourcing.fit import CAPS, component_agreement, cross_validated, fit, load_gold, rated_pages, score_figures
from training.sourcing.inputs import compute_inputs

VERSION = "v1"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None, help="model folder (default models/sourcing-v1)")
    args = parser.parse_args(argv)
    settings = TrainingSettings.from_env()
    data_root = args.data or settings.data_root
    out = args.out or settings.models_dir / MODEL_DIR
    gold = load_gold(args.gold)
    pages = compute_inputs(data_root, {g["id"]: g.get("url") for g in gold})
    rated = rated_pages(pages, gold)
    weights, means = fit(rated)
    ratings = np.array([r.rating for r in rated])
    held_out = score_figures(cross_validated(rated), ratings)
    out.mkdir(parents=True, exist_ok=True)
    weights_path = out / "weights.json"
    weights_path.write_text(
        json.dumps(
            {
                "version": VERSION,
                "weights": {k: round(weights[k], 3) for k in INPUTS},
                "imputed": {k: round(v, 4) for k, v in means.items()},
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    card = {
        "name": "sourcing",
        "version": VERSION,
        "task": "the 0-100 sourcing score: points per unit of each sourcing component and bounded input",
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "command": "python -m training.train_sourcing",
        "code": {
            "trainer": "training/sourcing/train.py",
            "loader": "scorer/scoring/sourcing_model.py",
            "components": "scorer/sourcing/components.py",
        },
        "fit": {
            "estimator": "sklearn LinearRegression(positive=True, fit_intercept=False)",
            "target": "25 x (settled rating - 1)",
            "caps": CAPS,
        },
        "training_data": {
            "gold": str(args.gold.relative_to(PROJECT_ROOT))
            if args.gold.is_relative_to(PROJECT_ROOT)
            else str(args.gold),
            "gold_sha256": file_sha256(args.gold),
            "pages": len(rated),
            "sites": len({r.page.site for r in rated}),
            "data_sets": [
                "article-extraction-benchmark (MIT, Zyte)",
                "dev-pages (Apache-2.0 test pages of mozilla/readability and goose3/goose3)",
            ],
            "ratings": "blind 1-5 ratings by two independent readers per page (training/gold/README.md)",
        },
        "artifacts": {"weights.json": {"sha256": file_sha256(weights_path)}},
        "metrics": {"site_grouped_5_fold": held_out, "components_vs_raters": component_agreement(rated)},
        "libraries": library_versions(),
    }
    write_card(out, card)
    print(json.dumps({"weights": weights, "held_out": held_out}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
