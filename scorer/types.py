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
    between_paragraphs: bool = False  # an ad slot lying between the main text's first and last paragraph


@dataclass(frozen=True)
class Byline:
    """One author candidate and where it was found (json-ld, meta, rel-author, markup)."""

    name: str
    origin: str
    type: str | None = None  # JSON-LD @type where known: "Person", "Organization"
    url: str | None = None
    shown: bool = True  # False: only in the page's metadata, nowhere in the text a reader sees


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
    # What the page declares it is: JSON-LD @types, microdata itemtypes, "og:<type>" (lower-case).
    declared_types: tuple[str, ...] = ()
    # Structural marks of a page type found in the markup: "price", "cart", "forum", "answers".
    markup_cues: tuple[str, ...] = ()
    # Elements per tag in the body, for the tags of scorer.page.parse.STRUCTURE_TAGS ((tag, count), sorted).
    tag_counts: tuple[tuple[str, int], ...] = ()
    # What the reading budgets left out of this page (scorer/page/budgets.py), one sentence each:
    # the report carries them as warnings.
    budget_notes: tuple[str, ...] = ()

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
    # For a finding shown but not counted (impact 0): whether it speaks for or against the page
    # ("raises" / "lowers"), so the label still lists it where a reader should see it.
    effect: str | None = None

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
    kind: str = "publisher"  # "platform" (user-generated), "shortener" (generic short links)
    verdict: str = ""  # the rating in words, with the direction of the scale
    per_source: tuple[dict[str, Any], ...] = ()  # each source's own label, calibrated value, data date
    disagreement: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "domain": self.domain,
            "kind": self.kind,
            "rating": None if self.rating is None else round(self.rating, 3),
            "label": self.label,
            "verdict": self.verdict,
            "scale": "0-1, the chance that the rating sources would call the site reliable (1 = reliable)",
            "sources": list(self.sources),
            "per_source": [dict(s) for s in self.per_source],
            "disagreement": self.disagreement,
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


# The guideline's page types (../shared/guides/page-findings.md). Sourcing judgements apply to
# the first three, "article-like" ones; the score is withheld for the others.
PAGE_TYPES = ("news_article", "opinion_or_blog", "press_release", "reference_or_info", "forum_or_qa",
              "commercial", "other")
ARTICLE_TYPES = frozenset({"news_article", "opinion_or_blog", "press_release"})
BYLINE_KINDS = ("person", "organization", "generic", "none")
BOX_VERDICTS = ("related", "unrelated", "bait")


@dataclass(frozen=True)
class BylineFinding:
    """Who the page names as the author of the main text."""

    kind: str  # one of BYLINE_KINDS
    names: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()  # where each name was read (not part of the findings JSON)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "names": list(self.names)}


@dataclass(frozen=True)
class RepublicationFinding:
    """Whether the main text is another outlet's report carried whole."""

    republished: bool = False
    original: str | None = None  # the outlet it came from
    evidence: str | None = None  # the credit line, in words
    credited: bool = False  # an explicit credit ("originally published at X"), not a bare source link
    link: str | None = None  # where the credit links to, if anywhere
    locator: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"republished": self.republished, "original": self.original, "evidence": self.evidence}


@dataclass(frozen=True)
class Teaser:
    """One teaser of a recirculation box, judged against the article."""

    text: str
    relatedness: float  # cosine of topic vectors with the article, 0-1
    related: bool
    bait: float | None  # P(clickbait); None when the model did not score it
    sensational: str | None  # the kind of sensational cue, if any
    verdict: str  # "related", "unrelated" or "unrelated_bait"

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "relatedness": round(self.relatedness, 3),
                "bait": None if self.bait is None else round(self.bait, 3),
                "sensational": self.sensational, "verdict": self.verdict}


@dataclass(frozen=True)
class RecirculationBox:
    """One box that promotes other content, and what its teasers are."""

    heading: str
    verdict: str  # one of BOX_VERDICTS
    teasers: tuple[Teaser, ...] = ()
    locator: str = ""

    def of(self, verdict: str) -> tuple[Teaser, ...]:
        return tuple(t for t in self.teasers if t.verdict == verdict)

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading or "(untitled box)", "verdict": self.verdict}


@dataclass(frozen=True)
class RecirculationFinding:
    boxes: tuple[RecirculationBox, ...] = ()

    @property
    def bait_box(self) -> bool:
        return any(box.verdict == "bait" for box in self.boxes)

    def to_dict(self) -> dict[str, Any]:
        return {"boxes": [b.to_dict() for b in self.boxes], "bait_box": self.bait_box}


