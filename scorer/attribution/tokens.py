"""Tokens, sentences and quotations of a text: the one tokenisation every attribution step reads.

Quotations are paired quote marks (straight ones by the spaces around them); candidates inside a
direct quotation are the quoted person's, not the article's."""
import re
from bisect import bisect_left
from dataclasses import dataclass

from ..types import Span

# --------------------------------------------------------------------------------------------
# Tokens, sentences, quotations

# Acronyms with dots ("U.S.", "F.B.I."), words with inner apostrophes or hyphens ("Trump’s",
# "self-proclaimed"), the doubled-apostrophe quote mark of NYT copy, then any single mark.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:[’'\-&]\w+)*|''|``|--|[^\w\s]")
OPEN_QUOTES = frozenset({"“", "``", "«", "„"})
CLOSE_QUOTES = frozenset({"”", "»"})
AMBIGUOUS_QUOTES = frozenset({'"', "''"})
QUOTE_MARKS = OPEN_QUOTES | CLOSE_QUOTES | AMBIGUOUS_QUOTES
# Pairs that close with what is an opening mark elsewhere: German „…“, German and Polish »…«.
_REVERSED_PAIRS = frozenset({("„", "“"), ("»", "«")})
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
        if open_at >= 0 and (words[open_at], w) in _REVERSED_PAIRS:
            quotes.append((open_at, i + 1))
            open_at = -1
        elif w in OPEN_QUOTES:
            open_at = i
        elif w in CLOSE_QUOTES:
            if open_at >= 0:
                quotes.append((open_at, i + 1))
                open_at = -1
            elif w == "»":  # German »…«: opens
                open_at = i
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
    _, sb = tk.sentences[sentence]
    for j in range(cue_end, min(sb, cue_end + 25)):
        q = tk.quote_of[j]
        if q >= 0 and tk.quotes[q][0] == j:
            return tk.quotes[q], False
    if sb < n and not tk.para_start[sb] and sb - cue_end <= 12:
        q = tk.quote_of[sb]
        if q >= 0 and tk.quotes[q][0] == sb:
            return tk.quotes[q], True
    return None
