"""Complexity limits a document must pass before and after it is parsed.

Size alone does not bound the work a page costs. Two shapes of hostile markup well under the byte
limit cost far more than their size:
- one element with very many attributes: libxml2's HTML parser checks each new attribute against
  all earlier ones of the element, so a 2.9 MB tag with 300,000 attributes took 447 s to parse
  (measured on this machine; 20,000 took 0.5 s, 40,000 1.7 s: quadratic);
- very many elements: the main-text extraction costs about 70 µs an element, so 4 MB of `<p>a</p>`
  (500,000 elements) took 25 s.
Real pages are far from both (the 181 benchmark pages: at most 172 attributes in one tag, at most
3,229 tags), so such a page is refused with `PageTooComplexError` instead of tying up a worker.

Both are checked before the work they bound: attributes on the source before parsing; elements
while the page is parsed (`count_elements`, fed a chunk at a time, so a 1,000 x 1,000 table is
refused after its first 50,000 elements instead of built whole: 587 MB before); depth on the tree
before anything walks it. Budgets that trim rather than refuse (table cells, links, text) are
applied by the stages that read them, with a warning in the report (`BudgetNotes`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from ..errors import PageTooComplexError

# One attribute: whitespace, a name, an optional value (quoted values may hold spaces and '=').
_ATTRIBUTE_TEXT = re.compile(r"""\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_ATTRIBUTE_BYTES = re.compile(rb"""\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")


def check_markup(text: str, utf8: bytes | None, *, max_attributes: int) -> None:
    """Refuse a document with an element of more than `max_attributes` attributes, before parsing.

    An attribute takes at least two characters (a space and a name), so only start tags longer than
    twice the limit can be over it: splitting at '<' and keeping the long pieces finds them in ~0.2 ms
    a page (a regex search for long tags took 0.3-0.4 ms), and only those few are counted. Works on
    the UTF-8 bytes when the caller has them (no second encoding)."""
    if max_attributes <= 0:
        return
    min_chars = 2 * max_attributes
    # str or bytes throughout: the same steps on the UTF-8 bytes or on the text.
    pieces: list[Any]
    attribute: re.Pattern[Any]
    close: Any
    tag: Any
    if utf8 is not None:
        pieces, attribute, close = utf8.split(b"<"), _ATTRIBUTE_BYTES, b">"
    else:
        pieces, attribute, close = text.split("<"), _ATTRIBUTE_TEXT, ">"
    for piece in [p for p in pieces if len(p) > min_chars]:
        end = piece.find(close)
        tag = piece if end < 0 else piece[:end]
        if len(tag) <= min_chars or not tag[:1].isalpha():  # a long run of text or script, not a tag
            continue
        count = sum(1 for _ in attribute.finditer(tag))
        if count > max_attributes:
            raise PageTooComplexError(f"an element <{_name(tag)}> has {count:,} attributes; "
                                      f"the limit is {max_attributes:,}")


# Bytes fed to the counting parser at a time: the tree grows by at most one chunk past the limit.
_FEED_BYTES = 64 * 1024


def may_exceed(source: str | bytes, limit: int) -> bool:
    """Whether `source` could hold more than `limit` elements (or be `limit` deep): each needs a '<'."""
    if limit <= 0:
        return False
    return (source.count("<") if isinstance(source, str) else source.count(b"<")) > limit


def too_many_elements(count: int, limit: int) -> PageTooComplexError:
    return PageTooComplexError(f"the page has {count:,} elements or more; the limit is {limit:,}")


def feed_counted(parser: etree._FeedParser, data: bytes, *, max_elements: int) -> Iterator[int]:
    """Feed `data` to a pull parser (made with events=("start",)) a chunk at a time, yielding the
    elements seen so far after each chunk; refuses the page once they pass `max_elements`."""
    count = 0
    for offset in range(0, len(data), _FEED_BYTES):
        parser.feed(data[offset:offset + _FEED_BYTES])
        count += sum(1 for _ in parser.read_events())
        if count > max_elements:
            raise too_many_elements(count, max_elements)
        yield count


@functools.lru_cache(maxsize=4)
def _at_depth(depth: int) -> etree.XPath:
    # "/*/*/.../*": the elements `depth` levels down, found by libxml2 in C in one pass per level.
    return etree.XPath("/*" + "/*" * (depth - 1))


def check_tree(text: str | bytes, tree: HtmlElement, *, max_depth: int) -> None:
    """Refuse a parsed document nesting elements more than `max_depth` deep, before anything walks it.

    A level needs a '<' in the source, so the check is paid for only when the source has more '<'
    than the limit."""
    if not may_exceed(text, max_depth):
        return
    if _at_depth(max_depth + 1)(tree.getroottree()):
        raise PageTooComplexError(f"the page nests elements more than {max_depth:,} deep; "
                                  f"the limit is {max_depth:,}")


def _name(tag: str | bytes) -> str:
    name = tag.split(None, 1)[0][:40]
    return name.decode("ascii", "replace") if isinstance(name, bytes) else name
