"""The sourcing components: one per dimension of the raters' guide, each from the page with its evidence.

`../shared/guides/sourcing-quality.md` rates an article by six things a reader looks at; each is a
small pure function here, valued 0-1 (0: nothing of it on the page, 1: all a reader could ask),
with the text that made the value and a sentence in words:

- `coverage`: the share of the text's claim sentences that say where they come from (an
  attribution, a named document or data, a link to the material).
- `source_types`: who the sources are: distinct named sources, less for anonymous or vague ones.
- `primary_material`: documents, data, rulings, statements, studies, named data issuers.
- `independence`: distinct sources behind the story, less when most reach the reader second-hand.
- `checkability`: links to other sites' material and precise references (numbers, dates, DOIs).
- `accountability`: a named author or newsroom, and honest credit vs uncredited re-posting.

The four that read the wording are "not judged" (value None) in a language without word lists;
accountability and checkability need the page's markup and are not judged on text-only input.
The counts are saturating (1 - e^(-n/k)): the first sources say most, the tenth little.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence

from ..attribution.merge import is_relayed, source_key
from ..language import is_supported, language_name
from ..sentences import overlapped, sentences
from ..textutil import quote
from ..types import Analysis, Attribution, Component, Evidence, Source, SourcingComponents, Span
from .names import NOT_NAMES, distinct, is_name, is_vague, reader_name
from .references import Mention, precise_references, primary_mentions

COVERAGE, SOURCE_TYPES, PRIMARY, INDEPENDENCE, CHECKABILITY, ACCOUNTABILITY = (
    "coverage",
    "source_types",
    "primary_material",
    "independence",
    "checkability",
    "accountability",
)
COMPONENT_IDS: tuple[str, ...] = (COVERAGE, SOURCE_TYPES, PRIMARY, INDEPENDENCE, CHECKABILITY, ACCOUNTABILITY)
TITLES: dict[str, str] = {
    COVERAGE: "Claims that say where they come from",
    SOURCE_TYPES: "Who the sources are",
    PRIMARY: "Primary material",
    INDEPENDENCE: "Independent sources",
    CHECKABILITY: "Links and precise references",
    ACCOUNTABILITY: "Who stands behind the article",
}
# The components that read the text's wording (word lists of the supported languages).
LANGUAGE_COMPONENTS = frozenset({COVERAGE, SOURCE_TYPES, PRIMARY, INDEPENDENCE})
# The cues each component gives the score (scorer/scoring/sourcing_model.py weighs each "component.cue").
CUES: dict[str, tuple[str, ...]] = {
    COVERAGE: ("share",),
    SOURCE_TYPES: ("named", "on_record_quotes"),
    PRIMARY: ("documents",),
    INDEPENDENCE: ("first_hand",),
    CHECKABILITY: ("links", "references"),
    ACCOUNTABILITY: ("byline_and_credit",),
}
CUE_INPUTS: tuple[str, ...] = tuple(f"{c}.{cue}" for c in COMPONENT_IDS for cue in CUES[c])
# Source types that name who speaks (scorer.attribution.sources.SOURCE_TYPES less anonymous/unknown).
NAMED_TYPES = frozenset(
    {"news_agency", "government_body", "official", "named_person", "organisation", "document", "social_media"}
)
# A coverage of 60% is what careful reporting shows (PolNeAR: about half the sentences attributed);
# beyond it a text is not better sourced, only more quote-heavy.
FULL_COVERAGE = 0.6
# Saturation scales: at n = k the component is at 63% (1 - 1/e).
NAMED_SCALE, QUOTE_SCALE, PRIMARY_SCALE, INDEPENDENT_SCALE, CHECK_SCALE = 2.5, 3.0, 4.0, 2.0, 2.0
# Anonymous and vague attributions dilute the named ones: all unnamed takes this share off.
UNNAMED_DISCOUNT = 0.4
# A reader's source is a name: a span longer than this, or one that reads as a clause, is not one.
MAX_NAME_WORDS = 7
CLAUSE_WORDS = re.compile(r"\b(?:that|which|who|dass|que|che|qui|dat|którzy|który|że)\b", re.IGNORECASE)
# Hosts whose links are sharing or platform furniture, never the cited material.
SHARE_HOSTS = frozenset(
    {
        "facebook.com",
        "twitter.com",
        "x.com",
        "linkedin.com",
        "pinterest.com",
        "whatsapp.com",
        "reddit.com",
        "t.me",
        "telegram.me",
        "addthis.com",
        "sharethis.com",
        "google.com",
    }
)
# Personal pronouns that stand for a source named before them, in the supported languages.
PRONOUNS = frozenset(
    "he she they er sie il elle ils elles él ella ellos lui lei loro ele ela eles on ona oni hij zij".split()
)
# Source types that stand for an office or body even when not capitalised ("the ministry said").
INSTITUTION_TYPES = frozenset({"government_body", "official", "news_agency"})
# Source types whose span may hold a name: the typed ones, and "unknown" (the rules of the other
# languages type few sources), each kept only when its span reads as a name (scorer.sourcing.names).
NAMED_SOURCE_TYPES = NAMED_TYPES | {"unknown"}
# Evidence per component: enough to show the pattern.
MAX_EVIDENCE = 6
# Budgets, counted before the work: sentences read for coverage, links matched into the text.
MAX_SENTENCES = 5_000
MAX_LINKS = 300
# Accountability by byline kind (scorer.findings.byline): a named person answers for the text,
# a newsroom signs it, no name on a news report is a gap, a CMS default ("Admin") says nobody does.
BYLINE_ACCOUNTABILITY = {"person": 1.0, "organization": 0.8, "none": 0.35, "generic": 0.0}
# Republished whole without a proper credit: the site stands behind nothing of its own.
UNCREDITED_REPUBLICATION = 0.2


def is_anonymous_repost(components: SourcingComponents) -> bool:
    """Nobody signs it and it re-posts another outlet's report without a proper credit (the seed's pattern)."""
    return any(c.id == ACCOUNTABILITY and c.count("anonymous_repost") for c in components.components)


def cue_inputs(components: SourcingComponents) -> dict[str, float | None]:
    """Every cue as "component.cue" -> 0-1; None for the cues of a component not judged."""
    out: dict[str, float | None] = dict.fromkeys(CUE_INPUTS)
    for component in components.components:
        if component.judged:
            out.update({f"{component.id}.{name}": value for name, value in component.cues})
    return out


def saturating(count: float, scale: float) -> float:
    return 1.0 - math.exp(-max(0.0, count) / scale)


def is_reader_name(name: str) -> bool:
    """A source a reader would name: a short name, not a clause or a 30-word span."""
    words = name.split()
    return 0 < len(words) <= MAX_NAME_WORDS and not CLAUSE_WORDS.search(name)


def _self_names(analysis: Analysis) -> frozenset[str]:
    """The page's own outlet under its names: its dateline or "told Reuters" on a Reuters page is no citation."""
    page = analysis.page
    names = {page.site_name or ""}
    if page.domain:
        names.add(page.domain.split(".")[0])
    return frozenset(k for n in names if n and (k := source_key(n)))


