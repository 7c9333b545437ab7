"""Train the page-type model (models/page-type-v<N>) on both gold sets.

    python -m training.page_findings.train_page_type [--version v1] [--force]

Reads the gold pages (training/page_findings/data.py), computes each page's features as the scorer
does (scorer.findings.page_type_features), fits the two pipelines of scorer.findings.page_type_model
and chooses the decision threshold on site-grouped folds of the training pages (`fit_page_type`),
evaluates the whole recipe on site-grouped folds (every figure on pages the fold's model never saw),
and writes `model.joblib`, `model_card.json` and `README.md` into a new version directory (never
over an existing one unless --force).
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from dataclasses import dataclass
from typing import Any

import numpy as np

from scorer.config import PROJECT_ROOT
from scorer.findings import page_type
from scorer.findings.page_type_features import ARTICLE_LIKE, FEATURE_NAMES, PAGE_TYPES, features
from scorer.findings.page_type_model import MODEL_FILE, NOT_ARTICLE_TYPES

# Regularisation of both logistic regressions: strong (C = 0.1), for ~300 pages and ~100 features;
# chosen among 0.01-0.3 on the site-grouped out-of-fold figures (docs/page-findings.md says so).
C = 0.1
# The threshold on P(article) is the highest grid value at which, on the training pages' own
# site-grouped folds, at most this share of gold articles is typed not an article (rules included):
# withholding an article's score is the costlier error.
MAX_ARTICLES_LOST = 0.02
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.05, 0.96, 0.05))
FOLDS = 5


@dataclass(frozen=True)
class TrainingRows:
    keys: list[str]
    gold_sets: list[str]
    groups: np.ndarray
    x: np.ndarray
    types: np.ndarray  # gold page types
    rule_types: np.ndarray
    short: np.ndarray  # too little text or no prose: the rules decide (page_type.insufficient_text)

    @property
    def article(self) -> np.ndarray:
        return np.array([t in ARTICLE_LIKE for t in self.types])

    @property
    def rule_article(self) -> np.ndarray:
        return np.array([t in ARTICLE_LIKE for t in self.rule_types])


def rows_of(pages: list[Any]) -> TrainingRows:
    """Feature rows of gold pages (training.page_findings.data.GoldTypedPage)."""
    rule_types = [page_type.classify(p.page)[0] for p in pages]
    return TrainingRows([p.key for p in pages], [p.gold_set for p in pages], np.array([p.group for p in pages]),
                        np.array([features(p.page, r) for p, r in zip(pages, rule_types)], dtype=float),
                        np.array([p.page_type for p in pages]), np.array(rule_types),
                        np.array([bool(page_type.insufficient_text(p.page)) for p in pages]))


def _pipeline() -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler

    return Pipeline([("scale", StandardScaler()), ("classify", LogisticRegression(C=C, max_iter=5000))])


def _folds(groups: np.ndarray, k: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import GroupKFold

    k = min(k, len(set(groups.tolist())))
    return list(GroupKFold(k).split(np.zeros(len(groups)), groups=groups))


def fit_models(x: np.ndarray, types: np.ndarray) -> dict[str, Any]:
    article = np.array([t in ARTICLE_LIKE for t in types])
    others = ~article
    kind_types = types[others]
    if len(set(kind_types.tolist())) < 2:  # a fold with one kind of non-article: add a stand-in row
        kind_x = np.vstack([x[others], np.zeros((1, x.shape[1]))])
        kind_types = np.concatenate([kind_types, ["other" if "other" not in kind_types else "reference_or_info"]])
    else:
        kind_x = x[others]
    return {"article": _pipeline().fit(x, article), "kind": _pipeline().fit(kind_x, kind_types)}


def choose_threshold(rows: TrainingRows, index: np.ndarray) -> float:
    """The threshold for the pages `index`, from their own site-grouped out-of-fold P(article)."""
    article, rule_article = rows.article[index], rows.rule_article[index]
    p = np.zeros(len(index))
    for train, test in _folds(rows.groups[index], FOLDS):
        models = fit_models(rows.x[index][train], rows.types[index][train])
        p[test] = models["article"].predict_proba(rows.x[index][test])[:, list(models["article"].classes_).index(True)]
    best = 0.0
    for threshold in THRESHOLDS:
        kept = rule_article & ((p >= threshold) | rows.short[index])
        if (article & ~kept).sum() <= MAX_ARTICLES_LOST * max(article.sum(), 1):
            best = threshold
    return best


def predict_types(models: dict[str, Any], threshold: float, x: np.ndarray, rule_types: np.ndarray,
                  short: np.ndarray) -> np.ndarray:
    """The decision of scorer.findings.page_type_model.PageTypeModel.classify, for many rows."""
    article_model, kind_model = models["article"], models["kind"]
    p = article_model.predict_proba(x)[:, list(article_model.classes_).index(True)]
    kinds = kind_model.predict(x)
    return np.array([rule if rule not in ARTICLE_LIKE or pa >= threshold or too_short else kind
                     for rule, pa, kind, too_short in zip(rule_types, p, kinds, short)])


def held_out_types(rows: TrainingRows, folds: int = FOLDS) -> np.ndarray:
    """Each page's type from the recipe (fit + threshold) fitted without the page's site fold."""
    out = np.empty(len(rows.keys), dtype=object)
    for train, test in _folds(rows.groups, folds):
        models = fit_models(rows.x[train], rows.types[train])
        threshold = choose_threshold(rows, train)
        out[test] = predict_types(models, threshold, rows.x[test], rows.rule_types[test], rows.short[test])
    return out


def article_metrics(gold: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    g = np.array([t in ARTICLE_LIKE for t in gold])
    p = np.array([t in ARTICLE_LIKE for t in predicted])
    return {"pages": len(g), "article_like_accuracy": round(float((g == p).mean()), 4),
            "non_articles_not_applicable": round(float((~p & ~g).sum() / max((~g).sum(), 1)), 4),
            "articles_not_applicable": round(float((~p & g).sum() / max(g.sum(), 1)), 4),
            "page_type_accuracy": round(float((gold == predicted).mean()), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", default="v1")
    parser.add_argument("--force", action="store_true", help="overwrite an existing version directory")
    args = parser.parse_args(argv)
    import joblib

    from scorer import artifacts
    from training.page_findings.data import load_typed_pages
    from training.page_findings.evaluate import DEFAULT_GOLDS

    out_dir = PROJECT_ROOT / "models" / f"page-type-{args.version}"
    if out_dir.exists() and not args.force:
        print(f"error: {out_dir} exists (choose another --version, or --force)", file=sys.stderr)
        return 2
    pages = load_typed_pages()
    rows = rows_of(pages)
    held_out = held_out_types(rows)
    metrics: dict[str, Any] = {}
    for name in sorted(set(rows.gold_sets)) + ["all"]:
        mask = np.array([s == name or name == "all" for s in rows.gold_sets])
        metrics[name] = {"held_out": article_metrics(rows.types[mask], held_out[mask]),
                         "rules_only": article_metrics(rows.types[mask], rows.rule_types[mask])}
    threshold = choose_threshold(rows, np.arange(len(rows.keys)))
    models = fit_models(rows.x, rows.types)
    out_dir.mkdir(parents=True, exist_ok=True)
    joblib.dump(models, out_dir / MODEL_FILE)
    gold_files = {str(p.relative_to(PROJECT_ROOT)): hashlib.sha256(p.read_bytes()).hexdigest() for p in DEFAULT_GOLDS}
    card = {
        "name": "page-type", "version": args.version,
        "task": "is the page an article (news, commentary, press release), and if not, which of the guideline's "
                "four other types (../shared/guides/page-findings.md)",
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": f"python -m training.page_findings.train_page_type --version {args.version}",
        "code": artifacts.git_state(PROJECT_ROOT) | {"trainer": "training/page_findings/train_page_type.py",
                                                       "loader": "scorer/findings/page_type_model.py",
                                                       "features": "scorer/findings/page_type_features.py"},
        "pipeline": f"{{'article': Pipeline(StandardScaler, LogisticRegression(C={C})) -> P(article), "
                    f"'kind': Pipeline(StandardScaler, LogisticRegression(C={C})) over {list(NOT_ARTICLE_TYPES)}}}",
        "decision": "rules' type where it is not an article; else not an article when P(article) < threshold "
                    "(type from 'kind'); else the rules' article subtype",
        "threshold": threshold,
        "threshold_rule": f"highest of {THRESHOLDS[0]}..{THRESHOLDS[-1]} keeping <= {MAX_ARTICLES_LOST:.0%} of "
                          "gold articles lost on the training pages' own site-grouped 5-fold predictions",
        "features": {"count": len(FEATURE_NAMES), "names": list(FEATURE_NAMES)},
        "classes": list(PAGE_TYPES),
        "training_data": {
            "files": gold_files, "pages": len(rows.keys),
            "types": {t: int((rows.types == t).sum()) for t in PAGE_TYPES},
            "sources": "training/gold/page_findings.jsonl (181 pages of ../shared/data/article-extraction-benchmark, "
                       "annotated by hand) and training/gold/dev_pages.jsonl (../shared/data/dev-pages: test pages of "
                       "mozilla/readability and goose3/goose3, annotated blind); see training/gold/README.md",
            "licences": "labels: this project's; pages: the article-extraction benchmark's copies (see its SOURCE.md) "
                        "and the dev pages from Apache-2.0 repositories (mozilla/readability, goose3/goose3); the "
                        "pages' text belongs to their publishers (used to develop and evaluate only)",
        },
        "evaluation": {"kind": "held out by site: GroupKFold(5) over site groups (registered domain of the URL, "
                               "else of the page's own canonical/og:url, else the page id without its number); "
                               "the threshold is chosen inside each training part",
                       "metrics": metrics},
        "floors": {"article_like_accuracy": 0.92, "non_articles_not_applicable": 0.80,
                   "articles_not_applicable_max": 0.03},
        "library_versions": artifacts.library_versions(),
        "artifacts": {MODEL_FILE: artifacts.artifact_record(out_dir / MODEL_FILE)},
    }
    artifacts.write_card(out_dir, card)
    (out_dir / "README.md").write_text(_readme(card), encoding="utf-8")
    print(json.dumps({"threshold": threshold, "metrics": metrics}, indent=1))
    return 0


def _readme(card: dict[str, Any]) -> str:
    lines = [f"# page-type-{card['version']}", "", card["task"] + ".", "",
             f"Made by `{card['command']}` from {card['training_data']['pages']} gold pages "
             "(training/gold/page_findings.jsonl, training/gold/dev_pages.jsonl).", "",
             f"- Model: {card['pipeline']}", f"- Decision: {card['decision']}; threshold {card['threshold']} "
             f"({card['threshold_rule']}).", f"- Features ({card['features']['count']}): "
             "scorer/findings/page_type_features.py (declared types, address words, structure, text statistics, "
             "the rules' type).", f"- Licences: {card['training_data']['licences']}.", "",
             "## Evaluation (held out by site: every figure on pages the fold's model never saw)", "",
             "| set | pages | article-or-not | non-articles not applicable | articles not applicable | 7-way |",
             "|---|---|---|---|---|---|"]
    for name, m in card["evaluation"]["metrics"].items():
        for kind in ("held_out", "rules_only"):
            v = m[kind]
            lines.append(f"| {name} ({kind.replace('_', ' ')}) | {v['pages']} | {v['article_like_accuracy']:.3f} | "
                         f"{v['non_articles_not_applicable']:.3f} | {v['articles_not_applicable']:.3f} | "
                         f"{v['page_type_accuracy']:.3f} |")
    lines += ["", "`rules only` is today's rule-based type on the same pages (rules written while reading the "
              "181 benchmark pages: tuned-on for that set)."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
