"""Sourcing: how the article's claims are attributed (from `Analysis.attributions`).

Seven small signals, each a pure function of the analysis with the attributions (or sentences)
that triggered it as evidence, offsets into `ParsedPage.text`:

- `compute_attributed_share`: the share of the text's sentences that carry an attribution. A news
  text whose statements say where they come from can be checked; one that asserts without
  attribution cannot. False positives: explainers and analysis state facts in the writer's voice.
- `compute_named_sources`: named vs anonymous sources ("sources said", "officials who asked not to
  be named"). Anonymous sourcing cannot be checked by the reader. False positive: protected sources
  in good investigative reporting.
- `compute_independent_sources`: how many distinct sources (by name: "Tass", "the Tass news agency"
  and "Russian news agency Tass" are one; two agencies on opposite sides are two).
- `compute_relayed`: how many attributions reach the reader second-hand (through a chain, `via`, or
  as another outlet's report) rather than from the source itself.
- `compute_direct_quotes`: direct quotation keeps the source's words checkable.
- `compute_linked_sources`: whether the documents and outlets the text cites are linked where it
  cites them (a link whose text or site matches the attribution's words). Not applicable without HTML.
- `compute_single_source`: whether most attributions rest on one source or channel.

Each threshold says why in a comment; the impacts live in `scorer.points.POINTS["sourcing"]`.
"""
from __future__ import annotations

from ..attribution.merge import is_channel, is_relayed, merge_sources, source_key
from ..scoring.points import POINTS
from ..sentences import overlapped, sentences
from ..textutil import quote
from ..types import Analysis, Attribution, Evidence, Signal, Source, Span

# The ids of this family's signals (scorer/signals/__init__.py lists them in report order).
ATTRIBUTED_CLAIMS = "attributed_claims"
NAMED_SOURCES = "named_sources"
INDEPENDENT_SOURCES = "independent_sources"
RELAYED_SOURCING = "relayed_sourcing"
DIRECT_QUOTES = "direct_quotes"
LINKED_SOURCES = "linked_sources"
SINGLE_SOURCE = "single_source"

P = POINTS["sourcing"]
# Fewer sentences than this and the shares below say nothing (a brief, a caption).
MIN_SENTENCES = 4
# Evidence lists are cut to this many items: enough to show the pattern.
MAX_EVIDENCE = 6
# Source types that name who speaks (everything but anonymous and unknown).
NAMED_TYPES = frozenset({"news_agency", "government_body", "official", "named_person", "organisation", "document",
                         "social_media"})
# Cited things a reader could be sent to by a link.
LINKABLE_TYPES = frozenset({"news_agency", "document", "organisation", "government_body", "social_media"})


def _evidence(span: Span, locator: str, text: str | None = None) -> Evidence:
    return Evidence(text if text is not None else quote(span.text, 200), locator, span.start, span.end)


def _attribution_evidence(a: Attribution) -> Evidence:
    start = min(s.start for s in (a.cue, a.content, *( [a.source] if a.source else [])))
    end = max(s.end for s in (a.cue, a.content, *([a.source] if a.source else [])))
    return Evidence(attribution_text(a), f"attribution:{a.source_type}", start, end)


def sources_of(analysis: Analysis) -> tuple[Source, ...]:
    """The merged source list (`Analysis.sources`, made once by the pipeline); merged here only for
    an analysis built by hand without it."""
    if analysis.sources or not analysis.attributions:
        return analysis.sources
    return merge_sources(analysis.attributions)


def attribution_text(a: Attribution) -> str:
    """The attribution as a sentence reads: "Pushilin said in a post on Telegram: ...", "For Pushilin: ..."."""
    who = a.source.text if a.source else "someone unnamed"
    cue = a.cue.text
    content = quote(a.content.text, 120)
    channels = [v.text for v in a.via if is_channel(v)]
    relays = [v.text for v in a.via if not is_channel(v)]
    how = "".join(f" {c[:1].lower() + c[1:] if c.split()[0].lower() in ('in', 'on', 'via') else 'in ' + c}"
                  for c in channels)
    through = f" (via {', '.join(relays)})" if relays else ""
    if cue.lower() in ("for", "to", ":"):
        return f"{cue.capitalize() if cue != ':' else 'From'} {who}{how}{through}: {content}"
    return f"{who} {cue}{how}{through}: {content}"


