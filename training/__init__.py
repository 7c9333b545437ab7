"""Reproducible training, evaluation and benchmark commands.

Commands keep their names when their modules move. `ALIASES` is the one table of old (or short)
command names: `python -m training.<name>` runs the module it names, as if called by that name,
with no module file per alias. It works because `python -m training.x` first imports this
package, then asks the import system for `training.x`; `_AliasFinder` (put on `sys.meta_path`
below) answers for the names in the table with the spec of the real module's file, so `runpy`
runs that file as `__main__`. (A module-level `__getattr__` cannot do this: `-m` needs a spec
with code, not an attribute.) `import training.<name>` works too and gives a module of the same
code under the alias's name; code should import the real module. A module run by an alias runs
under the alias's name (its `__package__` is `training`), so it imports absolutely, as every
module of `training/` and `benchmarks/` does; multiprocessing's children find it by that name too.
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

# `python -m training.<key>` runs `python -m <value>`. Add a row to rename a command; never delete one.
ALIASES = {
    # reliability model
    "train": "training.reliability.train",
    "evaluate": "training.reliability.evaluate",
    "ceiling": "training.reliability.ceiling",
    "check_ordering": "training.reliability.check_ordering",
    # attribution model
    "train_attribution": "training.attribution.train",
    "eval_attribution": "training.attribution.evaluate",
    # clickbait model
    "train_clickbait": "training.clickbait.train",
    "eval_clickbait": "training.clickbait.evaluate",
    # publisher ratings
    "build_ratings": "training.ratings.build",
    "eval_ratings": "training.ratings.evaluate",
    # the sourcing score's weights and its evaluation against readers' ratings
    "train_sourcing": "training.sourcing.train",
    "eval_sourcing": "training.sourcing.evaluate",
    # main-text extraction and page findings
    "eval_extraction": "training.extraction.evaluate",
    "eval_page_findings": "training.page_findings.evaluate",
    # benchmarks, which lived here before benchmarks/
    "bench_throughput": "benchmarks.throughput",
    "bench_batch": "benchmarks.batch",
    "bench_model": "benchmarks.model",
    "snapshot_reports": "benchmarks.snapshot_reports",
}


class _AliasFinder(importlib.abc.MetaPathFinder):
    """Finds `training.<alias>` as the file of the module `ALIASES` names, under the alias's name."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> ModuleSpec | None:
        package, _, name = fullname.rpartition(".")
        if package != __name__ or name not in ALIASES:
            return None
        real = importlib.util.find_spec(ALIASES[name])
        if real is None or real.origin is None:
            return None
        return importlib.util.spec_from_file_location(fullname, real.origin)


if not any(isinstance(finder, _AliasFinder) for finder in sys.meta_path):
    sys.meta_path.append(_AliasFinder())
