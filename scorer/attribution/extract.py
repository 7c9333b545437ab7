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
from __future__ import annotations

from bisect import bisect_left
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..types import Attribution, Span

# --------------------------------------------------------------------------------------------
# Tokens, sentences, quotations

# Acronyms with dots ("U.S.", "F.B.I."), words with inner apostrophes or hyphens ("Trump’s",
# "self-proclaimed"), the doubled-apostrophe quote mark of NYT copy, then any single mark.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[’'\-&]\w+)*|''|``|--|[^\w\s]")
OPEN_QUOTES = frozenset({"“", "``", "«", "„"})
CLOSE_QUOTES = frozenset({"”", "»"})
AMBIGUOUS_QUOTES = frozenset({'"', "''"})
QUOTE_MARKS = OPEN_QUOTES | CLOSE_QUOTES | AMBIGUOUS_QUOTES
# Words followed by "." that do not end a sentence.
ABBREVIATIONS = frozenset("""
mr mrs ms dr sen rep reps gov gen st jr sr lt col sgt prof inc co corp no vs jan feb mar apr aug sep sept oct nov
dec rev ft mt ltd adm capt cmdr maj pres supt det insp hon messrs mmes al ariz calif colo conn fla ga ill ind kan
ky la md mass mich minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo
""".split())
_SENTENCE_END = frozenset({".", "!", "?", "…"})
# Longest sentence, in tokens, the rules look at as one: news sentences run to ~80 tokens; longer
# runs are lists, transcripts or hostile input, and cutting them keeps extraction linear in the text.
MAX_SENTENCE_TOKENS = 250


@dataclass(frozen=True)
class Tokens:
    """The text cut into tokens, sentences and quotations (token indices; ends exclusive)."""

    text: str
    starts: list[int]
    ends: list[int]
    words: list[str]
    lower: list[str]
    sentence_of: list[int]  # token -> index into `sentences`
    sentences: list[tuple[int, int]]
    quote_of: list[int]  # token -> index into `quotes` of the quotation it lies in (marks included), or -1
    quotes: list[tuple[int, int]]  # (opening mark, closing mark + 1)
    para_start: list[bool]  # the token opens a paragraph

    def span(self, a: int, b: int) -> Span:
        start, end = self.starts[a], self.ends[b - 1]
        return Span(start, end, self.text[start:end])


def tokenize(text: str) -> Tokens:
    spans = [m.span() for m in _TOKEN.finditer(text)]
    starts = [s for s, _ in spans]
    ends = [e for _, e in spans]
    words = [text[s:e] for s, e in spans]
    lower = [w.lower() for w in words]
    n = len(words)
    para_start = [False] * n
    paragraphs: list[int] = []  # the tokens that open a paragraph
    if n:
        para_start[0] = True
        paragraphs.append(0)
        pos = text.find("\n")
        i = 0
        while pos >= 0:
            # the first token after this newline opens a paragraph
            i = bisect_left(starts, pos, i)
            if i < n and not para_start[i]:
                para_start[i] = True
                paragraphs.append(i)
            pos = text.find("\n", pos + 1)
    quote_marks = [i for i, w in enumerate(words) if w in QUOTE_MARKS]
    quotes = _find_quotes(text, starts, ends, words, para_start, sorted(set(quote_marks).union(paragraphs)))
    quote_of = [-1] * n
    for q, (a, b) in enumerate(quotes):
        quote_of[a:b] = [q] * (b - a)
    ends_of_sentence = [i for i, w in enumerate(words) if w in _SENTENCE_END]
    sentences = _split_sentences(starts, ends, words, lower, para_start, quote_of, quotes,
                                 sorted(set(ends_of_sentence).union(paragraphs)))
    sentence_of = [0] * n
    for s, (a, b) in enumerate(sentences):
        sentence_of[a:b] = [s] * (b - a)
    return Tokens(text, starts, ends, words, lower, sentence_of, sentences, quote_of, quotes, para_start)


def _find_quotes(text: str, starts: list[int], ends: list[int], words: list[str],
                 para_start: list[bool], events: list[int]) -> list[tuple[int, int]]:
    """Pair quotation marks within a paragraph; a straight mark opens after a space, closes before one.

    A quotation left open at a paragraph's end and reopened by the next paragraph's first mark
    continues there (the convention for multi-paragraph quotes).
    """
    quotes: list[tuple[int, int]] = []
    open_at = -1
    length = len(text)
    for i in events:  # quote marks and paragraph starts: nothing else changes the state
        w = words[i]
        if w not in QUOTE_MARKS:
            if para_start[i]:
                open_at = -1
            continue
        if para_start[i] and open_at >= 0 and w not in CLOSE_QUOTES:
            # a continued quotation: keep the earlier opening mark
            continue
        if para_start[i]:
            open_at = -1
        if w in OPEN_QUOTES:
            open_at = i
        elif w in CLOSE_QUOTES:
            if open_at >= 0:
                quotes.append((open_at, i + 1))
                open_at = -1
        else:
            before = text[starts[i] - 1] if starts[i] > 0 else " "
            after = text[ends[i]] if ends[i] < length else " "
            opens = (before.isspace() or before in "([{—–-/") and not after.isspace()
            if open_at >= 0 and not opens:
                quotes.append((open_at, i + 1))
                open_at = -1
            elif opens or open_at < 0:
                open_at = i
    return quotes


def _split_sentences(starts: list[int], ends: list[int], words: list[str], lower: list[str],
                     para_start: list[bool], quote_of: list[int],
                     quotes: list[tuple[int, int]], events: list[int]) -> list[tuple[int, int]]:
    """Sentences as token ranges; `events` (sorted) are the tokens that can end or open one."""
    sentences: list[tuple[int, int]] = []
    n = len(words)
    begin = 0
    i = 0
    for event in events:
        if event < i:
            continue
        i = event
        if i > begin and para_start[i]:
            sentences.append((begin, i))
            begin = i
        w = words[i]
        if w not in _SENTENCE_END:
            continue
        j = i + 1
        # closing marks stay with the sentence they end: ." .” .) .’
        while j < n and starts[j] == ends[j - 1] and (
                words[j] in CLOSE_QUOTES or words[j] in (")", "’", "'", "]")
                or (words[j] in AMBIGUOUS_QUOTES and quote_of[j] >= 0 and quotes[quote_of[j]][1] == j + 1)):
            j += 1
        if j >= n:
            break
        if para_start[j]:
            i = j
            continue
        prev = lower[i - 1] if i > 0 else ""
        abbreviation = w == "." and i > 0 and ends[i - 1] == starts[i] and (
            prev in ABBREVIATIONS or (len(prev) == 1 and prev.isalpha()))
        nxt = words[j]
        opens_sentence = (nxt[:1].isupper() or nxt[:1].isdigit() or nxt in QUOTE_MARKS
                          or nxt in ("‘", "(", "[", "—", "-", "--"))
        if not abbreviation and opens_sentence:
            sentences.append((begin, j))
            begin = j
        i = j
    if begin < n:
        sentences.append((begin, n))
    if any(b - a > MAX_SENTENCE_TOKENS for a, b in sentences):
        # a run-on "sentence" (a list, a transcript, hostile input) is cut into bounded pieces:
        # every rule and feature below works within one sentence, so this bounds their cost
        sentences = [(k, min(k + MAX_SENTENCE_TOKENS, b)) for a, b in sentences
                     for k in range(a, b, MAX_SENTENCE_TOKENS)]
    return sentences


