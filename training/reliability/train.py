"""Train the reliability model: `python -m training.train [--data-root DIR] [--out DIR] [--force]`.

Builds a NEW version directory `models/reliability-vN/` (the next free N; an existing directory is
never overwritten unless --force) with `model.joblib` (one scikit-learn Pipeline), `model_card.json`
and `README.md`, from the article sets in `TrainingSettings.data_root` (env SCORER_DATA_ROOT):

1. Loads the three veracity-labelled article sets (training/datasets.py): SFU/BuzzFeed, FA-KES,
   Horne 2017; with `--distant polnear`, also PolNeAR's articles labelled by their publisher.
2. Computes every article's features exactly as scoring does: `parse_text` -> attributions from the
   committed attribution model -> the headline's P(clickbait) from the committed clickbait model ->
   `scorer.scoring.features.extract_features`.
3. Publisher-grouped cross-validation (GroupKFold over site keys, several shuffled repeats): per data
   set ROC-AUC (pooled out-of-fold, and per fold) with its spread, Brier score and reliability bins;
   the same folds for a plain TF-IDF + logistic regression baseline and for the feature-group ablation.
4. Fits the final pipeline on all rows and writes the card.

Rows are weighted so that, within each data set, the two classes weigh the same, and every data set
weighs the same in total: the sets' base rates differ (SFU 18% unreliable, Horne 61%), and without
the weights the model learns "which data set is this" — recomputed inside each training fold.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from scorer.artifacts import CARD_FILE, artifact_record, code_path, file_sha256, git_state, library_versions, write_card
from scorer.config import PROJECT_ROOT
from training.settings import get_settings
from scorer.scoring.features import (EXPECTED_DIRECTION, FEATURE_DESCRIPTIONS, FEATURE_GROUPS, FEATURE_NAMES,
                             extract_features)
from scorer.scoring.model import MODEL_FILE, MODEL_NAME, STEP_NAMES, NormalScores
from scorer.page.parse import parse_text

from training.data import datasets as ds
from training.versions import refuse_to_overwrite

# Regularisation of the logistic regression: the grouped-CV macro ROC-AUC moves by under 0.005 from
# C = 0.03 to 0.3 (docs/model.md); 0.1 keeps coefficients small for features few publishers show.
C = 0.1
FOLDS = 5
REPEATS = 5
# The evaluation command fails below the card's floor: this far under the cross-validated estimate.
FLOOR_MARGIN = 0.05
RELIABILITY_BINS = 10
SELF_CHECK_ROWS_PER_SET = 3
DISTANT_SETS = (ds.POLNEAR_DIR,)


@dataclass(frozen=True)
class Corpus:
    articles: tuple[ds.Article, ...]
    X: np.ndarray
    y: np.ndarray
    groups: np.ndarray
    datasets: np.ndarray
    files: tuple[ds.DatasetFile, ...]


# --- features ----------------------------------------------------------------------------------------
def load_feature_models(models_dir: Path):
    """The committed attribution and clickbait models, loaded and verified as scoring loads them."""
    from scorer.attribution.model import MODEL_DIR as ATTRIBUTION_DIR, load_attribution_model
    from scorer.analysis.clickbait import MODEL_DIR as CLICKBAIT_DIR, ClickbaitModel

    return (load_attribution_model(models_dir / ATTRIBUTION_DIR), ClickbaitModel.load(models_dir / CLICKBAIT_DIR),
            {"attribution": _card_id(models_dir / ATTRIBUTION_DIR), "clickbait": _card_id(models_dir / CLICKBAIT_DIR)})


def _card_id(directory: Path) -> dict:
    """Which feature model was used, down to its files' hashes: a retrained one shifts the features."""
    card = json.loads((directory / CARD_FILE).read_text(encoding="utf-8"))
    return {"directory": directory.name, "name": str(card.get("name")), "version": str(card.get("version")),
            "card_sha256": file_sha256(directory / CARD_FILE)}


def article_features(article: ds.Article, attribution_model, clickbait) -> tuple[float, ...]:
    """One article's features, by the same steps as `scorer.pipeline` on text-only input."""
    from scorer.attribution.extract import extract_attributions

    page = parse_text(article.text, title=article.title)
    attributions = extract_attributions(page.text, attribution_model)
    headline_bait, _ = clickbait.score_page(page.title, ())
    return extract_features(page, attributions, headline_bait).values


