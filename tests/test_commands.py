"""Every command answers `--help` under each of its names, old ones included.

Scripts and people call these by name; when a module moves, its old `python -m` name stays:
for training's commands a row of `training.ALIASES`, found by the package's import finder.
Each command is started as a real process, as a caller would. (The commands the documents name
are read from them by tests/test_paths.py.)
"""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from training import ALIASES

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = [
    # the library, the service, the optional job
    "scorer", "service", "jobs.spark",
    # training, by model
    "training.reliability.train", "training.reliability.evaluate", "training.reliability.ceiling",
    "training.reliability.check_ordering", "training.attribution.train", "training.attribution.evaluate",
    "training.clickbait.train", "training.clickbait.evaluate", "training.ratings.build", "training.ratings.evaluate",
    "training.extraction.evaluate", "training.page_findings.evaluate",
    # benchmarks, and the old names kept as modules
    "benchmarks.throughput", "benchmarks.batch", "benchmarks.model", "benchmarks.snapshot_reports",
    "benchmarks.loadtest", "service.loadtest", "benchmarks.ratelimit", "service.bench_ratelimit",
    "scorer.spark",
    # training's old and short names: one table
    *(f"training.{alias}" for alias in ALIASES),
    # issue 24's benchmarks
    "benchmarks.fuzz", "benchmarks.complexity", "benchmarks.slow_clients", "benchmarks.pathological",
    "benchmarks.budgets",
]


@pytest.mark.parametrize("alias", sorted(ALIASES))
def test_an_alias_is_found_as_the_file_of_its_module(alias):
    found, real = importlib.util.find_spec(f"training.{alias}"), importlib.util.find_spec(ALIASES[alias])
    assert found is not None and real is not None
    assert found.name == f"training.{alias}" and found.origin == real.origin


def test_a_name_outside_the_table_is_not_found():
    assert importlib.util.find_spec("training.no_such_command") is None


# ~2 s a command (each process imports the stack): slow, so `scripts/check` leaves it to the full suite.
@pytest.mark.slow
@pytest.mark.parametrize("module", COMMANDS)
def test_the_command_answers_help(module):
    done = subprocess.run([sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout.lower()


@pytest.mark.slow
@pytest.mark.parametrize("command", ["score", "batch", "source"])
def test_the_scorer_subcommands_answer_help(command):
    done = subprocess.run([sys.executable, "-m", "scorer", command, "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout.lower()