# --------------------------------------------------------------------------------------------
# Word classes (lower-cased)

# Irregular verb forms -> their stem, so "told"/"tells" meet; the rest are cut by suffix.
_IRREGULAR = {
    "said": "say", "says": "say", "saying": "say", "told": "tell", "tells": "tell", "telling": "tell",
    "wrote": "write", "written": "write", "writes": "write", "writing": "write", "thought": "think",
    "knew": "know", "known": "know", "saw": "see", "seen": "see", "sees": "see", "seeing": "see",
    "spoke": "speak", "spoken": "speak", "found": "find", "felt": "feel", "heard": "hear", "sought": "seek",
    "taught": "teach", "brought": "bring", "held": "hold", "led": "lead", "made": "make", "gave": "give",
    "given": "give", "took": "take", "taken": "take", "meant": "mean", "began": "begin", "begun": "begin",
    "chose": "choose", "chosen": "choose", "swore": "swear", "sworn": "swear", "foresaw": "foresee",
    "forgot": "forget", "understood": "understand", "read": "read", "put": "put", "won": "win", "got": "get",
    "is": "be", "are": "be", "was": "be", "were": "be", "been": "be", "being": "be", "am": "be",
    "has": "have", "had": "have", "having": "have", "does": "do", "did": "do", "done": "do", "doing": "do",
}
# Function words are never a cue's head (they are its auxiliaries and particles).
FUNCTION_WORDS = frozenset("""
a an the this that these those to for on about of in with out up against by into at from as over off upon
onto through during after before under around behind than then also has have had having is are was were be been
being am do does did doing done will would shall should can could may might must not n't never no just still
even only now later again already ever often once recently repeatedly previously first finally quickly
publicly privately reportedly strongly widely long since further soon and or but so it its his her their
he she they we i you him them us me who which whom whose what when where why how there here very too
""".split()) | {"don’t", "didn’t", "doesn’t", "don't", "didn't", "doesn't", "won’t", "won't", "isn’t",
                 "isn't",
                 "wasn’t", "wasn't", "hasn’t", "hasn't", "haven’t", "haven't", "can’t", "can't", "couldn’t",
                 "couldn't", "wouldn’t", "wouldn't"}


_STEM_CACHE: dict[str, str] = {}
# Bound on the memo of stems: a page has a few thousand distinct words; 200k entries are ~30 MB at worst.
_STEM_CACHE_MAX = 200_000


def stem(word: str) -> str:
    """A crude stem so that inflections of one verb meet ("stresses", "stressed" -> "stress")."""
    cached = _STEM_CACHE.get(word)
    if cached is not None:
        return cached
    result = _stem(word)
    if len(_STEM_CACHE) < _STEM_CACHE_MAX:
        _STEM_CACHE[word] = result
    return result


def _stem(word: str) -> str:
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w in FUNCTION_WORDS or len(w) <= 3 or not w.isalpha():
        return w
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith("ied") and len(w) > 4:
        return w[:-3] + "y"
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            if suffix == "s" and w.endswith("ss"):
                break
            w = w[: -len(suffix)]
            if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "sl":
                w = w[:-1]  # "stopped" -> "stop"
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


# The built-in cue lexicon (stems), used without a model and always merged into a model's: the
# reporting verbs of wire copy and translated news ("stresses", "concludes", "in a post on").
BUILTIN_CUE_STEMS = frozenset(stem(w) for w in """
say tell write report announce state stress conclude confirm cite claim add note explain argue insist warn
tweet post acknowledge admit suggest believe think predict deny recall testify declare accuse criticize
condemn urge emphasize emphasise underline point reveal disclose indicate assert maintain contend allege
estimate reckon quote inform comment remark observe reply respond answer ask question promise vow pledge
threaten demand call describe characterize blame praise welcome reject dismiss announce release publish
show find according quoted hint signal stated notes reiterated told
""".split())
# Cue stems that relay another's report rather than state something: the outer link of a chain.
RELAY_CUE_STEMS = frozenset({"accord", "according", "cit", "cite", "quot", "quote", "report", "releas", "relay",
                             "publish", "carri"})
# Prepositions/particles that join a cue head when they follow it ("according to", "pointed out").
DEFAULT_RIGHT_EXTENSIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "accord": (("to",),), "according": (("to",),), "point": (("out",), ("to",)), "call": (("for",), ("on",)),
    "confirm": (("by",),), "refer": (("to",),), "respond": (("to",),), "say": (("in", "a", "statement"), (":",)),
    "comment": (("on",),), "warn": (("against",), ("of",)),
}
# Tokens that join a cue on its left: auxiliaries, negation, adverbs between subject and verb.
DEFAULT_LEFT_EXTENSIONS = frozenset("""
has have had is are was were will would also has been not never later then repeatedly previously reportedly
often once already recently first publicly privately did does do could can may might should again still
""".split())

_PRONOUNS = frozenset("he she they it we i you who which that this these those".split())
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
_TIME_WORDS = _WEEKDAYS | frozenset("""
yesterday today tonight earlier later recently previously also then again last this next week month year
morning afternoon evening night weekend once on at in early late""".split())
# Words at which a subject (source) on the cue's left begins: we stop walking left before them.
_CLAUSE_OPENERS = frozenset("""
but and or while as because when if although though since after before so whereas where that what why how
yet despite until unless whether than
""".split())
_BOUNDARY_PUNCT = frozenset({";", ":", "(", ")", "[", "]", "—", "–", "--", "-", ".", "!", "?", "…", "‘", "’"})
_CONTENT_TRAIL = frozenset({".", "!", "?", ";", ":", ",", "…", "—", "–", "--", "-", "("})
_RELATIVES = frozenset({"who", "which", "that", "whom"})
# After "said X," these start a new clause, so the source stops before the comma.
_SOURCE_RIGHT_STOPS = frozenset("""
who which whose whom where when while and but adding saying noting arguing explaining according in on at during
after before as because though although citing referring""".split())

# --------------------------------------------------------------------------------------------
# Frames: where the source and the content lie relative to the cue.
# First letter: source Left / Right / None; second: content Left / Right / X (around the cue).
FRAMES = ("LR", "LL", "LX", "RL", "RX", "RR", "NR", "NX", "NL")
NO_ATTRIBUTION = "O"