def featurize(articles: Sequence[ds.Article], attribution_model, clickbait, *, progress: bool = True) -> np.ndarray:
    rows = []
    started = time.perf_counter()
    for i, article in enumerate(articles, 1):
        rows.append(article_features(article, attribution_model, clickbait))
        if progress and (i % 500 == 0 or i == len(articles)):
            print(f"  features: {i}/{len(articles)} articles ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return np.asarray(rows, dtype=np.float64).reshape(len(articles), len(FEATURE_NAMES))


def load_corpus(root: Path, names: Sequence[str], attribution_model, clickbait) -> Corpus:
    articles: list[ds.Article] = []
    files: list[ds.DatasetFile] = []
    for name in names:
        loaded = ds.load(name, root)
        articles += loaded.articles
        files += loaded.files
        print(f"  {name}: {len(loaded.articles)} articles", file=sys.stderr)
    X = featurize(articles, attribution_model, clickbait)
    return Corpus(tuple(articles), X, np.array([a.label for a in articles]), np.array([a.group for a in articles]),
                  np.array([a.dataset for a in articles]), tuple(files))


# --- the model ---------------------------------------------------------------------------------------
def build_pipeline(keep: Sequence[bool] | None = None, c: float = C):
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([
        (STEP_NAMES[0], SimpleImputer(strategy="median", keep_empty_features=True)),
        (STEP_NAMES[1], NormalScores(keep=None if keep is None else tuple(bool(k) for k in keep))),
        (STEP_NAMES[2], LogisticRegression(C=c, max_iter=5000)),
    ])


def fit_model(X: np.ndarray, y: np.ndarray, datasets: np.ndarray, *, allowed: Sequence[bool] | None = None,
              sign_constrained: bool = True):
    """The reliability pipeline, fitted with sign-consistent backward elimination.

    Fit; if a feature's coefficient contradicts its `EXPECTED_DIRECTION` (insults toward reliable),
    drop the most contradicting one and refit, until every feature left agrees. A contradicting sign
    is a collinearity artefact or a quirk of these sets, not a finding to explain to readers. Returns
    the pipeline and the features dropped, in order. `allowed` limits the features (ablation);
    `sign_constrained=False` fits once, for the comparison the card records.
    """
    keep = np.ones(len(FEATURE_NAMES), dtype=bool) if allowed is None else np.array(allowed, dtype=bool)
    dropped: list[dict] = []
    while True:
        pipeline = fit(lambda: build_pipeline(keep), X, y, datasets)
        coef = pipeline.named_steps[STEP_NAMES[2]].coef_.ravel()
        against = [j for j in np.flatnonzero(keep) if _DIRECTION[j] and np.sign(coef[j]) == -_DIRECTION[j]]
        if not against or not sign_constrained:
            return pipeline, dropped
        worst = max(against, key=lambda j: abs(coef[j]))
        keep[worst] = False
        dropped.append({"feature": FEATURE_NAMES[worst], "coefficient_when_dropped": round(float(coef[worst]), 4),
                        "expected_direction": int(_DIRECTION[worst])})


_DIRECTION = np.array([EXPECTED_DIRECTION[name] for name in FEATURE_NAMES])


def build_baseline():
    """The plain text baseline the issue quotes: TF-IDF of the words + logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline([("tfidf", TfidfVectorizer(sublinear_tf=True, min_df=2)),
                     ("classifier", LogisticRegression(C=1.0, max_iter=5000))])


def balanced_weights(datasets: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Each (data set, class) cell weighs the same in total; the weights average 1."""
    weights = np.zeros(len(y), dtype=np.float64)
    cells = [(d, c) for d in np.unique(datasets) for c in (0, 1) if np.any((datasets == d) & (y == c))]
    for d, c in cells:
        mask = (datasets == d) & (y == c)
        weights[mask] = 1.0 / mask.sum()
    return weights * len(y) / weights.sum()


def fit(make: Callable, inputs, y: np.ndarray, datasets: np.ndarray):
    model = make()
    model.fit(inputs, y, **{f"{model.steps[-1][0]}__sample_weight": balanced_weights(datasets, y)})
    return model


# --- grouped cross-validation --------------------------------------------------------------------
@dataclass(frozen=True)
class CVResult:
    oof: np.ndarray  # (repeats, n) out-of-fold P(unreliable); NaN for rows never evaluated
    fold_of: np.ndarray  # (repeats, n) the fold each row was held out in
    pooled_auc: dict[str, list[float]]  # data set -> pooled out-of-fold ROC-AUC per repeat
    fold_auc: dict[str, list[float]]  # data set -> ROC-AUC of each fold that holds both classes

    def summary(self) -> dict:
        out = {}
        for name, values in self.pooled_auc.items():
            folds = self.fold_auc.get(name, [])
            out[name] = {"roc_auc": _mean_std(values), "roc_auc_per_fold": _mean_std(folds),
                         "folds_with_both_classes": len(folds)}
        macro = [float(np.mean([self.pooled_auc[n][r] for n in self.pooled_auc])) for r in range(self.oof.shape[0])]
        out["macro_roc_auc"] = _mean_std(macro)
        return out


def _mean_std(values: Sequence[float]) -> dict[str, float | int | None]:
    if not len(values):
        return {"mean": None, "std": None, "n": 0}
    return {"mean": round(float(np.mean(values)), 4), "std": round(float(np.std(values)), 4), "n": len(values)}


def grouped_cv(train: Callable, inputs, corpus: Corpus, *, folds: int = FOLDS, repeats: int = REPEATS,
               eval_sets: Sequence[str] = ds.EVAL_SETS) -> CVResult:
    """Publisher-grouped CV: no site key is ever on both sides of a split (across data sets too).

    `train(inputs, y, datasets)` returns a fitted model with `predict_proba`."""
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    y, groups, datasets = corpus.y, corpus.groups, corpus.datasets
    present = [name for name in eval_sets if np.any(datasets == name)]
    oof = np.full((repeats, len(y)), np.nan)
    fold_of = np.full((repeats, len(y)), -1)
    pooled = {name: [] for name in present}
    per_fold: dict[str, list[float]] = {name: [] for name in present}
    for repeat in range(repeats):
        splitter = GroupKFold(n_splits=folds, shuffle=True, random_state=repeat)
        for fold, (rows, test) in enumerate(splitter.split(np.zeros(len(y)), y, groups)):
            model = train(_take(inputs, rows), y[rows], datasets[rows])
            oof[repeat, test] = model.predict_proba(_take(inputs, test))[:, 1]
            fold_of[repeat, test] = fold
            for name in present:
                rows = test[datasets[test] == name]
                if len(set(y[rows])) == 2:
                    per_fold[name].append(float(roc_auc_score(y[rows], oof[repeat, rows])))
        for name in present:
            rows = datasets == name
            pooled[name].append(float(roc_auc_score(y[rows], oof[repeat, rows])))
    return CVResult(oof, fold_of, pooled, per_fold)


def _take(inputs, rows: np.ndarray):
    if isinstance(inputs, np.ndarray):
        return inputs[rows]
    return [inputs[i] for i in rows]


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(p / (1 - p))


def fit_platt(probabilities: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling: P' = sigmoid(a * logit(P) + b), fitted on out-of-fold predictions."""
    from sklearn.linear_model import LogisticRegression

    scaler = LogisticRegression(C=1e6, max_iter=1000).fit(_logit(probabilities).reshape(-1, 1), y)
    return float(scaler.coef_[0, 0]), float(scaler.intercept_[0])


def apply_platt(probabilities: np.ndarray, a: float, b: float) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(a * _logit(probabilities) + b)))


