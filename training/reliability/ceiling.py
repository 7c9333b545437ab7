"""How much can any text model learn from each article set? `python -m training.ceiling [--data-root DIR]`.

The reliability model's target is a publisher-grouped macro ROC-AUC over three sets. This command
measures, per set, what the model's features and a TF-IDF baseline reach when trained and tested
inside that set alone (GroupKFold over its publishers), what one model trained on the other sets
reaches on it (transfer), and the best single feature: together they bound what the pooled model
can do on each set, and so the macro it can reach. Ends with one JSON line.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from training.settings import get_settings
from scorer.scoring.features import FEATURE_NAMES

from training.data import datasets as ds
from training.reliability.train import Corpus, fit_model, grouped_cv, load_corpus, load_feature_models, train_baseline, train_model

FOLDS = 5
REPEATS = 3
_ONE_SET = "set"  # the data-set name grouped_cv sees when one set is cross-validated alone


def within_set_auc(train: Callable, inputs, y: np.ndarray, groups: np.ndarray, *, repeats: int = REPEATS) -> list[float]:
    """Pooled out-of-fold ROC-AUC per repeat of `grouped_cv` on one set alone (folds grouped by
    publisher; fewer folds when the set has fewer publishers). `train(inputs, y, datasets)`."""
    one_set = Corpus(articles=(), X=np.empty((len(y), 0)), y=np.asarray(y), groups=np.asarray(groups),
                     datasets=np.full(len(y), _ONE_SET), files=())
    cv = grouped_cv(train, inputs, one_set, folds=min(FOLDS, len(np.unique(groups))), repeats=repeats,
                    eval_sets=(_ONE_SET,))
    return cv.pooled_auc[_ONE_SET]


def best_single_feature(X: np.ndarray, y: np.ndarray) -> tuple[str, float]:
    """The feature whose raw value ranks the set best, either way round (ROC-AUC distance from 0.5)."""
    from sklearn.metrics import roc_auc_score

    aucs = [float(roc_auc_score(y, np.nan_to_num(X[:, j]))) for j in range(X.shape[1])]
    j = int(np.argmax([abs(a - 0.5) for a in aucs]))
    return FEATURE_NAMES[j], aucs[j]


def transfer_auc(corpus: Corpus, name: str) -> float:
    """Trained (as the committed model is) on every other set, tested on this one."""
    from sklearn.metrics import roc_auc_score

    rest = corpus.datasets != name
    model, _ = fit_model(corpus.X[rest], corpus.y[rest], corpus.datasets[rest])
    inside = ~rest
    return float(roc_auc_score(corpus.y[inside], model.predict_proba(corpus.X[inside])[:, 1]))


def measure(corpus: Corpus, names: Sequence[str], repeats: int) -> dict:
    out = {}
    for name in names:
        inside = corpus.datasets == name
        X, y, groups = corpus.X[inside], corpus.y[inside], corpus.groups[inside]
        texts = [f"{a.title}\n{a.text}" for a, keep in zip(corpus.articles, inside) if keep]
        features = within_set_auc(train_model, X, y, groups, repeats=repeats)
        tfidf = within_set_auc(train_baseline, texts, y, groups, repeats=repeats)
        feature, single = best_single_feature(X, y)
        out[name] = {"n": int(len(y)), "publishers": int(len(np.unique(groups))),
                     "within_set_features": round(float(np.mean(features)), 4),
                     "within_set_features_std": round(float(np.std(features)), 4),
                     "within_set_tfidf": round(float(np.mean(tfidf)), 4),
                     "within_set_tfidf_std": round(float(np.std(tfidf)), 4),
                     "trained_on_the_other_sets": round(transfer_auc(corpus, name), 4),
                     "best_single_feature": feature, "best_single_feature_auc": round(single, 4)}
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.ceiling", description=__doc__.split("\n")[0])
    parser.add_argument("--data-root", type=Path, default=None, help="folder of the data sets (default: TrainingSettings.data_root)")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="shuffled GroupKFold repeats per set")
    args = parser.parse_args(argv)
    settings = get_settings()
    root = (args.data_root or settings.data_root).resolve()
    names = [name for name in ds.EVAL_SETS if ds.available(name, root)]
    if not names:
        print(f"error: none of {', '.join(ds.EVAL_SETS)} found under {root}", file=sys.stderr)
        return 2
    attribution_model, clickbait, _ = load_feature_models(settings.models_dir)
    corpus = load_corpus(root, names, attribution_model, clickbait)
    result = measure(corpus, names, args.repeats)

    print(f"{'data set':26} {'n':>5} {'pubs':>4}  {'features':>13}  {'TF-IDF':>13}  {'from others':>11}  best single feature")
    for name, row in result.items():
        print(f"{name:26} {row['n']:5d} {row['publishers']:4d}  "
              f"{row['within_set_features']:.3f} ± {row['within_set_features_std']:.3f}  "
              f"{row['within_set_tfidf']:.3f} ± {row['within_set_tfidf_std']:.3f}  "
              f"{row['trained_on_the_other_sets']:11.3f}  {row['best_single_feature']} ({row['best_single_feature_auc']:.3f})")
    best = {name: max(row["within_set_features"], row["within_set_tfidf"]) for name, row in result.items()}
    macro = round(float(np.mean(list(best.values()))), 4)
    print(f"macro of the better within-set model per set: {macro:.3f} (each set's own model, "
          "trained on that set alone)")
    print(json.dumps({"datasets": result, "macro_of_best_within_set": macro}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