@dataclass(frozen=True)
class Lexicon:
    """What makes a cue: head stems with their prior, and how cues extend around their head."""

    head_prior: dict[str, float]  # stem -> P(head of a cue | stem) on the training text
    left_extensions: frozenset[str]
    right_extensions: dict[str, tuple[tuple[str, ...], ...]]  # head stem -> particle sequences, longest first
    min_prior: float = 0.0

    @classmethod
    def builtin(cls) -> "Lexicon":
        return cls({s: 0.5 for s in BUILTIN_CUE_STEMS}, DEFAULT_LEFT_EXTENSIONS, DEFAULT_RIGHT_EXTENSIONS)

    def to_json(self) -> dict[str, Any]:
        return {"head_prior": self.head_prior, "left_extensions": sorted(self.left_extensions),
                "right_extensions": {k: [list(s) for s in v] for k, v in self.right_extensions.items()},
                "min_prior": self.min_prior}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Lexicon":
        return cls({str(k): float(v) for k, v in data["head_prior"].items()},
                   frozenset(data["left_extensions"]),
                   {k: tuple(tuple(s) for s in v) for k, v in data["right_extensions"].items()},
                   float(data.get("min_prior", 0.0)))


@dataclass(frozen=True)
class Candidate:
    head: int
    start: int  # cue tokens [start, end)
    end: int


_WORD_KINDS: dict[int, tuple[Lexicon, dict[str, str]]] = {}


def _word_kinds(lexicon: Lexicon) -> dict[str, str]:
    """The memo of `_word_kind` for one lexicon (a process holds one or two)."""
    entry = _WORD_KINDS.get(id(lexicon))
    if entry is None or entry[0] is not lexicon:
        if len(_WORD_KINDS) > 8:
            _WORD_KINDS.clear()
        entry = _WORD_KINDS[id(lexicon)] = (lexicon, {})
    return entry[1]


def _word_kind(w: str, lexicon: Lexicon) -> str:
    """What a lower-cased word can be: "" nothing, "#" a special cue ("for", "to", ":"), else its stem."""
    if w in ("for", "to", ":"):
        return "#"
    if w in FUNCTION_WORDS or not w[0].isalpha():
        return ""
    s = stem(w)
    return s if lexicon.head_prior.get(s, -1.0) >= lexicon.min_prior else ""


def find_candidates(tk: Tokens, lexicon: Lexicon) -> list[Candidate]:
    """Every token that may head a cue, widened to the cue's auxiliaries and particles."""
    out: list[Candidate] = []
    lower = tk.lower
    memo = _word_kinds(lexicon)
    last_end = 0
    for i, w in enumerate(lower):
        kind = memo.get(w)
        if kind is None:
            kind = _word_kind(w, lexicon)
            if len(memo) < _STEM_CACHE_MAX:
                memo[w] = kind
        if not kind:  # most words: not a cue head (one dict look-up)
            continue
        if w in ("for", "to") and i >= last_end:
            # "For Pushilin, the status ...", "To them, it signals ...": a viewpoint opening the sentence
            sa = tk.sentences[tk.sentence_of[i]][0]
            if (i == sa or i == sa + 1 and lower[sa] in ("but", "and")) and "," in lower[i + 2:i + 14]:
                out.append(Candidate(i, i, i + 1))
                last_end = i + 1
            continue
        if w in FUNCTION_WORDS:
            continue
        if w == ":":
            # a headline or transcript colon: "Paul Ryan: ...", "Q: ..." near a sentence's start
            sa = tk.sentences[tk.sentence_of[i]][0]
            if not 0 < i - sa <= 5 or i < last_end:
                continue
            out.append(Candidate(i, i, i + 1))
            last_end = i + 1
            continue
        if i < last_end:
            continue
        s = kind
        start = i
        while start > last_end and (lower[start - 1] in lexicon.left_extensions or _is_ly_adverb(lower[start - 1])):
            start -= 1
        end = i + 1
        for ext in lexicon.right_extensions.get(s, ()):
            k = len(ext)
            if tuple(lower[end:end + k]) == ext:
                end += k
                break
        out.append(Candidate(i, start, end))
        last_end = end
    return out


# --------------------------------------------------------------------------------------------
# Features for the frame classifier

_SHAPE_CACHE: dict[str, str] = {}


def _shape(word: str) -> str:
    cached = _SHAPE_CACHE.get(word)
    if cached is None:
        cached = _word_shape(word)
        if len(_SHAPE_CACHE) < _STEM_CACHE_MAX:
            _SHAPE_CACHE[word] = cached
    return cached


def _word_shape(word: str) -> str:
    if not word:
        return "<none>"
    if word in QUOTE_MARKS:
        return "<q>"
    if not word[0].isalnum():
        return word
    if word[0].isdigit():
        return "<num>"
    if word.lower() in _PRONOUNS:
        return "<pron>"
    if word[0].isupper():
        return "<Cap>"
    return "<low>"


def _bucket(n: int) -> str:
    return str(n) if n < 4 else ("4-7" if n < 8 else ("8-15" if n < 16 else "16+"))