def cross_fitted_platt(cv: CVResult, corpus: Corpus, eval_sets: Sequence[str] = ds.EVAL_SETS) -> np.ndarray:
    """Calibrated out-of-fold predictions: each fold's rows scaled by a fit on the other folds' rows."""
    rows = np.isin(corpus.datasets, list(eval_sets))
    out = np.full_like(cv.oof, np.nan)
    for r in range(cv.oof.shape[0]):
        for fold in np.unique(cv.fold_of[r]):
            held = rows & (cv.fold_of[r] == fold)
            rest = rows & (cv.fold_of[r] != fold)
            a, b = fit_platt(cv.oof[r, rest], corpus.y[rest])
            out[r, held] = apply_platt(cv.oof[r, held], a, b)
    return out


def calibrate_pipeline(pipeline, a: float, b: float) -> None:
    """Fold Platt scaling into the logistic regression (coef x a, intercept x a + b): still one linear
    model, so the explanation stays exact."""
    classifier = pipeline.named_steps[STEP_NAMES[2]]
    classifier.coef_ = classifier.coef_ * a
    classifier.intercept_ = classifier.intercept_ * a + b


def calibration(oof: np.ndarray, corpus: Corpus, eval_sets: Sequence[str] = ds.EVAL_SETS) -> dict:
    """Brier score per set (mean over repeats) and reliability bins of the pooled evaluation rows."""
    y, datasets = corpus.y, corpus.datasets
    out: dict = {"brier": {}}
    rows_eval = np.isin(datasets, list(eval_sets))
    for name in [n for n in eval_sets if np.any(datasets == n)] + ["pooled"]:
        rows = rows_eval if name == "pooled" else datasets == name
        briers = [float(np.mean((oof[r, rows] - y[rows]) ** 2)) for r in range(oof.shape[0])]
        base = float(y[rows].mean())
        # the Brier score of always predicting the set's base rate: the bar a useful probability clears
        out["brier"][name] = {**_mean_std(briers), "base_rate": round(base, 4),
                              "base_rate_brier": round(base * (1 - base), 4)}
    p, t = oof[0, rows_eval], y[rows_eval]
    edges = np.linspace(0, 1, RELIABILITY_BINS + 1)
    bins = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        inside = (p >= lo) & ((p < hi) | (hi == 1.0))
        if inside.any():
            bins.append({"from": round(float(lo), 2), "to": round(float(hi), 2), "n": int(inside.sum()),
                         "mean_predicted": round(float(p[inside].mean()), 4),
                         "observed_unreliable": round(float(t[inside].mean()), 4)})
    out["reliability_bins"] = bins
    out["expected_calibration_error"] = round(sum(b["n"] * abs(b["mean_predicted"] - b["observed_unreliable"])
                                                  for b in bins) / max(len(p), 1), 4)
    return out


