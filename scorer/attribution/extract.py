"""Attribution extraction: who says what, through whom.

`extract_attributions(text, model)` reads the main text (`ParsedPage.text`) and returns one
`Attribution` per statement the text ascribes to someone: its cue ("said", "according to",
"citing", ":" ...), its source span, its content span (direct or indirect speech), the source's
type and the chain of intermediaries (`via`) it reached the reader through. Offsets index the
text exactly (`text[span.start:span.end] == span.text`).

How it works (cheap enough for the scoring hot path, no parser):
1. Tokens, sentences and quotations (paired quote marks, straight ones by the spaces around them).
2. Cue candidates: tokens whose crude stem is a cue head in the lexicon (learned from the PolNeAR
   training annotations when a model is given, else the built-in reporting-verb list), widened
   to the cue's auxiliaries and particles ("has also said", "according to", "said in a statement").
3. Each candidate gets a *frame*: where its source and content lie relative to the cue (source
   left and content right, "X said that Y"; content left, '"Y," X said'; split quotes; "according
   to X, Y"; no source ...) or "none" (not an attribution). The trained model decides with a
   logistic regression over the candidate's context; without a model, hand-written rules decide.
4. The frame's span rules cut the source and content at clause and quote boundaries; where a
   boundary is a judgement call (where a subject starts and ends, where reported content starts
   and ends) they list the options and the model's option scorer picks one (without a model, the
   rule's own choice stands).
5. Chains: an attribution inside another's content reached the reader through it ("officials
   told Tass that X, the agency reported"): its `via` lists the outer sources, nearest the
   original source first. Pure relays (according to, citing, reported by an agency) whose content
   is another attribution fold into that one's `via`.
6. Source types from the source's words (agency names, government bodies, roles, documents,
   social media, anonymity phrases, personal names).

Evaluation against PolNeAR (which annotates only the outermost attribution of a claim) goes
through `find_raw_attributions` + `outermost`; `docs/attribution.md` has the numbers.

Candidates inside a direct quotation are not attributions (reported speech inside a quote is the
quoted person's, not the article's). Known misses: attributions spanning sentences (a speaker
named in one sentence, the quote in the next), long-distance subjects, coordinated cues.
"""
import re
from dataclasses import dataclass

from ..deadline import current as current_deadline
from ..types import Attribution, Span
from .lexicon import RELAY_CUE_STEMS, stem
from .model import AttributionModel, _holders, find_raw_attributions
from .multilingual import SUPPORTED as RULE_LANGUAGES
from .multilingual import find_rule_attributions
from .sources import _PRONOUN_SOURCES, classify_source
from .spans import RawAttribution
from .tokens import QUOTE_MARKS, Tokens, tokenize

# --------------------------------------------------------------------------------------------
# Chains and the public entry point

# Media through which a source spoke, named beside the attribution: "In a post on Telegram, X said".
MEDIUM = re.compile(
    r"\b(?i:in|on|via|through)\s+(?i:a|an|his|her|their|its|the)?\s*(?:\w+\s+)?(?i:post|tweet|message|video|"
    r"broadcast|blog post|status update)\s+(?:on|to)\s+(?:Telegram|Twitter|X|Facebook|Instagram|YouTube|"
    r"VKontakte|VK|TikTok|Weibo|Truth Social|his|her|their|its)(?:\s+(?:account|channel|page|feed))?"
    r"|\b(?i:on|via)\s+(?:Telegram|Twitter|Facebook|Instagram|YouTube|VKontakte|TikTok|Weibo|Truth Social)"
    r"(?:\s+(?:account|channel|page|feed))?"
    r"|\b(?i:in)\s+an?\s+(?:\w+\s+)?interview\s+with\s+(?:the\s+)?[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*){0,4}")
_CITING_STEMS = frozenset({"cit", "quot", "refer"})


@dataclass
class _Node:
    raw: RawAttribution
    source: Span | None
    cue: Span
    content: Span
    via: list[Span]
    source_type: str
    parent: "_Node | None" = None
    drop: bool = False


def _extent(raw: RawAttribution) -> tuple[int, int]:
    spans = [raw.cue, raw.content] + ([raw.source] if raw.source else [])
    return min(a for a, _ in spans), max(b for _, b in spans)


def _cited_object(tk: Tokens, raw: RawAttribution) -> Span | None:
    """What a citing cue cites: "citing a statement from the ministry, in which ..." -> the statement."""
    a, b = raw.content
    end = a
    while end < b and tk.lower[end] not in (",", ";", "that", "which", "who", "in", "—", "–", "--") \
            and tk.quote_of[end] < 0:
        end += 1
    # keep "from the ministry": the document's owner
    if end < b and tk.lower[end] == "in" and not (end + 1 < b and tk.lower[end + 1] == "which"):
        end += 1
        while end < b and tk.lower[end] not in (",", ";", "that", "which", "who") and tk.quote_of[end] < 0:
            end += 1
    return tk.span(a, end) if end > a else None