def named_sources(analysis: Analysis,
                  links: Sequence[tuple[int, int, str]] = ()) -> tuple[tuple[str, Source | None, Span | None], ...]:
    """Distinct named sources, each once: merged attribution sources that are names (scorer.sourcing.names),
    then the cited outlets and the other sites the text links to (`links`, from `_link_spans`) not already
    among them; never the page's own outlet. (name, source, first mention)."""
    own = _self_names(analysis)
    candidates: list[tuple[str, Source | None, Span | None]] = []
    for merged in analysis.sources:
        name = reader_name(merged.name)
        if merged.type in NAMED_SOURCE_TYPES and is_reader_name(name) and is_name(name):
            candidates.append((name, merged, merged.mentions[0] if merged.mentions else None))
    for outlet in analysis.outlets:
        mention = outlet.mentions[0] if outlet.mentions else None
        span = (
            Span(mention.start, mention.end, mention.text)
            if mention and mention.start is not None and mention.end is not None
            else None
        )
        candidates.append((outlet.name, None, span))
    # The sites the text links to for its material: a reader names them as sources too.
    for start, end, domain in links:
        label = domain.split(".")[0].lower()
        if not any(label in (source_key(name) or "").replace(" ", "") for name, _, _ in candidates):
            candidates.append((domain, None, Span(start, end, analysis.page.text[start:end])))
    kept = set(distinct(name for name, _, _ in candidates))
    out: list[tuple[str, Source | None, Span | None]] = []
    seen: set[str] = set()
    for name, source, span in candidates:
        key = source_key(name)
        if name not in kept or not key or key in seen or any(key == o or (len(o) >= 4 and o in key) for o in own):
            continue
        seen.add(key)
        out.append((name, source, span))
    return tuple(out)


