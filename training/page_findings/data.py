"""The gold pages the page-type model learns from and is evaluated on, and their site groups.

Both gold sets (training/gold/page_findings.jsonl, training/gold/dev_pages.jsonl), each page parsed
as the scorer parses it (`parse_html` + `with_language`), with its gold type and its site group.
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

from scorer.domains import registered_domain
from scorer.types import ParsedPage

from .evaluate import DEFAULT_GOLDS, GoldSet, benchmark_urls, default_pages_dir, html_path, load_gold

# The dev pages' ids name their site and a running number ("readability-nytimes-3", "goose3-time2"):
# pages of one site share a group even without a URL.
_ID_NUMBER = re.compile(r"[-_]?\d+$")


@dataclass(frozen=True)
class GoldTypedPage:
    key: str
    gold_set: str
    group: str
    page_type: str  # the gold type
    page: ParsedPage


def site_group(key: str, url: str | None, page: ParsedPage | None = None) -> str:
    """The page's site: the registered domain of its gold URL, else of the URL the page itself gives
    (canonical, og:url), else its id without the running number: pages of one site never fall on
    both sides of a split."""
    for candidate in (url, page.url if page is not None else None, page.canonical_url if page is not None else None):
        domain = registered_domain(candidate) if candidate else None
        if domain:
            return domain
    return "id:" + _ID_NUMBER.sub("", key.split("-", 1)[-1] if "-" in key else key).lower()


def load_typed_pages(golds: tuple[Path, ...] = DEFAULT_GOLDS) -> list[GoldTypedPage]:
    """Every gold page of `golds` whose HTML is found, parsed; sorted by gold set and key."""
    from scorer.config import get_settings
    from scorer.page.parse import parse_html
    from scorer.pipeline import with_language

    settings = get_settings()
    out = []
    for path in golds:
        gold_set = GoldSet(path.stem, path, default_pages_dir(path))
        urls = benchmark_urls(gold_set.pages_dir)
        for key, gold in sorted(load_gold(path).items()):
            html = html_path(gold_set, gold, urls)
            if html is None:
                continue
            page = with_language(parse_html(gzip.decompress(html.read_bytes()), gold.url, settings=settings))
            out.append(GoldTypedPage(key, gold_set.name, site_group(key, gold.url, page), gold.facts.page_type, page))
    return out
