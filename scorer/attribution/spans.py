"""Span rules: where an attribution's source and content start and end, per frame. Token ranges
[a, b). Where a boundary is a judgement call, the rule lists the options (with features) and a
`Decider` picks one: the rule's own choice, or the trained model's."""
from dataclasses import dataclass
from typing import Any

from .lexicon import (
    _BOUNDARY_PUNCT,
    _CLAUSE_OPENERS,
    _CONTENT_TRAIL,
    _RELATIVES,
    _SOURCE_RIGHT_STOPS,
    _TIME_WORDS,
    _WEEKDAYS,
    _bucket,
    _is_ly_adverb,
    _shape,
)
from .tokens import QUOTE_MARKS, Tokens, _quote_ending_at, _quote_starting_at

# --------------------------------------------------------------------------------------------
# Span rules per frame. Token ranges [a, b). Where a boundary is a judgement call (where a
# subject begins, where reported content ends) the rules list the options and a `Decider`
# picks one: the trained model by its scores, or the rule's default without a model.

_HARD_LEFT = frozenset({";", ":", "(", "[", "—", "–", "--", "…", "!", "?"})
# Tokens before which reported content may end (the content stops at that token).
_END_MARKERS = frozenset("""
, ; — – -- - ( : and but which who while as when in on at after before during because if though although
despite since until than by for with from including amid
""".split())
# Parenthetical adverbials between a subject and its verb: "Trump, however, said".
_PARENTHETICALS = frozenset({"however", "meanwhile", "too", "though", "instead", "also", "nevertheless",
                             "for example", "for instance", "for one", "for his part", "for her part",
                             "for their part", "in particular", "in turn", "in fact", "of course", "in response",
                             "in a statement", "in an interview", "on the other hand", "at the time", "in contrast"})
_MAX_SOURCE_TOKENS = 40
# Where reported content may end: the first this many clause boundaries, and the sentence's end.
_MAX_END_OPTIONS = 40
# How far before the cue a subject may end ("Scott beamed and asked"): further back is rare and costly.
_MAX_SOURCE_END_SHIFT = 12


class Decider:
    """Picks one boundary among options. This one takes each rule's default (no model)."""

    def pick(self, kind: str, tk: Tokens, options: list[int], default: int, context: dict[str, Any]) -> int:
        return default


RULES = Decider()




def _trim(tk: Tokens, a: int, b: int) -> tuple[int, int]:
    """Drop trailing sentence punctuation and leading commas/colons (quote marks stay)."""
    words = tk.words
    while b > a and words[b - 1] in _CONTENT_TRAIL:
        b -= 1
    while a < b and words[a] in (",", ":", "—", "–", "--", "-", ";"):
        a += 1
    return a, b


def _strip_gap(tk: Tokens, a: int, b: int) -> int:
    """The end of a subject before its verb: drop ", however,", "on Tuesday", "almost universally"."""
    lower = tk.lower
    changed = True
    while changed and b > a:
        changed = False
        while b > a and (lower[b - 1] == "," or _is_ly_adverb(lower[b - 1])):
            b -= 1
            changed = True
        # ", however," / ", for his part,"
        for k in (1, 2, 3, 4):
            if b - k - 1 >= a and lower[b - k - 1] == "," and " ".join(lower[b - k:b]) in _PARENTHETICALS:
                b -= k + 1
                changed = True
                break
        # "on Tuesday", "last week", "Monday night"
        k = b
        while k > a + 1 and lower[k - 1] in _TIME_WORDS:
            k -= 1
        if k < b and (lower[k] in _WEEKDAYS or lower[b - 1] in _WEEKDAYS or lower[k] in (
                "last", "this", "earlier", "later", "also", "then", "once", "again", "yesterday", "today")):
            b = k
            changed = True
    return b


