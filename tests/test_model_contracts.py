"""The loader contract, once for every committed artifact: each model or table directory loads, and
its loader refuses a tampered, missing or unrecorded file, a missing or broken card, and (for the
scikit-learn models) a card written under another scikit-learn version — before unpickling.

Model-specific checks (what a card records, feature names of one model) stay in each model's tests.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from scorer.analysis.clickbait import MODEL_DIR as CLICKBAIT_DIR
from scorer.analysis.clickbait import ClickbaitModel
from scorer.analysis.ratings import RATINGS_DIR, RatingsTable
from scorer.artifacts import CARD_FILE
from scorer.attribution import load_attribution_model
from scorer.attribution.model import MODEL_DIR as ATTRIBUTION_DIR
from scorer.config import get_settings
from scorer.errors import ModelError
from scorer.scoring.model import MODEL_DIR as RELIABILITY_DIR
from scorer.scoring.model import ReliabilityModel


@dataclass(frozen=True)
class Artifact:
    directory: str
    load: Callable[[Path], Any]
    uses_sklearn: bool

    def files(self, card: dict[str, Any]) -> list[str]:
        """The files the card records a sha256 for (cards name them in one of three shapes)."""
        if "artifacts" in card:
            return sorted(card["artifacts"])
        if "artifact" in card:
            return [card["artifact"]["file"]]
        return [card["table"]["file"]]


ARTIFACTS = [
    Artifact(RELIABILITY_DIR, ReliabilityModel.load, uses_sklearn=True),
    Artifact(CLICKBAIT_DIR, ClickbaitModel.load, uses_sklearn=True),
    Artifact(ATTRIBUTION_DIR, load_attribution_model, uses_sklearn=True),
    Artifact(RATINGS_DIR, RatingsTable.load, uses_sklearn=False),
]
IDS = [a.directory for a in ARTIFACTS]


def _card(directory: Path) -> dict[str, Any]:
    return json.loads((directory / CARD_FILE).read_text(encoding="utf-8"))


@pytest.fixture(params=ARTIFACTS, ids=IDS)
def artifact(request) -> Artifact:
    return request.param


@pytest.fixture
def copy(artifact: Artifact, tmp_path: Path) -> Path:
    target = tmp_path / artifact.directory
    shutil.copytree(get_settings().models_dir / artifact.directory, target)
    return target


def test_the_committed_artifact_loads(artifact):
    assert artifact.load(get_settings().models_dir / artifact.directory) is not None


def test_the_card_records_a_sha256_for_every_artifact(artifact):
    directory = get_settings().models_dir / artifact.directory
    files = artifact.files(_card(directory))
    assert files and all((directory / name).is_file() for name in files)


def test_a_tampered_file_is_refused(artifact, copy):
    for name in artifact.files(_card(copy)):
        original = (copy / name).read_bytes()
        (copy / name).write_bytes(original + b"\n")
        with pytest.raises(ModelError, match="sha256"):
            artifact.load(copy)
        (copy / name).write_bytes(original)
    artifact.load(copy)  # restored: loads again, so the refusals above were about the change


def test_a_missing_file_is_refused(artifact, copy):
    (copy / artifact.files(_card(copy))[0]).unlink()
    with pytest.raises(ModelError):
        artifact.load(copy)


@pytest.mark.parametrize("card_text", [None, "{not json", "[]"], ids=["missing", "broken", "not-an-object"])
def test_a_missing_or_broken_card_is_refused(artifact, copy, card_text):
    if card_text is None:
        (copy / CARD_FILE).unlink()
    else:
        (copy / CARD_FILE).write_text(card_text, encoding="utf-8")
    with pytest.raises(ModelError):
        artifact.load(copy)


def test_another_scikit_learn_version_is_refused(artifact, copy):
    if not artifact.uses_sklearn:
        pytest.skip(f"{artifact.directory} is a table, not a scikit-learn model")
    card = _card(copy)
    card["library_versions"]["scikit-learn"] = "0.24.2"
    (copy / CARD_FILE).write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelError, match="0.24.2"):
        artifact.load(copy)


def test_a_directory_that_does_not_exist_is_refused(artifact, tmp_path):
    with pytest.raises(ModelError):
        artifact.load(tmp_path / "nowhere")
