"""The budgets of scorer/config.py beside the largest value each measures on real pages (issue 24).

    python -m benchmarks.budgets [--data-root DIR]

For each of the 181 pages of the extraction benchmark: nesting depth, elements (start tags counted
on the source, as the budget counts them), the largest table (rows x widest row), anchors, the
page's text (scripts included, as the extraction budget's gate measures it), the longest run of
text outside scripts and styles, the main text's characters, and attribution cue candidates.
Prints a table of budget, its value and the largest on the pages (with the page), so a budget's
headroom over real pages can be read off; exits 1 if a real page is over a budget.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import lxml.html

from scorer.config import Settings


def measure(html: bytes, resources) -> dict[str, int]:
    from scorer.attribution.model import _within_budget, find_candidates
    from scorer.attribution.tokens import tokenize
    from scorer.page.limits import count_start_tags
    from scorer.page.parse import _PAGE_PARSER, parse_html

    tree = lxml.html.document_fromstring(html, parser=_PAGE_PARSER)
    depth_of: dict[object, int] = {}
    longest_run = 0
    for element in tree.iter():
        parent = element.getparent()
        depth_of[element] = depth_of.get(parent, 0) + 1
        if element.tag not in ("script", "style"):
            longest_run = max(longest_run, len(element.text or ""), len(element.tail or ""))
    widest_table = 0
    for table in tree.iter("table"):
        rows = list(table.iter("tr"))
        widest_table = max(widest_table, len(rows) * max((len(row) for row in rows), default=0))
    page = parse_html(html, settings=resources.settings)
    tokens = tokenize(page.text)
    lexicon = resources.attribution_model.lexicon
    candidates = _within_budget(tokens, [c for c in find_candidates(tokens, lexicon) if tokens.quote_of[c.head] < 0])
    return {
        "max_html_depth": max(depth_of.values(), default=0),
        "max_html_elements": count_start_tags(html),
        "max_table_cells": widest_table,
        "max_links": sum(1 for _ in tree.iter("a")),
        "max_extract_chars": len(tree.text_content()),
        "longest text run (max_text_chars)": longest_run,
        "max_text_chars": len(page.text),
        "max_attribution_candidates": len(candidates),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.budgets", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-root", type=Path)
    args = parser.parse_args(argv)
    from scorer.resources import load_resources
    from training.data.benchmark_pages import load_pages

    resources = load_resources()
    settings = Settings()
    largest: dict[str, tuple[int, str]] = {}
    pages = load_pages(args.data_root)
    for page in pages:
        for name, value in measure(page.html, resources).items():
            if value > largest.get(name, (-1, ""))[0]:
                largest[name] = (value, page.id)
    print(f"{len(pages)} benchmark pages\n")
    print("| budget | value | largest on the pages | headroom |")
    print("|---|---|---|---|")
    over = False
    for name, (value, page_id) in largest.items():
        setting = name.split("(")[-1].rstrip(")") if "(" in name else name
        budget = getattr(settings, setting)
        over |= value > budget
        print(f"| {name} | {budget:,} | {value:,} ({page_id[:12]}) | {budget / max(value, 1):.0f}x |")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
