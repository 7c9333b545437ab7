"""The page's visible text as paragraphs ("segments"), from the one lxml tree (part of the parse stage).

One walk over the body (lxml's `iterwalk`, in C; no recursion) cuts the text a reader sees into
paragraphs at block-level elements and `<br>`s, each with the block element it sits in, how many
of its characters are link text, whether it is prose, and the path of block elements above it.
Scripts, styles, controls and hidden blocks (`hidden`, `aria-hidden="true"`, an inline
`display: none`) are not text. `scorer/page/maintext.py` finds the article among the segments.
Blocks nested deeper than `MAX_DEPTH` are not walked (hostile markup), so the work stays linear.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from .furniture import normalize

# Elements that start a new paragraph (their text is not run on with the text around them).
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3", "h4", "h5",
    "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td",
    "th", "figure", "figcaption", "form", "fieldset", "address", "center", "details", "summary", "hgroup",
    "caption", "body", "menu", "dialog", "legend", "output",
})
# Elements whose text a reader never sees as text (code, media, controls).
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "ins", "head", "title", "meta", "link", "button",
    "select", "option", "textarea", "input", "object", "embed", "canvas", "video", "audio", "map", "math",
    "datalist", "label",
})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Deeper than this the walk stops descending (hostile markup; no real article sits so deep).
MAX_DEPTH = 200
# A line of prose: at least this many characters (a short sentence) ...
PROSE_CHARS = 60
# ... or a shorter line (25 characters or more) that ends like a sentence.
SENTENCE_END = re.compile(r"[.!?…:;\"”’»)」。！？]$")
_SHORT_PROSE_CHARS = 25
# Above this share of link characters a segment is a link (list), not prose.
LINK_DENSE = 0.5
URL_TEXT = re.compile(r"^(?:https?://|www\.)\S+$")  # a bare address: text when in the article, never prose

@dataclass(frozen=True)
class Segment:
    """One paragraph of visible text and where it sits."""

    text: str  # whitespace-normalised
    element: HtmlElement  # the block-level element whose text it is
    link_chars: int  # characters of it inside links
    path: tuple[int, ...]  # indices (into `Segments.elements`) of the elements above it, outermost first
    heading: bool  # inside h1-h6
    is_prose: bool  # a paragraph of prose (see `is_prose`)

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def is_prose(text: str, link_chars: int, *, heading: bool = False) -> bool:
    """A paragraph of prose: few links, not a bare address, and long enough to be a sentence (or a
    shorter line, not a heading, that ends like one)."""
    size = len(text)
    return size > 0 and link_chars < LINK_DENSE * size and not URL_TEXT.match(text) and (
        size >= PROSE_CHARS or (not heading and size >= _SHORT_PROSE_CHARS and SENTENCE_END.search(text) is not None))


@dataclass(frozen=True)
class Segments:
    """The segments of one page, and the elements their paths index."""

    items: tuple[Segment, ...]
    elements: tuple[HtmlElement, ...]
    parents: tuple[int, ...]  # per element, the index of the block element above it (-1: none)
    nested: tuple[bool, ...]  # per element, whether a block element sits inside it


def _hidden(element: HtmlElement) -> bool:
    """Hidden by its own markup: `hidden`, `aria-hidden="true"`, an inline `display: none`."""
    get = element.get
    if get("hidden") is not None or get("aria-hidden") == "true":
        return True
    style = get("style")
    return bool(style) and "none" in style and "display:none" in style.replace(" ", "").lower()


def segments(body: HtmlElement) -> Segments:
    """Cut the body's visible text into paragraphs: one walk (lxml's `iterwalk`, in C; no recursion).

    The body itself is the outermost block (a page without `<body>` passes its root). The parser
    drops comments and processing instructions, so every node the walk meets is an element."""
    items: list[Segment] = []
    elements: list[HtmlElement] = []
    parents: list[int] = []
    nested: list[bool] = []
    path: list[int] = []
    owners: list[HtmlElement] = []
    parts: list[str] = []  # the open paragraph's text
    links = 0  # ... and how many of its characters are link text
    link_depth = headings = 0
    block_tags, skip_tags, heading_tags = BLOCK_TAGS, SKIP_TAGS, HEADING_TAGS
    add = parts.append

    def flush() -> None:
        nonlocal links
        text = normalize("".join(parts))
        parts.clear()
        if text:
            link_chars = min(links, len(text))
            items.append(Segment(text, owners[-1], link_chars, tuple(path), headings > 0,
                                 is_prose(text, link_chars, heading=headings > 0)))
        links = 0

    walker = etree.iterwalk(body, events=("start", "end"))
    skipped = None  # the element whose subtree the walk skips (its "end" still comes)
    for event, element in walker:
        tag = element.tag
        if event == "end":
            if element is skipped:
                skipped = None
            elif tag in block_tags or element is body:
                if parts:
                    flush()
                path.pop()
                owners.pop()
                if tag in heading_tags:
                    headings -= 1
            elif tag == "a":
                link_depth -= 1
            tail = element.tail  # after an element, its tail joins the paragraph around it
            if tail and (parts or not tail.isspace()):
                add(tail)
                if link_depth:  # the tail of an element inside a link is link text too
                    links += len(tail.strip())
            continue
        if tag.__class__ is not str or tag in skip_tags or len(path) >= MAX_DEPTH or (
                element is not body and _hidden(element)):
            walker.skip_subtree()  # scripts, controls, hidden blocks: only their tail is text
            skipped = element
            continue
        if tag == "br" or tag == "hr":
            if parts:
                flush()
            walker.skip_subtree()
            skipped = element
            continue
        if tag in block_tags or element is body:
            if parts:
                flush()
            if path:
                nested[path[-1]] = True
                parents.append(path[-1])
            else:
                parents.append(-1)
            nested.append(False)
            path.append(len(elements))
            elements.append(element)
            owners.append(element)
            if tag in heading_tags:
                headings += 1
        elif tag == "a":
            link_depth += 1
        text = element.text
        if text and (parts or not text.isspace()):  # whitespace opens no paragraph
            add(text)
            if link_depth:
                links += len(text.strip())
    if parts and owners:
        flush()
    return Segments(tuple(items), tuple(elements), tuple(parents), tuple(nested))


def subtree_sums(segs: Segments, own: list[int]) -> list[int]:
    """Per element, the sum of `own` over it and every element under it: one pass from the last
    element to the first (the walk numbers a parent before its children)."""
    sums = list(own)
    parents = segs.parents
    for index in range(len(sums) - 1, 0, -1):
        parent = parents[index]
        if parent >= 0:
            sums[parent] += sums[index]
    return sums


def ancestors(segs: Segments, index: int) -> list[int]:
    """The indices of the block elements above `index`, nearest first."""
    out = []
    index = segs.parents[index]
    while index >= 0:
        out.append(index)
        index = segs.parents[index]
    return out
