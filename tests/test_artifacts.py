"""scorer.artifacts: the card a trainer writes is the card a loader accepts, and every check refuses
a mismatch with a typed `ModelError` that names the file and what differs."""
from __future__ import annotations

import json
import re
from pathlib import Path

import joblib
import pytest
import sklearn
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from scorer import artifacts
from scorer.artifacts import (CARD_FILE, ArtifactError, ArtifactLoadError, ArtifactMissingError, CardError,
                              ChecksumError, FeatureMismatchError, LibraryVersionError)
from scorer.config import PROJECT_ROOT
from scorer.errors import ModelError

REMEDY = "train with `python -m training.train_tiny`"


@pytest.fixture
def model_dir(tmp_path) -> Path:
    """A tiny model directory written with the trainers' helpers: model.joblib, a JSON table, the card."""
    pipeline = Pipeline([("features", DictVectorizer()), ("classifier", LogisticRegression())])
    pipeline.fit([{"a": 1.0}, {"b": 1.0}, {"a": 1.0, "c": 2.0}, {"b": 2.0}], [1, 0, 1, 0])
    directory = tmp_path / "tiny-v1"
    directory.mkdir()
    joblib.dump(pipeline, directory / "model.joblib")
    (directory / "table.json").write_text('{"x": 1}\n', encoding="utf-8")
    names = list(pipeline.named_steps["features"].get_feature_names_out())
    artifacts.write_card(directory, {
        "name": "tiny",
        "features": {"names": names, "names_sha256": artifacts.names_sha256(names)},
        "library_versions": artifacts.library_versions(),
        "code": artifacts.git_state(PROJECT_ROOT),
        "artifacts": {name: artifacts.artifact_record(directory / name) for name in ("model.joblib", "table.json")},
    })
    return directory


def edit_card(directory: Path, change) -> None:
    card = artifacts.read_card(directory, remedy=REMEDY)
    change(card)
    artifacts.write_card(directory, card)


def test_a_good_artifact_is_accepted_and_loads(model_dir):
    card = artifacts.read_card(model_dir, remedy=REMEDY, sections=("artifacts",))
    artifacts.check_library_versions(card, model_dir, ("python", "scikit-learn", "numpy"))
    path = artifacts.verify_artifact(model_dir, card, "model.joblib")
    assert path == model_dir / "model.joblib"
    pipeline = artifacts.load_joblib(path)
    names = pipeline.named_steps["features"].get_feature_names_out()
    artifacts.check_names(card["features"]["names"], list(names), source=model_dir / CARD_FILE)
    artifacts.check_names_sha256(names, card["features"]["names_sha256"], source=path)
    assert pipeline.predict([{"a": 1.0}]).tolist() == [1]
    assert artifacts.read_verified(model_dir / "table.json", card["artifacts"]["table.json"]["sha256"]) == b'{"x": 1}\n'


def test_the_written_card_records_what_the_loader_checks(model_dir):
    card = json.loads((model_dir / CARD_FILE).read_text(encoding="utf-8"))
    assert card["library_versions"]["scikit-learn"] == sklearn.__version__
    assert list(card["library_versions"]) == list(artifacts.SKLEARN_STACK)
    record = card["artifacts"]["model.joblib"]
    assert record == {"sha256": artifacts.file_sha256(model_dir / "model.joblib"),
                      "bytes": (model_dir / "model.joblib").stat().st_size}
    assert set(card["code"]) == {"commit", "uncommitted_changes"}
    assert (model_dir / CARD_FILE).read_text(encoding="utf-8").endswith("}\n")


@pytest.mark.parametrize("name", ["model.joblib", "table.json"])
def test_a_tampered_file_is_refused_naming_it(model_dir, name):
    with open(model_dir / name, "ab") as handle:
        handle.write(b"\0")
    card = artifacts.read_card(model_dir, remedy=REMEDY)
    with pytest.raises(ChecksumError, match="sha256") as refused:
        artifacts.verify_artifact(model_dir, card, name)
    assert str(model_dir / name) in str(refused.value)
    assert "the card says" in str(refused.value)
    with pytest.raises(ChecksumError, match="sha256"):
        artifacts.read_verified(model_dir / name, card["artifacts"][name]["sha256"])


def test_a_missing_artifact_is_refused(model_dir):
    (model_dir / "model.joblib").unlink()
    card = artifacts.read_card(model_dir, remedy=REMEDY)
    with pytest.raises(ArtifactMissingError, match="model.joblib is missing"):
        artifacts.verify_artifact(model_dir, card, "model.joblib")
    with pytest.raises(ArtifactMissingError, match="missing"):
        artifacts.read_verified(model_dir / "model.joblib", card["artifacts"]["model.joblib"]["sha256"])


