"""HTML -> ParsedPage. The only module (with its helpers `furniture` and `maintext`) that sees a parser tree.

The page is parsed once with lxml. One scan of that tree finds the furniture candidates (menus,
comments, recirculation, share bars, ads, author boxes, source lines) and the byline, caption and
paragraph elements; `maintext` finds the article's text in the same tree with those verdicts, and
the furniture is then placed around it, so the signals can see it and none of it leaks into the
text. trafilatura (on its own copy of the tree) runs only where `maintext` finds no prose at all.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import replace

import lxml.html
import trafilatura
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.utils import load_html

from ..config import Settings, get_settings
from ..deadline import current as current_deadline
from ..domains import registered_domain
from ..errors import EmptyInputError, InputError, InputTooLargeError, NotHtmlError
from ..types import Block, BlockKind, Link, ParsedPage, Position
from . import furniture as fur
from . import maintext
from .budgets import BudgetNotes, trim_tables, trim_text, trim_tree_text
from .decode import decode_html_as
from .limits import check_elements, check_markup, check_tree
from .metadata import PageMetadata

_TEXT_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "dt",
              "figcaption", "div", "span", "section", "article", "em", "strong", "small", "b", "i"}
# Leaf-ish elements whose text is one paragraph of the main text.
_PARAGRAPH_TAGS = {"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "dd", "div"}
# Elements that are never furniture themselves nor hold a line of text of their own.
_INERT_TAGS = frozenset({"img", "br", "hr", "path", "g", "use", "source", "picture", "input", "option", "button",
                         "label", "meta", "link", "circle", "rect", "polygon", "line", "wbr", "col", "track",
                         "param", "area", "video", "audio", "canvas", "select", "textarea", "defs", "symbol"})
_ASIDE_WORDS = {"sidebar", "widget", "widgets", "complementary", "rail", "aside"}
# Embedded code and media: never text, only possibly an ad slot.
_EMBED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "ins"})
_STRUCTURAL_TAGS = frozenset(fur.STRUCTURAL_FURNITURE)  # furniture by element type
_TITLE_LIKE_TAGS = frozenset({"div", "span", "p", "strong"})  # may hold a box title, by class
_TITLE_WORDS = frozenset({"title", "subtitle", "heading"})
_BYLINE_WORDS = frozenset({"byline", "byl", "writer"})  # class/id words of a byline ...
_NOT_BYLINE_WORDS = frozenset({"avatar", "box", "bio", "info", "description", "comment", "form"})  # ... beside "author"
# A visible line that opens with a byline word and a name ("By Jane Doe", "Von Max Muster", "Autor: ..."),
# wherever it sits (under the headline, in a header): case-sensitive, so running text ("written by
# the ...") does not match; a bare "By" whose name is in a child element matches too.
_BYLINE_LINE = re.compile(r"^\s*(?:By|BY|Written by|Posted by|Geschrieben von|Publié par|Publicado por|Scritto da|"
                          r"Von|VON|Text von|Par|PAR|Por|POR|Di|Door|Przez|Autor|Autorin|"
                          r"Author|Auteur|Autore)\b(?:\s*:)?\s*(?:[A-ZÀ-ÖØ-ÞĀ-Ž]|$)|^\s*(?:Text|Texto)\s*:\s*[A-ZÀ-ÖØ-ÞĀ-Ž]")
# ("Text" and "Texto" only with a colon: "Text Edge Style" is a video player's label)
_BYLINE_LINE_CHARS = 90  # longer text is a sentence, not a byline line
_CAPTION_WORDS = frozenset({"caption", "credit", "credits"})
# A link to an author's page ("/author/jane-doe/", "/autor/...", "/authors/jane"): the link text is a byline.
_AUTHOR_PAGE = re.compile(r"/(?:author|authors|autor|autoren|auteur|auteurs|autore|autori|autores|redakteur|"
                          r"journalist|journalists|reporter|staff)/[\w.%\-]+/?(?:[?#].*)?$")
# Marks of a shop or a forum in class and id names (one search per class string; the group names the cue).
# Prices alone are not enough (news pages quote prices); an add-to-cart control or a forum engine is.
_MARKUP_CUE = re.compile(r"(?P<cart>add[-_]?to[-_]?(?:cart|basket|bag)|warenkorb)|"
                         r"(?P<price>product[-_]price|price[-_]box)|"
                         r"(?P<forum>bbpress|phpbb|xenforo|vbulletin|forum[-_]post|topic[-_]reply|discourse)|"
                         r"(?P<answers>answer[-_]list|accepted[-_]answer)", re.I)


@functools.lru_cache(maxsize=16384)
def _markup_cue(raw: str) -> str | None:
    """The shop or forum cue in one class or id string (cached: a theme repeats its class strings)."""
    match = _MARKUP_CUE.search(raw)
    return (match.lastgroup or "") if match else None


# The tags whose counts a page keeps (ParsedPage.tag_counts): the structure that tells a shop, a
# form, a table or a listing from an article.
STRUCTURE_TAGS = frozenset({"a", "p", "h1", "h2", "h3", "h4", "li", "table", "tr", "td", "form", "input", "select",
                            "textarea", "button", "pre", "code", "img", "time", "article", "blockquote", "dl",
                            "iframe", "video", "sup", "nav", "aside", "section"})
_CUE_ITEMPROPS = {"price": "price", "acceptedAnswer": "answers", "suggestedAnswer": "answers"}
# A promotion that pushes other stories ("READ MORE: ...") is recirculation; one that sells the
# site's app or newsletter is the site's own navigation.
_RECIRCULATION_PROMOTION = re.compile(r"^\s*(?:read|see|watch|listen|also|related|more from|leia|lesen|lire|"
                                      r"mehr|te puede|leer)", re.I)
_FRAGMENT_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)


# trafilatura's parser settings, and `huge_tree`: without it libxml2 stops at 256 levels of
# nesting and silently drops the rest of the page (an article 300 deep yielded no text); with it
# the parser goes to 2,048 and `max_html_depth` refuses deeper pages (limits.check_tree).
_PARSER_OPTIONS = {"collect_ids": False, "default_doctype": False, "encoding": "utf-8", "remove_comments": True,
                   "remove_pis": True, "huge_tree": True}


def _page_parser() -> etree.HTMLParser:
    """trafilatura's parser settings with the same element classes, looked up in C.

    lxml.html's parser picks each element's class in a Python method, called for every element
    object lxml creates — ~900,000 calls for 181 pages between our scan and trafilatura's work
    on the same tree. A namespace lookup gives the same classes (HtmlElement; FormElement,
    InputElement ... for the form tags) without the call: 1.6 ms a page less (docs/throughput.md).
    """
    parser = etree.HTMLParser(**_PARSER_OPTIONS)
    lookup = etree.ElementNamespaceClassLookup(etree.ElementDefaultClassLookup(
        element=HtmlElement, comment=lxml.html.HtmlComment, pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity))
    by_tag = lookup.get_namespace(None)
    for tag, element_class in lxml.html.HtmlElementClassLookup._default_element_classes.items():
        by_tag[tag] = element_class
    parser.set_element_class_lookup(lookup)
    return parser


_PAGE_PARSER = _page_parser()
# Above this many characters a "block" is a page wrapper, not furniture.
_MAX_BLOCK_CHARS = 6000


def parse_html(html: str | bytes, url: str | None = None, *, content_type: str | None = None,
               settings: Settings | None = None) -> ParsedPage:
    """Parse one page. Raises `InputError` subclasses with a clear message on bad input."""
    settings = settings or get_settings()
    deadline = current_deadline()  # the scoring's, when parse_html runs inside score_html (else none)
    text, utf8 = _to_text(html, content_type=content_type, limit=settings.max_html_bytes)
    deadline.check("decoding")
    check_markup(text, utf8, max_attributes=settings.max_html_attributes)
    source = utf8 if utf8 is not None else text.encode("utf-8", "surrogatepass")  # encoded once
    tree = _load_tree(text, source, max_elements=settings.max_html_elements)
    if tree is None:
        raise NotHtmlError("the document could not be parsed as HTML")
    check_tree(text, tree, max_depth=settings.max_html_depth)
    deadline.check("reading the markup")
    notes = BudgetNotes()
    trim_tables(tree, source, max_cells=settings.max_table_cells, notes=notes)
    trim_tree_text(tree, len(source), max_node_chars=settings.max_text_chars,
                   max_total_chars=settings.max_extract_chars, notes=notes)
    page = _PageBuilder(tree, url, max_links=settings.max_links, notes=notes).build()
    return trim_text(page, max_chars=settings.max_text_chars, notes=notes)


def _load_tree(text: str, utf8: bytes | None = None, *, max_elements: int = 0) -> HtmlElement | None:
    """Parse once. lxml on UTF-8 bytes is the fast path (1.3 ms vs 2.4 ms a page through
    trafilatura's loader, measured on the benchmark); trafilatura's loader repairs what lxml
    refuses, and a bare fragment is parsed as a document of its own. `utf8`: the text's UTF-8
    bytes when the caller has them (a UTF-8 payload as it came), to save encoding it again.

    A source of more elements than `max_elements` is refused before it is parsed
    (limits.check_elements), so no tree grows past the limit."""
    data = utf8 if utf8 is not None else text.encode("utf-8", "surrogatepass")
    check_elements(data, max_elements=max_elements)
    try:
        tree = lxml.html.document_fromstring(data, parser=_PAGE_PARSER)
        if tree is not None and tree.find("body") is not None:
            return tree
    except (etree.ParserError, ValueError):
        pass
    tree = load_html(text)
    if tree is None:  # trafilatura's loader rejects one-element fragments; lxml takes them
        try:
            tree = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=_FRAGMENT_PARSER)
        except (etree.ParserError, ValueError):
            return None
    return tree


def parse_text(text: str, *, title: str = "", url: str | None = None) -> ParsedPage:
    """A ParsedPage for plain article text (no HTML): page-level signals will not apply."""
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    paragraphs = tuple(p for p in (fur.normalize(line) for line in text.splitlines()) if p)
    if not paragraphs:
        raise EmptyInputError("the text is empty")
    return ParsedPage(url=url, domain=registered_domain(url), title=title.strip(), paragraphs=paragraphs,
                      has_html=False)


def _to_text(html: str | bytes, *, content_type: str | None, limit: int) -> tuple[str, bytes | None]:
    """The page's text, and its UTF-8 bytes when the payload already is them (else None)."""
    if isinstance(html, (bytearray, memoryview)):
        html = bytes(html)
    if not isinstance(html, (str, bytes)):
        raise InputError(f"html must be str or bytes, not {type(html).__name__}")
    encoded = html if isinstance(html, bytes) else html.encode("utf-8", "surrogatepass")
    size = len(encoded)
    if size > limit:
        raise InputTooLargeError(f"the document is {size:,} bytes; the limit is {limit:,}")
    utf8: bytes | None = None
    if isinstance(html, bytes):
        text, codec = decode_html_as(html, content_type=content_type)
        if codec == "utf-8" and b"\x00" not in html:
            utf8 = html  # decoded cleanly and nothing to strip below: exactly text.encode("utf-8")
    else:
        text = html
        if not text.strip():
            raise EmptyInputError("the document is empty")
        if text.count("\x00") > 8:
            raise NotHtmlError("the document is binary, not HTML text")
        if "\x00" not in text:
            utf8 = encoded  # the size check's encoding is the parser's input
    text = text.replace("\x00", "")
    if "<" not in text[:65536]:
        raise NotHtmlError("the document has no HTML markup (send plain text as `text` instead)")
    return text, utf8


class _PageBuilder:
    """Builds one ParsedPage from one tree; holds the per-page state the steps share."""

    def __init__(self, tree: HtmlElement, url: str | None, *, max_links: int = 0, notes: BudgetNotes | None = None):
        self.tree = tree
        self.links_left = max_links if max_links > 0 else -1  # -1: no budget
        self.max_links = max_links
        self.notes = notes if notes is not None else BudgetNotes()
        self.body = tree.find(".//body")
        if self.body is None:
            self.body = tree
        self.metadata = PageMetadata(tree, self.body)
        self.url = url or self.metadata.own_url()
        self.canonical = self.metadata.canonical
        self.order: dict[HtmlElement, int] = {}
        self.ancestors: dict[HtmlElement, frozenset[HtmlElement]] = {}
        # Filled by the one pass over the tree in `_scan`.
        self.candidates: list[tuple[HtmlElement, BlockKind, str]] = []
        self.byline_elements: list[HtmlElement] = []
        self.caption_elements: list[HtmlElement] = []
        self.paragraph_elements: list[HtmlElement] = []
        self._menu_texts: set[str] | None = None
        self.markup_cues: set[str] = set()  # marks of a shop or a forum in class and id names
        self.itemtypes: list[str] = [t for t in (tree.get("itemtype"),) if t]  # microdata types
        self.tag_counts: dict[str, int] = {}  # elements per tag in the body (the page-type model reads them)

    # -- the steps --------------------------------------------------------------------------
    def build(self) -> ParsedPage:
        self._scan()
        metadata = self.metadata
        title = metadata.title()
        lines, main_elements, article = self._main_text(title)
        current_deadline().check("main-text extraction")
        found = list(dict.fromkeys(e for e in main_elements if e is not None))
        container, chars_under = _common_container(found)
        container = article if article is not None else container  # ours knows the article's element
        blocks = self._accept_furniture(container, set(found), chars_under)
        block_elements = {e for b, e in blocks if not (b.kind is BlockKind.NAVIGATION
                                                       and b.position is Position.INSIDE)}
        furniture_text = {fur.normalize(b.text).lower() for b, _ in blocks} | {
            b.heading.lower() for b, _ in blocks if b.heading}
        paragraphs, kept_elements = [], []
        menus = {e for e, kind, _ in self.candidates if kind is BlockKind.NAVIGATION}
        for index, (line, element) in enumerate(zip(lines, main_elements)):
            if element is not None and (element in block_elements or block_elements & self._ancestors(element)
                                        or self._is_menu_entry(element, menus)):
                continue
            if element is None and (line.lower() in furniture_text or line in self._menu_link_texts(menus)):
                continue
            if index == 0 and line == title:
                continue  # the headline is not body text
            paragraphs.append(line)
            kept_elements.append(element)
        author_boxes = [e for b, e in blocks if b.kind in (BlockKind.AUTHOR_BOX, BlockKind.COMMENTS,
                                                           BlockKind.RECIRCULATION)]
        return ParsedPage(
            url=self.url,
            domain=registered_domain(self.url),
            title=title,
            paragraphs=tuple(paragraphs),
            bylines=tuple(metadata.bylines(self._byline_elements(author_boxes))),
            published=metadata.published(),
            site_name=metadata.site_name(),
            canonical_url=self.canonical,
            language=metadata.language(),
            declared_types=metadata.declared_types(self.itemtypes),
            markup_cues=tuple(sorted(self.markup_cues)),
            tag_counts=tuple(sorted((t, n) for t, n in self.tag_counts.items() if t in STRUCTURE_TAGS)),
            links=tuple(self._main_links(kept_elements)),
            blocks=tuple(self._mark_between(blocks, kept_elements, paragraphs)),
            image_credits=tuple(self._image_credits()),
        )

    def _main_text(self, title: str) -> tuple[list[str], list[HtmlElement | None], HtmlElement | None]:
        """The main text's lines and the element of each: ours (`maintext`), from the furniture
        verdicts of the scan; trafilatura's only where ours finds no prose at all. In-text
        promotions ours took out join the furniture candidates. Also the article's element, when
        ours found it (None: the caller takes the one holding most of the lines)."""
        found = maintext.extract(self.body, [(e, k) for e, k, heading in self.candidates if not heading],
                                 captions=self.caption_elements, title=title)
        if found.lines:
            for text, element in found.promotions:
                kind = BlockKind.RECIRCULATION if _RECIRCULATION_PROMOTION.match(text) else BlockKind.NAVIGATION
                self.candidates.append((element, kind, ""))
            return list(found.lines), list(found.elements), found.container
        lines = self._main_text_lines()
        return lines, self._match_lines(lines), None

    def _main_text_lines(self) -> list[str]:
        # fast=True skips trafilatura's readability/justext fallbacks: better F1 on the
        # benchmark (0.962 vs 0.960) at a third less time (docs/extraction.md).
        document = trafilatura.bare_extraction(
            self.tree, url=self.url, include_comments=False, with_metadata=False, fast=True,
        )
        text = getattr(document, "text", None) or ""
        return [line for line in (fur.normalize(raw) for raw in text.split("\n")) if line]

    def _scan(self) -> None:
        """One pass over the body: document order, and every element a later step needs."""
        # The loop runs once per element (~740 a page): look-ups are hoisted out of it.
        add = self.candidates.append
        add_paragraph = self.paragraph_elements.append
        add_caption = self.caption_elements.append
        add_byline = self.byline_elements.append
        order = self.order
        body = self.body
        is_ad_element, has_vocab_hint = fur.is_ad_element, fur.has_vocab_hint
        words_of, kind_from_attribute_text = fur.words_of, fur.kind_from_attribute_text
        cue_start = fur.SOURCE_CUE_START.match
        heading_tags = fur.HEADING_TAGS
        ad_slot = BlockKind.AD_SLOT
        cues = self.markup_cues
        cue_of = _markup_cue
        byline_line = _BYLINE_LINE.match
        tag_counts = self.tag_counts

        def note_cue(raw: str) -> None:
            cue = cue_of(raw)
            if cue is not None:
                cues.add(cue)

        for index, element in enumerate(body.iter()):
            tag = element.tag
            if tag.__class__ is not str:
                continue  # comments and processing instructions
            order[element] = index
            tag_counts[tag] = tag_counts.get(tag, 0) + 1
            if tag in _INERT_TAGS:
                if tag == "button" or tag == "input":  # an add-to-cart control is a button
                    cls = element.get("class")
                    if cls:
                        note_cue(cls)
                continue
            if tag in _EMBED_TAGS:
                if is_ad_element(element):
                    add((element, ad_slot, ""))
                continue
            if tag in _PARAGRAPH_TAGS:
                add_paragraph(element)
            elif tag == "figcaption":
                add_caption(element)
            attrs = element.attrib
            words: tuple[str, ...] = ()
            if attrs:
                cls, ident = attrs.get("class"), attrs.get("id")
                if tag == "a" and ("author" in (attrs.get("rel") or "")
                                   or _AUTHOR_PAGE.search(attrs.get("href") or "")):
                    add_byline(element)  # rel=author, or a link to the author's page on the site
                itemprop = attrs.get("itemprop")
                if itemprop:
                    if itemprop == "author" or "author" in itemprop.split():  # "author creator"
                        add_byline(element)
                    elif itemprop in _CUE_ITEMPROPS:
                        cues.add(_CUE_ITEMPROPS[itemprop])
                if "itemtype" in attrs:
                    self.itemtypes.append(attrs["itemtype"])
                if cls:
                    note_cue(cls)
                if ident:
                    note_cue(ident)
                if (cls or ident) and (has_vocab_hint(cls) or has_vocab_hint(ident)):
                    raw = f"{cls or ''} {ident or ''}"
                    words = words_of(raw)
                    wordset = set(words)
                    if is_ad_element(element):
                        add((element, ad_slot, ""))
                        continue
                    kind = kind_from_attribute_text(raw)
                    if kind is not None and element is not body and not (
                            kind is BlockKind.COMMENTS and fur.is_comment_meta(element)):
                        add((element, kind, ""))
                    if _BYLINE_WORDS & wordset or ("author" in wordset and not _NOT_BYLINE_WORDS & wordset):
                        add_byline(element)
                    if _CAPTION_WORDS & wordset:
                        add_caption(element)
                elif "data-ad-slot" in attrs or "data-ad-unit" in attrs:
                    add((element, ad_slot, ""))
                    continue
            if tag in _STRUCTURAL_TAGS:
                if element is not body:
                    add((element, fur.STRUCTURAL_FURNITURE[tag], ""))
            elif tag == "footer" and not words:
                add((element, BlockKind.NAVIGATION, ""))
            if tag in heading_tags or (words and len(element) <= 3 and tag in _TITLE_LIKE_TAGS
                                       and _TITLE_WORDS & set(words)):
                heading = fur.heading_text(element)
                heading_kind = fur.kind_from_heading(heading)
                if heading_kind is not None:
                    add((element, heading_kind, heading))  # resolved to its box later
            text = element.text
            if text and len(text) < _BYLINE_LINE_CHARS and byline_line(text) and tag not in heading_tags:
                add_byline(element)  # a byline a reader sees, whatever its markup
            tail = element.tail
            if tail and len(tail) < _BYLINE_LINE_CHARS and byline_line(tail):
                parent = element.getparent()
                if parent is not None and parent is not body:
                    add_byline(parent)  # "<img> By Jane Doe": the line is the parent's
            if text and cue_start(text):
                line = self._source_line_element(element)
                if line is not None:
                    add((line, BlockKind.SOURCE_LINE, ""))

    def _source_line_element(self, element: HtmlElement) -> HtmlElement | None:
        """The block-level element of a short "Source: ..." line starting at `element`."""
        line = element
        while line.tag in ("a", "span", "em", "strong", "b", "i", "small", "font") and line.getparent() is not None:
            parent = line.getparent()
            if parent is self.body:
                break
            line = parent
        text = fur.normalize(" ".join(line.itertext()))
        if not text or len(text) > 200:
            return None
        match = fur.SOURCE_LINE.match(text)
        if not match:
            # A credit inside a header line ("2017-03-10 | Quelle: X", "来源：X"): from its own cue on.
            own = fur.normalize(element.text or "").lstrip("|·• ")
            start = text.find(own) if own else -1
            match = fur.SOURCE_LINE.match(text[start:]) if start > 0 else None
            if not match:
                return None
        cue = match.group(1).lower()
        has_link = any(a.get("href") for a in line.iter("a"))
        if cue in ("via", "h/t", "hat tip") and not has_link:
            return None  # "Via Appia ..." is text; "via <a>Outlet</a>" is a credit
        if cue in ("source", "sources") and not has_link and not match.group(match.re.groups):
            return None
        return line

    def _match_lines(self, lines: list[str]) -> list[HtmlElement | None]:
        """The tree element each main-text line came from (None where no element matches)."""
        wanted = {line.lstrip("- ").strip(): i for i, line in enumerate(lines)}
        found: list[HtmlElement | None] = [None] * len(lines)
        for element in self.paragraph_elements:
            if element.tag == "div" and (not element.text or not element.text.strip()):
                continue  # a div whose text sits in children: the children are matched instead
            index = wanted.get(fur.normalize(element.text_content()))
            if index is not None and found[index] is None:
                found[index] = element
        return found

    def _ancestors(self, element: HtmlElement) -> frozenset[HtmlElement]:
        cached = self.ancestors.get(element)
        if cached is None:
            cached = self.ancestors[element] = frozenset(element.iterancestors())
        return cached

    def _accept_furniture(self, container: HtmlElement | None, main_set: set[HtmlElement],
                          chars_under: dict[HtmlElement, int]) -> list[tuple[Block, HtmlElement]]:
        main_chars = sum(chars_under.get(e, 0) for e in main_set) or 1
        accepted: list[tuple[HtmlElement, BlockKind, str]] = []
        for element, kind, heading in sorted(self.candidates, key=lambda c: self.order.get(c[0], 0)):
            if heading:
                element = self._box_of_heading(element, main_set)
                if element is None:
                    continue
            if container is not None and (element is container or element in self._ancestors(container)):
                continue  # a wrapper of the whole article is not furniture
            if kind is not BlockKind.SOURCE_LINE:
                inside_main = chars_under.get(element, 0)
                # Allow a box that trafilatura partly took for text, never one holding the article.
                if inside_main > 0.4 * main_chars:
                    continue
            ancestors = self._ancestors(element)
            if any(k is kind and (el is element or el in ancestors) for el, k, _ in accepted):
                continue
            accepted = [(el, k, h) for el, k, h in accepted if not (k is kind and element in self._ancestors(el))]
            accepted.append((element, kind, heading))

        blocks = []
        for element, kind, heading in accepted:
            # Menus can hold thousands of nodes and no signal reads their text: skip it.
            text = "" if kind is BlockKind.NAVIGATION else fur.normalize(" ".join(element.itertext()))
            if kind not in (BlockKind.AD_SLOT, BlockKind.NAVIGATION) and len(text) > _MAX_BLOCK_CHARS:
                continue
            links = () if kind in (BlockKind.NAVIGATION, BlockKind.COMMENTS) else tuple(
                Link(li.url, li.text, li.domain) for li in self._links_of(element))
            if kind is BlockKind.RECIRCULATION and not links:
                continue  # a "related" box that links nowhere pushes nothing
            blocks.append((Block(
                kind=kind,
                heading=heading or fur.find_heading(element),
                text=text[:2000],
                links=links,
                position=self._position(element, container),
                locator=fur.locator(element),
            ), element))
        return blocks

    def _box_of_heading(self, heading: HtmlElement, main_set: set[HtmlElement]) -> HtmlElement | None:
        """The container a furniture heading titles: the nearest ancestor that holds more than it."""
        heading_chars = len(fur.normalize(heading.text_content()))
        current = heading
        for _ in range(5):
            parent = current.getparent()
            if parent is None or parent is self.body:
                break
            text = fur.normalize(parent.text_content())
            if len(text) > _MAX_BLOCK_CHARS or any(e in main_set for e in parent.iter() if e is not heading):
                break
            has_more = len(text) > heading_chars + 10 or parent.find(".//form") is not None or any(
                (a.get("href") or "#")[:1] != "#" for a in parent.iter("a") if heading not in self._ancestors(a))
            if has_more:
                return parent
            current = parent
        return None

    def _menu_link_texts(self, menus: set[HtmlElement]) -> set[str]:
        if self._menu_texts is None:
            self._menu_texts = {fur.normalize(a.text_content()) for menu in menus for a in menu.iter("a")}
        return self._menu_texts

    def _is_menu_entry(self, element: HtmlElement, menus: set[HtmlElement]) -> bool:
        """A line that is nothing but a link inside a menu: trafilatura sometimes keeps whole menus."""
        if not menus or not menus & self._ancestors(element):
            return False
        text = fur.normalize(element.text_content())
        link_text = sum(len(fur.normalize(a.text_content())) for a in element.iter("a"))
        return link_text >= 0.9 * len(text)

    def _position(self, element: HtmlElement, container: HtmlElement | None) -> Position:
        if container is not None and container in self._ancestors(element):
            return Position.INSIDE
        container_ancestors = self._ancestors(container) if container is not None else frozenset()
        for ancestor in (element, *self._ancestors(element)):
            if ancestor in container_ancestors:
                continue  # the page wrapper around both article and block says nothing
            if ancestor.tag == "aside" or ancestor.get("role") == "complementary" or set(
                    fur.attribute_words(ancestor)) & _ASIDE_WORDS:
                return Position.ASIDE
        if container is None:
            return Position.AFTER
        return Position.BEFORE if self.order.get(element, 0) < self.order.get(container, 0) else Position.AFTER

    def _main_links(self, elements: list[HtmlElement | None]) -> list[Link]:
        links: dict[str, Link] = {}
        for element in elements:
            if element is None:
                continue
            for info in self._links_of(element):
                links.setdefault(info.url, Link(info.url, info.text, info.domain))
        return list(links.values())

    def _links_of(self, element: HtmlElement) -> list[fur.LinkInfo]:
        """`fur.element_links`, within the page's budget of links (`max_links`)."""
        if self.links_left < 0:
            return fur.element_links(element, self.url)
        if self.links_left == 0:
            return []
        links = fur.element_links(element, self.url, limit=self.links_left)
        self.links_left -= len(links)
        if self.links_left == 0:
            self.notes.add(f"only the first {self.max_links:,} links of the page were read "
                           f"(the budget is {self.max_links:,})")
        return links

    def _mark_between(self, blocks: list[tuple[Block, HtmlElement]], kept: list[HtmlElement | None],
                      paragraphs: list[str]) -> Iterator[Block]:
        """The blocks, each ad slot marked when it lies between the first and the last paragraph of
        the main text (in document order): an ad in the text, not above or below it."""
        # Paragraphs of prose (ten words or more): a caption or a one-line dek above a slot does not
        # put it inside the text.
        orders = [self.order[e] for e, line in zip(kept, paragraphs)
                  if e is not None and e in self.order and (line.count(" ") >= 9 or len(line) >= 80)]
        first, last = (min(orders), max(orders)) if orders else (0, -1)
        for block, element in blocks:
            if block.kind is BlockKind.AD_SLOT and first < self.order.get(element, -1) < last:
                block = replace(block, between_paragraphs=True)
            yield block

    def _byline_elements(self, author_boxes: list[HtmlElement]) -> Iterator[HtmlElement]:
        """Byline markup outside author boxes, comments and recirculation ("About Admin" boxes and
        comment forms are not the byline)."""
        for element in self.byline_elements:
            if not any(element is box or box in self._ancestors(element) for box in author_boxes):
                yield element

    def _image_credits(self) -> Iterator[str]:
        seen = set()
        for element in self.caption_elements:
            text = fur.normalize(" ".join(element.itertext()))
            for match in fur.IMAGE_CREDIT.finditer(text):
                credit = match.group(0).strip()
                if credit not in seen:
                    seen.add(credit)
                    yield credit


# --- helpers --------------------------------------------------------------------------------
def _common_container(elements: list[HtmlElement]) -> tuple[HtmlElement | None, dict[HtmlElement, int]]:
    """The deepest element holding most (70%) of the main-text elements (the article body), and
    how many main-text characters sit under each element."""
    counts: dict[HtmlElement, int] = {}
    chars: dict[HtmlElement, int] = {}
    depths: dict[HtmlElement, int] = {}
    for element in elements:
        size = len(element.text_content())
        chars[element] = chars.get(element, 0) + size
        chain = list(element.iterancestors())
        for position, ancestor in enumerate(chain):
            counts[ancestor] = counts.get(ancestor, 0) + 1
            chars[ancestor] = chars.get(ancestor, 0) + size
            depths[ancestor] = len(chain) - position  # distance from the root
    need = max(1, int(0.7 * len(elements)))
    best, best_depth = None, -1
    for ancestor, count in counts.items():
        if count >= need and depths[ancestor] > best_depth:
            best, best_depth = ancestor, depths[ancestor]
    return best, chars
