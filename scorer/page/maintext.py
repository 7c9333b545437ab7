"""The main text of a page, from the one lxml tree the parser built (part of the parse stage).

No second parser and no copy of the tree; four steps, each one pass:

1. **Segments** (`scorer/page/segments.py`): one walk over the body cuts its visible text into
   paragraphs at block-level elements and `<br>`s, each with the element it sits in, how many of
   its characters are link text, and the path of block elements above it.
2. **Furniture flags** (`furniture_flags`): the furniture pass's verdicts (menus, comments,
   recirculation, share bars, ads, author boxes), the captions it found, and blocks that are
   about the article rather than of it (`header`, date and byline lines, "story highlights",
   newsletter sign-ups) mark every segment under them. A verdict on an element that holds most
   of the page's prose is a theme's class on a wrapper ("post-share-enabled", "breaking-news"),
   not furniture, and is ignored.
3. **The article's container** (`choose_container`): Readability's scoring on the segments. Each
   paragraph of prose earns points (one, one per comma, one per 100 characters up to three) for
   the element above it, half for the next, less further up; an element's score, times one minus
   its link density, ranks it. The best is corrected as Readability does (an ancestor shared by
   several near-best candidates, a parent that scores higher, a wrapper with one child), then
   joined by its siblings that score near it or are a paragraph of prose, and by cousins that
   carry the same first class name (a story split into sections by ads or asides).
4. **Lines** (`main_lines`): the containers' segments in document order, minus flagged ones,
   link lists and in-text promotions ("CLICK HERE TO GET THE … APP", "READ MORE: …"), which are
   returned apart so the parse stage files them as furniture; lines before the first paragraph
   of prose (but a byline line right before it), and short lines after the last one outside its
   block, are dropped.

Work is linear in the page: the walk visits each element once, sums over subtrees take one pass
from the leaves, and a paragraph's points go at most five levels up. When the page holds no prose at all,
`extract` returns no lines and the parse stage falls back to trafilatura (docs/extraction.md).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lxml.html import HtmlElement

from ..types import BlockKind
from .furniture import words_of
from .segments import (
    LINK_DENSE,
    PROSE_CHARS,
    SENTENCE_END,
    URL_TEXT,
    Segment,
    Segments,
    ancestors,
    segments,
    subtree_sums,
)

# --- flags ----------------------------------------------------------------------------------
# A furniture verdict on an element holding more than this share of the page's prose is a
# wrapper's class ("post-share-enabled" on the article's div), not furniture.
_WRAPPER_SHARE = 0.5
_NAVIGATION_WRAPPER_SHARE = 0.8  # "footer", "menu": a theme rarely puts those words on the article's wrapper
# Class words of the blocks around an article's text that are about it: date and source lines,
# bylines, "story highlights" (the `header` element is one too) ...
_META_WORDS = frozenset({"metadata", "meta", "byline", "dateline", "timestamp", "highlights", "bulletbin",
                         "kicker", "standfirst", "leadtext",
                         # ... and the site's own promotions: newsletter sign-ups and subscriptions (not
                         # "paywall": Barron's puts the rest of the article in one).
                         "newsletter", "signup", "subscribe", "subscription"})

# --- the container --------------------------------------------------------------------------
# Elements that are one paragraph: their points go to the element above them.
_PARAGRAPH_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "dd", "dt", "th",
                             "td", "figcaption", "address", "summary", "caption", "legend"})
# Readability's priors by element type (its `_initializeNode`), and how a paragraph's points
# spread upwards: all to the parent, half to the grandparent, then a third of the level.
_TAG_BONUS = {"div": 5.0, "article": 5.0, "section": 3.0, "pre": 3.0, "td": 3.0, "blockquote": 3.0,
              "address": -3.0, "ol": -3.0, "ul": -3.0, "dl": -3.0, "dd": -3.0, "dt": -3.0, "li": -3.0,
              "form": -3.0, "h1": -5.0, "h2": -5.0, "h3": -5.0, "h4": -5.0, "h5": -5.0, "h6": -5.0, "th": -5.0}
_DIVIDERS = (1.0, 2.0, 6.0, 9.0, 12.0)  # five levels up, as Readability
# Class and id words that themes use for the article body: Readability's class weight (25).
_BODY_WORDS = re.compile(r"(?:^|[\s_\-])(?:article[-_]?body|articlebody|entry[-_]content|post[-_]?(?:content|body|"
                         r"entry|text)|story[-_]?(?:body|content|text)|article[-_]?(?:content|text)|"
                         r"content[-_]?body|body[-_]?text|main[-_]?content|td-post-content|single-content)", re.I)
_BODY_BONUS = 25.0
# Siblings (and same-class cousins) of the best element scoring at least this share of its
# score belong to the article too (Readability: a fifth, and at least 10).
_SIBLING_SHARE = 0.2
_SIBLING_MIN = 10.0
# A sibling paragraph: over 80 characters with under a quarter of them links (Readability's
# numbers); a div needs ten words too (a bare address or a share URL is not a paragraph).
_SIBLING_PARAGRAPH_CHARS = 80
_SIBLING_LINKS = 0.25
_SIBLING_DIV_WORDS = 10
# Readability's alternative candidates: of the five best, those within this share of the best;
# when three of them share an ancestor with it, the ancestor is the article.
_TOP_CANDIDATES = 5
_ALTERNATIVE_SHARE = 0.75
_MIN_ALTERNATIVES = 3

# --- lines ----------------------------------------------------------------------------------
# A link-dense line with this many characters of its own is a sentence with links in it, not a link list.
_OWN_CHARS = 50
# A byline line opening the text ("By Jane Roe", "Von Anna Schmidt"): the byline finding reads it
# there (the forms of scorer/findings/byline.py's TEXT_BYLINE), so it stays.
_BYLINE_LINE = re.compile(r"^(?i:by|written by|text|texto|von|text von|par|por|di|door|av|af|autor(?:in)?|author|"
                          r"auteur|autore)\s*:?\s+[A-ZÀ-ÖØ-Þ].{1,79}$")  # a name follows: not "Text size"
# A line that is markup shown as text (an escaped tracking pixel): never main text.
_MARKUP_TEXT = re.compile(r"^<[a-z!/]")
# In-text promotions: a line that sells the site's app or newsletter, or pushes other stories.
PROMOTION = re.compile(
    r"^\s*(?:click here to (?:get|download) the [\w .'’&-]{1,40} app\b|(?:get|download) the [\w .'’&-]{1,40} app\b|"
    r"(?:read|see|watch|listen) (?:more|also|next)\s*[:|>»-]|also read\s*[:|>»-]|related\s*[:|>»-]|"
    r"more from [\w .'’&-]{1,40}\s*[:|>»-]|sign up (?:for|to) (?:our|the) [\w .'’&-]{1,60}newsletter|"
    r"subscribe to (?:our|the) [\w .'’&-]{1,60}newsletter|leia (?:também|mais)\s*[:|>»-]|"
    r"lesen sie (?:auch|mehr)\s*[:|>»-]|lire aussi\s*[:|>»-]|mehr zum thema\s*[:|>»-]|"
    r"te puede interesar\s*[:|>»-]|leer más\s*[:|>»-])",
    re.I,
)
# Above this length a line is prose that happens to open with such words, not a promotion; a
# line that is mostly its link (a teaser's headline) may run longer.
_PROMOTION_CHARS = 120
_LINKED_PROMOTION_CHARS = 200


@dataclass(frozen=True)
class MainText:
    """What `extract` found: the main-text lines with their elements, and the promotions taken out."""

    lines: tuple[str, ...]
    elements: tuple[HtmlElement, ...]
    container: HtmlElement | None  # the element holding the article (all of its parts)
    promotions: tuple[tuple[str, HtmlElement], ...] = ()


def furniture_flags(segs: Segments, furniture: Mapping[HtmlElement, BlockKind],
                    captions: Iterable[HtmlElement] = ()) -> list[bool]:
    """Per element: inside furniture by the furniture pass's verdicts. A verdict on an element that
    holds most of the page's prose is a theme's class on a wrapper ("post-share-enabled" on the
    article's div, "breaking-news" on a news page's row), not furniture, and is ignored."""
    count = len(segs.elements)
    flagged = [False] * count
    captions = set(captions)
    own = [0] * count
    for seg in segs.items:
        if seg.is_prose:
            own[seg.path[-1]] += len(seg.text)
    prose_under = subtree_sums(segs, own)
    total = prose_under[0] if count else 0
    for index, element in enumerate(segs.elements):
        kind = furniture.get(element)
        if kind is not None:
            share = _NAVIGATION_WRAPPER_SHARE if kind is BlockKind.NAVIGATION else _WRAPPER_SHARE
            if prose_under[index] <= share * total:
                flagged[index] = True
        elif element in captions and prose_under[index] <= _WRAPPER_SHARE * total:
            flagged[index] = True  # a caption or photo credit: not the article's text
        elif _is_meta(element) and prose_under[index] <= _WRAPPER_SHARE * total:
            flagged[index] = True  # a header, dateline or byline block: about the article, not of it
    # Everything under a flagged element is furniture too (parents come before their children).
    parents = segs.parents
    for index in range(1, count):  # only the root (0) has no parent
        if flagged[parents[index]]:
            flagged[index] = True
    return flagged


def _is_meta(element: HtmlElement) -> bool:
    """A block about the article rather than of it (see `_META_WORDS`)."""
    if element.tag == "header":
        return True
    raw = element.get("class")
    return bool(raw) and not _META_WORDS.isdisjoint(words_of(raw))


def _tag_bonus(element: HtmlElement) -> float:
    """Readability's prior by element type, and a bonus for a theme's article-body class."""
    bonus = _TAG_BONUS.get(element.tag, 0.0)
    raw = f"{element.get('class') or ''} {element.get('id') or ''}"
    if element.tag == "article" or element.get("itemprop") == "articleBody" or (
            raw.strip() and _BODY_WORDS.search(raw)):
        bonus += _BODY_BONUS
    return bonus


def choose_container(segs: Segments, flagged: list[bool]) -> tuple[int, ...]:
    """The elements (indices into `segs.elements`) holding the article, in document order: the
    best-scored element and its siblings that score near it (Readability's scoring, on segments)."""
    count = len(segs.elements)
    if not count:
        return ()
    scores = [0.0] * count
    scored = [False] * count
    own_chars = [0] * count
    own_links = [0] * count
    for seg in segs.items:
        own_chars[seg.path[-1]] += len(seg.text)
        own_links[seg.path[-1]] += seg.link_chars
    chars, links = subtree_sums(segs, own_chars), subtree_sums(segs, own_links)

    def final_score(index: int) -> float:
        return scores[index] * (1.0 - links[index] / chars[index] if chars[index] else 1.0)

    for seg in segs.items:
        path = seg.path
        if not seg.is_prose or flagged[path[-1]]:
            continue
        size = len(seg.text)
        # One point, one per comma, one per 100 characters (up to three): Readability's paragraph score.
        points = 1.0 + seg.text.count(",") + seg.text.count("，") + min(size // 100, 3)
        # A paragraph's points go to the element above it; text sitting in a div beside other blocks
        # (Readability wraps it in a paragraph of its own) gives them to the div.
        own = path[-1]
        above = path if (segs.nested[own] and segs.elements[own].tag not in _PARAGRAPH_TAGS) or len(path) == 1 \
            else path[:-1]  # (text right in the root scores the root)
        for level, index in enumerate(reversed(above)):
            if level >= len(_DIVIDERS):
                break
            if not scored[index]:
                scored[index] = True
                scores[index] += _tag_bonus(segs.elements[index])
            scores[index] += points / _DIVIDERS[level]
    ranked = sorted((i for i in range(count) if scored[i] and not flagged[i]), key=lambda i: -final_score(i))
    final = [0.0] * count
    for index in ranked:
        final[index] = final_score(index)
    if not ranked or final[ranked[0]] <= 0:
        return ()
    best = ranked[0]
    best = _climb(segs, best, ranked[1:_TOP_CANDIDATES], final, scored)
    best_score = max(final[best], final[ranked[0]])
    top = segs.elements[best]
    parent = top.getparent()
    if parent is None:
        return (best,)
    index_of = {id(e): i for i, e in enumerate(segs.elements)}
    chosen = []
    threshold = max(_SIBLING_MIN, _SIBLING_SHARE * best_score)
    for sibling in parent:
        found = index_of.get(id(sibling))
        if found is None or flagged[found]:
            continue
        if found == best or final[found] >= threshold or _paragraph_beside(segs, found, chars[found], links[found]):
            chosen.append(found)
    # Cousins: the theme's article-body class on other elements (a story split into sections by
    # asides or ads: NYT's "story-body", the Telegraph's "article-body-text").
    # The class is the best's, or that of the element that scored best before Readability's
    # corrections moved up to a wrapper without one.
    model = top if top.get("class") else segs.elements[ranked[0]]
    klass = (model.get("class") or "").split()[:1]  # the first class name: "story-body story-body-2"
    if klass:
        taken = set(chosen)
        for index in ranked:
            element = segs.elements[index]
            if (index not in taken and element.tag == model.tag and (element.get("class") or "").split()[:1] == klass
                    and final[index] >= threshold and taken.isdisjoint(ancestors(segs, index))):
                chosen.append(index)
        chosen.sort()
    return tuple(chosen)


def _paragraph_beside(segs: Segments, index: int, chars: int, links: int) -> bool:
    """Readability's rule for a sibling of the best element that is one paragraph (a `p`, or a
    div holding only text, as CNN's paragraphs are): long with few links, or a link-free sentence."""
    element = segs.elements[index]
    is_p = element.tag == "p"
    if not chars or not (is_p or not segs.nested[index]):
        return False
    density = links / chars
    if chars > _SIBLING_PARAGRAPH_CHARS and density < _SIBLING_LINKS and (
            is_p or len(element.text_content().split()) >= _SIBLING_DIV_WORDS):
        return True
    return is_p and density == 0 and SENTENCE_END.search(element.text_content().strip()) is not None


def _climb(segs: Segments, best: int, others: list[int], final: list[float], scored: list[bool]) -> int:
    """Readability's three corrections to the best element: the ancestor shared by several
    near-best candidates (an article split into sections), a parent that scores higher, and a
    wrapper that holds nothing else."""
    body_like = ("body", "html")
    near = [o for o in others if final[o] >= _ALTERNATIVE_SHARE * final[best]]
    if len(near) >= _MIN_ALTERNATIVES:
        lists = [set(ancestors(segs, o)) for o in near]
        for ancestor in ancestors(segs, best):
            if segs.elements[ancestor].tag in body_like:
                break
            if sum(ancestor in found for found in lists) >= _MIN_ALTERNATIVES:
                best = ancestor
                break
    last = final[best]
    threshold = last / 3
    for ancestor in ancestors(segs, best):
        if segs.elements[ancestor].tag in body_like:
            break
        if not scored[ancestor]:
            continue
        if final[ancestor] < threshold:
            break
        if final[ancestor] > last:
            best = ancestor
            break
        last = final[ancestor]
    while True:
        parent = segs.parents[best]
        if parent < 0 or segs.elements[parent].tag in body_like:
            break
        if sum(1 for child in segs.elements[parent] if child.tag.__class__ is str) != 1:
            break
        best = parent
    return best


def is_promotion(text: str, link_chars: int = 0) -> bool:
    """An in-text promotion ("CLICK HERE TO GET THE … APP", "READ MORE: <headline>"), not text."""
    limit = _LINKED_PROMOTION_CHARS if link_chars >= LINK_DENSE * len(text) else _PROMOTION_CHARS
    return len(text) < limit and PROMOTION.match(text) is not None


def main_lines(segs: Segments, containers: tuple[int, ...], flagged: list[bool], *, title: str = "") -> MainText:
    """The containers' segments that are main text, in document order."""
    wanted = set(containers)
    title_key = title.casefold()
    picked: list[Segment] = []
    promotions: list[tuple[str, HtmlElement]] = []
    for seg in segs.items:
        path = seg.path
        if wanted.isdisjoint(path) or flagged[path[-1]]:
            continue
        text = seg.text
        if is_promotion(text, seg.link_chars):
            promotions.append((text, seg.element))
            continue
        if _MARKUP_TEXT.match(text) or (seg.link_density >= LINK_DENSE and len(text) - seg.link_chars < _OWN_CHARS
                                         and not URL_TEXT.match(text)):
            continue  # a link list (a bare address is text)
        if seg.heading and title_key and text.casefold() == title_key:
            continue  # the headline is not body text
        picked.append(seg)
    # Lines before the first line of prose are the article's furniture (dates, "Posted by",
    # kickers), not its text.
    # A sentence with many links (a deals post's lede) anchors the text like a paragraph of prose.
    prose = [i for i, seg in enumerate(picked) if seg.is_prose or (
        len(seg.text) >= PROSE_CHARS and len(seg.text) - seg.link_chars >= _OWN_CHARS)]
    if not any(picked[i].is_prose for i in prose):
        return MainText((), (), None)
    first = prose[0]
    while first > 0 and _BYLINE_LINE.match(picked[first - 1].text):
        first -= 1  # ... but a "By Jane Roe" line right before it is the text's own byline
    # After the last, short lines stay only beside it (a table of prices, a list of dates in the
    # article's own block); in a block of their own they are a box below the article.
    last = picked[prose[-1]]
    end = prose[-1] + 1
    while end < len(picked) and picked[end].path[:len(last.path) - 1] == last.path[:-1]:
        end += 1
    picked = picked[first:end]
    return MainText(tuple(seg.text for seg in picked), tuple(seg.element for seg in picked),
                    segs.elements[_common_ancestor(segs, containers)], tuple(promotions))


def _common_ancestor(segs: Segments, indices: tuple[int, ...]) -> int:
    """The deepest element holding all of `indices` (the article's container when it is several)."""
    common = [indices[0], *ancestors(segs, indices[0])]
    for index in indices[1:]:
        above = {index, *ancestors(segs, index)}
        common = [i for i in common if i in above]
    return common[0] if common else indices[0]


def extract(body: HtmlElement, furniture: Iterable[tuple[HtmlElement, BlockKind]], *,
            captions: Iterable[HtmlElement] = (), title: str = "") -> MainText:
    """The page's main text: segments, the container, its lines. No lines when no prose is found."""
    segs = segments(body)
    flagged = furniture_flags(segs, dict(furniture), captions)
    containers = choose_container(segs, flagged)
    if not containers:
        return MainText((), (), None)
    return main_lines(segs, containers, flagged, title=title)
