"""The typed hand-offs between stages: fetch -> parse -> signals -> score -> report.

Every stage after parsing works on these frozen dataclasses; no parser tree leaks past
`scorer.parse`. A test can build a `ParsedPage` by hand in a few lines.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from .textutil import word_count


class BlockKind(str, Enum):
    """What a piece of page furniture is (anything on the page that is not the article)."""

    RECIRCULATION = "recirculation"  # "Check Also", "Related", "Read next", widgets
    AUTHOR_BOX = "author_box"  # "About Admin", bio boxes
    SOURCE_LINE = "source_line"  # "Source link", "Source: X", "Originally published at", "via"
    COMMENTS = "comments"  # comment lists and reply forms
    SHARE_BAR = "share_bar"  # social share buttons
    AD_SLOT = "ad_slot"  # ad containers, sponsored widgets
    NAVIGATION = "navigation"  # menus, breadcrumbs, tickers


class Position(str, Enum):
    """Where a block sits relative to the main text."""

    INSIDE = "inside"  # within the article body container
    BEFORE = "before"
    AFTER = "after"
    ASIDE = "aside"  # a sidebar or overlay outside the article flow


@dataclass(frozen=True)
class Link:
    url: str  # absolute where the page URL was known
    text: str
    domain: str | None = None  # registered domain ("cnn.com"), None for relative/unknown


@dataclass(frozen=True)
class Block:
    """One piece of page furniture, classified by what it is."""

    kind: BlockKind
    heading: str
    text: str
    links: tuple[Link, ...] = ()
    position: Position = Position.AFTER
    locator: str = ""  # a short CSS-like path to the element, for evidence


@dataclass(frozen=True)
class Byline:
    """One author candidate and where it was found (json-ld, meta, rel-author, markup)."""

    name: str
    origin: str
    type: str | None = None  # JSON-LD @type where known: "Person", "Organization"
    url: str | None = None


@dataclass(frozen=True)
class ParsedPage:
    url: str | None
    domain: str | None  # registered domain of `url`
    title: str
    paragraphs: tuple[str, ...]  # the main text, furniture removed
    bylines: tuple[Byline, ...] = ()
    published: str | None = None  # ISO date
    site_name: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    links: tuple[Link, ...] = ()  # outbound links inside the main text
    blocks: tuple[Block, ...] = ()  # page furniture
    image_credits: tuple[str, ...] = ()  # "Photo: ANSA / Ansa – Brazil"
    has_html: bool = True  # False for text-only input: page-level signals do not apply

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return sum(word_count(p) for p in self.paragraphs)

    def blocks_of(self, kind: BlockKind) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind is kind)


@dataclass(frozen=True)
class Evidence:
    """The text or element that triggered a finding, with where it was found."""

    text: str
    locator: str = ""  # "main_text[3]", "block:recirculation 'Check Also'", "meta[name=author]"
    start: int | None = None  # character offsets into ParsedPage.text where applicable
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "locator": self.locator}
        if self.start is not None:
            out["start"], out["end"] = self.start, self.end
        return out


@dataclass(frozen=True)
class Signal:
    """One explained finding. `impact` is its signed contribution to the 0-100 score."""

    id: str
    title: str
    value: Any  # a short machine-readable value: "generic", 0.42, True ...
    impact: float = 0.0
    evidence: tuple[Evidence, ...] = ()
    applicable: bool = True
    detail: str = ""  # one human sentence built from the value and evidence

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "value": self.value,
            "impact": round(self.impact, 2),
            "applicable": self.applicable,
            "detail": self.detail,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Attribution:
    """Who says what, through whom. Offsets index `ParsedPage.text`."""

    source: Span | None
    cue: Span
    content: Span
    source_type: str = "unknown"
    via: tuple[Span, ...] = ()  # intermediaries, nearest the original source first
    direct_quote: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source.text if self.source else None,
            "source_type": self.source_type,
            "cue": self.cue.text,
            "content": self.content.text,
            "via": [v.text for v in self.via],
            "direct_quote": self.direct_quote,
            "offsets": {
                "source": [self.source.start, self.source.end] if self.source else None,
                "cue": [self.cue.start, self.cue.end],
                "content": [self.content.start, self.content.end],
                "via": [[v.start, v.end] for v in self.via],
            },
        }


@dataclass(frozen=True)
class DomainRating:
    """What open data says of one domain, on a 0-1 scale (1 = reliable)."""

    domain: str
    rating: float | None
    label: str
    sources: tuple[str, ...] = ()
    confidence: float = 0.0
    state_media: bool = False
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "rating": None if self.rating is None else round(self.rating, 3),
            "label": self.label,
            "sources": list(self.sources),
            "confidence": round(self.confidence, 3),
            "state_media": self.state_media,
            "details": self.details,
        }


@dataclass(frozen=True)
class CitedOutlet:
    """A news outlet named in the article's attributions, mapped to its domain."""

    name: str
    domain: str
    rating: DomainRating
    mentions: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "domain": self.domain,
            "rating": self.rating.rating,
            "label": self.rating.label,
            "state_media": self.rating.state_media,
            "cited": [e.to_dict() for e in self.mentions],
        }