def source_window(tk: Tokens, cue_start: int, floor: int) -> tuple[int, int] | None:
    """Where a subject before the cue may lie: (window start, the rule's end)."""
    lower = tk.lower
    end = _strip_gap(tk, floor, cue_start)
    if end <= floor:
        return None
    if lower[end - 1] in _RELATIVES:
        return end - 1, end
    i = end
    depth = 0
    while i > floor and end - i < _MAX_SOURCE_TOKENS:
        w = lower[i - 1]
        if w == ")":
            depth += 1
        elif w == "(":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (w in _HARD_LEFT or w in QUOTE_MARKS or (w in ("‘", "’") and tk.quote_of[i - 1] >= 0)):
            break
        if tk.para_start[i - 1] and i - 1 > floor:
            i -= 1
            break
        i -= 1
    return (i, end) if i < end else None


def source_end_options(tk: Tokens, window: int, default_end: int) -> list[int]:
    """A subject may end before its verb phrase: "Scott beamed and [asked]" -> "Scott"; or keep the
    comma that closes its apposition ("Megan Hester, an organizer, said": annotators differ)."""
    if tk.lower[default_end - 1] in _RELATIVES:
        return [default_end]
    lower, words = tk.lower, tk.words
    # a subject ends before a lower-case word that can start its verb phrase (not "and", "the", "’s" ...)
    options = [e for e in range(max(window + 1, default_end - _MAX_SOURCE_END_SHIFT), default_end)
               if lower[e - 1] not in _CONTENT_TRAIL and lower[e - 1] not in _CLAUSE_OPENERS
               and words[e][:1].islower() and lower[e] not in _NOT_VERB_START]
    options.append(default_end)
    if default_end < len(tk.lower) and tk.lower[default_end] == "," and "," in tk.lower[window:default_end]:
        options.append(default_end + 1)
    return options


def source_end_features(tk: Tokens, e: int, default_end: int, window: int, cue_start: int) -> dict[str, float]:
    lower, words = tk.lower, tk.words
    if e > default_end:  # the apposition's closing comma kept
        span = lower[window:default_end]
        return {"SE:comma_kept": 1.0, "SE:comma_kept_last=" + _shape(words[default_end - 1]): 1.0,
                "SE:comma_kept_len=" + _bucket(default_end - window): 1.0,
                "SE:comma_kept_commas=" + _bucket(span.count(",")): 1.0,
                "SE:comma_kept_who=" + str("who" in span or "which" in span): 1.0}
    nxt = lower[e] if e < default_end else "<cue>"
    gap = lower[e:default_end]
    f = {
        "SE:next=" + nxt: 1.0, "SE:next_suf=" + nxt[-3:]: 1.0, "SE:last=" + lower[e - 1]: 1.0,
        "SE:last_shape=" + _shape(words[e - 1]): 1.0,
        "SE:next_shape=" + (_shape(words[e]) if e < default_end else "<cue>"): 1.0,
        "SE:gap=" + _bucket(default_end - e): 1.0, "SE:len=" + _bucket(e - window): 1.0,
        "SE:pre_cue=" + (lower[cue_start - 1] if cue_start > 0 else "<s>") + "_" + str(e == default_end): 1.0,
        "SE:last_next=" + lower[e - 1] + "_" + nxt: 1.0,
    }
    if "and" in gap:
        f["SE:gap_and"] = 1.0
    if "," in gap:
        f["SE:gap_comma"] = 1.0
    return f


def source_start_options(tk: Tokens, window: int, end: int) -> list[int]:
    """Where a subject ending at `end` may begin: where a noun phrase can start."""
    quote = tk.quote_of[end - 1]
    lower, words = tk.lower, tk.words
    out = []
    for j in range(max(window, end - _MAX_SOURCE_TOKENS), end):
        if tk.quote_of[j] >= 0 and tk.quote_of[j] != quote:
            continue
        if j == window or j == end - 1 or lower[j - 1] in _NP_OPENERS or lower[j] in _NP_OPENERS \
                or (words[j][:1].isupper() and not words[j - 1][:1].isupper()) or not words[j - 1][:1].isalnum():
            out.append(j)
    return out


