"""Word classes and the cue lexicon: crude stems, function words, reporting-verb stems (built in, and
learned from PolNeAR when a model is given), the words that widen a cue, and the frames (where a
cue's source and content lie)."""
from dataclasses import dataclass
from typing import Any

from .tokens import QUOTE_MARKS

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
        return cls(dict.fromkeys(BUILTIN_CUE_STEMS, 0.5), DEFAULT_LEFT_EXTENSIONS, DEFAULT_RIGHT_EXTENSIONS)

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


def _is_ly_adverb(word: str) -> bool:
    return len(word) > 4 and word.endswith("ly") and word.isalpha() and word.islower() and word not in (
        "only", "early", "family", "july", "italy", "rally", "ally", "belly", "reply", "supply", "apply", "daily",
        "weekly", "monthly", "likely", "unlikely", "elderly", "friendly", "lonely", "holy", "ugly", "silly")


# Word shapes are memoised like stems (pages repeat their words).
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
