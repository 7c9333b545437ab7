"""Model artifacts and their cards: the one place that reads, checks and writes them.

Every committed model or table lives in `models/<name>-<version>/` beside a `model_card.json`
that records, among other things, the sha256 of each artifact, the library versions it was made
with and the feature names it expects. The loaders (`scorer.analysis.clickbait`, `scorer.scoring.model`,
`scorer.attribution`, `scorer.analysis.ratings`) check those *before* unpickling: pickle runs code, and
scikit-learn does not load across versions. The trainers (`training/`) write the same records
with the helpers at the end of this module, so a card is written and read by one piece of code.

Every refusal is an `ArtifactError`, a `scorer.errors.ModelError` (same `code`, same HTTP
status), and names the file and the mismatch.
"""
from __future__ import annotations

import contextlib
import hashlib
import importlib
import importlib.util
import json
import platform
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from .errors import ModelError

CARD_FILE = "model_card.json"
# Distribution name -> module whose __version__ it reports, where they differ.
_MODULES = {"scikit-learn": "sklearn"}
# The libraries whose versions a scikit-learn model's card records, in the card's order.
SKLEARN_STACK = ("python", "scikit-learn", "numpy", "scipy", "joblib")


# -- errors -------------------------------------------------------------------------------------

class ArtifactError(ModelError):
    """A model directory's card or artifact failed a check; the message names the file."""


class CardError(ArtifactError):
    """The card is missing, unreadable, not a JSON object or lacks a section."""


class ArtifactMissingError(ArtifactError):
    """An artifact the card lists is not on disk."""


class ChecksumError(ArtifactError):
    """An artifact's sha256 is not the one its card records (changed, or from another version)."""


class LibraryVersionError(ArtifactError):
    """The installed library is not the version the model was made with."""


class FeatureMismatchError(ArtifactError):
    """The model's feature names (or a table's columns) are not the ones this code computes."""


class ArtifactLoadError(ArtifactError):
    """The artifact passed its checks but could not be unpickled."""


# -- digests ------------------------------------------------------------------------------------

def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def names_sha256(names: Iterable[str]) -> str:
    """One digest of feature names, in order: the card records it, the loader checks it."""
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()


# -- reading and checking -----------------------------------------------------------------------

def read_card(directory: Path, *, remedy: str, kind: str = "model", sections: Sequence[str] = ()) -> dict[str, Any]:
    """The card of a model directory, as a dict that has each of `sections` as an object.

    `remedy` says how to make a card (e.g. "train with `python -m training.train`"); `kind`
    names the card in messages ("model", "ratings").
    """
    path = Path(directory) / CARD_FILE
    if not path.is_file():
        raise CardError(f"no {kind} card at {path} ({remedy})")
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CardError(f"the {kind} card {path} is unreadable: {exc}") from exc
    if not isinstance(card, dict):
        raise CardError(f"the {kind} card {path} is not a JSON object")
    for section in sections:
        if not isinstance(card.get(section), dict):
            raise CardError(f"the {kind} card {path} has no {section!r} section")
    return card


def _require_sha256(path: Path, expected_sha256: str | None) -> str:
    if not expected_sha256 or not isinstance(expected_sha256, str):
        raise CardError(f"the model card in {path.parent} records no sha256 for {path.name}")
    return expected_sha256


def _check_sha256(path: Path, actual: str, expected: str) -> None:
    if actual != expected:
        raise ChecksumError(f"{path} has sha256 {actual[:12]}…, the card says {expected[:12]}…: "
                            "the file was changed or belongs to another model version")


def verify_file(path: Path, expected_sha256: str | None) -> Path:
    """`path`, after checking that the card records its sha256, that it exists and has that sha256."""
    path = Path(path)
    expected = _require_sha256(path, expected_sha256)
    if not path.is_file():
        raise ArtifactMissingError(f"{path} is missing")
    _check_sha256(path, file_sha256(path), expected)
    return path


def read_verified(path: Path, expected_sha256: str | None) -> bytes:
    """The bytes of `path`, read once and checked against the card's sha256 (no window between
    the check and the use)."""
    path = Path(path)
    expected = _require_sha256(path, expected_sha256)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ArtifactMissingError(f"{path} is missing or unreadable: {exc}") from exc
    _check_sha256(path, hashlib.sha256(data).hexdigest(), expected)
    return data


def verify_artifact(directory: Path, card: dict[str, Any], name: str) -> Path:
    """The path of artifact `name` in `directory`, checked against the card's `artifacts` section."""
    entry = (card.get("artifacts") or {}).get(name)
    return verify_file(Path(directory) / name, entry.get("sha256") if isinstance(entry, dict) else None)


def installed_version(library: str) -> str:
    """The version of `library` (a distribution name, or "python") this process runs."""
    if library == "python":
        return platform.python_version()
    return str(importlib.import_module(_MODULES.get(library, library)).__version__)