def train_model(X: np.ndarray, y: np.ndarray, datasets: np.ndarray, allowed: Sequence[bool] | None = None):
    return fit_model(X, y, datasets, allowed=allowed)[0]


def train_baseline(texts, y: np.ndarray, datasets: np.ndarray):
    return fit(build_baseline, texts, y, datasets)


def ablation(corpus: Corpus, *, repeats: int) -> list[dict]:
    """Grouped-CV macro ROC-AUC with each feature group alone and with it left out."""
    rows = []
    for group, names in FEATURE_GROUPS.items():
        inside = np.array([name in names for name in FEATURE_NAMES])
        only = grouped_cv(lambda X, y, d: train_model(X, y, d, inside), corpus.X, corpus, repeats=repeats)
        without = grouped_cv(lambda X, y, d: train_model(X, y, d, ~inside), corpus.X, corpus, repeats=repeats)
        rows.append({"group": group, "features": list(names), "only": _brief(only.summary()),
                     "without": _brief(without.summary())})
    return rows


def _brief(summary: dict) -> dict:
    out = {"macro_roc_auc": summary["macro_roc_auc"]["mean"], "macro_std": summary["macro_roc_auc"]["std"]}
    for name in ds.EVAL_SETS:
        if name in summary:
            out[name] = summary[name]["roc_auc"]["mean"]
    return out


# --- the card ----------------------------------------------------------------------------------------
def next_version_dir(models_dir: Path) -> Path:
    taken = [int(m.group(1)) for p in models_dir.glob(f"{MODEL_NAME}-v*")
             if (m := re.fullmatch(rf"{MODEL_NAME}-v(\d+)", p.name))]
    return models_dir / f"{MODEL_NAME}-v{max(taken, default=0) + 1}"


def self_check_block(pipeline, X: np.ndarray, datasets: np.ndarray) -> dict:
    """A few real rows and an all-missing one, with the probabilities the pipeline gives them."""
    picks = []
    for name in np.unique(datasets):
        picks += list(np.flatnonzero(datasets == name)[:SELF_CHECK_ROWS_PER_SET])
    rows = np.vstack([X[picks], np.full((1, X.shape[1]), np.nan)])
    probabilities = pipeline.predict_proba(rows)[:, 1]
    return {"rows": [[None if np.isnan(v) else float(v) for v in row] for row in rows],
            "probabilities": [float(p) for p in probabilities]}


def coefficients(pipeline) -> list[dict]:
    coef = pipeline.named_steps["classifier"].coef_.ravel()
    order = np.argsort(-np.abs(coef))
    return [{"feature": FEATURE_NAMES[i], "coefficient": round(float(coef[i]), 4),
             "description": FEATURE_DESCRIPTIONS[FEATURE_NAMES[i]]} for i in order]


