"""The clickbait model: P(clickbait) for headlines and recirculation teasers, and the topic-term
weights the recirculation signal measures relatedness with. Both live in models/clickbait-v1/.

The model is one scikit-learn Pipeline (TF-IDF word 1-2-grams + char_wb 2-4-grams -> logistic
regression) trained by `python -m training.train_clickbait` on the Chakraborty et al. (2016)
headlines. The loader checks the card (model sha256, scikit-learn version, feature names)
before and after unpickling and refuses a mismatch with `ModelError`: pickle runs code, and
scikit-learn does not load across versions.

Scoring goes through a linear scorer compiled from the fitted pipeline's public attributes
(vocabularies, idf, coefficients): the same arithmetic as `pipeline.predict_proba`, checked
equal at load, without scikit-learn's per-call overhead: a page's ~20 teasers + headline cost
milliseconds through the pipeline and a fraction of one through the compiled scorer (measured
by `python -m training.eval_clickbait --benchmark`, recorded in docs/clickbait.md).
"""
from __future__ import annotations

import functools
import itertools
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .. import artifacts
from ..artifacts import CARD_FILE, file_sha256  # noqa: F401 - re-exported for the trainer and tests
from ..artifacts import names_sha256 as feature_names_sha256  # noqa: F401 - the name this module had
from ..config import get_settings
from ..errors import InputError, ModelError

MODEL_DIR = "clickbait-v1"
MODEL_FILE = "model.joblib"
TERM_WEIGHTS_FILE = "term_weights.json"
# Headlines run to ~300 characters at most; a longer "teaser" is not a headline, and scoring
# cost grows with length, so only its start is read.
MAX_TEXT_CHARS = 1000
# Words that mark headline grammar (register) rather than bait: prepositions, articles,
# conjunctions and auxiliaries. In the training data they separate publishers' house styles
# (newspaper "headlinese" vs. BuzzFeed prose), so a model that keeps them calls every content-farm
# teaser written in headlinese "news". Second person, "this", "what", "will" and numbers stay:
# they are the forward-reference and listicle devices clickbait is made of.
REGISTER_WORDS = frozenset("""
in on at to of for from with by as against after over into amid under and or but a an the its
is are was were be has have had
""".split())
_REGISTER = re.compile(r"\b(?:" + "|".join(sorted(REGISTER_WORDS)) + r")\b")
_SPACES = re.compile(r"\s+")
# Word cache of the compiled scorer: char n-grams decompose by word, and headline vocabulary is
# Zipfian, so most words repeat. A cached word costs ~0.25 KB: the bound keeps a hostile stream of
# unique words under ~25 MB (the cache is cleared and refilled when full).
_MAX_CACHED_WORDS = 100_000
# Texts the compiled scorer is checked against the pipeline on at load: cased, punctuated,
# repeated words, unseen words, register words only, and no words at all.
SELF_CHECK_TEXTS = (
    "Shocking: what doctors will not tell you about bananas",
    "Russia says grain corridor talks to resume in Istanbul",
    "17 Times Kourtney Kardashian Shut Down Her Own Family!!",
    "the the the cats cats Cats; zxqvbn-wibble's “quoted” émigré 2016",
    "in the of and",
    "?!",
)


def normalize_headline(text: str) -> str:
    """The model's preprocessor: lower case, register words removed, whitespace collapsed.

    Case is dropped because it is the strongest publisher confound in the data (BuzzFeed title
    case vs. Wikinews sentence case). Part of the pickled pipeline: changing it changes the model.
    """
    return _SPACES.sub(" ", _REGISTER.sub(" ", text.lower())).strip()


def default_model_dir() -> Path:
    return get_settings().models_dir / MODEL_DIR


def read_card(directory: Path) -> dict[str, Any]:
    """The card of a clickbait model directory (`scorer.artifacts.read_card`), with its artifacts."""
    return artifacts.read_card(directory, remedy="train with `python -m training.train_clickbait`",
                               sections=("artifacts",))


# -- topic-term weights (relatedness) -----------------------------------------------------------

@dataclass(frozen=True)
class TermWeights:
    """IDF of topic terms (`scorer.textutil.topic_terms`) learned offline from a news corpus, and
    the cosine above which a teaser counts as related to an article (calibrated on real pages)."""

    idf: Mapping[str, float]
    unseen_idf: float  # a term the corpus never saw: rarer than any it did
    related_threshold: float

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unseen_idf)


def load_term_weights(directory: Path | None = None) -> TermWeights:
    """The verified term-weight table of a model directory (default: clickbait-v1 under
    `Settings.models_dir`), loaded once per process and directory."""
    return _load_term_weights(Path(directory if directory is not None else default_model_dir()).resolve())


