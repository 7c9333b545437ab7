"""Evaluate the committed clickbait model: `python -m training.eval_clickbait --data DIR`.

DIR holds the two files of the Chakraborty et al. (2016) layout (clickbait_data.gz,
non_clickbait_data.gz: gzip, one headline per line). The model is loaded through the production
loader (sha256 and scikit-learn version checked against the card).

Which rows are scored (`--split`):
- `all`: every row of DIR. The default for any folder other than the training data.
- `heldout`: only the rows the trainer held out (`training.train_clickbait.heldout_split`, a
  fixed hash rule). The default when DIR holds the training files themselves (same sha256 as
  the card), because every other row of those files was trained on.
Prints a table, then one final JSON line with `accuracy`, `precision`, `recall`, `f1`, `n`.
`--check-floor` exits 1 when accuracy is below the card's floor. `--benchmark` times scoring
instead (pages of 21 distinct texts) and prints its own JSON line.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Sequence

from scorer.analysis.clickbait import ClickbaitModel
from training.settings import get_settings
from scorer.errors import ModelError
from training.clickbait.train import (DATASET, benchmark_speed, heldout_split, metrics, read_headlines,
                                      texts_digest)


def is_training_data(files: dict[str, dict], card: dict) -> bool:
    trained_on = card["training_data"]["files"]
    return all(name in trained_on and trained_on[name]["sha256"] == info["sha256"] for name, info in files.items())


def main(argv: Sequence[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m training.eval_clickbait",
                                     description="Evaluate the clickbait model on a folder of labelled headlines.")
    parser.add_argument("--data", type=Path, default=settings.data_root / DATASET,
                        help="folder with clickbait_data.gz and non_clickbait_data.gz (default: the training data)")
    parser.add_argument("--split", choices=("auto", "all", "heldout"), default="auto",
                        help="rows to score: all, or only the trainer's held-out part (auto: heldout when --data "
                             "holds the training files, else all)")
    parser.add_argument("--model", type=Path, default=None, help="model directory (default: models/clickbait-v1)")
    parser.add_argument("--threshold", type=float, default=None, help="P(clickbait) threshold (default: the card's)")
    parser.add_argument("--check-floor", action="store_true", help="exit 1 if accuracy is below the card's floor")
    parser.add_argument("--benchmark", action="store_true", help="time scoring on pages of 21 texts instead")
    args = parser.parse_args(argv)

    try:
        model = ClickbaitModel.load(args.model)
        data = read_headlines(args.data)
    except (ModelError, FileNotFoundError, OSError, EOFError, UnicodeDecodeError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    card = model.card
    training_files = is_training_data(data.files, card)
    split = args.split if args.split != "auto" else ("heldout" if training_files else "all")
    if split == "heldout":
        if not training_files:
            print("error: --split heldout needs the training files (their sha256 differ from the card's); "
                  "evaluate another folder with --split all", file=sys.stderr)
            return 2
        _, rows = heldout_split(data.texts, data.labels)
        texts = [data.texts[i] for i in rows]
        if texts_digest(texts) != card["split"]["heldout_texts_sha256"]:
            print("error: the recomputed held-out rows differ from the card's", file=sys.stderr)
            return 2
    else:
        rows = list(range(len(data.texts)))
        texts = list(data.texts)
    labels = [data.labels[i] for i in rows]
    if not texts:
        print("error: no headlines to evaluate", file=sys.stderr)
        return 2

    if args.benchmark:
        speed = benchmark_speed(model, texts)
        print(f"{speed['pages']} pages of {speed['texts_per_page']} distinct texts (load {speed.get('load_average')})")
        print(f"{'pass':<12} {'median ms':>10} {'p95 ms':>8} {'CPU ms':>8}")
        for name in ("first_pass", "second_pass"):
            row = speed[name]
            print(f"{name:<12} {row['median_ms']:>10.3f} {row['p95_ms']:>8.3f} {row['cpu_mean_ms']:>8.3f}")
        print(f"scikit-learn pipeline.predict_proba: {speed['sklearn_pipeline_median_ms']:.3f} ms per page")
        print(json.dumps(speed))
        return 0

    threshold = model.threshold if args.threshold is None else args.threshold
    probabilities = model.predict_proba(texts)
    result = metrics(labels, probabilities, threshold)
    # Evaluated headlines that the model was trained on (a leakage check for "independent" folders).
    trained = training_part(settings.data_root / DATASET, card) if not training_files else set(
        data.texts[i] for i in heldout_split(data.texts, data.labels)[0])
    overlap = None if trained is None else sum(1 for t in texts if t in trained)
    c = result["confusion"]
    print(f"model {model.name} ({model.directory})")
    print(f"data  {args.data}  split={split}  rows={len(texts)}  threshold={threshold}")
    if overlap is not None:
        print(f"rows also in the training part: {overlap}")
    else:
        print("rows also in the training part: unknown (training data not found)")
    print()
    print(f"{'':>16} {'pred clickbait':>15} {'pred news':>10}")
    print(f"{'true clickbait':>16} {c['tp']:>15} {c['fn']:>10}")
    print(f"{'true news':>16} {c['fp']:>15} {c['tn']:>10}")
    print()
    for key in ("accuracy", "precision", "recall", "f1"):
        print(f"{key:>10}  {result[key]:.4f}")
    floor = card["metrics"]["floors"]["accuracy"]
    below = result["accuracy"] < floor
    print(f"{'floor':>10}  {floor:.4f}  {'BELOW' if below else 'met'}")
    print(json.dumps({"accuracy": result["accuracy"], "precision": result["precision"], "recall": result["recall"],
                      "f1": result["f1"], "n": result["n"], "split": split, "threshold": threshold,
                      "model": model.name}))
    return 1 if args.check_floor and below else 0


def training_part(folder: Path, card: dict) -> set[str] | None:
    """The headlines the model was fitted on, when the training files are at hand (else None)."""
    try:
        data = read_headlines(folder)
    except (FileNotFoundError, OSError):
        return None
    if not is_training_data(data.files, card):
        return None
    train, _ = heldout_split(data.texts, data.labels)
    return {data.texts[i] for i in train}


if __name__ == "__main__":
    sys.exit(main())
