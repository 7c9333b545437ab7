"""Every module, file and command the documents name exists, and every documented command answers `--help`.

The documents are the README, CONTRIBUTING.md, docs/*.md and each model's README.md and
model_card.json. Three kinds of names are read from them:

- dotted names in one of this repository's packages (`scorer.scoring.model.ReliabilityModel`):
  the longest importable prefix is imported and the rest looked up on it, attribute by attribute;
- paths under the repository's top folders (`scorer/page/limits.py`, `models/reliability-v1/`);
- `python -m <module>` commands: the module must be findable (the fast test) and answer `--help`
  with exit status 0 when run as a process, as a reader would run it (the slow test); for
  `python -m scorer <subcommand>`, the subcommand's `--help` too.
"""
from __future__ import annotations

import importlib
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", *ROOT.glob("docs/*.md"),
                    *ROOT.glob("models/*/README.md"), *ROOT.glob("models/*/model_card.json")])
PACKAGES = ("scorer", "service", "training", "benchmarks", "jobs")
TOP_FOLDERS = (*PACKAGES, "tests", "docs", "models", "scripts", "extension")
# A dotted name ending in one of these is a file name (`scorer.zip`, `service.md`), not a module.
FILE_SUFFIXES = {"md", "py", "zip", "json", "jsonl", "txt", "html", "csv", "gz", "png", "js", "css", "toml"}
# Not preceded by a letter, digit, `_`, `.`, `/` or `-`: `/opt/scorer/models` and `run_scorer.py` are
# someone else's paths.
_START = r"(?<![\w./-])"
DOTTED = re.compile(_START + r"((?:" + "|".join(PACKAGES) + r")(?:\.[A-Za-z_]\w*)+)")
# `*` is a glob of files; `<name>` a placeholder for any name (`scorer/findings/<name>.py`).
PATH = re.compile(_START + r"((?:" + "|".join(TOP_FOLDERS) + r")/[\w./*<>-]*)")
PLACEHOLDER = re.compile(r"<\w+>")
COMMAND = re.compile(r"python3? -m ([\w.]+)(?: ([a-z]\w*))?")
# Cards whose bytes another card pins by sha256 (reliability-v1 records the attribution and
# clickbait cards it was trained with), so their provenance strings keep the module paths of the
# commit they were made at until those models are retrained: name -> the stale names they hold.
PINNED_CARDS = {
    "models/attribution-v1/model_card.json": {"training/train_attribution.py", "scorer/attribution.py",
                                              "training/eval_attribution.py"},
    "models/clickbait-v1/model_card.json": {"training/train_clickbait.py", "scorer/clickbait.py",
                                            "scorer.clickbait.normalize_headline"},
}


def _relative(document: Path) -> str:
    return document.relative_to(ROOT).as_posix()


def _names(pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    """(document, name) for every distinct match of `pattern` in the documents."""
    found = {(_relative(doc), match.group(1).rstrip("."))
             for doc in DOCUMENTS if doc.exists() for match in pattern.finditer(doc.read_text(encoding="utf-8"))}
    return sorted(found)


def _resolves(dotted: str) -> bool:
    """True when `dotted` is a module, or a module's attribute (or an attribute's, and so on)."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        module_name = ".".join(parts[:cut])
        try:
            found = importlib.util.find_spec(module_name) is not None
        except (ImportError, AttributeError, ValueError):
            found = False
        if not found:
            continue
        target: object = importlib.import_module(module_name)
        for attribute in parts[cut:]:
            if not hasattr(target, attribute):
                return False
            target = getattr(target, attribute)
        return True
    return False


def _stale_but_pinned(document: str, name: str) -> bool:
    return name in PINNED_CARDS.get(document, set())


DOTTED_NAMES = [(doc, name) for doc, name in _names(DOTTED) if name.rsplit(".", 1)[-1] not in FILE_SUFFIXES]
PATHS = _names(PATH)
COMMANDS = sorted({match.group(1) for doc in DOCUMENTS if doc.exists()
                   for match in COMMAND.finditer(doc.read_text(encoding="utf-8"))
                   if match.group(1).split(".")[0] in PACKAGES})
SCORER_SUBCOMMANDS = sorted({match.group(2) for doc in DOCUMENTS if doc.exists()
                             for match in COMMAND.finditer(doc.read_text(encoding="utf-8"))
                             if match.group(1) == "scorer" and match.group(2)})


def test_the_documents_name_things_to_check():
    # the patterns still find what the documents name: an empty list would pass every test below
    assert len(DOTTED_NAMES) > 30 and len(PATHS) > 30 and len(COMMANDS) > 20
    assert {"score", "batch", "source"} <= set(SCORER_SUBCOMMANDS)


@pytest.mark.parametrize("document, name", [p for p in DOTTED_NAMES if not _stale_but_pinned(*p)],
                         ids=[f"{d}:{n}" for d, n in DOTTED_NAMES if not _stale_but_pinned(d, n)])
def test_every_documented_dotted_name_exists(document, name):
    assert _resolves(name), f"{document} names {name}, which is neither a module nor an attribute of one"


@pytest.mark.parametrize("document, path", [p for p in PATHS if not _stale_but_pinned(*p)],
                         ids=[f"{d}:{p}" for d, p in PATHS if not _stale_but_pinned(d, p)])
def test_every_documented_path_exists(document, path):
    pattern = PLACEHOLDER.sub("*", path)
    found = any(ROOT.glob(pattern)) if "*" in pattern else (ROOT / path).exists()
    assert found, f"{document} names {path}, which is not in the repository"


@pytest.mark.parametrize("document", sorted(PINNED_CARDS))
def test_pinned_cards_still_hold_exactly_their_listed_stale_names(document):
    # once a pinned card is rewritten (its model retrained), its entry above must go
    text = (ROOT / document).read_text(encoding="utf-8")
    for name in PINNED_CARDS[document]:
        assert name in text, f"{document} no longer names {name}: remove it from PINNED_CARDS"
        assert not (_resolves(name) if "/" not in name else (ROOT / name).exists()), (
            f"{name} exists again: remove it from PINNED_CARDS")


@pytest.mark.parametrize("module", COMMANDS)
def test_every_documented_command_is_a_module(module):
    assert importlib.util.find_spec(module) is not None, f"`python -m {module}` is documented but no such module"


@pytest.mark.slow  # ~2 s a command: each process imports the stack
@pytest.mark.parametrize("command", [[m] for m in COMMANDS] + [["scorer", s] for s in SCORER_SUBCOMMANDS],
                         ids=[*COMMANDS, *(f"scorer {s}" for s in SCORER_SUBCOMMANDS)])
def test_every_documented_command_answers_help(command):
    done = subprocess.run([sys.executable, "-m", *command, "--help"], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout.lower()