def test_an_artifact_the_card_does_not_record_is_refused(model_dir):
    card = artifacts.read_card(model_dir, remedy=REMEDY)
    with pytest.raises(CardError, match="records no sha256 for other.bin"):
        artifacts.verify_artifact(model_dir, card, "other.bin")
    with pytest.raises(CardError, match="records no sha256 for model.joblib"):
        artifacts.verify_file(model_dir / "model.joblib", None)


def test_another_library_version_is_refused_naming_both(model_dir):
    edit_card(model_dir, lambda c: c["library_versions"].update({"scikit-learn": "0.24.2"}))
    card = artifacts.read_card(model_dir, remedy=REMEDY)
    with pytest.raises(LibraryVersionError, match="scikit-learn 0.24.2") as refused:
        artifacts.check_library_versions(card, model_dir)
    assert str(model_dir) in str(refused.value) and f"{sklearn.__version__} is installed" in str(refused.value)
    edit_card(model_dir, lambda c: c["library_versions"].pop("scikit-learn"))
    with pytest.raises(LibraryVersionError, match="records no scikit-learn version"):
        artifacts.check_library_versions(artifacts.read_card(model_dir, remedy=REMEDY), model_dir)


def test_a_missing_card_is_refused_with_how_to_make_one(tmp_path):
    with pytest.raises(CardError) as refused:
        artifacts.read_card(tmp_path / "nowhere", remedy=REMEDY)
    assert str(refused.value) == f"no model card at {tmp_path / 'nowhere' / CARD_FILE} ({REMEDY})"
    with pytest.raises(CardError, match="no ratings card"):
        artifacts.read_card(tmp_path, kind="ratings", remedy="build it")


@pytest.mark.parametrize("text, message", [
    ("{not json", "unreadable"),
    ("[1, 2]", "not a JSON object"),
    ('{"name": "tiny"}', "has no 'artifacts' section"),
], ids=["not-json", "not-an-object", "no-section"])
def test_a_broken_card_is_refused(model_dir, text, message):
    (model_dir / CARD_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(CardError, match=message) as refused:
        artifacts.read_card(model_dir, remedy=REMEDY, sections=("artifacts",))
    assert str(model_dir / CARD_FILE) in str(refused.value)


def test_other_feature_names_are_refused_naming_the_first_difference(model_dir):
    source = model_dir / CARD_FILE
    with pytest.raises(FeatureMismatchError, match=r"feature names.*#1 is 'c' in the card, 'x' in this code"):
        artifacts.check_names(["a", "c"], ["a", "x"], source=source)
    with pytest.raises(FeatureMismatchError, match="the card has 1, this code 2"):
        artifacts.check_names(["a"], ["a", "b"], source=source)
    with pytest.raises(FeatureMismatchError, match=r"\(the card lists none\): retrain"):
        artifacts.check_names(None, ["a"], source=source, remedy="retrain")
    with pytest.raises(FeatureMismatchError, match=re.escape(str(source))):
        artifacts.check_names(("a",), ["b"], source=source)


def test_a_names_digest_other_than_the_cards_is_refused(model_dir):
    with pytest.raises(FeatureMismatchError, match=r"2 feature names \(sha256 .*\) do not match the card") as refused:
        artifacts.check_names_sha256(["a", "b"], artifacts.names_sha256(["b", "a"]), source=model_dir / "model.joblib")
    assert str(model_dir / "model.joblib") in str(refused.value)
    with pytest.raises(FeatureMismatchError, match=r"sha256 none"):
        artifacts.check_names_sha256(["a"], None, source=model_dir)


def test_an_unloadable_pickle_is_refused(tmp_path):
    path = tmp_path / "model.joblib"
    path.write_bytes(b"not a pickle")
    with pytest.raises(ArtifactLoadError, match="could not be loaded"):
        artifacts.load_joblib(path)


@pytest.mark.parametrize("error", [ArtifactError, CardError, ArtifactMissingError, ChecksumError,
                                   LibraryVersionError, FeatureMismatchError, ArtifactLoadError],
                         ids=lambda cls: cls.__name__)
def test_every_refusal_is_a_model_error_with_its_code(error):
    # The CLI and the HTTP error table key on ModelError and its stable code.
    assert issubclass(error, ModelError)
    assert error("x").code == ModelError.code


def test_digests():
    assert artifacts.names_sha256(["a", "b"]) == artifacts.names_sha256(iter(["a", "b"]))
    assert artifacts.names_sha256(["a", "b"]) != artifacts.names_sha256(["ab"])
    assert artifacts.installed_version("scikit-learn") == sklearn.__version__