def candidate_features(tk: Tokens, c: Candidate, prior: float) -> dict[str, float]:
    """The context of one cue candidate, as sparse binary features (plus the lexicon prior)."""
    lower, words = tk.lower, tk.words
    sa, sb = tk.sentences[tk.sentence_of[c.head]]
    head = lower[c.head]
    cue = " ".join(lower[c.start:c.end])
    hs = stem(head)
    p1 = lower[c.start - 1] if c.start - 1 >= sa else "<s>"
    p2 = lower[c.start - 2] if c.start - 2 >= sa else "<s>"
    n1 = lower[c.end] if c.end < sb else "</s>"
    n2 = lower[c.end + 1] if c.end + 1 < sb else "</s>"
    w1 = words[c.start - 1] if c.start - 1 >= sa else ""
    x1 = words[c.end] if c.end < sb else ""
    x2 = words[c.end + 1] if c.end + 1 < sb else ""
    left = c.start - sa
    right = sb - c.end
    # quotation context
    q_before = -1  # tokens from the last closing quote mark on the left (this sentence or the last) to the cue
    for j in range(c.start - 1, max(sa - 40, -1), -1):
        q = tk.quote_of[j]
        if q >= 0 and tk.quotes[q][1] == j + 1 and words[j] in QUOTE_MARKS:
            q_before = c.start - 1 - j
            break
        if j < sa and q < 0:
            break
    q_after = -1  # tokens between the cue and the next opening quote mark in the sentence
    continued = continuation_quote(tk, c.end)
    if continued is not None and not continued[1]:
        q_after = continued[0][0] - c.end
    comma_before = "," in lower[sa:c.start]
    trail = lower[c.end:sb]
    comma_after = "," in trail
    ends_soon = len(trail) <= 1 or trail[0] in _CONTENT_TRAIL or trail[0] in QUOTE_MARKS
    s_w1, s_x1 = _shape(w1), _shape(x1)
    qb = _bucket(q_before) if q_before >= 0 else "none"
    f: dict[str, float] = {
        "prior": prior,
        "head=" + head: 1.0, "stem=" + hs: 1.0, "cue=" + cue: 1.0, "cue_len=" + _bucket(c.end - c.start): 1.0,
        "p1=" + p1: 1.0, "p2p1=" + p2 + "_" + p1: 1.0, "n1=" + n1: 1.0, "n1n2=" + n1 + "_" + n2: 1.0,
        "p1shape=" + s_w1: 1.0, "n1shape=" + s_x1: 1.0, "n2shape=" + _shape(x2): 1.0,
        "stem_n1shape=" + hs + "_" + s_x1: 1.0, "stem_p1shape=" + hs + "_" + s_w1: 1.0,
        "stem_n1=" + hs + "_" + n1: 1.0, "stem_p1=" + hs + "_" + p1: 1.0,
        "left=" + _bucket(left): 1.0, "right=" + _bucket(right): 1.0,
        "qb=" + qb: 1.0,
        "qa=" + (_bucket(q_after) if q_after >= 0 else "none"): 1.0,
        "stem_qb=" + hs + "_" + qb: 1.0,
        "comma_before=" + str(comma_before): 1.0, "comma_after=" + str(comma_after): 1.0,
        "ends_soon=" + str(ends_soon): 1.0, "stem_ends_soon=" + hs + "_" + str(ends_soon): 1.0,
        "first_in_sentence=" + str(left == 0): 1.0,
        "in_quote=" + str(tk.quote_of[c.head] >= 0): 1.0,
        "para_first=" + str(tk.para_start[sa]): 1.0,
        "next_sentence_quote=" + str(continued is not None and continued[1]): 1.0,
        "stem_qa=" + hs + "_" + ("next" if continued is not None and continued[1] else
                                 (_bucket(q_after) if q_after >= 0 else "none")): 1.0,
    }
    if "that" in lower[c.end:min(sb, c.end + 6)]:
        f["that_soon"] = 1.0
    f["suffix=" + head[-3:]] = 1.0
    f["prior_bucket=" + ("0" if prior < 0.05 else "1" if prior < 0.15 else "2" if prior < 0.35 else "3"
                         if prior < 0.6 else "4")] = 1.0
    near = words[max(sa, c.start - 3):c.start]
    left_np = str(any(w[:1].isupper() or w.lower() in _PRONOUNS for w in near))
    f["left_np=" + left_np] = 1.0
    f["stem_left_np=" + hs + "_" + left_np] = 1.0
    if tk.quote_of[sa] >= 0 or tk.quote_of[sb - 1] >= 0:
        f["sentence_quoted"] = 1.0
    if c.start - 1 >= sa and lower[c.start - 1] == "," and q_before == 1:
        f["quote_comma_before"] = 1.0
    if left <= 3 and comma_after:
        f["early_comma_after=" + hs] = 1.0
    if sb - sa <= 12:
        f["short_sentence"] = 1.0
    return f


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


def _is_ly_adverb(word: str) -> bool:
    return len(word) > 4 and word.endswith("ly") and word.isalpha() and word.islower() and word not in (
        "only", "early", "family", "july", "italy", "rally", "ally", "belly", "reply", "supply", "apply", "daily",
        "weekly", "monthly", "likely", "unlikely", "elderly", "friendly", "lonely", "holy", "ugly", "silly")


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
        elif depth == 0 and (w in _HARD_LEFT or w in QUOTE_MARKS or w in ("‘", "’") and tk.quote_of[i - 1] >= 0):
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
                or words[j][:1].isupper() and not words[j - 1][:1].isupper() or not words[j - 1][:1].isalnum():
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
    options = sorted(set(o for o in options if o < sentence_end))
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


def _quote_ending_at(tk: Tokens, j: int) -> tuple[int, int] | None:
    """The quotation whose closing mark is token j-1 (skipping a comma after it)."""
    while j > 0 and tk.words[j - 1] in (",", "—", "–", "--"):
        j -= 1
    if j > 0 and tk.quote_of[j - 1] >= 0:
        a, b = tk.quotes[tk.quote_of[j - 1]]
        if b == j:
            return a, b
    return None


def _quote_starting_at(tk: Tokens, i: int, limit: int) -> tuple[int, int] | None:
    limit = min(limit, len(tk.words))
    while i < limit and tk.words[i] in (",", ":", "—", "–", "--"):
        i += 1
    if i < len(tk.words) and tk.quote_of[i] >= 0:
        a, b = tk.quotes[tk.quote_of[i]]
        if a == i:
            return a, b
    return None


def continuation_quote(tk: Tokens, cue_end: int) -> tuple[tuple[int, int], bool] | None:
    """The quotation that continues a split quote after the cue: in the same sentence
    ('"A," she said, "B."') or opening the next sentence of the paragraph ('"A," she said. "B."').
    Returns (quotation, whether it is in the next sentence)."""
    n = len(tk.words)
    if cue_end >= n:
        return None
    sentence = tk.sentence_of[cue_end - 1]
    sa, sb = tk.sentences[sentence]
    for j in range(cue_end, min(sb, cue_end + 25)):
        q = tk.quote_of[j]
        if q >= 0 and tk.quotes[q][0] == j:
            return tk.quotes[q], False
    if sb < n and not tk.para_start[sb] and sb - cue_end <= 12:
        q = tk.quote_of[sb]
        if q >= 0 and tk.quotes[q][0] == sb:
            return tk.quotes[q], True
    return None


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


def build_spans(tk: Tokens, c: Candidate, frame: str, decider: Decider = RULES,
                floor: int | None = None) -> RawAttribution | None:
    """Cut the source and content for a candidate, given its frame.

    `floor`: no span reaches left of it (the end of an earlier cue in the same sentence).
    """
    sa, sb = tk.sentences[tk.sentence_of[c.head]]
    if floor is None or floor < sa:
        floor = sa
    hs = stem(tk.lower[c.head])
    source = content = None
    parts: tuple[tuple[int, int], ...] = ()
    if frame == "LR":
        source = _source_left(tk, c.start, floor, decider)
        content = _content_right(tk, c.end, sb, hs, decider)
    elif frame == "NR":
        content = _content_right(tk, c.end, sb, hs, decider)
    elif frame == "RR":
        source = _source_right(tk, c.end, sb, until_comma=True)
        if source is not None:
            content = _content_right(tk, source[1], sb, hs, decider)
    elif frame in ("LL", "LX"):
        source = _source_left(tk, c.start, floor, decider)
        src_start = source[0] if source else c.start
        left = _content_left(tk, src_start, sa)
        if frame == "LL":
            content = left
        else:
            found = continuation_quote(tk, c.end)
            right = found[0] if found is not None else _content_right(tk, c.end, sb, hs, decider)
            if left is not None and right is not None:
                content = (left[0], right[1])
                parts = (left, right)
            else:
                content = left or right
    elif frame in ("RL", "RX"):
        left = _content_left(tk, c.start, sa)
        limit = sb
        right = None
        if frame == "RX":
            # the source runs up to the second quotation
            found = continuation_quote(tk, c.end)
            if found is not None:
                right = found[0]
                limit = min(sb, right[0])
        source = _source_right(tk, c.end, limit, until_comma=False)
        if frame == "RX" and right is not None and left is not None:
            content = (left[0], right[1])
            parts = (left, right)
        else:
            content = left
    elif frame == "NX":
        src = _source_left(tk, c.start, floor, decider)
        a = src[0] if src else c.start
        right = _content_right(tk, c.end, sb, hs, decider)
        if right is not None:
            content = (a, right[1])
    elif frame == "NL":
        content = _content_left(tk, c.start, sa)
    if content is None:
        return None
    if not parts:
        parts = (content,)
    return RawAttribution((c.start, c.end), source, content, parts, frame, c.head)


