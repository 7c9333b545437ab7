"""Budgets that trim instead of refusing (issue 24): a part of a page over its budget is left out of
the reading, the rest of the page is scored, and the report says what was left out.

- tables: a table of more cells (rows x its widest row) than `max_table_cells` is taken out of the
  tree before the main text is extracted (the extraction pads every row to the widest one, so its
  cost is that product: a 70 KB table of 5,000 x 5,000 took 1.4 s);
- links: at most `max_links` links are collected from the main text and the furniture;
- text: the main text the text stages read (language, attributions, outlets, features) is cut to
  `max_text_chars` at a paragraph boundary, or a word boundary inside a paragraph longer than that.

Each budget is a field of `scorer.config.Settings` with the reason for its value; each trim adds one
sentence to `BudgetNotes`, which becomes a warning of the report.
"""
from __future__ import annotations

import dataclasses
import re

from lxml.html import HtmlElement

from ..types import ParsedPage


class BudgetNotes:
    """What the budgets left out of one page, as sentences for the report's warnings."""

    __slots__ = ("notes",)

    def __init__(self) -> None:
        self.notes: list[str] = []

    def add(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)


_TABLE_TAG = re.compile(rb"<table|<TABLE|<Table")


def trim_tables(tree: HtmlElement, source: bytes, *, max_cells: int, notes: BudgetNotes) -> None:
    """Take tables of more than `max_cells` cells (rows x widest row) out of the tree, tails kept.
    `source`: the page's bytes, searched (in C) for a table first: most pages have none."""
    if max_cells <= 0 or not _TABLE_TAG.search(source):
        return
    for table in list(tree.iter("table")):
        rows = widest = 0
        for row in table.iter("tr"):
            rows += 1
            width = len(row)
            if width > widest:
                widest = width
        if rows * widest > max_cells and table.getparent() is not None:
            notes.add(f"a table of {rows:,} rows by {widest:,} columns was left out of the main text "
                      f"(over the budget of {max_cells:,} cells a table)")
            table.drop_tree()


def trim_text(page: ParsedPage, *, max_chars: int, notes: BudgetNotes) -> ParsedPage:
    """The page with its main text cut to `max_chars` characters, and the budgets' notes."""
    paragraphs = page.paragraphs
    total = sum(len(p) + 1 for p in paragraphs) - 1
    if max_chars > 0 and total > max_chars:
        kept: list[str] = []
        used = 0
        for paragraph in paragraphs:
            room = max_chars - used - (1 if kept else 0)  # a newline joins paragraphs
            if len(paragraph) <= room:
                kept.append(paragraph)
                used += len(paragraph) + (1 if len(kept) > 1 else 0)
                continue
            if not kept:  # one paragraph longer than the budget: its first words
                cut = paragraph.rfind(" ", 0, room + 1)
                kept.append(paragraph[:cut if cut > 0 else room])
            break
        notes.add(f"only the first {max_chars:,} characters of the main text were read "
                  f"(it has {total:,}; the budget is {max_chars:,})")
        paragraphs = tuple(kept)
    if paragraphs is page.paragraphs and not notes.notes:
        return page
    return dataclasses.replace(page, paragraphs=paragraphs, budget_notes=(*page.budget_notes, *notes.notes))


_NOT_TEXT = frozenset({"script", "style", "noscript", "template"})


def trim_tree_text(tree: HtmlElement, source_bytes: int, *, max_node_chars: int, max_total_chars: int,
                   notes: BudgetNotes) -> None:
    """Cut the tree's text before the main-text extraction reads it: no text run (an element's text
    or tail) past `max_node_chars` (the text stages read no more than that in all), and nothing past
    the first `max_total_chars` characters of text outside scripts and styles.

    The extraction holds ~23 bytes for each character it reads (10 MB of words took 230 MB), so its
    memory is bounded by what it is given. Paid only for a page of more bytes than the total budget
    (its text has no more characters than its source has bytes; the largest benchmark page is 1.5 MB),
    and then only when its whole text (scripts included, measured in C) is over the budget."""
    if max_total_chars <= 0 or source_bytes <= max_total_chars or len(tree.text_content()) <= max_total_chars:
        return
    used = 0
    node_cap = max_node_chars if max_node_chars > 0 else max_total_chars
    for element in tree.iter():
        skip = element.tag in _NOT_TEXT
        for attribute in ("text", "tail"):
            if attribute == "text" and skip:
                continue
            value = getattr(element, attribute)
            if not value:
                continue
            room = min(node_cap, max_total_chars - used)
            if len(value) > room:
                cut = value.rfind(" ", 0, room + 1) if room > 0 else 0
                setattr(element, attribute, value[:max(cut, 0)])
                notes.add(f"only the first {max_total_chars:,} characters of the page's text, and at most "
                          f"{node_cap:,} of one run of it, were read (the budgets of the main-text extraction)")
                value = value[:max(cut, 0)]
            used += len(value)
