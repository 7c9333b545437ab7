"""The language of a text: `detect_language(text) -> ISO 639-1 code or None`.

py3langid (a maintained, faster fork of langid.py, 97 languages) ships its model inside the
package, so nothing is downloaded at run time; the model is loaded once per process, on the first
call (`load_resources` makes that call at start-up, so no request pays for it). The choice and its
measured speed and accuracy are in docs/languages.md.

`SUPPORTED_LANGUAGES` are the languages whose word lists (scorer/scoring/features.py) and
attribution cues (scorer/attribution/lexicon.py) the scorer has; text in any other language is
not judged on its wording (the report says so), only on its page-level findings.
"""
from __future__ import annotations

import functools
from typing import Any

# The languages the text-level analysis reads (word lists, reporting verbs, quotation marks).
SUPPORTED_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "pl", "nl")
# Names for the report's "not judged in <language>" (the rest are shown by their code).
LANGUAGE_NAMES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "pl": "Polish", "nl": "Dutch", "zh": "Chinese", "ja": "Japanese", "th": "Thai", "ru": "Russian",
    "uk": "Ukrainian", "ar": "Arabic", "tr": "Turkish", "ko": "Korean", "sv": "Swedish", "da": "Danish",
    "no": "Norwegian", "fi": "Finnish", "cs": "Czech", "hu": "Hungarian", "ro": "Romanian", "el": "Greek",
    "he": "Hebrew", "hi": "Hindi", "id": "Indonesian", "vi": "Vietnamese", "fa": "Persian",
}
# Fewer letters than this say too little to tell a language (a headline word, "EU").
MIN_LETTERS = 20
# Below this normalised probability the detector is guessing (mixed or very short text): None.
MIN_CONFIDENCE = 0.5
# The detector reads at most this many characters: a page's opening tells its language, and the
# cost stays bounded (`python -m benchmarks.language`: on the 181 benchmark pages 500 characters
# agree with the declared language as often as 4000, in about a quarter of the time).
MAX_CHARS = 500


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # ~1.6 s: once per process

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def warm() -> None:
    """Load the model now (at start-up) rather than on the first text."""
    _identifier()


def detect_language(text: str) -> str | None:
    """The text's language as an ISO 639-1 code, or None when too short or too mixed to tell."""
    if not isinstance(text, str):
        raise TypeError(f"detect_language takes a str, not {type(text).__name__}")
    sample = text[:MAX_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= MIN_CONFIDENCE else None


def language_name(code: str | None) -> str:
    return LANGUAGE_NAMES.get(code or "", code or "an unknown language")


def is_supported(code: str | None) -> bool:
    """True for the languages the text analysis reads, and for an unknown language (None): a text
    too short to tell is judged as before (its length already limits what it can weigh)."""
    return code is None or code in SUPPORTED_LANGUAGES
