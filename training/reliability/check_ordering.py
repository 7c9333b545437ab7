"""Does the final score order the SFU articles by their fact-check label?

    python -m training.check_ordering [--data-root DIR] [--folds 5]

Scores every SFU/BuzzFeed article through the real scoring code (`scorer.pipeline.score_page` on
text-only input, so the final score is the text model's part plus the signals that apply) and prints
the mean final score per label: mostly true > mixture of true and false > mostly false is the target.

Two columns:
- out-of-fold: each article is scored by a model trained without its publisher (the publisher-
  grouped folds of training/train.py, on all three article sets, with the committed model's
  calibration): the honest estimate;
- committed: the committed model, which saw these articles in training (in-sample, for reference).
Ends with one JSON line.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Sequence

import numpy as np

from training.settings import get_settings
from scorer.scoring.model import MODEL_NAME, ReliabilityModel
from scorer.page.parse import parse_text
from scorer.pipeline import score_page
from scorer.resources import load_resources

from training.data import datasets as ds
from training.reliability.train import FOLDS, calibrate_pipeline, fit_model, load_corpus, load_feature_models, self_check_block

LABEL_ORDER = ("mostly true", "mixture of true and false", "mostly false")


def fold_model(pipeline, X: np.ndarray, datasets: np.ndarray, fold: int) -> ReliabilityModel:
    card = {"name": MODEL_NAME, "version": f"fold{fold}", "self_check": self_check_block(pipeline, X, datasets)}
    return ReliabilityModel(pipeline, card)


def main(argv: Sequence[str] | None = None) -> int:
    from sklearn.model_selection import GroupKFold

    parser = argparse.ArgumentParser(prog="python -m training.check_ordering", description=__doc__.split("\n")[0])
    parser.add_argument("--data-root", type=Path, default=None)
    parser.add_argument("--folds", type=int, default=FOLDS)
    args = parser.parse_args(argv)
    settings = get_settings()
    root = (args.data_root or settings.data_root).resolve()
    missing = [name for name in ds.EVAL_SETS if not ds.available(name, root)]
    if missing:
        print(f"error: data sets missing under {root}: {', '.join(missing)}", file=sys.stderr)
        return 2
    attribution_model, clickbait, _ = load_feature_models(settings.models_dir)
    corpus = load_corpus(root, ds.EVAL_SETS, attribution_model, clickbait)
    resources = load_resources()
    platt = resources.reliability.card["metrics"]["calibration"]["platt"]
    sfu = np.flatnonzero(corpus.datasets == ds.SFU_DIR)
    out_of_fold = np.full(len(corpus.y), np.nan)
    splitter = GroupKFold(n_splits=args.folds, shuffle=True, random_state=0)
    for fold, (train, test) in enumerate(splitter.split(corpus.X, corpus.y, corpus.groups)):
        pipeline, _ = fit_model(corpus.X[train], corpus.y[train], corpus.datasets[train])
        calibrate_pipeline(pipeline, platt["a"], platt["b"])  # the committed model's calibration
        model = fold_model(pipeline, corpus.X[train], corpus.datasets[train], fold)
        fold_resources = dataclasses.replace(resources, reliability=model)
        for i in np.intersect1d(test, sfu):
            out_of_fold[i] = _score(corpus.articles[i], fold_resources)
    committed = np.full(len(corpus.y), np.nan)
    for i in sfu:
        committed[i] = _score(corpus.articles[i], resources)

    raw = np.array([a.raw_label for a in corpus.articles])
    rows = {}
    print(f"{'SFU label':<28} {'n':>5} {'out-of-fold score':>18} {'committed (in-sample)':>22}")
    for label in LABEL_ORDER:
        picked = sfu[raw[sfu] == label]
        rows[label] = {"n": int(len(picked)), "mean_score_out_of_fold": round(float(np.nanmean(out_of_fold[picked])), 2),
                       "mean_score_committed": round(float(np.nanmean(committed[picked])), 2)}
        print(f"{label:<28} {len(picked):>5} {rows[label]['mean_score_out_of_fold']:>18.2f} "
              f"{rows[label]['mean_score_committed']:>22.2f}")
    ordered = {column: all(rows[a][column] > rows[b][column] for a, b in zip(LABEL_ORDER, LABEL_ORDER[1:]))
               for column in ("mean_score_out_of_fold", "mean_score_committed")}
    print(f"ordered mostly true > mixture > mostly false: out-of-fold {ordered['mean_score_out_of_fold']}, "
          f"committed {ordered['mean_score_committed']}")
    print(json.dumps({"model": f"{resources.reliability.info.name}-{resources.reliability.info.version}",
                      "labels": rows, "ordered_out_of_fold": ordered["mean_score_out_of_fold"],
                      "ordered_committed": ordered["mean_score_committed"]}))
    return 0 if ordered["mean_score_out_of_fold"] else 1


def _score(article: ds.Article, resources) -> float:
    """The article's score; NaN when it gets none (too little or degenerate text), so the means skip it."""
    score = score_page(parse_text(article.text, title=article.title), resources=resources).score
    return float("nan") if score is None else score


if __name__ == "__main__":
    sys.exit(main())
