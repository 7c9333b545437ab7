"""Page metadata: what a page says about itself in JSON-LD, meta tags and byline markup.

Part of the parse stage: it reads the lxml tree of the page (`parse.py` hands it over) and returns
plain values — title, publication date, site name, declared language, canonical URL and the author
candidates — for the `ParsedPage`. The main text and the furniture are `parse.py`'s and
`furniture.py`'s business; this module only reads what the page declares.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from ..types import Byline
from .furniture import normalize

ARTICLE_TYPES = {"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
                 "opinionnewsarticle", "backgroundnewsarticle", "webpage", "posting", "socialmediaposting",
                 "liveblogposting", "report", "scholarlyarticle", "techarticle"}
_BYLINE_PREFIX = re.compile(
    r"^\s*(by|written by|posted by|published by|author|words by|story by|von|por|par|di|text|texto|testo|tekst|"
    r"текст|автор)(?!\w)[:\s]*", re.I)
_BYLINE_CUT = re.compile(r"\s*(\||•|·|—|–|\s-(\s|$)|\bon\b\s+\w+ \d|\bpublished\b|\bupdated\b|\d{1,2}[:/.]\d{2}).*$",
                         re.I)
# Meta tags that name an author, in the order they are trusted.
_AUTHOR_META = ("author", "article:author", "byl", "dc.creator", "sailthru.author", "parsely-author")
_DATE_META = ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate", "date",
              "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date")


# The text nodes a reader sees: not inside scripts, styles, noscript or templates.
_VISIBLE_TEXT = etree.XPath("descendant-or-self::text()[not(parent::script or parent::style or "
                            "parent::noscript or parent::template)]", smart_strings=False)
_MAX_TEXT_NODES = 20000  # a budget: enough for any real page
_MAX_ITEMTYPES = 200  # a budget: a hostile page can hold thousands


# One word, then a date, in byline markup: a place ("Washington, Nov 20 2019", "BERLIN, 3. März");
# a name and a date ("Jane Roe, Nov 20 2019") is two words or more.
_PLACE_DATELINE = re.compile(r"^[A-ZÀ-Þ][\w'’\-]{1,30},\s*(?:\d{1,2}\.?\s*)?(?:jan|feb|mar|mär|apr|may|mai|jun|jul|"
                             r"aug|sep|oct|okt|nov|dec|dez)[a-zä]*\.?\s*\d", re.I)


class PageMetadata:
    """What one page declares about itself. Built once per page from its tree."""

    def __init__(self, tree: HtmlElement, body: HtmlElement):
        self.tree = tree
        self.body = body
        self.jsonld = list(jsonld_objects(tree))
        self.meta = meta_tags(tree)
        self.canonical = canonical_url(tree)
        self._visible: str | None = None  # the visible text, lower-cased, built when first needed

    def own_url(self) -> str | None:
        """The page's own address as it declares it: og:url names the page itself; a canonical URL
        may point to the outlet a story was copied from (that is the republication signal's evidence)."""
        og_url = self.meta.get("og:url")
        return (og_url if og_url and og_url.startswith("http") else None) or self.canonical

    def article_objects(self) -> list[dict[str, Any]]:
        return [o for o in self.jsonld if types_of(o) & ARTICLE_TYPES] or self.jsonld

    def title(self) -> str:
        for candidate in (self.meta.get("og:title"), *(o.get("headline") for o in self.article_objects()),
                          first_text(self.body, "h1"), self.meta.get("twitter:title")):
            if isinstance(candidate, str) and candidate.strip():
                return normalize(candidate)
        title = self.tree.findtext(".//title") or ""
        return normalize(re.split(r"\s+[|–—-]\s+[^|–—-]+$", title)[0])

    def published(self) -> str | None:
        candidates = [self.meta.get(k) for k in _DATE_META]
        candidates += [o.get("datePublished") for o in self.article_objects()]
        for element in self.body.iter("time"):
            candidates.append(element.get("datetime"))
        for candidate in candidates:
            if isinstance(candidate, str) and re.match(r"\d{4}-\d{2}-\d{2}", candidate.strip()):
                return candidate.strip()
        return None

    def site_name(self) -> str | None:
        for candidate in (self.meta.get("og:site_name"), *(name_of(o.get("publisher")) for o in self.article_objects()),
                          self.meta.get("application-name")):
            if isinstance(candidate, str) and candidate.strip():
                return normalize(candidate)
        return None

    def language(self) -> str | None:
        raw = self.tree.get("lang") or self.meta.get("content-language") or self.meta.get("og:locale") or next(
            (o.get("inLanguage") for o in self.article_objects() if isinstance(o.get("inLanguage"), str)), None)
        if not raw:
            return None
        return re.split(r"[-_]", raw.strip())[0].lower() or None

    def declared_types(self, itemtypes: Iterable[str] = ()) -> tuple[str, ...]:
        """What the page says it is: JSON-LD @types, the microdata `itemtypes` the caller found, og:type."""
        found = {t for obj in self.jsonld for t in types_of(obj)}
        for raw in list(itemtypes)[:_MAX_ITEMTYPES]:
            for itemtype in raw.split():
                found.add(itemtype.rstrip("/").rsplit("/", 1)[-1].lower())
        og_type = self.meta.get("og:type")
        if og_type:
            found.add(f"og:{og_type.strip().lower()}")
        found.discard("")
        return tuple(sorted(found))

    def shows(self, name: str) -> bool:
        """Does the name appear, as a whole word, in the text a reader sees (not in scripts or styles)?"""
        if self._visible is None:
            texts = _VISIBLE_TEXT(self.body)
            self._visible = " ".join(" ".join(texts[:_MAX_TEXT_NODES]).split()).lower()
        pattern = r"(?<!\w)" + re.escape(" ".join(name.lower().split())) + r"(?!\w)"
        return re.search(pattern, self._visible) is not None

    def bylines(self, elements: Iterable[HtmlElement]) -> Iterator[Byline]:
        """Author candidates: JSON-LD, then meta tags, then `elements` (byline markup and rel=author
        links the caller found, author boxes and comments already left out), each name once."""
        seen: set[str] = set()

        def emit(name: Any, origin: str, type_: str | None = None, url: str | None = None) -> Iterator[Byline]:
            if not isinstance(name, str):
                return
            for part in split_names(name):
                key = part.lower()
                if key not in seen:
                    seen.add(key)
                    metadata_only = origin == "json-ld" or origin.startswith("meta")
                    shown = not metadata_only or self.shows(part)
                    yield Byline(part, origin, type_, url, shown)

        by_id = {o["@id"]: o for o in self.jsonld if isinstance(o.get("@id"), str)}
        for obj in self.article_objects():
            authors = obj.get("author") or obj.get("creator")
            for author in authors if isinstance(authors, list) else [authors]:
                if isinstance(author, dict) and "name" not in author and isinstance(author.get("@id"), str):
                    author = by_id.get(author["@id"], author)  # a reference into the @graph (Yoast's Person)
                if isinstance(author, dict):
                    yield from emit(author.get("name"), "json-ld", first_type(author), author.get("url"))
                elif isinstance(author, str) and not author.startswith("http"):
                    yield from emit(author, "json-ld")
        for key in _AUTHOR_META:
            value = self.meta.get(key)
            if value and not value.startswith("http"):
                yield from emit(value, f"meta[{key}]")
        for element in elements:
            if element.find(".//form") is not None or element.find(".//input") is not None:
                continue
            text = normalize(element.text_content())
            if _PLACE_DATELINE.match(text):
                continue  # "Washington, Nov 20 2019": where and when, not who
            if 0 < len(text) <= 160:  # room for "By A and B" with the date and time after it
                if element.tag == "a" and "author" in (element.get("rel") or ""):
                    yield from emit(text, "rel=author", None, element.get("href"))
                else:
                    yield from emit(text, "markup")


def jsonld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)  # strict=False: raw tabs and newlines inside strings
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                yield item


