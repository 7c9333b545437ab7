"""Every command the README and docs name answers `--help` under its documented name.

Scripts and people call these by name; when a module moves, its old `python -m` name stays as a
thin alias. Each is started as a real process, as a caller would.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

# ~2 s a command (each process imports the stack): slow, so `scripts/check` leaves it to the full suite.
pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
COMMANDS = [
    # the library, the service, the optional job
    "scorer", "service", "jobs.spark",
    # training, by model, and their documented old names
    "training.reliability.train", "training.train", "training.reliability.evaluate", "training.evaluate",
    "training.reliability.ceiling", "training.ceiling", "training.reliability.check_ordering",
    "training.check_ordering", "training.attribution.train", "training.train_attribution",
    "training.attribution.evaluate", "training.eval_attribution", "training.clickbait.train",
    "training.train_clickbait", "training.clickbait.evaluate", "training.eval_clickbait",
    "training.ratings.build", "training.build_ratings", "training.extraction.evaluate",
    "training.eval_extraction",
    # benchmarks, and their documented old names
    "benchmarks.throughput", "training.bench_throughput", "benchmarks.batch", "training.bench_batch",
    "benchmarks.model", "training.bench_model", "benchmarks.snapshot_reports", "training.snapshot_reports",
    "benchmarks.loadtest", "service.loadtest", "benchmarks.ratelimit", "service.bench_ratelimit",
    "scorer.spark",
    # issue 24's benchmarks
    "benchmarks.fuzz", "benchmarks.complexity", "benchmarks.slow_clients", "benchmarks.pathological",
    "benchmarks.budgets",
]


@pytest.mark.parametrize("module", COMMANDS)
def test_the_command_answers_help(module):
    done = subprocess.run([sys.executable, "-m", module, "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout.lower()


@pytest.mark.parametrize("command", ["score", "batch", "source"])
def test_the_scorer_subcommands_answer_help(command):
    done = subprocess.run([sys.executable, "-m", "scorer", command, "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout.lower()