def check_library_versions(card: dict[str, Any], directory: Path,
                           libraries: Sequence[str] = ("scikit-learn",)) -> None:
    """Refuse a model whose card records other versions of `libraries` than the installed ones."""
    recorded = card.get("library_versions")
    recorded = recorded if isinstance(recorded, dict) else {}
    for library in libraries:
        installed = installed_version(library)
        if library not in recorded:
            raise LibraryVersionError(f"the model card in {directory} records no {library} version "
                                      f"({installed} is installed: install the recorded version or retrain)")
        if recorded[library] != installed:
            raise LibraryVersionError(f"{directory} was trained with {library} {recorded[library]}; "
                                      f"{installed} is installed (install that version or retrain)")


def _first_difference(found: Sequence[str], expected: Sequence[str], found_in: str, expected_in: str) -> str:
    for i, (a, b) in enumerate(zip(found, expected)):
        if a != b:
            return f"#{i} is {a!r} in {found_in}, {b!r} in {expected_in}"
    return f"{found_in} has {len(found)}, {expected_in} {len(expected)}"


def check_names(found: Any, expected: Sequence[str], *, source: Path, what: str = "feature names",
                found_in: str = "the card", expected_in: str = "this code", remedy: str = "") -> None:
    """Refuse when `found` (e.g. the card's feature names) is not `expected`, in order."""
    listed = isinstance(found, (list, tuple))
    if listed and list(found) == list(expected):
        return
    detail = (_first_difference([str(n) for n in found], list(expected), found_in, expected_in) if listed
              else f"{found_in} lists none")
    raise FeatureMismatchError(f"{source}: the {what} in {found_in} do not match {expected_in} ({detail})"
                               + (f": {remedy}" if remedy else ""))


def check_names_sha256(names: Sequence[str], expected_sha256: str | None, *, source: Path,
                       what: str = "feature names") -> None:
    """Refuse when the digest of a fitted model's `names` is not the one its card records."""
    actual = names_sha256(names)
    if actual != expected_sha256:
        recorded = f"{expected_sha256[:12]}…" if isinstance(expected_sha256, str) else "none"
        raise FeatureMismatchError(f"{source}: the model's {len(names)} {what} (sha256 {actual[:12]}…) do not "
                                   f"match the card (sha256 {recorded})")


# Pickles name the module of every class they hold. The committed artifacts were saved before the
# library was split into packages by stage; their old module paths map to where the code lives now,
# so the same bytes (and the same sha256 their cards record) keep loading.
PICKLED_MODULE_PATHS = {
    "scorer.model": "scorer.scoring.model",
    "scorer.clickbait": "scorer.analysis.clickbait",
    "scorer.features": "scorer.scoring.features",
}


@contextlib.contextmanager
def _old_module_paths() -> Iterator[None]:
    added = []
    for old, new in PICKLED_MODULE_PATHS.items():
        if old not in sys.modules:
            sys.modules[old] = importlib.import_module(new)
            added.append(old)
    try:
        yield
    finally:
        for old in added:
            del sys.modules[old]


def load_joblib(path: Path) -> Any:
    """Unpickle a checked artifact; any failure means it is not this model."""
    import joblib

    try:
        with _old_module_paths():
            return joblib.load(path)
    except Exception as exc:  # unpickling fails in many ways; all mean "not this model"
        raise ArtifactLoadError(f"{path} could not be loaded: {exc}") from exc


# -- writing (the training side) ----------------------------------------------------------------

def artifact_record(path: Path) -> dict[str, Any]:
    """What a card records of an artifact it ships: {"sha256", "bytes"}."""
    return {"sha256": file_sha256(path), "bytes": Path(path).stat().st_size}


def library_versions(libraries: Sequence[str] = SKLEARN_STACK) -> dict[str, str]:
    """The installed versions a card records, in the order given."""
    return {library: installed_version(library) for library in libraries}


def git_state(root: Path) -> dict[str, Any]:
    """{"commit", "uncommitted_changes"} of the checkout at `root`; None where git cannot tell."""
    def run(*args: str) -> str | None:
        try:
            return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, timeout=10,
                                  check=True).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None

    commit = run("rev-parse", "HEAD")
    status = run("status", "--porcelain")
    return {"commit": commit or None, "uncommitted_changes": None if status is None else bool(status)}


def code_path(code: Any, root: Path) -> str:
    """Where `code` (a module name, a module, or a class or function) is defined, relative to `root`.

    What a card's "code" section records as its trainer and loader: derived from the code itself,
    so a card never names a file that moved.
    """
    if isinstance(code, str):
        spec = importlib.util.find_spec(code)
        origin = spec.origin if spec is not None else None
    else:
        module = code if isinstance(code, ModuleType) else sys.modules[code.__module__]
        origin = module.__file__
    if origin is None:
        raise ValueError(f"{code!r} has no source file")
    return Path(origin).resolve().relative_to(Path(root).resolve()).as_posix()


def write_card(directory: Path, card: dict[str, Any]) -> Path:
    """Write `card` as the directory's model_card.json (indented UTF-8 JSON, one trailing newline)."""
    path = Path(directory) / CARD_FILE
    path.write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