# Lower-case words that continue a noun phrase rather than start its verb phrase.
_NOT_VERB_START = frozenset("""
and or of the a an ’s 's who which whose that this these those his her their its our my your some other own
""".split())
# Words before or at which a noun phrase can begin (determiners, prepositions, conjunctions, relatives).
_NP_OPENERS = frozenset("""
the a an this that these those his her their its our my your some many most several both all each every no
any one two three four five six seven eight nine ten dozens hundreds thousands other another such
of by in at for from on with to about among between after before during as and or but nor while when where
who which whom whose what said says
""".split())


def _rule_source_start(tk: Tokens, end: int, window: int, cue_start: int) -> int:
    lower = tk.lower
    appositive = lower[cue_start - 1] == "," if cue_start > 0 else False
    i = end
    commas = 0
    depth = 0
    while i > window:
        w = lower[i - 1]
        if w == ")":
            depth += 1
        elif w == "(":
            depth -= 1
        if depth > 0:
            i -= 1
            continue
        if w == ",":
            if appositive and commas == 0:
                commas += 1
                i -= 1
                continue
            break
        if w in _CLAUSE_OPENERS and w != "and":
            break
        if w == "and":
            before = tk.words[i - 2] if i - 2 >= window else ""
            after = tk.words[i] if i < end else ""
            if not (before[:1].isupper() and after[:1].isupper()):
                break
        if w in _RELATIVES and i < end:
            break
        i -= 1
    return i


def source_start_features(tk: Tokens, i: int, end: int, window: int) -> dict[str, float]:
    lower, words = tk.lower, tk.words
    w = lower[i]
    prev = lower[i - 1] if i > window else "<w>"
    span = lower[i:end]
    f = {
        "S:w=" + w: 1.0, "S:pw=" + prev: 1.0, "S:pw_w=" + prev + "_" + w: 1.0,
        "S:shape=" + _shape(words[i]): 1.0, "S:pshape=" + (_shape(words[i - 1]) if i > window else "<w>"): 1.0,
        "S:len=" + _bucket(end - i): 1.0, "S:window=" + str(i == window): 1.0,
        "S:commas=" + _bucket(span.count(",")): 1.0,
        "S:last=" + lower[end - 1]: 1.0,
    }
    if "and" in span:
        f["S:and"] = 1.0
    if "(" in span or ")" in span:
        f["S:paren"] = 1.0
    if tk.sentences[tk.sentence_of[i]][0] == i:
        f["S:sentence_start"] = 1.0
    f["S:first_last=" + _shape(words[i]) + "_" + _shape(words[end - 1])] = 1.0
    return f


def content_start_options(tk: Tokens, cue_end: int, sentence_end: int) -> tuple[list[int], int] | None:
    """Where reported content after the cue may begin: (options, the rule's choice).

    Right after the cue, or past an addressee or time ("told reporters on Tuesday that ..."),
    an object ("accused Holt of being ..."), a colon or an opening quotation.
    """
    lower = tk.lower
    i = cue_end
    while i < sentence_end and lower[i] in (",", ":", "—", "–", "--"):
        i += 1
    if i >= sentence_end:
        return None
    options = [i]
    default = i
    for j in range(i, min(sentence_end - 1, i + 10)):
        w = lower[j]
        if j > i and (w == "that" or (tk.quote_of[j] >= 0 and tk.quotes[tk.quote_of[j]][0] == j)):
            options.append(j)
        elif w in (",", ":") or (w in ("of", "for", "about", "on", "as") and j - i < 5):
            options.append(j + 1)
    for j in range(i, min(sentence_end, i + 7)):
        w = lower[j]
        if w == "that":
            if j > i and all(lower[k] in _TIME_WORDS or tk.words[k][:1].isupper() or lower[k] in _ADDRESSEES
                             for k in range(i, j)):
                default = j
            break
        if w in (",", ":") and j > i:
            if all(lower[k] in _TIME_WORDS or tk.words[k][:1].isupper() or lower[k] in _ADDRESSEES
                   for k in range(i, j)):
                default = j + 1
            break
    options = sorted({o for o in options if o < sentence_end})
    return options, default


_ADDRESSEES = frozenset("""
reporters him her them me us you the a an crowd audience supporters voters interviewer host viewers listeners
journalists readers in on at during interview statement press conference briefing
""".split())