# --------------------------------------------------------------------------------------------
# Rule frames (no model)

_CONTENT_FIRST_CUES = frozenset({"accord", "according"})


def rule_frame(tk: Tokens, c: Candidate) -> str:
    """A hand-written frame decision, used when no trained model is given."""
    sa, sb = tk.sentences[tk.sentence_of[c.head]]
    lower = tk.lower
    hs = stem(lower[c.head])
    if tk.quote_of[c.head] >= 0:
        return NO_ATTRIBUTION
    if hs in _CONTENT_FIRST_CUES:
        return "RR" if c.start - sa <= 1 else "RL"
    if lower[c.head] == ":":
        return "LR"
    if hs == "for" or hs == "to":
        return NO_ATTRIBUTION
    source = _source_left(tk, c.start, sa, RULES)
    src_start = source[0] if source else c.start
    quote_left = _quote_ending_at(tk, src_start) is not None
    quote_left_direct = _quote_ending_at(tk, c.start) is not None
    after = _quote_starting_at(tk, c.end, sb + 2)
    trail = [w for w in lower[c.end:sb] if w not in _CONTENT_TRAIL]
    if quote_left_direct and trail:
        return "RX" if after is not None else "RL"
    if quote_left and source is not None:
        return "LX" if after is not None and after[0] <= sb else "LL"
    if source is None:
        return NO_ATTRIBUTION
    if len(trail) <= 2 and c.start - sa > 2 and src_start > sa:
        return "LL"
    if not trail:
        return NO_ATTRIBUTION
    return "LR"


def boundary_features(kind: str, tk: Tokens, option: int, context: dict[str, Any]) -> dict[str, float]:
    """The features of one boundary option of a decision `kind` (shared by training and inference)."""
    if kind == "source_end":
        return source_end_features(tk, option, context["default_end"], context["window"], context["cue_start"])
    if kind == "source_start":
        return source_start_features(tk, option, context["end"], context["window"])
    if kind == "content_start":
        return content_start_features(tk, option, context["first"], context["stem"])
    return content_end_features(tk, context["start"], option, context["limit"], context["stem"])


# --------------------------------------------------------------------------------------------
# The trained model: one scikit-learn Pipeline scoring options (frames and boundaries)

MODEL_NAME = "attribution"
FRAME_OPTIONS = FRAMES + (NO_ATTRIBUTION,)


def frame_option_features(base: dict[str, float], option: str) -> dict[str, float]:
    """The option scorer's view of "candidate has frame `option`": base features conjoined with it."""
    out = {f"F:{option}|{k}": v for k, v in base.items()}
    out[f"F:{option}|bias"] = 1.0
    return out


@dataclass(frozen=True)
class AttributionModel:
    """The loaded model, with its weights laid out for fast scoring (same numbers as the Pipeline)."""

    lexicon: Lexicon
    frame_index: dict[str, int]  # base feature -> row of frame_table
    frame_table: Any  # numpy array (base features x FRAME_OPTIONS)
    frame_bias: Any  # numpy array (FRAME_OPTIONS,)
    weights: dict[str, float]  # boundary features -> weight
    intercept: float
    accept_margin: float  # accept a frame when its score beats "none" by this much
    version: str = "1"
    pipeline: Any = field(default=None, repr=False, compare=False)
    name: str = MODEL_NAME

    @classmethod
    def from_pipeline(cls, pipeline: Any, lexicon: Lexicon, *, accept_margin: float = 0.0,
                      version: str = "1") -> "AttributionModel":
        import numpy as np

        vectorizer = pipeline.named_steps["features"]
        classifier = pipeline.named_steps["classifier"]
        coef = classifier.coef_.ravel()
        intercept = float(classifier.intercept_[0])
        option_at = {o: k for k, o in enumerate(FRAME_OPTIONS)}
        frame_index: dict[str, int] = {}
        rows: list[list[float]] = []
        bias = np.zeros(len(FRAME_OPTIONS))
        weights: dict[str, float] = {}
        for name, column in vectorizer.vocabulary_.items():
            w = float(coef[column])
            if name.startswith("F:"):
                option, _, base = name[2:].partition("|")
                if base == "bias":
                    bias[option_at[option]] = w
                    continue
                row = frame_index.get(base)
                if row is None:
                    row = frame_index[base] = len(rows)
                    rows.append([0.0] * len(FRAME_OPTIONS))
                rows[row][option_at[option]] = w
            elif w != 0.0:
                weights[name] = w
        table = np.array(rows) if rows else np.zeros((0, len(FRAME_OPTIONS)))
        return cls(lexicon, frame_index, table, bias + intercept, weights, intercept, accept_margin, version,
                   pipeline)

    def frame_scores(self, features: list[dict[str, float]]) -> Any:
        """Decision scores (log-odds) of every frame option for each candidate."""
        import numpy as np

        get = self.frame_index.get
        prior_row = self.frame_index.get("prior")
        rows: list[int] = []
        bounds: list[int] = []
        priors = np.zeros(len(features))
        for k, feats in enumerate(features):
            bounds.append(len(rows))
            rows += [r for r in map(get, feats) if r is not None and r != prior_row]
            priors[k] = feats.get("prior", 0.0)
        scores = np.tile(self.frame_bias, (len(features), 1))
        if rows:
            counts = np.diff(np.array(bounds + [len(rows)]))
            sums = np.add.reduceat(self.frame_table[np.array(rows)], np.array(bounds).clip(max=len(rows) - 1), axis=0)
            scores += np.where(counts[:, None] > 0, sums, 0.0)
        if prior_row is not None:  # "prior" is real-valued, not a 0/1 feature
            scores += priors[:, None] * self.frame_table[prior_row][None, :]
        return scores

    def decide_frames(self, tk: Tokens, candidates: list[Candidate]) -> list[str]:
        return [frame for frame, _ in self.score_frames(tk, candidates)]

    def score_frames(self, tk: Tokens, candidates: list[Candidate]) -> list[tuple[str, float]]:
        """Each candidate's frame (or "O") and by how much it beat "no attribution"."""
        if not candidates:
            return []
        prior = self.lexicon.head_prior
        features = [candidate_features(tk, c, prior.get(stem(tk.lower[c.head]), 0.0)) for c in candidates]
        scores = self.frame_scores(features)
        none = len(FRAME_OPTIONS) - 1
        out = []
        for row in scores:
            best = int(row[:none].argmax())
            margin = float(row[best] - row[none])
            out.append((FRAME_OPTIONS[best] if margin > self.accept_margin else NO_ATTRIBUTION, margin))
        return out

    def score(self, features: dict[str, float]) -> float:
        get = self.weights.get
        total = self.intercept
        for k, v in features.items():
            total += get(k, 0.0) * v
        return total


