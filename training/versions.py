"""Model version directories: the one rule every trainer follows, written once.

A version directory under models/ is what a model card and the committed artifacts describe; a
trainer never replaces one by accident. `refuse_to_overwrite` is the check each trainer's `main`
runs before it starts work (so a refused run costs nothing).
"""
from __future__ import annotations

import sys
from pathlib import Path


def refuse_to_overwrite(out: Path, *, force: bool) -> bool:
    """True (after saying why on stderr) when `out` holds a version and `--force` was not given."""
    if force or not out.exists() or (out.is_dir() and not any(out.iterdir())):
        return False
    print(f"error: {out} exists; a model version is never overwritten (pass --force to replace it, "
          "or --out for a new version directory)", file=sys.stderr)
    return True