def content_start_features(tk: Tokens, s: int, first: int, cue_stem: str) -> dict[str, float]:
    lower, words = tk.lower, tk.words
    w = lower[s]
    prev = lower[s - 1]
    f = {
        "CS:w=" + w: 1.0, "CS:prev=" + prev: 1.0, "CS:gap=" + _bucket(s - first): 1.0,
        "CS:stem_prev=" + cue_stem + "_" + (prev if s > first else "<cue>"): 1.0,
        "CS:shape=" + _shape(words[s]): 1.0, "CS:first=" + str(s == first): 1.0,
    }
    for k in range(first, min(s, first + 6)):
        f["CS:gapword=" + lower[k]] = 1.0
        f["CS:gapshape=" + _shape(words[k])] = 1.0
    return f


def content_end_options(tk: Tokens, start: int, sentence_end: int) -> tuple[list[int], int] | None:
    """Where reported content starting at `start` may end: (options, the rule's choice)."""
    lower = tk.lower
    i = start
    limit = sentence_end
    q = _quote_starting_at(tk, i, sentence_end)
    if q is not None and q[0] == i:
        rest = [w for w in tk.words[q[1]:sentence_end] if w not in _CONTENT_TRAIL]
        if not rest or q[1] > sentence_end:
            return [q[1]], q[1]
    # a quotation that opens in the sentence and runs past its end
    for j in range(i, sentence_end):
        qq = tk.quote_of[j]
        if qq >= 0 and tk.quotes[qq][0] == j and tk.quotes[qq][1] > sentence_end:
            limit = tk.quotes[qq][1]
            break
    a, b = _trim(tk, i, limit)
    if b <= a:
        return None
    options = []
    for e in range(a + 1, b):
        if lower[e] in _END_MARKERS and (tk.quote_of[e] < 0 or tk.quote_of[e] == tk.quote_of[a]):
            e2 = e
            while e2 > a + 1 and lower[e2 - 1] in _CONTENT_TRAIL:
                e2 -= 1
            options.append(e2)
        elif tk.words[e - 1] in QUOTE_MARKS and tk.quote_of[e - 1] >= 0 and tk.quotes[tk.quote_of[e - 1]][1] == e:
            options.append(e)
    options = sorted(set(options))[:_MAX_END_OPTIONS]
    options.append(b)
    return sorted(set(options)), b


def content_end_features(tk: Tokens, start: int, e: int, limit: int, cue_stem: str) -> dict[str, float]:
    lower = tk.lower
    n = len(lower)
    at_limit = e == limit
    w = "</s>" if at_limit else lower[e]
    w2 = "</s>" if at_limit or e + 1 >= n else lower[e + 1]
    # the boundary word after trailing punctuation: "..., saying" -> "saying"
    k = e
    while k < limit and lower[k] in _CONTENT_TRAIL:
        k += 1
    nxt = "</s>" if k >= limit else lower[k]
    first = lower[start]
    f = {
        "E:w=" + w: 1.0, "E:w2=" + w2: 1.0, "E:w_w2=" + w + "_" + w2: 1.0, "E:pw=" + lower[e - 1]: 1.0,
        "E:next=" + nxt: 1.0, "E:stem_next=" + cue_stem + "_" + nxt: 1.0,
        "E:len=" + _bucket(e - start): 1.0, "E:rest=" + _bucket(limit - e): 1.0, "E:limit=" + str(at_limit): 1.0,
        "E:first=" + (first if first in ("that", "to", "of", "for", "about", "on", "whether", "how", "what")
                      else _shape(tk.words[start])): 1.0,
        "E:stem_limit=" + cue_stem + "_" + str(at_limit): 1.0,
    }
    if nxt.endswith("ing"):
        f["E:next_ing"] = 1.0
    f["E:first_next=" + (first if first in ("that", "to", "“", '"', "''") else "x") + "_" + nxt] = 1.0
    f["E:len_next=" + _bucket(e - start) + "_" + nxt] = 1.0
    commas = lower[start:e].count(",")
    f["E:commas=" + _bucket(commas)] = 1.0
    if tk.words[e - 1] in QUOTE_MARKS:
        f["E:after_quote"] = 1.0
    if tk.quote_of[e - 1] >= 0 and tk.quotes[tk.quote_of[e - 1]][1] > e:
        f["E:mid_quote"] = 1.0
    return f