def _link_spans(text: str, analysis: Analysis) -> list[tuple[int, int, str]]:
    """Where the main text's outbound links to other sites sit in the text (anchor text found once each)."""
    page = analysis.page
    spans = []
    for link in page.links[:MAX_LINKS]:
        anchor = " ".join((link.text or "").split())
        if len(anchor) < 3 or not is_external(link.domain, page.domain):
            continue
        at = _find_word(text, anchor)
        if at >= 0:
            spans.append((at, at + len(anchor), link.domain or link.url))
    return spans


# Occurrences of an anchor tried before giving up on one that stands as whole words.
MAX_ANCHOR_TRIES = 5


def _find_word(text: str, phrase: str) -> int:
    """Where `phrase` stands in `text` as whole words ("expand", not inside "expanding"); -1 if nowhere."""
    at = text.find(phrase)
    for _ in range(MAX_ANCHOR_TRIES):
        if at < 0:
            return -1
        end = at + len(phrase)
        if (at == 0 or not text[at - 1].isalnum()) and (end >= len(text) or not text[end].isalnum()):
            return at
        at = text.find(phrase, at + 1)
    return -1


def is_external(domain: str | None, own: str | None) -> bool:
    return bool(domain) and domain != own and domain not in SHARE_HOSTS


def compute_components(analysis: Analysis) -> SourcingComponents:
    """The six components of one analysed page."""
    page = analysis.page
    text = page.text
    language_ok = is_supported(page.language)
    primary = primary_mentions(text, page.language or "en") if language_ok else ()
    references = precise_references(text, primary) if language_ok else ()
    links = _link_spans(text, analysis) if page.has_html else []
    names = named_sources(analysis, links) if language_ok else ()
    components = (
        _coverage(analysis, primary, links) if language_ok else _not_judged(COVERAGE, page.language),
        _source_types(analysis, names) if language_ok else _not_judged(SOURCE_TYPES, page.language),
        _primary(analysis, primary) if language_ok else _not_judged(PRIMARY, page.language),
        _independence(analysis, names) if language_ok else _not_judged(INDEPENDENCE, page.language),
        _checkability(analysis, links, references),
        _accountability(analysis),
    )
    return SourcingComponents(components, tuple(name for name, _, _ in names))


def _not_judged(component_id: str, language: str | None) -> Component:
    return Component(
        component_id,
        TITLES[component_id],
        None,
        f"Not judged in {language_name(language)}: this part reads the wording of the supported languages only.",
    )


def _relayed_spans(analysis: Analysis) -> list[tuple[int, int]]:
    """The stretches of text that reach the reader through another outlet (a relay chain, an agency)."""
    out = []
    for a in analysis.attributions:
        if is_relayed(a):
            spans = [a.cue, a.content, *([a.source] if a.source else []), *a.via]
            out.append((min(s.start for s in spans), max(s.end for s in spans)))
    return out