def types_of(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.lower() for v in values if isinstance(v, str)}


def first_type(obj: dict[str, Any]) -> str | None:
    raw = obj.get("@type")
    if isinstance(raw, list):
        raw = raw[0] if raw else None
    return raw if isinstance(raw, str) else None


def name_of(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("name") if isinstance(value.get("name"), str) else None
    return value if isinstance(value, str) else None


def meta_tags(tree: HtmlElement) -> dict[str, str]:
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (element.get("property") or element.get("name") or element.get("itemprop")
               or element.get("http-equiv") or "").strip().lower()
        content = element.get("content")
        if key and content and key not in meta:
            meta[key] = content.strip()
    return meta


def canonical_url(tree: HtmlElement) -> str | None:
    for link in tree.iter("link"):
        href = (link.get("href") or "").strip()
        if "canonical" in (link.get("rel") or "").lower().split() and href.startswith("http"):
            return href
    return None


def first_text(root: HtmlElement, tag: str) -> str | None:
    element = next(root.iter(tag), None)
    return normalize(element.text_content()) if element is not None else None


def split_names(raw: str) -> list[str]:
    text = _BYLINE_CUT.sub("", _BYLINE_PREFIX.sub("", normalize(raw)))
    parts = re.split(r"\s*(?:,|\band\b|&|\bund\b|\by\b|\bet\b)\s*", text)
    return [p.strip(" .:") for p in parts if 1 < len(p.strip(" .:")) <= 60]
