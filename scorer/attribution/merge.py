"""One source list a reader would recognise: the attributions' sources merged (`merge_sources`).

Mentions of one source meet under one key (`source_key`: "Tass", "the Tass news agency" -> "tass";
"the leader of the republic, Denis Pushilin" and "Pushilin" -> "pushilin"); a pronoun joins the
person last named; a channel ("in a post on Telegram", "a statement from the ministry") is how a
source spoke, not another source: a statement "from the ministry" puts its speaker under the ministry,
and a bare "the note" / "the statement" is that source's document. Outlets in `via` that are not
channels relayed the claim ("via Tass"). One pass over the attributions, dictionary look-ups only.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..types import Attribution, Source, Span

_DETERMINERS = re.compile(r"^(the|a|an|this|that|its|his|her|their)\s+", re.I)
_HEAD_CUT = re.compile(r"\s(?:of|at|in|for|from|with|who|which|that|to|on|by|under)\s")
_PRONOUNS = frozenset("he she they it we i you who which that this these those one him her them his its "
                      "their er sie il elle ele ela lui lei".split())
# A via item starting with one of these, or naming one of these media, is a channel (how the source
# spoke), not an outlet that relayed it.
_CHANNEL_OPENERS = frozenset({"in", "on", "via", "through", "at", "by", "during"})
_CHANNEL_WORDS = re.compile(r"\b(statement|note|post|tweet|interview|release|communiqu|video|letter|speech|"
                            r"briefing|conference|telegram|twitter|facebook|x\.com|instagram|youtube)", re.I)
_FROM_OWNER = re.compile(r"\bfrom (?:the |its |his |her )?([\w’'-]+)", re.I)
# "the note", "the statement": a source's own document, named by what it is.
_BARE_DOCUMENT = re.compile(r"^(?:the|this|that|its) (?:note|statement|document|letter|communiqu[eé]|release|"
                            r"declaration|report)$", re.I)
_PERSON_TYPES = frozenset({"named_person", "official"})


def source_key(text: str) -> str | None:
    """A name key under which mentions of one source meet ("Tass", "the Tass news agency" -> "tass";
    "the leader of the republic, Denis Pushilin" and "Pushilin" -> "pushilin")."""
    segments = [p.strip() for p in re.split(r"[,(—–]", text) if p.strip() and not p.strip().endswith(")")]
    for segment in segments[1:]:  # an apposition that is a name: "the leader ..., Denis Pushilin"
        words = segment.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            return words[-1].lower().strip("’'.")
    head = _HEAD_CUT.split(" " + (segments[0] if segments else text) + " ", maxsplit=1)[0].strip()
    words = [w.strip("’'.") for w in head.split()]
    words = [w for w in words if w]
    if not words:
        return None
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return None
    if words[-1][:1].isupper():
        return words[-1].lower().removesuffix("’s").removesuffix("'s")
    capitalized = [w for w in words if w[:1].isupper()]
    if capitalized and any(w.lower() in ("agency", "news", "newspaper", "channel") for w in words):
        return capitalized[-1].lower()
    key = _DETERMINERS.sub("", " ".join(words).lower())
    return key or None



def is_channel(span: Span) -> bool:
    """True when a `via` item is how the source spoke, not an outlet that relayed it."""
    words = span.text.split()
    return bool(words) and (words[0].lower() in _CHANNEL_OPENERS or _CHANNEL_WORDS.search(span.text) is not None)


def is_relayed(a: Attribution) -> bool:
    """The attribution reaches the page's reader second-hand: through another outlet's report (a relay
    in its chain, or an agency as the source), even without a chain; a channel ("in a post on
    Telegram", "a statement from the ministry") is the source speaking, not a relay."""
    return any(not is_channel(v) for v in a.via) or a.source_type == "news_agency"


def _name_of(text: str) -> str:
    """The mention a reader would use: the name in an apposition ("the leader of X, Denis Pushilin")."""
    segments = [p.strip() for p in re.split(r"[,(—–]", text) if p.strip() and not p.strip().endswith(")")]
    for segment in segments[1:]:
        words = segment.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            return segment
    return text.strip()


class _Group:
    __slots__ = ("attributions", "channels", "mentions", "name", "type", "via", "words")

    def __init__(self, name: str, type_: str) -> None:
        self.name, self.type = name, type_
        self.mentions: list[Span] = []
        self.attributions: list[int] = []
        self.channels: list[str] = []
        self.via: list[str] = []
        self.words = frozenset(w.lower().strip("’'.,") for w in name.split())


def merge_sources(attributions: Sequence[Attribution]) -> tuple[Source, ...]:
    """The distinct sources of `attributions`, in order of first mention."""
    groups: dict[str, _Group] = {}
    by_word: dict[str, _Group] = {}  # a content word of a group's name -> the group ("ministry")
    last_person: _Group | None = None
    last_with_document: _Group | None = None
    for k, a in enumerate(attributions):
        if a.source is None:
            continue
        text = a.source.text.strip()
        channels = [v for v in a.via if is_channel(v)]
        relays = [v for v in a.via if not is_channel(v)]
        group: _Group | None = None
        if text.lower() in _PRONOUNS:
            group = last_person  # "he said": the person last named
            if group is None:
                continue
        elif _BARE_DOCUMENT.match(text) and last_with_document is not None:
            group = last_with_document  # "the note concludes": the statement's author
        else:
            for channel in channels:  # "a statement from the ministry": the ministry speaks
                owner = _FROM_OWNER.search(channel.text)
                if owner is not None:
                    group = by_word.get(owner.group(1).lower())
                    if group is not None:
                        break
        if group is None:
            key = source_key(text)
            if key is None:
                continue
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(_name_of(text), a.source_type)
                for word in group.words:
                    if len(word) > 3 and word[:1].islower():
                        by_word.setdefault(word, group)
        group.mentions.append(a.source)
        group.attributions.append(k)
        for v in channels:
            if v.text not in group.channels:
                group.channels.append(v.text)
        for v in relays:
            if v.text not in group.via:
                group.via.append(v.text)
        if group.type in _PERSON_TYPES:
            last_person = group
        if any(_CHANNEL_WORDS.search(v.text) and "from" in v.text.lower() for v in channels):
            last_with_document = group
    return tuple(Source(g.name, g.type, tuple(g.mentions), tuple(g.attributions), tuple(g.channels), tuple(g.via))
                 for g in groups.values())