def _merged(spans: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Sorted, merged intervals as (starts, ends): a position is looked up by bisection, not against every span."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(spans):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _inside(position: int, merged: tuple[list[int], list[int]]) -> bool:
    k = bisect.bisect_right(merged[0], position) - 1
    return k >= 0 and position < merged[1][k]


def _coverage(analysis: Analysis, primary: tuple[Mention, ...], links: list[tuple[int, int, str]]) -> Component:
    text = analysis.page.text
    units = [u for u in sentences(text)[:MAX_SENTENCES] if not u.text.endswith("?")]
    if not units:
        return Component(COVERAGE, TITLES[COVERAGE], 0.0, "No full sentence states a claim.", cues=(("share", 0.0),))
    # Attributed: to a named source (or an anonymous one with its reason), not to "experts say".
    spans = [
        (min(a.cue.start, a.content.start), max(a.cue.end, a.content.end))
        for a in analysis.attributions
        if a.source_type == "anonymous" or _speaks_by_name(a)
    ]
    spans += [(m.start, m.end) for m in primary] + [(s, e) for s, e, _ in links]
    flags = overlapped(units, spans)
    attributed = [u for u, f in zip(units, flags) if f]
    share = len(attributed) / len(units)
    shown = attributed if attributed else units
    evidence = tuple(
        Evidence(quote(u.text, 200), "sentence:attributed" if attributed else "sentence:unattributed", u.start, u.end)
        for u in shown[:MAX_EVIDENCE]
    )
    if share >= 0.5:
        words = "most claims say where they come from"
    elif share >= 0.2:
        words = "some claims say where they come from"
    elif attributed:
        words = "few claims say where they come from"
    else:
        words = "no claim says where it comes from"
    detail = (
        f"{len(attributed)} of {len(units)} sentences ({share:.0%}) say where their information comes from: {words}."
    )
    value = min(1.0, share / FULL_COVERAGE)
    return Component(
        COVERAGE,
        TITLES[COVERAGE],
        value,
        detail,
        evidence,
        (("sentences", len(units)), ("attributed", len(attributed))),
        cues=(("share", value),),
    )


def _source_types(analysis: Analysis, names: tuple[tuple[str, Source | None, Span | None], ...]) -> Component:
    anonymous = [a for a in analysis.attributions if a.source is not None and a.source_type == "anonymous"]
    vague = [a for a in analysis.attributions if a.source_type != "anonymous" and not _speaks_by_name(a)
             and is_vague(a.source.text if a.source else None)]
    typed = len(names) + len(anonymous) + len(vague)
    unnamed_share = (len(anonymous) + len(vague)) / typed if typed else 0.0
    # On the record: a named source's own words, quoted (the reader can hold them to it).
    on_record = [a for a in analysis.attributions if a.direct_quote and _speaks_by_name(a)]
    named_cue = saturating(len(names), NAMED_SCALE) * (1.0 - UNNAMED_DISCOUNT * unnamed_share)
    quotes_cue = saturating(len(on_record), QUOTE_SCALE)
    evidence = [
        Evidence(
            name,
            f"source:{source.type if source else 'outlet'}",
            span.start if span else None,
            span.end if span else None,
        )
        for name, source, span in names[:MAX_EVIDENCE]
    ]
    evidence += [_attribution_evidence(a, "source:anonymous") for a in anonymous[:2]]
    if names:
        listed = ", ".join(name for name, _, _ in names[:4]) + (" and others" if len(names) > 4 else "")
        detail = f"{len(names)} named source{'s' if len(names) != 1 else ''} ({listed})"
    else:
        detail = "No named source"
    if on_record:
        detail += f", {len(on_record)} quoted on the record"
    if anonymous or vague:
        plural = "s" if len(anonymous) + len(vague) != 1 else ""
        detail += f"; {len(anonymous)} anonymous and {len(vague)} vague attribution{plural}"
    return Component(
        SOURCE_TYPES,
        TITLES[SOURCE_TYPES],
        (named_cue + quotes_cue) / 2,
        detail + ".",
        tuple(evidence),
        (
            ("named", len(names)),
            ("on_record_quotes", len(on_record)),
            ("anonymous", len(anonymous)),
            ("vague", len(vague)),
        ),
        cues=(("named", named_cue), ("on_record_quotes", quotes_cue)),
    )


def _speaks_by_name(a: Attribution) -> bool:
    """The attribution's source is a name, a pronoun standing for one named before ("he said"), or an
    office or body ("the ministry", "police"); never a crowd ("Everyone knows", "Experts say")."""
    if a.source is None or a.source_type == "anonymous":
        return False
    text = a.source.text.strip()
    if text.lower() in PRONOUNS or is_name(reader_name(text)):
        return True
    words = [w for w in text.lower().split() if w not in NOT_NAMES]
    return a.source_type in INSTITUTION_TYPES and bool(words)


def _speaks_first_hand(source: Source, attributions: Sequence[Attribution]) -> bool:
    """At least one of the source's statements reaches the page itself, not through another outlet."""
    return not all(is_relayed(attributions[k]) for k in source.attributions)


def _primary(analysis: Analysis, primary: tuple[Mention, ...]) -> Component:
    """Primary material the page itself points to: a document or statement that reaches the reader
    only through another outlet's report is secondary (the guide), so relayed stretches do not count."""
    relayed = _merged(_relayed_spans(analysis))
    attributions = analysis.attributions
    documents = [
        s
        for s in analysis.sources
        if s.type in {"document", "government_body", "official"}
        and is_reader_name(s.name)
        and _speaks_first_hand(s, attributions)
    ]
    seen: set[str] = set()
    distinct_mentions: list[Mention] = []
    for mention in primary:
        key = mention.text.lower()
        if key not in seen and not _inside(mention.start, relayed):
            seen.add(key)
            distinct_mentions.append(mention)
    count = len(distinct_mentions) + len(documents)
    value = saturating(count, PRIMARY_SCALE)
    evidence = tuple(
        [Evidence(m.text, "reference:primary", m.start, m.end) for m in distinct_mentions[:MAX_EVIDENCE]]
        + [
            Evidence(s.name, f"source:{s.type}", s.mentions[0].start, s.mentions[0].end)
            for s in documents[:MAX_EVIDENCE]
            if s.mentions
        ]
    )
    shown = ", ".join(e.text for e in evidence[:4])
    detail = (
        f"It points to primary material: {shown}."
        if count
        else "It names no document, data, ruling, statement or official on record of its own."
    )
    return Component(
        PRIMARY,
        TITLES[PRIMARY],
        value,
        detail,
        evidence,
        (("documents_and_data", len(distinct_mentions)), ("official_sources", len(documents))),
        cues=(("documents", value),),
    )


def _independence(analysis: Analysis, names: tuple[tuple[str, Source | None, Span | None], ...]) -> Component:
    """Distinct sources that speak to the page itself (not through another outlet's report)."""
    attributions = analysis.attributions
    first_hand = [
        (n, s)
        for n, s, _ in names
        if s is not None
        and s.attributions
        and s.type != "news_agency"
        and _speaks_first_hand(s, attributions)
    ]
    attributed = [a for a in attributions if a.source is not None]
    relayed = [a for a in attributed if is_relayed(a)]
    value = saturating(len(first_hand) - 1, INDEPENDENT_SCALE)
    evidence = tuple(
        Evidence(n, f"source:{s.type}", s.mentions[0].start, s.mentions[0].end)
        for n, s in first_hand[:MAX_EVIDENCE]
        if s.mentions
    )
    if len(first_hand) >= 2:
        detail = f"{len(first_hand)} independent sources speak in the text"
    elif len(first_hand) == 1:
        detail = "The story rests on one source of its own"
    else:
        detail = "No source speaks to the page itself"
    if relayed:
        detail += f"; {len(relayed)} of {len(attributed)} attributed statements reach the reader through another outlet"
    return Component(
        INDEPENDENCE,
        TITLES[INDEPENDENCE],
        value,
        detail + ".",
        evidence,
        (("first_hand", len(first_hand)), ("relayed", len(relayed)), ("attributed", len(attributed))),
        cues=(("first_hand", value),),
    )


def _checkability(analysis: Analysis, links: list[tuple[int, int, str]], references: tuple[Mention, ...]) -> Component:
    page = analysis.page
    if not page.has_html and not references:
        return Component(CHECKABILITY, TITLES[CHECKABILITY], None, "No page markup: its links are unknown.")
    domains = sorted({d for _, _, d in links})
    links_cue, references_cue = saturating(len(domains), CHECK_SCALE), saturating(len(references), CHECK_SCALE)
    text = page.text
    evidence = tuple(
        [Evidence(quote(text[s:e], 200), f"link:{d}", s, e) for s, e, d in links[:MAX_EVIDENCE]]
        + [Evidence(m.text, "reference:precise", m.start, m.end) for m in references[:MAX_EVIDENCE]]
    )
    parts = []
    if domains:
        parts.append(f"links to {len(domains)} other site{'s' if len(domains) != 1 else ''} ({', '.join(domains[:3])})")
    if references:
        parts.append(
            f"{len(references)} precise reference{'s' if len(references) != 1 else ''} "
            f"({'; '.join(m.text[:40] for m in references[:2])})"
        )
    detail = (
        "A reader can check it: " + " and ".join(parts) + "."
        if parts
        else "Nothing it cites is linked or referenced precisely enough to look up."
    )
    return Component(
        CHECKABILITY,
        TITLES[CHECKABILITY],
        (links_cue + references_cue) / 2,
        detail,
        evidence,
        (("linked_sites", len(domains)), ("references", len(references))),
        cues=(("links", links_cue), ("references", references_cue)),
    )


def _accountability(analysis: Analysis) -> Component:
    findings = analysis.findings
    if findings is None or not analysis.page.has_html:
        return Component(ACCOUNTABILITY, TITLES[ACCOUNTABILITY], None, "No page markup: its byline is unknown.")
    byline, republication = findings.byline, findings.republication
    value = BYLINE_ACCOUNTABILITY.get(byline.kind, 0.35)
    names = ", ".join(byline.names[:2])
    detail = {
        "person": f"Signed by {names}",
        "organization": f"Signed by the newsroom ({names})",
        "generic": f'Signed only "{names}", which names nobody',
        "none": "No author is named",
    }.get(byline.kind, "")
    evidence = list(byline.evidence[:2])
    if republication.republished and not republication.credited:
        value = min(value, UNCREDITED_REPUBLICATION)
        detail += f"; the text is re-posted from {republication.original or 'another site'} without a proper credit"
    elif republication.republished:
        detail += f"; republished from {republication.original or 'another outlet'} with an honest credit"
    if republication.republished and republication.evidence:
        evidence.append(Evidence(quote(republication.evidence, 200), republication.locator or "republication"))
    anonymous_repost = republication.republished and not republication.credited and byline.kind in {"generic", "none"}
    return Component(
        ACCOUNTABILITY,
        TITLES[ACCOUNTABILITY],
        value,
        detail + ".",
        tuple(evidence),
        (
            ("credited", int(republication.credited)),
            ("republished", int(republication.republished)),
            ("anonymous_repost", int(anonymous_repost)),
        ),
        cues=(("byline_and_credit", value),),
    )


def _attribution_evidence(a: Attribution, locator: str) -> Evidence:
    spans = [a.cue, a.content, *([a.source] if a.source else [])]
    start, end = min(s.start for s in spans), max(s.end for s in spans)
    who = a.source.text if a.source else "someone unnamed"
    return Evidence(f"{who} {a.cue.text}: {quote(a.content.text, 120)}", locator, start, end)
