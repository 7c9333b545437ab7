"""Cue candidates: tokens whose stem is a cue head, widened to the cue's auxiliaries and particles
("has also said", "according to"), and the features the frame classifier reads for each."""
from dataclasses import dataclass

from .lexicon import (
    _CONTENT_TRAIL,
    _PRONOUNS,
    _STEM_CACHE_MAX,
    FUNCTION_WORDS,
    Lexicon,
    _bucket,
    _is_ly_adverb,
    _shape,
    stem,
)
from .tokens import QUOTE_MARKS, Tokens, continuation_quote


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
            if (i == sa or (i == sa + 1 and lower[sa] in ("but", "and"))) and "," in lower[i + 2:i + 14]:
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