def _source_right(tk: Tokens, cue_end: int, limit: int, *, until_comma: bool) -> tuple[int, int] | None:
    """The source after the cue: "said Josh Earnest, a spokesman", "according to X, Y"."""
    lower = tk.lower
    i = cue_end
    while i < limit and lower[i] in (",", ":", "by"):  # "was confirmed by X": the agent, not "by"
        i += 1
    a = i
    while i < limit:
        w = lower[i]
        q = tk.quote_of[i]
        if q >= 0 and tk.quotes[q][0] == i:
            break
        if w in _BOUNDARY_PUNCT and w not in ("(", ")", "-", "."):
            break
        if w == "(":
            close = i
            while close < limit and lower[close] != ")":
                close += 1
            i = close + 1
            continue
        if w == ",":
            if until_comma or i + 1 >= limit or lower[i + 1] in _SOURCE_RIGHT_STOPS \
                    or lower[i + 1].endswith("ing") or tk.quote_of[i + 1] >= 0:
                break
        if w == "that" and i > a:
            break
        i += 1
    b = _strip_gap(tk, a, i)
    while b > a and lower[b - 1] in _CONTENT_TRAIL:
        b -= 1
    return (a, b) if b > a else None


def _content_left(tk: Tokens, end: int, sentence_start: int) -> tuple[int, int] | None:
    """What comes before the source/cue: a quotation ending there (with any words of its sentence
    before it: 'Not paying taxes "makes me smart," Trump said'), or the sentence up to there."""
    q = _quote_ending_at(tk, end)
    if q is not None:
        if q[0] > sentence_start and tk.sentence_of[q[0]] == tk.sentence_of[end - 1]:
            return sentence_start, q[1]
        return q
    a, b = _trim(tk, sentence_start, end)
    return (a, b) if b > a else None


@dataclass(frozen=True)
class RawAttribution:
    """An attribution in token ranges, before typing and chaining."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    content: tuple[int, int]
    content_parts: tuple[tuple[int, int], ...]  # the content without the source/cue inside a split quote
    frame: str
    head: int
    confidence: float = 0.0  # how far the frame's score beat "no attribution" (log-odds)


def _source_left(tk: Tokens, cue_start: int, floor: int, decider: Decider) -> tuple[int, int] | None:
    found = source_window(tk, cue_start, floor)
    if found is None:
        return None
    window, default_end = found
    ends = source_end_options(tk, window, default_end)
    if not ends:
        return None
    end = ends[0] if len(ends) == 1 else decider.pick(
        "source_end", tk, ends, default_end if default_end in ends else ends[-1],
        {"default_end": default_end, "window": window, "cue_start": cue_start})
    starts = source_start_options(tk, window, end)
    if not starts:
        return None
    if len(starts) == 1:
        return starts[0], end
    default = _rule_source_start(tk, end, window, cue_start)
    start = decider.pick("source_start", tk, starts, default if default in starts else starts[-1],
                         {"end": end, "window": window})
    return start, end


def _content_right(tk: Tokens, start: int, sentence_end: int, cue_stem: str,
                   decider: Decider) -> tuple[int, int] | None:
    found = content_start_options(tk, start, sentence_end)
    if found is None:
        return None
    options, default = found
    first = options[0]
    a = options[0] if len(options) == 1 else decider.pick(
        "content_start", tk, options, default, {"first": first, "stem": cue_stem})
    found = content_end_options(tk, a, sentence_end)
    if found is None:
        return None
    options, default = found
    if len(options) == 1:
        return a, options[0]
    end = decider.pick("content_end", tk, options, default, {"start": a, "limit": options[-1], "stem": cue_stem})
    return a, end