class ModelDecider(Decider):
    def __init__(self, model: AttributionModel):
        self.model = model

    def pick(self, kind: str, tk: Tokens, options: list[int], default: int, context: dict[str, Any]) -> int:
        get = self.model.weights.get
        best, best_score = default, float("-inf")
        for o in options:
            total = 0.0
            for name in boundary_features(kind, tk, o, context):  # all binary: the value is 1.0
                total += get(name, 0.0)
            if total > best_score:
                best, best_score = o, total
        return best


_BUILTIN_LEXICON = Lexicon.builtin()


def find_raw_attributions(tk: Tokens, model: AttributionModel | None = None) -> list[RawAttribution]:
    """Every attribution in the text as token ranges, nested ones included, in text order."""
    lexicon = model.lexicon if model is not None else _BUILTIN_LEXICON
    candidates = [c for c in find_candidates(tk, lexicon) if tk.quote_of[c.head] < 0]
    if model is not None:
        scored = model.score_frames(tk, candidates)
        frames = [f for f, _ in scored]
        confidences = [m for _, m in scored]
        decider: Decider = ModelDecider(model)
    else:
        frames = [rule_frame(tk, c) for c in candidates]
        confidences = [0.0] * len(candidates)
        decider = RULES
    out: list[RawAttribution] = []
    last_in_sentence: dict[int, RawAttribution] = {}
    for c, frame, confidence in zip(candidates, frames, confidences):
        frame = _override_frame(tk, c, frame)
        if frame == NO_ATTRIBUTION:
            continue
        sentence = tk.sentence_of[c.head]
        previous = last_in_sentence.get(sentence)
        floor = previous.cue[1] if previous is not None else None
        raw = build_spans(tk, c, frame, decider, floor)
        if raw is None:
            continue
        raw = replace(raw, confidence=confidence)
        agent = _passive_agent(tk, c) if frame[0] == "L" else None
        if agent is not None:
            # "The information was released by the Unian agency, citing ...": the agent cites
            raw = replace(raw, source=agent)
        elif frame[0] == "L" and previous is not None and previous.source is not None \
                and c.start > 0 and tk.lower[c.start - 1] in _SHARED_SOURCE_JOINS:
            # "X said A, adding B" / "X said A and warned B": the second cue shares the first one's source
            raw = replace(raw, source=previous.source)
        out.append(raw)
        last_in_sentence[sentence] = raw
    return _clip_sequential(tk, out)


_PASSIVE_AUX = frozenset({"was", "were", "is", "are", "been", "being", "be"})
# "is said to", "was rumoured to": an evidential, not an attribution.
_HEARSAY = frozenset({"said", "rumored", "rumoured", "reputed"})


def _passive_agent(tk: Tokens, c: Candidate) -> tuple[int, int] | None:
    """For a participle cue after a comma ("..., citing"), the agent of a passive clause before it."""
    lower = tk.lower
    if c.start < 2 or lower[c.start - 1] != "," or not lower[c.head].endswith("ing"):
        return None
    sa = tk.sentences[tk.sentence_of[c.head]][0]
    comma = c.start - 1
    for j in range(comma - 1, max(sa, comma - 12) - 1, -1):
        if lower[j] == "by" and j - 2 >= sa and lower[j - 1].endswith(("ed", "en", "wn")) \
                and lower[j - 2] in _PASSIVE_AUX:
            return (j + 1, comma) if comma > j + 1 else None
        if lower[j] in (",", ";") or tk.quote_of[j] >= 0:
            return None
    return None


def _override_frame(tk: Tokens, c: Candidate, frame: str) -> str:
    """Two constructions the annotated news rarely shows, decided by rule whatever the model says:
    a passive with its agent ("was confirmed by the embassy": the source follows "by") and a
    viewpoint opening a quotation ('For Pushilin, "the status ..."')."""
    lower = tk.lower
    n = len(lower)
    if lower[c.head] in _HEARSAY and c.end < n and lower[c.end] == "to" \
            and any(w in _PASSIVE_AUX for w in lower[max(0, c.start - 2):c.head]):
        return NO_ATTRIBUTION  # "he is said to be ...": hearsay with nobody to attribute it to
    if frame in ("LR", "NR", "LX", "NX") and (c.end < n and lower[c.end] == "by" or lower[c.end - 1] == "by") \
            and any(w in _PASSIVE_AUX for w in lower[c.start:c.head]) and lower[c.head].endswith(("ed", "en", "wn")):
        return "RL"
    if lower[c.head] in ("for", "to") and frame == NO_ATTRIBUTION:
        sb = tk.sentences[tk.sentence_of[c.head]][1]
        comma = next((j for j in range(c.end, min(sb, c.end + 8)) if lower[j] == ","), -1)
        if comma > c.end and comma + 1 < sb and tk.quote_of[comma + 1] >= 0 \
                and tk.quotes[tk.quote_of[comma + 1]][0] == comma + 1 \
                and all(tk.words[j][:1].isupper() or lower[j] in ("him", "her", "them", "the")
                        for j in range(c.end, comma)):
            return "RR"
    return frame


# Words right before a cue that make it share the previous cue's subject.
_SHARED_SOURCE_JOINS = frozenset({",", "and", "but", "or", "then", "while", "also"})
# Words before a later attribution at which an earlier one's content stops ("..., adding", "... but said").
_SEQUENCE_JOINS = frozenset({",", ";", "and", "but", "or", "—", "–", "--", "-", "while", "then"})


# Subordinators that start a new clause after a comma (", though she noted ...").
_SUBORDINATORS = frozenset({"though", "although", "whereas", "while", "as", "because", "since", "when", "after",
                            "before", "so", "yet", "even"})


def _joins_clause(tk: Tokens, start: int) -> bool:
    """Does a new clause begin at token `start` (after "and", ", but", ", though", ";" ...)?"""
    before = tk.lower[start - 1]
    if before in _SEQUENCE_JOINS:
        return True
    return before in _SUBORDINATORS and start >= 2 and tk.lower[start - 2] == ","


def _clip_sequential(tk: Tokens, raws: list[RawAttribution]) -> list[RawAttribution]:
    """End a content that runs into the next attribution of its sentence ("X said A, and Y said B")."""
    out = list(raws)
    for k, r in enumerate(out):
        if r.frame not in ("LR", "NR", "RR"):
            continue
        a, b = r.content
        for o in out[k + 1:]:
            if tk.sentence_of[o.head] != tk.sentence_of[r.head]:
                break
            starts = [o.source[0]] if o.source is not None and a < o.source[0] < o.cue[0] else []
            starts.append(o.cue[0])
            start = next((x for x in starts if a < x < b and _joins_clause(tk, x)), -1)
            if start > a:
                end = start
                while end > a and (tk.lower[end - 1] in _SEQUENCE_JOINS or tk.words[end - 1] in _CONTENT_TRAIL):
                    end -= 1
                if end > a:
                    out[k] = replace(r, content=(a, end), content_parts=((a, end),))
                break
    return out


