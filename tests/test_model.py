"""The reliability model: the committed card matches the code, the loader refuses what it must, and the
training code (datasets, weights, versions, evaluation) does what the card says."""
from __future__ import annotations

import csv
import gzip
import io
import json
import math
import re
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import joblib
import numpy as np
import pytest
import sklearn

from training.settings import get_settings
from scorer.errors import ModelError
from scorer.scoring.features import FEATURE_GROUPS, FEATURE_NAMES, extract_features
from scorer.scoring.model import CARD_FILE, MODEL_DIR, MODEL_FILE, ReliabilityModel, file_sha256
from scorer.page.parse import parse_text
from training.data import datasets as ds

COMMITTED = get_settings().models_dir / MODEL_DIR
DATA_ROOT = get_settings().data_root
needs_model = pytest.mark.skipif(not (COMMITTED / CARD_FILE).exists(), reason=f"no committed model at {COMMITTED}")
needs_data = pytest.mark.skipif(not all(ds.available(n, DATA_ROOT) for n in ds.EVAL_SETS),
                                reason=f"the shared article sets are absent under {DATA_ROOT}")


@pytest.fixture(scope="module")
def card() -> dict:
    if not (COMMITTED / CARD_FILE).exists():
        pytest.skip(f"no committed model at {COMMITTED}")
    return json.loads((COMMITTED / CARD_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model() -> ReliabilityModel:
    if not (COMMITTED / CARD_FILE).exists():
        pytest.skip(f"no committed model at {COMMITTED}")
    return ReliabilityModel.load()


@pytest.fixture()
def model_copy(tmp_path) -> Path:
    if not (COMMITTED / CARD_FILE).exists():
        pytest.skip(f"no committed model at {COMMITTED}")
    target = tmp_path / MODEL_DIR
    shutil.copytree(COMMITTED, target)
    return target


def edit_card(directory: Path, change) -> None:
    path = directory / CARD_FILE
    card = json.loads(path.read_text(encoding="utf-8"))
    change(card)
    path.write_text(json.dumps(card), encoding="utf-8")


@needs_model
class TestCommittedCard:
    def test_feature_names_match_the_code(self, card):
        assert card["features"]["names"] == list(FEATURE_NAMES)
        assert card["features"]["groups"] == {k: list(v) for k, v in FEATURE_GROUPS.items()}

    def test_card_records_what_reproduces_the_model(self, card):
        for key in ("task", "label_definition", "command", "code", "pipeline", "training_data", "metrics",
                    "library_versions", "artifact", "floors", "coefficients", "self_check"):
            assert card[key], key
        assert card["command"].startswith("python -m training.train")
        assert card["library_versions"]["scikit-learn"] == sklearn.__version__
        assert card["code"]["commit"] is None or re.fullmatch(r"[0-9a-f]{40}", card["code"]["commit"])
        assert card["artifact"]["sha256"] == file_sha256(COMMITTED / MODEL_FILE)
        assert set(card["label_definition"]) >= set(ds.EVAL_SETS)

    def test_every_data_file_has_hash_licence_and_rows(self, card):
        files = card["training_data"]
        assert {f["dataset"] for f in files} >= set(ds.EVAL_SETS)
        for f in files:
            assert re.fullmatch(r"[0-9a-f]{64}", f["sha256"]) and f["licence"] and f["rows_used"] > 0
            assert f["rows_used"] <= f["rows_read"] and sum(f["label_counts"].values()) == f["rows_used"]

    def test_metrics_have_their_spread_baseline_calibration_and_ablation(self, card):
        metrics = card["metrics"]
        cv = metrics["grouped_cv"]
        for name in ds.EVAL_SETS:
            assert 0 <= cv[name]["roc_auc"]["mean"] <= 1 and cv[name]["roc_auc"]["std"] >= 0
        assert cv["macro_roc_auc"]["n"] >= 2
        assert metrics["tfidf_baseline_grouped_cv"]["macro_roc_auc"]["mean"] is not None
        calibrated = metrics["calibration"]["calibrated"]
        assert calibrated["brier"]["pooled"]["mean"] < 0.25 and calibrated["reliability_bins"]
        assert [row["group"] for row in metrics["ablation"]] == list(FEATURE_GROUPS)

    @needs_data
    @pytest.mark.shared
    def test_training_data_is_the_data_on_disk(self, card):
        for f in card["training_data"]:
            assert ds.sha256_of(DATA_ROOT / f["path"]) == f["sha256"], f["path"]

    def test_feature_models_are_the_committed_ones(self, card):
        # the features were computed with these attribution and clickbait models: a retrained one
        # shifts the features, and the reliability model must be retrained with it
        for part in card["features"]["computed_with"].values():
            card_path = get_settings().models_dir / part["directory"] / "model_card.json"
            assert file_sha256(card_path) == part["card_sha256"], (
                f"{part['directory']} changed since {MODEL_DIR} was trained: run `python -m training.train`")


@needs_model
class TestPrediction:
    def test_probability_and_exact_explanation(self, model):
        rng = np.random.default_rng(7)
        rows = rng.normal(0.2, 0.3, size=(20, len(FEATURE_NAMES)))
        rows[rng.random(rows.shape) < 0.2] = np.nan
        expected = model.pipeline.predict_proba(rows)[:, 1]
        for row, p in zip(rows, expected):
            explanation = model.explain(row)
            assert explanation.probability == pytest.approx(p, abs=1e-9)
            total = explanation.intercept + math.fsum(c.contribution for c in explanation.contributions)
            assert total == pytest.approx(explanation.log_odds, abs=1e-9)
            assert 0.0 < model.predict(row) < 1.0

    def test_one_row_scores_equal_the_pipeline_step_bit_for_bit(self, model):
        scores_step = model.pipeline.named_steps["normal_scores"]
        rng = np.random.default_rng(11)
        rows = np.vstack([rng.normal(0.2, 0.3, size=(30, len(FEATURE_NAMES))),
                          scores_step.sorted_[[0, 5, -1]],  # ties with training values and the extremes
                          np.full((1, len(FEATURE_NAMES)), 1e9), np.full((1, len(FEATURE_NAMES)), -1e9)])
        for row in rows:
            _, fast = model.transform(row)
            reference = scores_step.transform(row.reshape(1, -1)).ravel()
            assert fast.tobytes() == reference.tobytes()

    def test_model_info(self, model, card):
        assert model.info.name == "reliability" and model.info.version == card["version"]
        assert MODEL_DIR.endswith(card["version"])

    def test_wrong_length_is_refused(self, model):
        with pytest.raises(ValueError):
            model.predict([0.0, 1.0])

    def test_training_and_scoring_compute_the_same_features(self):
        from scorer.pipeline import analyze
        from scorer.resources import load_resources
        from training.reliability.train import article_features, load_feature_models

        article = ds.Article("test", "1", "Talks to resume on Monday",
                             "The ministry said on Monday that talks would resume, according to a statement. "
                             "\"We expect an agreement,\" spokesman Oleg Nikolenko told reporters. " * 3, 0, "x", "0")
        attribution_model, clickbait, _ = load_feature_models(get_settings().models_dir)
        trained = article_features(article, attribution_model, clickbait)
        analysis = analyze(parse_text(article.text, title=article.title), load_resources())
        served = extract_features(analysis.page, analysis.attributions, analysis.headline_bait).values
        assert [repr(v) for v in trained] == [repr(v) for v in served]


class TestLoaderRefuses:
    def test_other_feature_names(self, model_copy):
        edit_card(model_copy, lambda c: c["features"].update({"names": c["features"]["names"][::-1]}))
        with pytest.raises(ModelError, match="feature names"):
            ReliabilityModel.load(model_copy)

    def test_another_pickle_with_a_matching_hash(self, model_copy):
        joblib.dump({"not": "a pipeline"}, model_copy / MODEL_FILE)
        edit_card(model_copy, lambda c: c["artifact"].update({"sha256": file_sha256(model_copy / MODEL_FILE)}))
        with pytest.raises(ModelError, match="not the reliability pipeline"):
            ReliabilityModel.load(model_copy)

    def test_probabilities_other_than_the_recorded_ones(self, model_copy):
        edit_card(model_copy, lambda c: c["self_check"].update(
            {"probabilities": [min(p + 0.1, 1.0) for p in c["self_check"]["probabilities"]]}))
        with pytest.raises(ModelError, match="recorded"):
            ReliabilityModel.load(model_copy)


class TestDatasets:
    @pytest.mark.parametrize("url,key", [
        ("http://politi.co/2dgO48X", "politico.com"),
        ("abcn.ws", "go.com"),
        ("http://author.addictinginfo.org/x", "addictinginfo.org"),
        ("www.chicksontheright.com", "chicksontheright.com"),
        ("https://willyloman.wordpress.com/2016/x", "willyloman.wordpress.com"),
        ("m.sputniknews.com", "sputniknews.com"),
    ])
    def test_site_keys(self, url, key):
        assert ds.site_key(url) == key

    def test_question_mark_quotes_are_repaired(self):
        raw = '"?Charlotte should release it,?? Clinton said. It?s clear ? but why? Nobody knows ?profile.?"'
        fixed = ds.repair_question_quotes(raw)
        assert fixed.startswith("“Charlotte") and "It’s clear — but why?" in fixed and "“profile.”" in fixed

    def test_replacement_marks_are_repaired(self):
        assert ds.repair_replacement_marks("\ufffdShe\ufffds here,\ufffd he said \ufffd then") == \
            "“She’s here,” he said — then"

    def test_horne_groups_are_blocks_of_file_numbers(self):
        assert ds.horne_group("random/Satire/297.txt", "random", "satire") == \
            ds.horne_group("random/Satire/291.txt", "random", "satire")
        assert ds.horne_group("random/Satire/301.txt", "random", "satire") != \
            ds.horne_group("random/Satire/297.txt", "random", "satire")


class TestTraining:
    def test_balanced_weights(self):
        from training.reliability.train import balanced_weights

        datasets = np.array(["a"] * 10 + ["b"] * 4)
        y = np.array([0] * 8 + [1] * 2 + [0, 1, 1, 1])
        w = balanced_weights(datasets, y)
        assert w.mean() == pytest.approx(1.0)
        cells = [w[(datasets == d) & (y == c)].sum() for d in "ab" for c in (0, 1)]
        assert max(cells) == pytest.approx(min(cells))

    def test_features_whose_sign_contradicts_their_purpose_are_dropped(self):
        from scorer.scoring.features import EXPECTED_DIRECTION
        from training.reliability.train import fit_model

        rng = np.random.default_rng(3)
        X = rng.normal(size=(400, len(FEATURE_NAMES)))
        insults, pegs = FEATURE_NAMES.index("insult_rate"), FEATURE_NAMES.index("time_peg_rate")
        # in this data insults go with reliable texts: the opposite of why the feature exists
        logit = -2.0 * X[:, insults] - 1.5 * X[:, pegs]
        y = (rng.random(400) < 1 / (1 + np.exp(-logit))).astype(int)
        pipeline, dropped = fit_model(X, y, np.array(["set"] * 400))
        assert "insult_rate" in [d["feature"] for d in dropped]
        coef = pipeline.named_steps["classifier"].coef_.ravel()
        assert coef[insults] == 0.0 and coef[pegs] < 0
        for name, c in zip(FEATURE_NAMES, coef):
            assert EXPECTED_DIRECTION[name] == 0 or c == 0.0 or np.sign(c) == EXPECTED_DIRECTION[name], name
        free, none = fit_model(X, y, np.array(["set"] * 400), sign_constrained=False)
        assert none == [] and free.named_steps["classifier"].coef_.ravel()[insults] < 0

    def test_next_version_never_reuses_a_directory(self, tmp_path):
        from training.reliability.train import next_version_dir

        for name in ("reliability-v1", "reliability-v3", "clickbait-v9", "reliability-vx"):
            (tmp_path / name).mkdir()
        assert next_version_dir(tmp_path).name == "reliability-v4"
        assert next_version_dir(tmp_path / "empty").name == "reliability-v1"

    def test_train_refuses_to_overwrite(self, tmp_path, capsys):
        from training.reliability.train import main

        (tmp_path / "reliability-v1").mkdir()
        (tmp_path / "reliability-v1" / "model_card.json").write_text("{}")  # a version: it holds files
        assert main(["--out", str(tmp_path / "reliability-v1")]) == 2
        assert "never overwritten" in capsys.readouterr().err


def write_sets(root: Path) -> None:
    """A tiny data root in the shared layout: SFU and FA-KES present, Horne missing."""
    reliable = ("The council said on Tuesday that the bridge would reopen in May, according to a statement. "
                "\"We have checked every bolt,\" engineer Maria Costa told reporters. ") * 3
    unreliable = ("SHOCKING!!! You won't believe what they are hiding from you! Share this before it is deleted! "
                  "The truth is out and everyone knows it! ") * 3
    (root / ds.SFU_DIR).mkdir(parents=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t")
    writer.writerow(["id", "url", "label", "text", "url_host", "collection"])
    rows = [("1", "http://a.example/1", "mostly true", reliable),
            ("2", "http://b.example/2", "mostly false", unreliable),
            ("3", "http://a.example/3", "mostly true", reliable),
            ("4", "http://b.example/4", "no factual content", reliable),
            ("5", "http://c.example/5", "mixture of true and false", unreliable)]
    for row_id, url, label, text in rows:
        writer.writerow([row_id, url, label, f'"{text}"', url.split("/")[2], "buzzfeed"])
    (root / ds.SFU_FILE).write_bytes(gzip.compress(buffer.getvalue().encode("utf-8")))
    (root / ds.FAKES_DIR).mkdir()
    with open(root / ds.FAKES_FILE, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["unit_id", "article_title", "article_content", "source", "date", "location", "labels",
                         "source_domain"])
        writer.writerow(["1", "Bridge to reopen", reliable, "x", "d", "l", "1", "x.example"])
        writer.writerow(["2", "They hide it", unreliable, "y", "d", "l", "0", "y.example"])


@needs_model
def test_evaluate_reads_the_sets_present_and_ends_with_json(tmp_path, capsys):
    from training.reliability.evaluate import main

    write_sets(tmp_path)
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        assert main(["--data-root", str(tmp_path)]) == 0
    lines = stdout.getvalue().strip().splitlines()
    summary = json.loads(lines[-1])
    assert summary["datasets"][ds.SFU_DIR] == {"roc_auc": summary["datasets"][ds.SFU_DIR]["roc_auc"], "n": 4}
    assert summary["datasets"][ds.FAKES_DIR]["n"] == 2 and ds.HORNE_DIR not in summary["datasets"]
    assert summary["macro_roc_auc"] == pytest.approx(np.mean([d["roc_auc"] for d in summary["datasets"].values()]),
                                                     abs=1e-3)
    assert f"skipped {ds.HORNE_DIR}" in capsys.readouterr().err


@needs_model
@pytest.mark.parametrize("damage", ["not gzip", "missing column", "binary"])
def test_evaluate_names_a_corrupt_set(tmp_path, capsys, damage):
    from training.reliability.evaluate import main

    write_sets(tmp_path)
    if damage == "not gzip":
        (tmp_path / ds.SFU_FILE).write_bytes(b"id\turl\nthis is not gzip")
    elif damage == "missing column":
        (tmp_path / ds.FAKES_FILE).write_text("unit_id,article_title\n1,t\n", encoding="utf-8")
    else:
        (tmp_path / ds.FAKES_FILE).write_bytes(bytes(range(256)) * 4)
    assert main(["--data-root", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "cannot be read" in err and "Traceback" not in err


@needs_model
def test_evaluate_skips_an_empty_set(tmp_path, capsys):
    from training.reliability.evaluate import main

    write_sets(tmp_path)
    (tmp_path / ds.FAKES_FILE).write_bytes(b"")
    stdout = io.StringIO()
    with redirect_stdout(stdout):
        assert main(["--data-root", str(tmp_path)]) == 0
    assert ds.FAKES_DIR not in json.loads(stdout.getvalue().strip().splitlines()[-1])["datasets"]
    assert f"skipped {ds.FAKES_DIR}: no labelled articles" in capsys.readouterr().err


def test_evaluate_refuses_a_missing_folder(tmp_path, capsys):
    from training.reliability.evaluate import main

    assert main(["--data-root", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err
