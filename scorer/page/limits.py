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

Both are checked before the work they bound: attributes and elements on the source before parsing
(`check_elements` counts start tags in the bytes, so a 1,000 x 1,000 table is refused before its
tree is built: it made 587 MB of tree first); depth on the tree before anything walks it. Budgets
that trim rather than refuse (table cells, links, text) are
applied by the stages that read them, with a warning in the report (`BudgetNotes`).
"""
from __future__ import annotations

import functools
import re
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
    source: Any = utf8 if utf8 is not None else text
    attribute, close = (_ATTRIBUTE_BYTES, b">") if utf8 is not None else (_ATTRIBUTE_TEXT, ">")
    if source.count(close) <= _SPLIT_MAX_TAGS:
        pieces = [p for p in source.split(b"<" if utf8 is not None else "<") if len(p) > min_chars]
    else:  # millions of tags: find the long pieces without making an object for every short one
        pieces = [m.group(1) for m in _long_pieces(min_chars, utf8 is not None).finditer(source)]
    for piece in pieces:
        end = piece.find(close)
        tag = piece if end < 0 else piece[:end]
        if len(tag) <= min_chars or not tag[:1].isalpha():  # a long run of text or script, not a tag
            continue
        count = sum(1 for _ in attribute.finditer(tag))
        if count > max_attributes:
            raise PageTooComplexError(f"an element <{_name(tag)}> has {count:,} attributes; "
                                      f"the limit is {max_attributes:,}")


def may_exceed(source: str | bytes, limit: int) -> bool:
    """Whether `source` could hold more than `limit` elements (or be `limit` deep): each needs a '<'."""
    if limit <= 0:
        return False
    return (source.count("<") if isinstance(source, str) else source.count(b"<")) > limit


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


# Above this many tags the split at '<' above would make an object for each (a 10 MB page of
# `<td>1` is 2 million: 1.2 s and 110 MB); a regex finds only the long pieces instead.
_SPLIT_MAX_TAGS = 100_000


@functools.lru_cache(maxsize=8)
def _long_pieces(min_chars: int, as_bytes: bool) -> re.Pattern[Any]:
    pattern = "<([^<]{" + str(min_chars + 1) + ",})"
    return re.compile(pattern.encode() if as_bytes else pattern)


# Elements whose content is raw text for the parser (no elements inside), and comments: their '<'
# are not elements.
_RAW_TEXT_START = re.compile(rb"<(script|style)\b|<!--", re.I)
_RAW_TEXT_END = {b"script": re.compile(rb"</script\s*>", re.I), b"style": re.compile(rb"</style\s*>", re.I)}


def count_start_tags(data: bytes) -> int:
    """About how many elements the parser will make of `data`, from its bytes alone (C-speed counts,
    no parse): every '<' outside scripts, styles and comments that does not open an end tag, a
    comment, a doctype or a processing instruction. It counts a stray '<' in text as an element
    (an upper bound), and misses the few elements the parser adds (html, head, body)."""
    count = 0
    position = 0
    size = len(data)
    while position < size:
        special = _RAW_TEXT_START.search(data, position)
        end = special.start() if special else size
        count += (data.count(b"<", position, end) - data.count(b"</", position, end)
                  - data.count(b"<!", position, end) - data.count(b"<?", position, end))
        if special is None:
            break
        if special.group(1):  # <script> or <style>: one element, its text up to the end tag
            count += 1
            close = _RAW_TEXT_END[special.group(1).lower()].search(data, special.end())
            position = close.end() if close else size
        else:
            close_at = data.find(b"-->", special.end())
            position = close_at + 3 if close_at >= 0 else size
    return count


def check_elements(data: bytes, *, max_elements: int) -> None:
    """Refuse a document of more than `max_elements` elements before it is parsed (a 5 MB table of
    1,000 x 1,000 cells made a 587 MB tree before it was counted). Counted only when the source
    has more '<' than the limit."""
    if not may_exceed(data, max_elements):
        return
    count = count_start_tags(data)
    if count > max_elements:
        raise PageTooComplexError(f"the page has about {count:,} elements; the limit is {max_elements:,}")


def _name(tag: str | bytes) -> str:
    name = tag.split(None, 1)[0][:40]
    return name.decode("ascii", "replace") if isinstance(name, bytes) else name