def outermost(raws: list[RawAttribution]) -> list[RawAttribution]:
    """Drop attributions nested in another's content (PolNeAR annotates only the outermost)."""
    holders = _holders(raws)
    return [r for k, r in enumerate(raws) if not holders[k]]


def _holders(raws: list[RawAttribution]) -> list[list[int]]:
    """For each attribution, the others whose content holds its cue. A sweep over the texts in
    order: linear in practice (nesting is shallow), where comparing all pairs is quadratic."""
    parts = sorted((a, b, j) for j, r in enumerate(raws) for a, b in r.content_parts)
    order = sorted(range(len(raws)), key=lambda k: raws[k].cue)
    out: list[list[int]] = [[] for _ in raws]
    active: list[tuple[int, int, int]] = []
    p = 0
    for k in order:
        cue_start, cue_end = raws[k].cue
        while p < len(parts) and parts[p][0] <= cue_start:
            active.append(parts[p])
            p += 1
        active = [x for x in active if x[1] >= cue_end]  # later cues end later: the rest cannot hold them
        seen = out[k]
        for _, _, j in active:
            if j != k and j not in seen:
                seen.append(j)
    return out


# --------------------------------------------------------------------------------------------
# Source types

SOURCE_TYPES = ("news_agency", "government_body", "official", "named_person", "organisation", "document",
                "social_media", "anonymous", "unknown")
# Anonymity: checked on the source and the words right after it ("officials, who asked not to be named").
ANONYMOUS = re.compile(
    r"\b(sources?|insiders?|an? (?:senior |former |top )?(?:official|person|aide|diplomat|people)\b.{0,40}"
    r"\b(?:who|familiar)"
    r"|(?:people|persons?|officials?|aides?|diplomats?)\b.{0,30}\b(?:familiar with|close to|briefed on|"
    r"with knowledge of|who (?:asked|spoke|declined|requested|were not authori[sz]ed))"
    r"|not (?:to be )?(?:named|identified)|condition of anonymity|anonymous(?:ly)?|unnamed|unidentified)\b", re.I)
SOCIAL_MEDIA = re.compile(r"\b(telegram|twitter|tweets?|facebook|instagram|youtube|tiktok|vkontakte|weibo|"
                          r"social media|(?:a|his|her|their|its) post|blog)\b|@\w+", re.I)
# Wire agencies and news media (press, broadcasters): a news outlet relaying or reporting.
NEWS_MEDIA = re.compile(
    r"\b(news agency|agency|agencies|wire service|tass|ria(?: novosti)?|interfax|unian|ukrinform|reuters|"
    r"associated press|ap|afp|agence france-presse|xinhua|kyodo|yonhap|efe|ansa|dpa|anadolu|bloomberg|sputnik|"
    r"pti|ians|bernama|kcna|irna|newspaper|paper|magazine|broadcaster|television|tv|radio|network|"
    r"times|post|journal|tribune|herald|gazette|cnn|bbc|msnbc|fox news|nbc|cbs|abc|npr|politico|axios|"
    r"huffington post|breitbart|usa today|guardian|telegraph|le monde|der spiegel|al jazeera|rt|izvestia|"
    r"kommersant|pravda|news|press|outlet|daily|editorial board)\b", re.I)
DOCUMENT = re.compile(
    r"\b(statement|note|report|letter|document|memo|memorandum|filing|communiqu[eé]|decree|resolution|study|"
    r"survey|poll|analysis|data|records?|complaint|lawsuit|indictment|transcript|ruling|ad|advertisement|video|"
    r"release|press release|website|book|article|e-?mails?|cable|minutes|declaration|order|text|message|"
    r"figures|estimates?|audit|review|assessment|findings|guidelines|platform|bill|law|draft|plan|dossier)\b",
    re.I)
GOVERNMENT = re.compile(
    r"\b(ministry|ministries|government|department|embassy|consulate|white house|kremlin|parliament|congress|"
    r"senate|house of representatives|duma|rada|council|commission|police|army|military|armed forces|court|"
    r"prosecutors?'? office|cabinet|administration|pentagon|state department|foreign office|authorities|regime|"
    r"presidency|city hall|fbi|cia|nsa|justice department|treasury|secretariat|bureau|office of|mission|"
    r"legislature|assembly|supreme court|navy|air force|defen[cs]e forces|general staff|national guard|"
    r"security service|intelligence)\b", re.I)
OFFICIAL_ROLES = re.compile(
    r"\b(spokes(?:man|woman|person|people)|press secretary|minister|officials?|secretary|ambassador|envoy|"
    r"diplomats?|president|vice president|prime minister|premier|chancellor|governor|gov\.|senator|sen\.|"
    r"rep\.|representative|congressman|congresswoman|lawmakers?|legislators?|mayor|general|gen\.|commander|"
    r"prosecutor|attorney general|deputy|chief of staff|aide|adviser|advisor|head of state|foreign minister|"
    r"king|queen|emir|sheikh)\b", re.I)
ORGANISATION = re.compile(
    r"\b(company|companies|corp\.?|corporation|inc\.?|ltd\.?|llc|group|party|committee|campaign|organi[sz]ations?|"
    r"foundation|institute|university|union|association|league|coalition|bank|fund|nato|united nations|u\.n\.|"
    r"un|european union|e\.u\.|eu|red cross|amnesty|human rights watch|ngo|firm|center|centre|think tank|"
    r"society|federation|alliance|club|church|movement|board|team|club|charity|pac|super pac)\b", re.I)
COUNTRIES = frozenset("""
afghanistan albania algeria argentina armenia australia austria azerbaijan belarus belgium bolivia brazil bulgaria
cambodia canada chile china colombia croatia cuba cyprus czechia denmark egypt estonia ethiopia finland france
georgia germany greece hungary india indonesia iran iraq ireland israel italy japan jordan kazakhstan kenya kosovo
kuwait latvia lebanon libya lithuania malaysia mexico moldova mongolia montenegro morocco netherlands nigeria norway
pakistan palestine peru philippines poland portugal qatar romania russia serbia singapore slovakia slovenia somalia
spain sudan sweden switzerland syria taiwan thailand tunisia turkey ukraine venezuela vietnam yemen britain
moscow kiev kyiv washington beijing pyongyang seoul tokyo london paris berlin tehran damascus ankara brussels
""".split()) | {"north korea", "south korea", "united states", "united kingdom", "saudi arabia", "the u.s.", "u.s.",
                "the united states", "the kremlin", "the west", "europe"}
_PRONOUN_SOURCES = frozenset("he she they it we i you who which that this these those one".split())
_PERSON_PARTICLES = frozenset({"de", "da", "van", "von", "der", "al", "bin", "la", "le", "del", "di", "jr.", "jr",
                               "sr."})