def compute_attributed_share(analysis: Analysis) -> Signal:
    name, title = ATTRIBUTED_CLAIMS, "Attributed claims"
    text = analysis.page.text
    units = sentences(text)
    if len(units) < MIN_SENTENCES:
        return Signal(name, title, None, applicable=False,
                      detail=f"Only {len(units)} sentences: too little text to judge its attribution.")
    flags = overlapped(units, [(min(a.cue.start, a.content.start), max(a.cue.end, a.content.end))
                               for a in analysis.attributions])
    attributed = [u for u, flag in zip(units, flags) if flag]
    share = len(attributed) / len(units)
    # Half the sentences attributed is what wire copy and careful reporting show (PolNeAR news: 26
    # attributions per 800-word article); under a fifth is commentary or unsourced assertion.
    if share >= 0.5:
        value, evidence = "high", tuple(_evidence(u, "sentence:attributed") for u in attributed[:MAX_EVIDENCE])
    elif share >= 0.2:
        value, evidence = "moderate", tuple(_evidence(u, "sentence:attributed") for u in attributed[:MAX_EVIDENCE])
    else:
        bare = [u for u, flag in zip(units, flags) if not flag]
        value, evidence = ("none" if not attributed else "low"), tuple(
            _evidence(u, "sentence:unattributed") for u in bare[:MAX_EVIDENCE])
    detail = (f"{len(attributed)} of {len(units)} sentences ({share:.0%}) say where their information comes "
              f"from.")
    return Signal(name, title, round(share, 3), P[f"attributed_{value}"], evidence, detail=detail)


def compute_named_sources(analysis: Analysis) -> Signal:
    name, title = NAMED_SOURCES, "Named sources"
    typed = [a for a in analysis.attributions if a.source is not None]
    if not typed:
        return Signal(name, title, None, applicable=False, detail="No statement in the text names where it comes from.")
    anonymous = [a for a in typed if a.source_type == "anonymous"]
    named = [a for a in typed if a.source_type in NAMED_TYPES]
    # Anonymous sourcing for half the claims or more means the reader can check little.
    if anonymous and len(anonymous) >= len(typed) / 2:
        value = "mostly_anonymous"
    elif anonymous:
        value = "some_anonymous"
    else:
        value = "named"
    shown = anonymous if anonymous else named
    detail = (f"{len(named)} attributed statements name who they come from, {len(anonymous)} rely on unnamed sources"
              + (f" ({', '.join(a.source.text for a in anonymous[:3] if a.source)})." if anonymous else "."))
    return Signal(name, title, value, P[f"sources_{value}"],
                  tuple(_attribution_evidence(a) for a in shown[:MAX_EVIDENCE]), detail=detail)


def compute_independent_sources(analysis: Analysis) -> Signal:
    name, title = INDEPENDENT_SOURCES, "Independent sources"
    sources = sources_of(analysis)
    if not sources:
        return Signal(name, title, 0, applicable=False, detail="No named source.")
    count = len(sources)
    # Three or more independent voices is the usual bar for a contested story; one is a single account.
    value = "several" if count >= 3 else ("two" if count == 2 else "one")
    evidence = tuple(Evidence(_source_text(s), f"source:{s.type}", s.mentions[0].start, s.mentions[0].end)
                     for s in sources)
    detail = f"{count} distinct source{'s' if count != 1 else ''}: {'; '.join(e.text for e in evidence)}."
    return Signal(name, title, count, P[f"independent_{value}"], evidence[:MAX_EVIDENCE * 2], detail=detail)


def _source_text(source: Source) -> str:
    """"Denis Pushilin (in a post on Telegram)", "the North Korean embassy in Moscow (via Tass)"."""
    how = [c[:1].lower() + c[1:] for c in source.channels]
    via = [f"via {v}" for v in source.via]
    return source.name + (f" ({'; '.join(how + via)})" if how or via else "")


