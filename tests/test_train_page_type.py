"""The page-type recipe (training/page_findings/train_page_type.py): fitted and judged by site."""
from __future__ import annotations

import numpy as np
import pytest

from scorer.findings.page_type_features import FEATURE_NAMES
from training.page_findings.train_page_type import (
    TrainingRows,
    article_metrics,
    choose_threshold,
    fit_models,
    held_out_types,
    predict_types,
)

TYPES = ("news_article", "opinion_or_blog", "reference_or_info", "commercial", "other")


def synthetic_rows(seed: int = 0, sites: int = 30, per_site: int = 4) -> TrainingRows:
    """Pages of `sites` sites; a site's pages share a type, and feature 0 tells articles from the rest."""
    rng = np.random.default_rng(seed)
    groups, types, rows = [], [], []
    for site in range(sites):
        kind = TYPES[site % len(TYPES)]
        for _ in range(per_site):
            x = np.zeros(len(FEATURE_NAMES))  # constant features: the scaler leaves them at zero
            x[:5] = rng.normal(size=5)  # a little noise the model must see through
            x[0] = 3.0 if kind in ("news_article", "opinion_or_blog") else -3.0
            groups.append(f"site{site}")
            types.append(kind)
            rows.append(x)
    n = len(types)
    return TrainingRows([f"p{i}" for i in range(n)], ["synthetic"] * n, np.array(groups), np.array(rows),
                        np.array(types), np.array(["news_article"] * n), np.zeros(n, dtype=bool))


def test_a_clear_signal_is_learned_on_held_out_sites():
    rows = synthetic_rows()
    held_out = held_out_types(rows, folds=5)
    metrics = article_metrics(rows.types, held_out)
    assert metrics["article_like_accuracy"] == 1.0 and metrics["articles_not_applicable"] == 0.0


def test_a_page_label_never_reaches_its_own_prediction():
    """Changing the gold of one site's pages changes none of that site's held-out types: the fold
    that types them was fitted (threshold included) without them."""
    rows = synthetic_rows(seed=1)
    before = held_out_types(rows, folds=5)
    site = rows.groups == "site2"
    flipped = rows.types.copy()
    flipped[site] = "news_article" if rows.types[site][0] != "news_article" else "commercial"
    after = held_out_types(TrainingRows(rows.keys, rows.gold_sets, rows.groups, rows.x, flipped, rows.rule_types,
                                        rows.short), folds=5)
    assert (before[site] == after[site]).all()


def test_the_rules_type_stands_where_they_say_not_an_article_or_the_text_is_unjudgeable():
    rows = synthetic_rows()
    models = fit_models(rows.x, rows.types)
    rule_types = np.array(["forum_or_qa"] + ["news_article"] * (len(rows.keys) - 1))
    short = np.zeros(len(rows.keys), dtype=bool)
    short[rows.types != "news_article"] = True
    predicted = predict_types(models, 1.01, rows.x, rule_types, short)  # the model would overrule every article
    assert predicted[0] == "forum_or_qa"
    assert (predicted[short & (rule_types == "news_article")] == "news_article").all()


def test_the_threshold_keeps_articles():
    rows = synthetic_rows(seed=2)
    threshold = choose_threshold(rows, np.arange(len(rows.keys)))
    assert 0.0 < threshold < 1.0


def test_one_kind_of_non_article_in_a_fold_still_fits():
    rows = synthetic_rows()
    keep = np.isin(rows.types, ["news_article", "commercial"])
    models = fit_models(rows.x[keep], rows.types[keep])
    assert set(models["kind"].classes_) >= {"commercial"}


@pytest.mark.parametrize("gold, predicted, share", [
    (["news_article", "commercial"], ["news_article", "news_article"], 0.0),
    (["news_article", "commercial"], ["news_article", "other"], 1.0),
])
def test_article_metrics(gold, predicted, share):
    assert article_metrics(np.array(gold), np.array(predicted))["non_articles_not_applicable"] == share
