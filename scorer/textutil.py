"""Small text helpers shared by signals: tokens, content words, crude stems."""
from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

# Memoised helpers take keys from the page (class strings, URLs, words); a page can make such a
# key as long as its text budget, and a bounded count of long keys is still unbounded memory (65,536
# words of 100,000 characters: 6.5 GB, a few per request). Keys longer than this are computed, not kept.
MAX_CACHED_KEY_CHARS = 256


def short_key_cache(maxsize: int) -> Callable[[Callable[[Any], Any]], Callable[[Any], Any]]:
    """`functools.lru_cache(maxsize)` for a one-argument function of a string (or None), keeping only
    keys up to MAX_CACHED_KEY_CHARS characters (issue 24)."""
    def wrap(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def call(key: Any) -> Any:
            if key is not None and len(key) > MAX_CACHED_KEY_CHARS:
                return function(key)
            return cached(key)

        call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        call.cache_info = cached.cache_info  # type: ignore[attr-defined]
        return call
    return wrap


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
# English function words plus words so common in news that sharing them says nothing of topic.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
nor not now of off on once only or other our ours ourselves out over own same she should so some such than
that the their theirs them themselves then there these they this those through to too under until up very
was we were what when where which while who whom why will with would you your yours yourself yourselves
says said say new one two three first last year years time times people day days week like get gets got
make makes made way just may might must us via per still even much many well back after before today
news latest report reports video photos watch read here how what why new top best
""".split())


# Scripts written without spaces between words: a run of them is one "token" to str.split().
# Han and kana (Chinese, Japanese) average ~1.5 characters a word in news text, Thai ~4.5 (rough
# averages from word-segmented corpora; counts only have to meet the length thresholds sensibly).
_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
HAN_KANA_CHARS_PER_WORD = 1.5
THAI_CHARS_PER_WORD = 4.5


def word_count(text: str) -> int:
    """Words in `text`, also for scripts without spaces: whitespace-separated words, with each run
    of Han/kana or Thai letters counted as its characters over that script's average word length.
    One pass over the text per script (linear)."""
    han = len(_HAN_KANA.findall(text))
    thai = len(_THAI.findall(text))
    if not han and not thai:
        return len(text.split())
    spaced = _THAI.sub(" ", _HAN_KANA.sub(" ", text))
    return len(spaced.split()) + round(han / HAN_KANA_CHARS_PER_WORD) + round(thai / THAI_CHARS_PER_WORD)


def tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


@short_key_cache(65536)
def stem(word: str) -> str:
    """A crude suffix strip so "Russian", "Russia" and "Russia's" meet; not linguistics."""
    word = word.replace("’", "'").split("'")[0]
    for suffix in ("ians", "ian", "ans", "ing", "ies", "ed", "es", "s", "n"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    return [stem(t) for t in tokens(text) if len(t) > 2 and t not in STOPWORDS]


def keyword_weights(title: str, text: str, *, top: int = 40) -> dict[str, float]:
    """The article's salient words: frequency in the text, with title words counted thrice."""
    counts = Counter(content_words(text))
    for word in content_words(title):
        counts[word] += 3
    return dict(counts.most_common(top))


# Topic terms are cut to this many letters after the suffix strip: enough to keep names apart
# ("russia", "ukrain", "donets"), short enough that inflections and demonyms meet.
TOPIC_TERM_CHARS = 6


@short_key_cache(65536)
def topic_term(token: str) -> str:
    """A topic key for relatedness: plural/tense endings stripped, "-an" demonyms folded onto
    their country ("Russian" -> "russia", "Korean" -> "korea"), cut to `TOPIC_TERM_CHARS`.

    Crude on purpose (no lexicon): it only has to make the same topic meet in a headline and an
    article; "German"/"Germany" and "Chinese"/"China" still do not meet.
    """
    word = token.lower().replace("’", "'").split("'")[0]
    if len(word) > 5 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 5 and word.endswith("ed"):
        word = word[:-2]
    elif len(word) > 5 and word.endswith("an"):
        word = word[:-1]
    return word[:TOPIC_TERM_CHARS]


def topic_terms(text: str) -> list[str]:
    """The text's topic terms, in order: content tokens (no stopwords, 3+ letters) as `topic_term`s."""
    return [topic_term(t) for t in tokens(text) if len(t) > 2 and t not in STOPWORDS]


def quote(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis when cut: a
    reader never sees a quoted word broken off."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace():  # the cut falls inside a word: back to the word before it
        space = cut.rfind(" ")
        if space > limit // 2:
            cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"
