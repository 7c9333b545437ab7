"""Training's settings: where the labelled data sets are and where models are written.

Each field can be overridden by an environment variable `SCORER_<NAME>` (e.g. SCORER_DATA_ROOT).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scorer.config import PROJECT_ROOT, EnvSettings


@dataclass(frozen=True)
class TrainingSettings(EnvSettings):
    # Where the shared labelled data sets live (read-only; never copied into the project).
    data_root: Path = PROJECT_ROOT.parent / "shared" / "data"
    # Where the committed models and tables live (the trainers write new versions here).
    models_dir: Path = PROJECT_ROOT / "models"


def get_settings() -> TrainingSettings:
    return TrainingSettings.from_env()