def write_readme(out: Path, card: dict) -> None:
    cv = card["metrics"]["grouped_cv"]
    base = card["metrics"]["tfidf_baseline_grouped_cv"]
    lines = [
        f"# {card['name']}-{card['version']}: P(unreliable) of a news article's text",
        "",
        card["task"],
        "",
        f"Trained by `{card['command']}` (commit {card['code']['commit']}). "
        f"Loaded by `{card['code']['loader']}`, which",
        "checks the card's feature names, scikit-learn version and sha256 before unpickling.",
        "",
        "## Publisher-grouped cross-validation (ROC-AUC, mean ± std over repeats)",
        "",
        "| data set | this model | TF-IDF + LR baseline | rows |",
        "| --- | --- | --- | --- |",
    ]
    for name in ds.EVAL_SETS:
        if name in cv:
            rows = sum(f["rows_used"] for f in card["training_data"] if f["dataset"] == name)
            lines.append(f"| {name} | {cv[name]['roc_auc']['mean']:.3f} ± {cv[name]['roc_auc']['std']:.3f} | "
                         f"{base[name]['roc_auc']['mean']:.3f} ± {base[name]['roc_auc']['std']:.3f} | {rows} |")
    lines += [f"| **macro** | **{cv['macro_roc_auc']['mean']:.3f} ± {cv['macro_roc_auc']['std']:.3f}** | "
              f"{base['macro_roc_auc']['mean']:.3f} ± {base['macro_roc_auc']['std']:.3f} | |", "",
              "## Data and licences", ""]
    for f in card["training_data"]:
        lines.append(f"- `{f['path']}` ({f['role']}): {f['rows_used']} of {f['rows_read']} rows; "
                     f"licence: {f['licence']}.")
    lines += ["", "Research data: the article texts belong to their publishers. The model holds no text, only",
              "feature statistics and coefficients. Full details: `model_card.json`, docs/model.md.", ""]
    (out / "README.md").write_text("\n".join(lines), encoding="utf-8")


