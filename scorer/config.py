"""All settings in one place. Each can be overridden by an environment variable `SCORER_<NAME>`."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    # Where the shared labelled data sets live (training and evaluation only).
    data_root: Path = PROJECT_ROOT.parent / "shared" / "data"
    # Where the committed models and tables live.
    models_dir: Path = PROJECT_ROOT / "models"
    # The largest HTML document we parse: real article pages are rarely over 2 MB; 10 MB
    # leaves room for inline-heavy pages while bounding memory per request.
    max_html_bytes: int = 10 * 1024 * 1024
    # Pages whose main text has fewer words than this get a warning: too little to judge.
    min_words: int = 50

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "Settings":
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f"SCORER_{f.name.upper()}")
            if raw is None:
                continue
            default = getattr(cls, f.name)
            values[f.name] = type(default)(raw)
        return cls(**values)


def get_settings() -> Settings:
    return Settings.from_env()