@functools.lru_cache(maxsize=8)
def _load_term_weights(directory: Path) -> TermWeights:
    path = artifacts.verify_artifact(directory, read_card(directory), TERM_WEIGHTS_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return TermWeights(
            idf={str(k): float(v) for k, v in data["idf"].items()},
            unseen_idf=float(data["unseen_idf"]),
            related_threshold=float(data["related_threshold"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{path} is not a term-weight table: {exc}") from exc


# -- the classifier -------------------------------------------------------------------------

def _char_wb_ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """scikit-learn's documented char_wb analysis of one word: n-grams of " word " (a word shorter
    than n gives the padded word once)."""
    padded = f" {word} "
    size = len(padded)
    grams = []
    for n in range(min_n, max_n + 1):
        if size <= n:
            grams.append(padded)
            break
        grams += [padded[i:i + n] for i in range(size - n + 1)]
    return grams


class _CompiledScorer:
    """The fitted pipeline's arithmetic in plain Python + numpy: per text, for each vectorizer,
    sublinear tf x idf, l2-normalised, dotted with the logistic-regression coefficients."""

    def __init__(self, pipeline: Any):
        features, classifier = pipeline.steps[0][1], pipeline.steps[-1][1]
        coef = np.asarray(classifier.coef_, dtype=np.float64).ravel()
        self.intercept = float(np.asarray(classifier.intercept_).ravel()[0])
        parts = [vec for _, vec in features.transformer_list]
        if len(parts) != 2:
            raise ModelError("the clickbait pipeline must have exactly two vectorizers (words, chars)")
        words, chars = parts
        for vec, analyzer in ((words, "word"), (chars, "char_wb")):
            params = vec.get_params()
            wanted = {"analyzer": analyzer, "norm": "l2", "use_idf": True, "sublinear_tf": True, "binary": False,
                      "stop_words": None, "tokenizer": None, "strip_accents": None, "input": "content"}
            for key, value in wanted.items():
                if params.get(key) != value:
                    raise ModelError(f"the compiled scorer does not support {analyzer} {key}={params.get(key)!r}")
            if params.get("preprocessor") is not normalize_headline:
                raise ModelError("the clickbait pipeline was built with another preprocessor")
        self.preprocess = normalize_headline
        self.token_pattern = re.compile(words.get_params()["token_pattern"])
        self.word_range = words.get_params()["ngram_range"]
        self.char_range = chars.get_params()["ngram_range"]
        n_words = len(words.vocabulary_)
        self.n_word_features = n_words
        self.word_index = dict(words.vocabulary_)
        # Char features follow the word features in the union; the offset is applied once here, so
        # every cached word shares these int objects instead of holding its own (halves the cache).
        self.char_index = {gram: n_words + j for gram, j in chars.vocabulary_.items()}
        idf = np.concatenate([words.idf_, chars.idf_]).astype(np.float64)
        if idf.shape[0] != coef.shape[0]:
            raise ModelError("the vectorizers' vocabularies do not match the classifier's coefficients")
        self.idf = idf
        self.idf_coef = idf * coef
        self.n_features = idf.shape[0]
        self._word_cache: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {}

    def _compile_word(self, word: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """One whitespace-separated word: its tokens (for word n-grams across words) and the
        feature indices it adds on its own (its unigram tokens and its char_wb n-grams)."""
        tokens = tuple(self.token_pattern.findall(word))
        found = [j for j in map(self.word_index.get, tokens) if j is not None] if self.word_range[0] == 1 else []
        found += [j for j in map(self.char_index.get, _char_wb_ngrams(word, *self.char_range)) if j is not None]
        entry = (tokens, tuple(found))
        if len(self._word_cache) >= _MAX_CACHED_WORDS:
            self._word_cache.clear()
        self._word_cache[word] = entry
        return entry

    def features(self, text: str) -> list[int]:
        """The feature indices of one text, with repeats (a repeat is a count)."""
        found: list[int] = []
        tokens: list[str] = []
        cache = self._word_cache
        for word in self.preprocess(text).split():
            entry = cache.get(word) or self._compile_word(word)
            tokens += entry[0]
            found += entry[1]
        lo, hi = self.word_range
        for n in range(max(lo, 2), hi + 1):
            if n == 2:
                grams = [f"{a} {b}" for a, b in itertools.pairwise(tokens)]
            else:
                grams = [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
            found += [j for j in map(self.word_index.get, grams) if j is not None]
        return found

    def warm(self) -> None:
        """Compile every single-word term of the word vocabulary up front (~0.2 s at load), so
        scoring only analyses words the model never saw."""
        for term in self.word_index:
            if " " not in term and term not in self._word_cache:
                self._compile_word(term)

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        keys: list[int] = []
        lengths: list[int] = []
        for text in texts:
            found = self.features(text)
            keys.extend(found)
            lengths.append(len(found))
        n = len(lengths)
        if not keys:
            return np.full(n, 1.0 / (1.0 + math.exp(-self.intercept)))
        text_of = np.repeat(np.arange(n, dtype=np.int64), lengths)
        features = np.fromiter(keys, dtype=np.int64, count=len(keys))
        unique, counts = np.unique(text_of * self.n_features + features, return_counts=True)
        text_of, feature = np.divmod(unique, self.n_features)
        tf = 1.0 + np.log(counts)  # sublinear tf, as the vectorizers were fitted
        group = text_of * 2 + (feature >= self.n_word_features)  # (text, vectorizer): each is l2-normalised
        numerator = np.bincount(group, weights=tf * self.idf_coef[feature], minlength=2 * n)
        norm = np.sqrt(np.bincount(group, weights=(tf * self.idf[feature]) ** 2, minlength=2 * n))
        contribution = np.divide(numerator, norm, out=np.zeros_like(numerator), where=norm > 0)
        decision = contribution.reshape(n, 2).sum(axis=1) + self.intercept
        return 1.0 / (1.0 + np.exp(-decision))


class ClickbaitModel:
    """P(clickbait) for short texts. Load once per process with `ClickbaitModel.load()`."""

    def __init__(self, pipeline: Any, card: dict[str, Any], term_weights: TermWeights, directory: Path):
        self.pipeline = pipeline
        self.card = card
        self.term_weights = term_weights
        self.directory = directory
        self._scorer = _CompiledScorer(pipeline)
        self._scorer.warm()
        self._check_compiled()

    def _check_compiled(self) -> None:
        """The compiled scorer must give the pipeline's own probabilities (to float rounding)."""
        expected = self.pipeline.predict_proba(list(SELF_CHECK_TEXTS))[:, 1]
        actual = self._scorer.probabilities(SELF_CHECK_TEXTS)
        if not np.allclose(actual, expected, rtol=0, atol=1e-9):
            raise ModelError(f"{self.directory}: the compiled scorer disagrees with the pipeline "
                             f"(max difference {float(np.abs(actual - expected).max()):.3g})")

    @property
    def name(self) -> str:
        return f"{self.card.get('name', 'clickbait')}-{self.card.get('version', '?')}"

    @property
    def threshold(self) -> float:
        return float(self.card.get("threshold", 0.5))

    @classmethod
    def load(cls, path: str | Path | None = None) -> ClickbaitModel:
        """Load and verify a model directory (default: `Settings.models_dir / clickbait-v1`).

        Raises `ModelError` when the card is missing, the model file's sha256 or the installed
        scikit-learn version differs from the card, or the unpickled pipeline's feature names
        are not the ones the card lists.
        """
        directory = Path(path) if path is not None else default_model_dir()
        card = read_card(directory)
        artifacts.check_library_versions(card, directory)
        model_path = artifacts.verify_artifact(directory, card, MODEL_FILE)
        pipeline = artifacts.load_joblib(model_path)
        try:
            names = pipeline[:-1].get_feature_names_out()
        except Exception as exc:
            raise ModelError(f"{model_path} is not the clickbait pipeline: {exc}") from exc
        artifacts.check_names_sha256(names, (card.get("features") or {}).get("names_sha256"), source=model_path)
        return cls(pipeline, card, load_term_weights(directory), directory)

    def predict_proba(self, texts: Sequence[str]) -> list[float]:
        """P(clickbait) for each text, in order.

        `texts` is a list or tuple of strings (a bare string is refused: it is one text, not a
        list of them). Blank texts get 0.0: nothing there is bait. Texts are read up to
        `MAX_TEXT_CHARS`. Raises `InputError` for anything that is not a sequence of strings.
        """
        items = _validated(texts)
        result = [0.0] * len(items)
        wanted = [i for i, text in enumerate(items) if text.strip()]
        if wanted:
            probabilities = self._scorer.probabilities([items[i][:MAX_TEXT_CHARS] for i in wanted])
            for i, p in zip(wanted, probabilities.tolist()):
                result[i] = p
        return result

    def score_page(self, headline: str, teasers: Sequence[str]) -> tuple[float | None, dict[str, float]]:
        """The headline's and every teaser's P(clickbait), in one batched call.

        Returns (headline P or None when there is no headline, {teaser text: P}).
        """
        unique_teasers = list(dict.fromkeys(t for t in teasers if t and t.strip()))
        has_headline = bool(headline and headline.strip())
        texts = ([headline] if has_headline else []) + unique_teasers
        if not texts:
            return None, {}
        probabilities = self.predict_proba(texts)
        headline_p = probabilities[0] if has_headline else None
        return headline_p, dict(zip(unique_teasers, probabilities[int(has_headline):]))


def _validated(texts: Any) -> list[str]:
    if isinstance(texts, (str, bytes, bytearray)):
        raise InputError("texts must be a list of strings, not a single "
                         f"{type(texts).__name__} (wrap one headline in a list)")
    if not isinstance(texts, (list, tuple)):
        raise InputError(f"texts must be a list or tuple of strings, not {type(texts).__name__}")
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            raise InputError(f"texts[{i}] is {type(text).__name__}, not a string")
    return list(texts)