# --- main --------------------------------------------------------------------------------------------
def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m training.train", description=__doc__.split("\n")[0])
    parser.add_argument("--data-root", type=Path, default=None,
                        help="folder of the data sets (default: TrainingSettings.data_root)")
    parser.add_argument("--out", type=Path, default=None, help="version directory to write (default: the next free "
                        f"models/{MODEL_NAME}-vN)")
    parser.add_argument("--force", action="store_true", help="overwrite --out if it exists")
    parser.add_argument("--distant", action="append", default=[], choices=DISTANT_SETS,
                        help="add a publisher-labelled set to training (never to evaluation)")
    parser.add_argument("--repeats", type=int, default=REPEATS, help="shuffled GroupKFold repeats")
    parser.add_argument("--no-ablation", action="store_true", help="skip the feature-group ablation (faster)")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    import joblib

    args = parse_args(argv)
    settings = get_settings()
    root = (args.data_root or settings.data_root).resolve()
    out = args.out or next_version_dir(settings.models_dir)
    if refuse_to_overwrite(out, force=args.force):
        return 2
    missing = [name for name in (*ds.EVAL_SETS, *args.distant) if not ds.available(name, root)]
    if missing:
        print(f"error: data sets missing under {root}: {', '.join(missing)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    attribution_model, clickbait, feature_models = load_feature_models(settings.models_dir)
    print(f"loading and featurising the articles under {root}", file=sys.stderr)
    try:
        corpus = load_corpus(root, (*ds.EVAL_SETS, *args.distant), attribution_model, clickbait)
    except ds.DatasetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    print("grouped cross-validation", file=sys.stderr)
    cv = grouped_cv(train_model, corpus.X, corpus, repeats=args.repeats)
    texts = [f"{a.title}\n{a.text}" for a in corpus.articles]
    print("TF-IDF baseline in the same folds", file=sys.stderr)
    baseline = grouped_cv(train_baseline, texts, corpus, repeats=args.repeats)
    evaluated = np.isin(corpus.datasets, ds.EVAL_SETS)
    platt_a, platt_b = fit_platt(cv.oof[:, evaluated].ravel(), np.tile(corpus.y[evaluated], cv.oof.shape[0]))
    print("the same features without the sign constraint", file=sys.stderr)
    free = grouped_cv(lambda X, y, d: fit_model(X, y, d, sign_constrained=False)[0], corpus.X, corpus,
                      repeats=args.repeats)
    metrics = {"grouped_cv": cv.summary(), "tfidf_baseline_grouped_cv": baseline.summary(),
               "unconstrained_grouped_cv": free.summary(),
               "calibration": {
                   "method": "Platt scaling of the balanced-weight model's log-odds to the pooled evaluation rows, "
                             "folded into the logistic regression (coef x a, intercept x a + b)",
                   "platt": {"a": platt_a, "b": platt_b},
                   "calibrated": calibration(cross_fitted_platt(cv, corpus), corpus) | {
                       "note": "out-of-fold predictions, each fold scaled by a Platt fit on the other folds"},
                   "uncalibrated": calibration(cv.oof, corpus) | {
                       "note": "out-of-fold predictions of the balanced-weight model (even odds a priori)"},
               }}
    if not args.no_ablation:
        print("feature-group ablation", file=sys.stderr)
        metrics["ablation"] = ablation(corpus, repeats=min(args.repeats, 3))
        metrics["distant_supervision"] = distant_comparison(root, corpus, args, attribution_model, clickbait)

    pipeline, dropped = fit_model(corpus.X, corpus.y, corpus.datasets)
    calibrate_pipeline(pipeline, platt_a, platt_b)
    out.mkdir(parents=True, exist_ok=True)
    model_path = out / MODEL_FILE
    joblib.dump(pipeline, model_path)
    command = "python -m training.train" + "".join(f" {a}" for a in (sys.argv[1:] if argv is None else argv))
    macro = metrics["grouped_cv"]["macro_roc_auc"]["mean"]
    card = {
        "name": MODEL_NAME,
        "version": out.name.rsplit("-", 1)[-1],
        "task": "P(unreliable) of one news article from its own text (binary; 1 = unreliable), for articles "
                "of publishers the model has never seen",
        "label_definition": {
            ds.SFU_DIR: "mostly true -> reliable (0); mostly false, mixture of true and false -> unreliable (1); "
                        "no factual content dropped",
            ds.FAKES_DIR: "labels 1 (credible) -> reliable (0); 0 (fake) -> unreliable (1)",
            ds.HORNE_DIR: "real -> reliable (0); fake, satire -> unreliable (1)",
            **({ds.POLNEAR_DIR: "distant: the publisher's standing (nyt, wash-post, politico, usa-today -> 0; "
                                "breitbart, west-journal -> 1)"} if ds.POLNEAR_DIR in args.distant else {}),
        },
        "not_features": "the article's publisher, its domain and its domain rating are never inputs (the "
                        "rating is its own signal); site keys are used only to group the cross-validation",
        "created": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat(),
        "command": command,
        "code": {**git_state(PROJECT_ROOT), "trainer": code_path(__name__, PROJECT_ROOT),
                 "features": code_path(extract_features, PROJECT_ROOT),
                 "loader": code_path(NormalScores, PROJECT_ROOT)},
        "pipeline": f"Pipeline(impute=SimpleImputer(median), normal_scores={NormalScores.__module__}.NormalScores "
                    f"(mid-rank normal scores), classifier=LogisticRegression(C={C}, lbfgs; Platt scaling folded in))",
        "sample_weights": "each (data set, class) cell weighs the same in total (recomputed in every CV fold)",
        "features": {"count": len(FEATURE_NAMES), "names": list(FEATURE_NAMES),
                     "groups": {k: list(v) for k, v in FEATURE_GROUPS.items()},
                     "descriptions": dict(FEATURE_DESCRIPTIONS), "computed_with": feature_models},
        "explanation": "contribution of a feature = coefficient x its normal score (the mid-rank of its value among "
                       "the training articles, as a standard normal deviate); intercept + contributions = log-odds "
                       "of P(unreliable)",
        "selection": {"rule": "sign-consistent backward elimination: a feature whose coefficient contradicts its "
                              f"expected direction ({extract_features.__module__}.EXPECTED_DIRECTION) is dropped, "
                              "the most contradicting first, and the model refitted; done inside every CV fold too",
                      "expected_direction": dict(EXPECTED_DIRECTION), "dropped_in_order": dropped,
                      "used": [n for n in FEATURE_NAMES if n not in {d["feature"] for d in dropped}]},
        "coefficients": coefficients(pipeline),
        "intercept": round(float(pipeline.named_steps["classifier"].intercept_[0]), 4),
        "training_data": [f.to_dict() for f in corpus.files],
        "rows": {"total": int(len(corpus.y)), "unreliable": int(corpus.y.sum())},
        "validation": {"method": f"GroupKFold({FOLDS}, shuffle) x {args.repeats} repeats over publisher site keys "
                                 "(a key shared by two sets, e.g. politico.com, stays on one side)",
                       "roc_auc_pooled": "ROC-AUC of each set's out-of-fold predictions, per repeat",
                       "roc_auc_per_fold": "ROC-AUC within each fold's test part where it holds both classes",
                       "horne_groups": f"Horne's set records no publisher: blocks of {ds.HORNE_BLOCK} consecutive "
                                       "file numbers per (subset, label) stand in for outlets"},
        "metrics": metrics,
        "floors": {"macro_roc_auc": round(macro - FLOOR_MARGIN, 3),
                   "rule": f"the grouped-CV macro ROC-AUC minus {FLOOR_MARGIN}: `python -m training.evaluate "
                           "--check-floors` fails below it"},
        "library_versions": library_versions(),
        "artifact": {"file": MODEL_FILE, **artifact_record(model_path)},
        "self_check": self_check_block(pipeline, corpus.X, corpus.datasets),
        "training_seconds": round(time.perf_counter() - started, 1),
    }
    write_card(out, card)
    write_readme(out, card)
    print_summary(card)
    print(json.dumps({"model": str(out.relative_to(PROJECT_ROOT) if out.is_relative_to(PROJECT_ROOT) else out),
                      "macro_roc_auc": macro, "tfidf_baseline_macro_roc_auc":
                      metrics["tfidf_baseline_grouped_cv"]["macro_roc_auc"]["mean"]}))
    return 0


def distant_comparison(root: Path, corpus: Corpus, args: argparse.Namespace, attribution_model, clickbait) -> dict:
    """The grouped-CV macro ROC-AUC with the distant sets toggled, so the choice is measured."""
    result = {"used": list(args.distant)}
    for name in DISTANT_SETS:
        if name in args.distant or not ds.available(name, root):
            continue
        extra = load_corpus(root, (name,), attribution_model, clickbait)
        both = Corpus(corpus.articles + extra.articles, np.vstack([corpus.X, extra.X]), np.r_[corpus.y, extra.y],
                      np.r_[corpus.groups, extra.groups], np.r_[corpus.datasets, extra.datasets], ())
        result[f"with_{name}"] = _brief(grouped_cv(train_model, both.X, both, repeats=min(args.repeats, 3)).summary())
    return result


def print_summary(card: dict) -> None:
    cv, base = card["metrics"]["grouped_cv"], card["metrics"]["tfidf_baseline_grouped_cv"]
    print(f"{'data set':<28} {'features+LR':>16} {'per fold':>16} {'TF-IDF+LR':>16}")
    for name in [*ds.EVAL_SETS, "macro_roc_auc"]:
        if name not in cv:
            continue
        a = cv[name] if name == "macro_roc_auc" else cv[name]["roc_auc"]
        b = base[name] if name == "macro_roc_auc" else base[name]["roc_auc"]
        f = cv[name]["roc_auc_per_fold"] if name != "macro_roc_auc" else {"mean": None}
        fold = f"{f['mean']:.3f} ± {f['std']:.3f}" if f["mean"] is not None else ""
        print(f"{name:<28} {a['mean']:.3f} ± {a['std']:.3f}   {fold:>16} {b['mean']:.3f} ± {b['std']:.3f}")
    free = card["metrics"]["unconstrained_grouped_cv"]["macro_roc_auc"]
    print(f"without the sign constraint: macro {free['mean']:.3f} ± {free['std']:.3f}; dropped for their sign: "
          + ", ".join(f"{d['feature']} ({d['coefficient_when_dropped']:+.3f})"
                      for d in card["selection"]["dropped_in_order"]))
    cal = card["metrics"]["calibration"]["calibrated"]
    print("Brier (out-of-fold, calibrated): " + ", ".join(f"{k} {v['mean']:.3f}" for k, v in cal["brier"].items())
          + f"; expected calibration error {cal['expected_calibration_error']:.3f}")
    for row in card["metrics"].get("ablation", []):
        only, without = row["only"]["macro_roc_auc"], row["without"]["macro_roc_auc"]
        print(f"  {row['group']:<12} only {only:.3f}   without {without:.3f}")


if __name__ == "__main__":
    sys.exit(main())