@dataclass(frozen=True)
class Findings:
    """What a careful reader would say about the page (the guideline's schema, field for field).
    The page-level signals are computed from this object, so facts and signals agree."""

    language: str | None
    page_type: str  # one of PAGE_TYPES
    byline: BylineFinding
    republication: RepublicationFinding
    recirculation: RecirculationFinding
    ad_slots: tuple[Evidence, ...] = ()  # one per in-body slot, described in words
    page_type_evidence: str = ""  # why the page has that type, in words
    insufficient_text: str = ""  # why the text is too little to judge ("" when it is enough)

    @property
    def ads_in_body(self) -> int:
        return len(self.ad_slots)

    @property
    def article_like(self) -> bool:
        return self.page_type in ARTICLE_TYPES

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "page_type": self.page_type,
            "byline": self.byline.to_dict(),
            "republication": self.republication.to_dict(),
            "recirculation": self.recirculation.to_dict(),
            "ads_in_body": self.ads_in_body,
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
    findings: Findings | None = None  # built from everything above (scorer.findings); signals read it


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str

    def to_dict(self) -> dict[str, str]:
        return {"name": self.name, "version": self.version}


@dataclass(frozen=True)
class LabelLine:
    """One line of the reader's label: a signal in plain words with the evidence to highlight."""

    signal: str
    title: str
    text: str  # the signal's detail sentence
    effect: str  # "raises", "lowers" or "neutral"
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"signal": self.signal, "title": self.title, "text": self.text, "effect": self.effect,
                "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True)
class Tier:
    label: str
    low: float
    high: float
    meaning: str

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "min": self.low, "max": self.high, "meaning": self.meaning}


@dataclass(frozen=True)
class LabelText:
    """The reader's label (scorer/scoring/label.py): the one source of the words the extension's
    popup and the web page show."""

    headline: str  # "17 out of 100: low"
    summary: str  # two sentences
    findings: tuple[LabelLine, ...]
    publisher: str
    outlets: tuple[str, ...]
    model: str
    warnings: tuple[str, ...]
    tiers: tuple[Tier, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"headline": self.headline, "summary": self.summary,
                "findings": [f.to_dict() for f in self.findings], "publisher": self.publisher,
                "outlets": list(self.outlets), "model": self.model, "warnings": list(self.warnings)}


@dataclass(frozen=True)
class Component:
    """One dimension of the guide, measured: `value` 0-1, None when not judged (and why in `detail`)."""

    id: str
    title: str
    value: float | None
    detail: str
    evidence: tuple[Evidence, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()  # the raw counts behind the value ("named", 3), for programs
    cues: tuple[tuple[str, float], ...] = ()  # the 0-1 cues the score weighs ("named", 0.7); empty when not judged

    @property
    def judged(self) -> bool:
        return self.value is not None

    def count(self, name: str) -> int:
        return dict(self.counts).get(name, 0)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "value": None if self.value is None else round(self.value, 3),
                "judged": self.judged, "detail": self.detail, "evidence": [e.to_dict() for e in self.evidence],
                "counts": dict(self.counts), "cues": {k: round(v, 3) for k, v in self.cues}}


@dataclass(frozen=True)
class SourcingComponents:
    components: tuple[Component, ...]
    named_sources: tuple[str, ...] = ()  # the distinct named sources as a reader would list them

    def get(self, component_id: str) -> Component:
        return next(c for c in self.components if c.id == component_id)

    def to_dict(self, shares: dict[str, float] | None = None,
                most: dict[str, float] | None = None) -> dict[str, Any]:
        """`shares`: each component's points in the score; `most`: the most it can give (its weights)."""
        shares, most = shares or {}, most or {}
        return {"named_sources": list(self.named_sources),
                "components": [dict(c.to_dict(), share=round(shares.get(c.id, 0.0), 2),
                                    max_share=round(most.get(c.id, 0.0), 2)) for c in self.components]}

    def values(self) -> dict[str, float | None]:
        return {c.id: c.value for c in self.components}


@dataclass(frozen=True)
class Report:
    score: float | None  # None when the page is not an article or its text is too little to judge
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
    label_text: LabelText | None = None  # the label in plain words (scorer/scoring/label.py)
    findings: Findings | None = None
    components: SourcingComponents | None = None  # the sourcing components the score is made of
    component_weights: tuple[tuple[str, float], ...] = ()  # the most points each component can give

    def to_dict(self) -> dict[str, Any]:
        """The one JSON shape used by the CLI, the API and batch output."""
        page = self.page
        byline = page.bylines[0].name if page.bylines else None
        return {
            "score": None if self.score is None else round(self.score, 1),
            "label": self.label,
            "summary": self.label_text.summary if self.label_text else "",
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
            "label_text": self.label_text.to_dict() if self.label_text else None,
            "tiers": [t.to_dict() for t in self.label_text.tiers] if self.label_text else [],
            "findings": self.findings.to_dict() if self.findings else None,
            "sourcing": (self.components.to_dict({s.id: s.impact for s in self.signals},
                                                 dict(self.component_weights))
                         if self.components else None),
        }
