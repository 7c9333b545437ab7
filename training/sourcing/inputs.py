"""The sourcing model's inputs for every rated page, computed once by the pipeline and cached.

The inputs do not depend on the weights (scorer/scoring/sourcing_model.py), so fitting and the
site-grouped evaluation score the pages once and refit in milliseconds. The cache is keyed by the
code and models it was made with (a hash of scorer/ and the input-side models), so a change to
either recomputes it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from scorer.config import PROJECT_ROOT
from scorer.scoring.sourcing_model import INPUTS, model_inputs
from scorer.types import Analysis
from training.sourcing.pages import iter_pages

CACHE = PROJECT_ROOT / "var" / "sourcing-inputs.jsonl"


@dataclass(frozen=True)
class PageInputs:
    id: str
    set: str
    site: str  # the group for site-grouped folds
    inputs: dict[str, float | None]
    label: str  # the scorer's label: a withheld page has no score whatever the weights
    named_sources: int
    named_source_list: tuple[str, ...]
    coverage_share: float | None
    primary: bool
    checkable: bool


def site_of(url: str | None, page_id: str) -> str:
    if url:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        parts = host.removeprefix("www.").split(".")
        if len(parts) >= 2:
            return ".".join(
                parts[-3:] if len(parts[-1]) == 2 and parts[-2] in {"co", "com", "org", "ac", "gov"} else parts[-2:]
            )
    return page_id


def _code_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((PROJECT_ROOT / "scorer").rglob("*.py")):
        digest.update(path.read_bytes())
    for name in ("attribution-v1", "clickbait-v1", "domain-ratings-v2", "reliability-v1"):
        for path in sorted((PROJECT_ROOT / "models" / name).glob("*")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def compute_inputs(data_root: Path, urls: dict[str, str | None], use_cache: bool = True) -> list[PageInputs]:
    """Every rated page's inputs; `urls` maps page ids to the URL the gold knows (site grouping)."""
    from scorer import score_html

    key = _code_hash()
    if use_cache and CACHE.exists():
        lines = CACHE.read_text(encoding="utf-8").splitlines()
        if lines and json.loads(lines[0]).get("key") == key:
            return [
                PageInputs(**{**json.loads(line), "named_source_list": tuple(json.loads(line)["named_source_list"])})
                for line in lines[1:]
            ]
    out = []
    for page in iter_pages(data_root):
        report = score_html(page.html, page.url, deadline_s=0)
        components = report.components
        if components is None:
            continue
        analysis = Analysis(
            page=report.page,
            attributions=report.attributions,
            sources=report.sources,
            publisher=report.publisher,
            outlets=report.outlets,
            findings=report.findings,
        )
        inputs = model_inputs(components, analysis, report.probability_unreliable)
        coverage = components.get("coverage")
        sentences = coverage.count("sentences")
        out.append(
            PageInputs(
                id=page.id,
                set=page.set,
                site=site_of(page.url or urls.get(page.id), page.id),
                inputs={k: inputs.get(k) for k in INPUTS},
                label=report.label,
                named_sources=components.get("source_types").count("named"),
                named_source_list=components.named_sources,
                coverage_share=coverage.count("attributed") / sentences if sentences else None,
                primary=components.get("primary_material").count("documents_and_data")
                + components.get("primary_material").count("official_sources")
                > 0,
                checkable=(components.get("checkability").value or 0.0) > 0.0,
            )
        )
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_text(
        json.dumps({"key": key})
        + "\n"
        + "".join(
            json.dumps({**p.__dict__, "named_source_list": list(p.named_source_list)}, ensure_ascii=False) + "\n"
            for p in out
        ),
        encoding="utf-8",
    )
    return out