def extract_attributions(text: str, model: AttributionModel | None = None, *,
                         language: str | None = None, max_candidates: int = 0,
                         notes: list[str] | None = None) -> tuple[Attribution, ...]:
    """The attributions of a text, typed and chained, in text order. Pure: no I/O.

    `model`: the loaded trained model (`Resources.attribution_model`); without one, the built-in
    lexicon and rules are used (fewer and less exact attributions). `language` (ISO 639-1): German,
    French, Spanish, Italian, Portuguese, Polish and Dutch text is read by that language's rules
    (`multilingual`); any other value, or None, by the English model. `max_candidates`, `notes`:
    the budget of cue candidates read, and where a sentence goes when it cuts (`find_raw_attributions`).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if not text.strip():
        return ()
    tk = tokenize(text)
    raws = (find_rule_attributions(tk, language) if language in RULE_LANGUAGES
            else find_raw_attributions(tk, model, max_candidates=max_candidates, notes=notes))
    current_deadline().check("attributions")
    nodes: list[_Node] = []
    for raw in raws:
        source = None
        if raw.source is not None:
            a, b = raw.source
            while b > a + 1 and tk.words[b - 1] in (",", ";"):  # the annotators' kept comma, not part of a name
                b -= 1
            source = tk.span(a, b)
        after = text[source.end:source.end + 80] if source else ""
        nodes.append(_Node(raw, source, tk.span(*raw.cue), tk.span(*raw.content), [],
                           classify_source(source.text, after) if source else "unknown"))
    _resolve_pronouns(nodes)
    # nesting: the innermost attribution whose content holds this one's cue
    holders = _holders([n.raw for n in nodes])
    for k, node in enumerate(nodes):
        inside = holders[k]
        node.parent = nodes[min(inside, key=lambda j: nodes[j].content.end - nodes[j].content.start)] \
            if inside else None
    for node in nodes:  # outer attributions come first in a chain: resolve top-down
        node.via = _chain(tk, node)
    for node in nodes:
        parent = node.parent
        if parent is None:
            continue
        if node.source is not None and node.source.text.lower() in _PRONOUN_SOURCES and node.raw.source is not None \
                and tk.lower[node.raw.source[0]] in ("it", "he", "she", "they", "we", "i"):
            node.drop = True  # "the government stresses that it regards ...": the same speaker, not a chain
            continue
        if stem(tk.lower[parent.raw.head]) in RELAY_CUE_STEMS | _CITING_STEMS:
            a, b = _extent(node.raw)
            pa, pb = parent.raw.content
            if (a <= pa + 2 and b >= pb - 2) or stem(tk.lower[parent.raw.head]) in _CITING_STEMS:
                parent.drop = True  # a pure relay: it lives on in the inner attribution's `via`
    out = []
    for node in nodes:
        if node.drop:
            continue
        via = list(node.via)
        medium = _medium(tk, node)
        if medium is not None and all(v.start != medium.start for v in via):
            via.insert(0, medium)
        content_text = node.content.text
        direct = content_text[:1] in "\"“«'‘`" or content_text[:2] == "''" or any(
            tk.words[a] in QUOTE_MARKS and tk.quote_of[a] >= 0 and tk.quotes[tk.quote_of[a]][1] == b
            for a, b in node.raw.content_parts)
        out.append(Attribution(source=node.source, cue=node.cue, content=node.content,
                               source_type=node.source_type, via=tuple(via), direct_quote=direct))
    return tuple(out)


def _chain(tk: Tokens, node: _Node) -> list[Span]:
    via: list[Span] = []
    parent = node.parent
    seen = 0
    while parent is not None and seen < 8:  # bounded: nesting deeper than that is a parse error
        seen += 1
        if stem(tk.lower[parent.raw.head]) in _CITING_STEMS:
            cited = _cited_object(tk, parent.raw)
            if cited is not None and (node.source is None or cited.start != node.source.start):
                via.append(cited)
        if parent.source is not None and (node.source is None or parent.source.start != node.source.start):
            if not via or via[-1].start != parent.source.start:
                via.append(parent.source)
        parent = parent.parent
    return via


_MEDIUM_WORDS = ("post", "tweet", "telegram", "twitter", "facebook", "instagram", "youtube", "interview",
                 "vkontakte", "tiktok", "weibo", "truth social", "message", "video", "broadcast")


def _medium(tk: Tokens, node: _Node) -> Span | None:
    sentence = tk.sentence_of[node.raw.head]
    sa, sb = tk.sentences[sentence]
    start, end = tk.starts[sa], tk.ends[sb - 1]
    lowered = tk.text[start:end].lower()
    if not any(w in lowered for w in _MEDIUM_WORDS):  # the regex is costly; most sentences name no medium
        return None
    for m in MEDIUM.finditer(tk.text, start, end):
        if node.content.start <= m.start() < node.content.end:
            continue
        return Span(m.start(), m.end(), m.group())
    return None


def _resolve_pronouns(nodes: list[_Node]) -> None:
    """A pronoun source takes the type of the nearest earlier named source it can refer to."""
    persons = ("named_person", "official")
    last: dict[str, str] = {}
    for node in nodes:
        if node.source is None:
            continue
        word = node.source.text.lower()
        if word in ("he", "she", "him", "her", "i"):
            node.source_type = last.get("person", "named_person")
        elif word in ("it", "its"):
            node.source_type = last.get("thing", "unknown")
        elif word in ("they", "we", "who", "which"):
            node.source_type = last.get("any", "unknown")
        else:
            if node.source_type in persons:
                last["person"] = node.source_type
            elif node.source_type != "unknown":
                last["thing"] = node.source_type
            last["any"] = node.source_type