_TITLES = frozenset({"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "rev."})


def _head_segments(source: str) -> list[str]:
    """The source's appositive parts, each cut before its modifiers: "the embassy in Moscow" -> "the embassy"."""
    parts = [p.strip() for p in re.split(r",|\(|\)|—|–", source) if p.strip()]
    heads = []
    for p in parts:
        cut = re.split(r"\s(?:of|at|in|for|from|with|who|which|that|to|on|by|under)\s", " " + p + " ", maxsplit=1)[0]
        heads.append(cut.strip() or p)
    return heads


def _is_personal_name(segment: str) -> bool:
    words = segment.replace("’s", "").replace("'s", "").split()
    words = [w for w in words if w.lower() not in ("the", "a", "an")]
    if not words or segment.lower() in COUNTRIES:
        return False
    if words[0].lower() in _TITLES and len(words) >= 2:
        return True
    # the trailing run of capitalized words: "spokesman Oleg Nikolenko" -> "Oleg Nikolenko"
    run = []
    for w in reversed(words):
        if w[:1].isupper() or w.lower() in _PERSON_PARTICLES or re.fullmatch(r"[A-Z]\.", w):
            run.append(w)
        else:
            break
    if not run:
        return False
    name = " ".join(reversed(run))
    if name.lower() in COUNTRIES or any(w.lower() in COUNTRIES for w in run):
        return False
    if GOVERNMENT.search(name) or NEWS_MEDIA.search(name) or ORGANISATION.search(name) or DOCUMENT.search(name):
        return False
    return len(run) >= 2 or (len(words) == 1 and words[0][:1].isupper() and words[0].isalpha())


def classify_source(source: str, after: str = "") -> str:
    """One of SOURCE_TYPES for a source phrase; `after` is the text right after it (for anonymity clauses)."""
    if source.strip().lower() in _PRONOUN_SOURCES:
        return "unknown"  # a pronoun says nothing by itself: `extract_attributions` resolves it
    key = (source, after[:60])
    cached = _CLASSIFIED.get(key)
    if cached is None:
        cached = _classify_source(source, after)
        if len(_CLASSIFIED) < _STEM_CACHE_MAX:
            _CLASSIFIED[key] = cached
    return cached


_CLASSIFIED: dict[tuple[str, str], str] = {}


def _classify_source(source: str, after: str) -> str:
    text = source.strip()
    if not text:
        return "unknown"
    lowered = text.lower()
    if ANONYMOUS.search(text) or ANONYMOUS.search(text + " " + after[:60]) and re.match(
            r"\s*,?\s*who (?:asked|spoke|declined|requested)", after):
        return "anonymous"
    if SOCIAL_MEDIA.search(text):
        return "social_media"
    heads = _head_segments(text)
    if any(_is_personal_name(h) for h in heads):
        return "official" if any(OFFICIAL_ROLES.search(h) for h in heads) else "named_person"
    head = heads[0] if heads else text
    for pattern, kind in ((NEWS_MEDIA, "news_agency"), (DOCUMENT, "document"), (GOVERNMENT, "government_body"),
                          (OFFICIAL_ROLES, "official"), (ORGANISATION, "organisation")):
        if pattern.search(head):
            return kind
    stripped = re.sub(r"^(the|a|an)\s+", "", lowered)
    if stripped in COUNTRIES or lowered in COUNTRIES:
        return "government_body"
    for pattern, kind in ((NEWS_MEDIA, "news_agency"), (GOVERNMENT, "government_body"), (OFFICIAL_ROLES, "official"),
                          (ORGANISATION, "organisation"), (DOCUMENT, "document")):
        if pattern.search(text):
            return kind
    return "unknown"


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


def extract_attributions(text: str, model: AttributionModel | None = None) -> tuple[Attribution, ...]:
    """The attributions of a text, typed and chained, in text order. Pure: no I/O.

    `model`: the loaded trained model (`Resources.attribution_model`); without one, the built-in
    lexicon and rules are used (fewer and less exact attributions).
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    if not text.strip():
        return ()
    tk = tokenize(text)
    raws = find_raw_attributions(tk, model)
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
            if a <= pa + 2 and b >= pb - 2 or stem(tk.lower[parent.raw.head]) in _CITING_STEMS:
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


# --------------------------------------------------------------------------------------------
# Loading the committed model (once per process, through scorer.resources)

MODEL_DIR = "attribution-v1"
CARD_FILE = "model_card.json"
PIPELINE_FILE = "model.joblib"
LEXICON_FILE = "lexicon.json"
# Bumped whenever the features change: a model trained on other features must not load.
FEATURE_VERSION = "attribution-features-8"


def load_attribution_model(directory: Path | str | None = None) -> AttributionModel:
    """The verified model of a directory (default `Settings.models_dir / attribution-v1`).

    Checks the card's sha256 of every artifact, the scikit-learn version and the feature
    version before unpickling (pickle runs code; scikit-learn does not load across versions)
    and raises `scorer.errors.ModelError` on any mismatch.
    """
    from .. import artifacts
    from ..errors import ModelError

    if directory is None:
        from ..config import get_settings

        directory = get_settings().models_dir / MODEL_DIR
    directory = Path(directory)
    card = artifacts.read_card(directory, remedy="train with `python -m training.train_attribution`",
                               sections=("artifacts",))
    feature_version = card.get("feature_version")
    if feature_version != FEATURE_VERSION:
        raise artifacts.FeatureMismatchError(
            f"{directory} was trained on features {feature_version!r}; this code computes "
            f"{FEATURE_VERSION!r}: retrain with `python -m training.train_attribution`")
    artifacts.check_library_versions(card, directory)
    pipeline_path, lexicon_path = (artifacts.verify_artifact(directory, card, name)
                                   for name in (PIPELINE_FILE, LEXICON_FILE))
    try:
        lexicon = Lexicon.from_json(json.loads(lexicon_path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{lexicon_path} is not a cue lexicon: {exc}") from exc
    pipeline = artifacts.load_joblib(pipeline_path)
    try:
        model = AttributionModel.from_pipeline(pipeline, lexicon, accept_margin=float(card["accept_margin"]),
                                               version=str(card.get("version", "v1")).lstrip("v"))
    except Exception as exc:  # noqa: BLE001 - any failure here means the artifact is unusable
        raise ModelError(f"{pipeline_path} cannot be loaded: {exc}") from exc
    recorded = (card.get("features") or {}).get("names_sha256")
    if recorded:  # optional in the card: the feature version above is the primary check
        artifacts.check_names_sha256(pipeline.named_steps["features"].get_feature_names_out(), recorded,
                                     source=pipeline_path)
    return model


def names_sha256(pipeline: Any) -> str:
    """The digest of the fitted pipeline's feature names that the card records."""
    from ..artifacts import names_sha256 as digest

    return digest(pipeline.named_steps["features"].get_feature_names_out())
