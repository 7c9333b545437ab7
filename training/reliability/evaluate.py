"""Evaluate the committed reliability model: `python -m training.evaluate --data-root DIR [--model DIR]`.

Reads the three article sets found under DIR, laid out as in `TrainingSettings.data_root`
(misinfotext_sfu/buzzfeed_articles.tsv.gz, fakes_syria/FA-KES-Dataset.csv,
horne2017_fakenewsdata1/articles.csv; a missing set is skipped with a message), scores every article
with the committed model exactly as `score_text` does (the committed attribution and clickbait models
feed the features), prints a table and ends with one JSON line:

    {"datasets": {NAME: {"roc_auc": ..., "n": ...}, ...}, "macro_roc_auc": ...}

`--check-floors` exits 1 when the macro ROC-AUC is below the floor recorded in the model card.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

import numpy as np

from training.settings import get_settings
from scorer.errors import ScorerError
from scorer.scoring.model import ReliabilityModel

from training.data import datasets as ds
from training.reliability.train import featurize, load_feature_models


def evaluate(model: ReliabilityModel, root: Path, *, attribution_model, clickbait, out=None, err=None) -> dict:
    from sklearn.metrics import brier_score_loss, roc_auc_score

    out, err = out or sys.stdout, err or sys.stderr

    results: dict[str, dict] = {}
    for name in ds.EVAL_SETS:
        if not ds.available(name, root):
            print(f"skipped {name}: no {name}/ files under {root}", file=err)
            continue
        loaded = ds.load(name, root)
        if not loaded.articles:
            print(f"skipped {name}: no labelled articles", file=err)
            continue
        X = featurize(loaded.articles, attribution_model, clickbait, progress=False)
        y = np.array([a.label for a in loaded.articles])
        p = np.array([model.predict(row) for row in X])
        both = len(set(y.tolist())) == 2
        results[name] = {
            "roc_auc": round(float(roc_auc_score(y, p)), 4) if both else None,
            "n": int(len(y)),
            "unreliable": int(y.sum()),
            "brier": round(float(brier_score_loss(y, p)), 4),
            "publishers": len({a.group for a in loaded.articles}),
        }
    aucs = [r["roc_auc"] for r in results.values() if r["roc_auc"] is not None]
    macro = round(float(np.mean(aucs)), 4) if aucs else None
    print(f"model {model.info.name}-{model.info.version}, data under {root}", file=out)
    print(f"{'data set':<28} {'n':>6} {'unreliable':>10} {'publishers':>10} {'ROC-AUC':>8} {'Brier':>7}", file=out)
    for name, r in results.items():
        auc = "n/a" if r["roc_auc"] is None else f"{r['roc_auc']:.3f}"
        print(f"{name:<28} {r['n']:>6} {r['unreliable']:>10} {r['publishers']:>10} {auc:>8} {r['brier']:>7.3f}",
              file=out)
    print(f"{'macro':<28} {'':>6} {'':>10} {'':>10} {'n/a' if macro is None else f'{macro:.3f}':>8}", file=out)
    return {"datasets": {n: {"roc_auc": r["roc_auc"], "n": r["n"]} for n, r in results.items()},
            "macro_roc_auc": macro}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--data-root", type=Path, required=True, help="folder holding the article sets")
    parser.add_argument("--model", type=Path, default=None, help="model directory (default: the committed one)")
    parser.add_argument("--check-floors", action="store_true", help="exit 1 below the card's macro ROC-AUC floor")
    args = parser.parse_args(argv)
    if not args.data_root.is_dir():
        print(f"error: {args.data_root} is not a folder", file=sys.stderr)
        return 2
    settings = get_settings()
    try:
        model = ReliabilityModel.load(args.model)
        attribution_model, clickbait, _ = load_feature_models(settings.models_dir)
    except ScorerError as exc:
        print(f"error [{exc.code}]: {exc}", file=sys.stderr)
        return 1
    try:
        summary = evaluate(model, args.data_root, attribution_model=attribution_model, clickbait=clickbait)
    except ds.DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(summary))
    floor = (model.card.get("floors") or {}).get("macro_roc_auc")
    if args.check_floors and floor is not None and (summary["macro_roc_auc"] or 0.0) < floor:
        print(f"FAIL: macro ROC-AUC {summary['macro_roc_auc']} is below the card's floor {floor}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