def compute_relayed(analysis: Analysis) -> Signal:
    name, title = RELAYED_SOURCING, "Second-hand sourcing"
    attributions = [a for a in analysis.attributions if a.source is not None]
    if not attributions:
        return Signal(name, title, None, applicable=False, detail="No attributed source.")
    relayed = [a for a in attributions if is_relayed(a)]
    share = len(relayed) / len(attributions)
    # Most claims through intermediaries: the page reports reports, and errors compound along a chain.
    value = "mostly_relayed" if share >= 0.5 else ("some_relayed" if relayed else "primary")
    shown = relayed if relayed else attributions
    detail = (f"{len(relayed)} of {len(attributions)} attributed statements reach the reader second-hand "
              f"(through another outlet or a chain of sources).")
    return Signal(name, title, round(share, 3), P[f"relayed_{value}"],
                  tuple(_attribution_evidence(a) for a in shown[:MAX_EVIDENCE]), detail=detail)


def compute_direct_quotes(analysis: Analysis) -> Signal:
    name, title = DIRECT_QUOTES, "Direct quotes"
    quotes = [a for a in analysis.attributions if a.direct_quote]
    if not analysis.attributions:
        return Signal(name, title, 0, applicable=False, detail="The text attributes nothing to anyone.")
    value = "present" if quotes else "none"
    detail = (f"{len(quotes)} direct quotation{'s' if len(quotes) != 1 else ''} keep the sources' own words."
              if quotes else "No direct quotation: every statement is paraphrased.")
    return Signal(name, title, len(quotes), P[f"quotes_{value}"],
                  tuple(_attribution_evidence(a) for a in quotes[:MAX_EVIDENCE]), detail=detail)


def _linked(a: Attribution, links: tuple) -> bool:
    region = " ".join(s.text for s in ([a.source] if a.source else []) + list(a.via) + [a.content]).lower()
    key = source_key(a.source.text) if a.source else None
    for link in links:
        anchor = (link.text or "").strip().lower()
        if len(anchor) >= 3 and anchor in region:
            return True
        if key and link.domain and len(key) >= 3 and key.split()[-1] in link.domain.lower():
            return True
    return False


def compute_linked_sources(analysis: Analysis) -> Signal:
    name, title = LINKED_SOURCES, "Cited sources linked"
    page = analysis.page
    if not page.has_html:
        return Signal(name, title, None, applicable=False, detail="No page markup: links are unknown.")
    # Counted per merged source (`Analysis.sources`), the list every signal counts.
    attributions = analysis.attributions
    linkable = [s for s in sources_of(analysis) if s.type in LINKABLE_TYPES or s.via
                or any(attributions[k].via for k in s.attributions)]
    if not linkable:
        return Signal(name, title, None, applicable=False, detail="The text cites no document or outlet to link.")
    linked = [s for s in linkable if any(_linked(attributions[k], page.links) for k in s.attributions)]
    share = len(linked) / len(linkable)
    # Linking half the cited reports lets a reader check the chain; linking none hides it.
    value = "most" if share >= 0.5 else ("some" if linked else "none")
    shown = [s for s in linkable if s not in linked] if value == "none" else linked
    if len(linkable) == 1:
        detail = ("The one cited source is linked where it is cited." if linked else
                  "The one cited source is not linked.")
    else:
        detail = (f"{len(linked)} of {len(linkable)} cited sources are linked where they are cited."
                  if linked else f"None of the {len(linkable)} cited sources is linked.")
    return Signal(name, title, round(share, 3), P[f"linked_{value}"],
                  tuple(_attribution_evidence(attributions[s.attributions[0]]) for s in shown[:MAX_EVIDENCE]),
                  detail=detail)


def compute_single_source(analysis: Analysis) -> Signal:
    name, title = SINGLE_SOURCE, "Reliance on one source"
    sources = sources_of(analysis)
    total = sum(len(s.attributions) for s in sources)
    # Three attributions are the least from which "most of them" means something.
    if total < 3:
        return Signal(name, title, None, applicable=False, detail="Fewer than three attributed claims.")
    top = max(sources, key=lambda s: len(s.attributions))
    share = len(top.attributions) / total
    # Two thirds of the claims through one source: the story is that source's account.
    value = "single" if share >= 2 / 3 else "spread"
    detail = (f"{len(top.attributions)} of {total} attributed claims come from one source ({top.name})."
              if value == "single" else f"The attributed claims spread over {len(sources)} sources; the most "
              f"used ({top.name}) carries {len(top.attributions)} of {total}.")
    shown = [analysis.attributions[k] for k in top.attributions[:MAX_EVIDENCE]]
    return Signal(name, title, round(share, 3), P[f"single_{value}"],
                  tuple(_attribution_evidence(a) for a in shown), detail=detail)
