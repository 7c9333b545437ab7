"""Teasers and how related they are to the article: the recirculation boxes' link texts, and the
TF-IDF topic vectors that compare them with the article's text.

Read by the pipeline (the clickbait model scores every teaser of a page in one call), by the
recirculation signal, and by the clickbait trainer (which fits the relatedness threshold).
"""
from __future__ import annotations

import math
from collections import Counter

from ..textutil import topic_terms
from ..types import Block, BlockKind, ParsedPage
from .clickbait import TermWeights

# A teaser needs this many words to be a headline rather than a menu entry ("Home", "World").
MIN_TEASER_WORDS = 4

def teasers(block: Block) -> list[str]:
    return [link.text for link in block.links if len(link.text.split()) >= MIN_TEASER_WORDS]


def page_teasers(page: ParsedPage) -> list[str]:
    """Every teaser of every recirculation box, in page order (the clickbait model scores these)."""
    return [t for block in page.blocks_of(BlockKind.RECIRCULATION) for t in teasers(block)]


def topic_vector(text: str, weights: TermWeights) -> dict[str, float]:
    """The text's l2-normalised TF-IDF vector of topic terms (sublinear tf)."""
    counts = Counter(topic_terms(text))
    idf, unseen, log = weights.idf.get, weights.unseen_idf, math.log  # `weights.weight`, without a call per term
    vector = {term: (1.0 + log(n)) * idf(term, unseen) for term, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {term: v / norm for term, v in vector.items()} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(term, 0.0) for term, v in a.items())
