"""training.ceiling: the per-set learnability bound used to judge the reliability target."""
import numpy as np
import pytest

pytest.importorskip("sklearn")

from scorer.scoring.features import FEATURE_NAMES
from training.reliability.ceiling import best_single_feature, within_set_auc
from training.reliability.train import build_pipeline


def _train(X, y, datasets):
    return build_pipeline().fit(X, y)


def _data(signal: bool, n: int = 200, publishers: int = 10):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, len(FEATURE_NAMES)))
    y = rng.integers(0, 2, size=n)
    if signal:
        X[:, 3] += 2.0 * y
    return X, y, np.array([f"site{i % publishers}" for i in range(n)])


def test_a_learnable_set_scores_high_and_noise_near_chance():
    X, y, groups = _data(signal=True)
    assert np.mean(within_set_auc(_train, X, y, groups, repeats=2)) > 0.75
    X, y, groups = _data(signal=False)
    assert abs(np.mean(within_set_auc(_train, X, y, groups, repeats=2)) - 0.5) < 0.12


def test_best_single_feature_names_the_informative_column_either_direction():
    X, y, _ = _data(signal=True)
    name, auc = best_single_feature(X, y)
    assert name == FEATURE_NAMES[3] and auc > 0.85
    name, auc = best_single_feature(-X, y)
    assert name == FEATURE_NAMES[3] and auc < 0.15


def test_folds_never_share_a_publisher_even_with_few_publishers():
    X, y, groups = _data(signal=True, n=60, publishers=3)  # fewer publishers than folds
    scores = within_set_auc(_train, X, y, groups, repeats=1)
    assert len(scores) == 1 and 0.0 <= scores[0] <= 1.0