@dataclass(frozen=True)
class Source:
    """One source as a reader would name it, all its mentions merged (scorer/attribution/merge.py)."""

    name: str  # the mention a reader would use ("Denis Pushilin", "the Ministry of Foreign Affairs of Ukraine")
    type: str  # one of scorer.attribution.sources.SOURCE_TYPES
    mentions: tuple[Span, ...]  # every mention: names, titles, pronouns, its documents ("the note")
    attributions: tuple[int, ...]  # indices into Analysis.attributions
    channels: tuple[str, ...] = ()  # how it spoke: "in a post on Telegram", "a statement from the ministry"
    via: tuple[str, ...] = ()  # the outlets that relayed it ("the Tass news agency")

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "mentions": [m.text for m in self.mentions],
                "channels": list(self.channels), "via": list(self.via), "attributions": list(self.attributions)}


@dataclass(frozen=True)
class Analysis:
    """Everything the signals read: the parsed page and what earlier stages found in it.

    Signals are pure functions of this one object.
    """

    page: ParsedPage
    attributions: tuple[Attribution, ...] = ()
    sources: tuple[Source, ...] = ()  # the attributions' sources merged: the one list every signal counts
    publisher: DomainRating | None = None
    outlets: tuple[CitedOutlet, ...] = ()
    headline_bait: float | None = None  # P(clickbait) of the headline
    teaser_bait: dict[str, float] = field(default_factory=dict)  # teaser text -> P(clickbait)
    term_weights: Any = None  # the topic-term table recirculation relatedness uses (clickbait.TermWeights)


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version}


@dataclass(frozen=True)
class Report:
    score: float
    label: str
    signals: tuple[Signal, ...]
    page: ParsedPage
    attributions: tuple[Attribution, ...] = ()
    outlets: tuple[CitedOutlet, ...] = ()
    publisher: DomainRating | None = None
    sources: tuple[Source, ...] = ()  # the attributions' sources merged (Analysis.sources)
    model: ModelInfo = ModelInfo("points", "0")
    probability_unreliable: float | None = None
    warnings: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The one JSON shape used by the CLI, the API and batch output."""
        page = self.page
        byline = page.bylines[0].name if page.bylines else None
        return {
            "score": round(self.score, 1),
            "label": self.label,
            "probability_unreliable": (
                None if self.probability_unreliable is None else round(self.probability_unreliable, 4)
            ),
            "signals": [s.to_dict() for s in self.signals],
            "article": {
                "url": page.url,
                "title": page.title,
                "byline": byline,
                "bylines": [{"name": b.name, "origin": b.origin, "type": b.type} for b in page.bylines],
                "published": page.published,
                "site_name": page.site_name,
                "canonical_url": page.canonical_url,
                "language": page.language,
                "word_count": page.word_count,
                "text": page.text,
                "links": [{"url": link.url, "text": link.text} for link in page.links],
                "furniture": [
                    {"kind": b.kind.value, "heading": b.heading, "position": b.position.value,
                     "locator": b.locator, "links": len(b.links)}
                    for b in page.blocks
                ],
            },
            "attributions": [a.to_dict() for a in self.attributions],
            "sources": [s.to_dict() for s in self.sources],
            "outlets": [o.to_dict() for o in self.outlets],
            "publisher": self.publisher.to_dict() if self.publisher else None,
            "model": self.model.to_dict(),
            "warnings": list(self.warnings),
        }
