"""Recirculation: do the page's "Check Also" / "Related" boxes push unrelated bait?

Heuristic: each teaser in a recirculation box is compared with the article's salient words
(title counted thrice, then the most frequent content words); a teaser sharing none of them is
unrelated. Each teaser also gets a bait score (`Analysis.teaser_bait`, from the clickbait
model when loaded, else a small lexicon of sensational cues). A box of unrelated, baity teasers
is the content-farm pattern; an on-topic related box is good practice and is credited.
Known false positives: site-wide "Latest news" lists on a busy news site are unrelated by
design (they weigh less than bait); very short articles have few salient words.
"""
from __future__ import annotations

import re

from ..points import POINTS
from ..textutil import content_words, keyword_weights
from ..types import Analysis, Block, BlockKind, Evidence, Signal

NAME = "recirculation"
# Sensational cues used when no clickbait model is loaded: health scares, miracle cures,
# celebrity gossip, curiosity gaps ("this one trick", "what doctors won't tell you").
BAIT_CUES = re.compile(
    r"\b(shocking|shock|you won'?t believe|won'?t tell you|will not tell you|one (simple |weird )?trick|secret|"
    r"miracle|cure[sd]?|celebrity|stunning|jaw[- ]dropping|gone wrong|what happens next|doctors|"
    r"vaccin\w*|covid|banned|exposed|destroys?|slams?|hideaway|bombshell|horrifying|incredible|"
    r"this is why|the reason why|can'?t stop|tears|heartbreaking|unbelievable)\b",
    re.I,
)
# A teaser needs this many words to be a headline rather than a menu entry ("Home", "World").
MIN_TEASER_WORDS = 4
# A salient word must occur at least this often (title words count 3) to mark a teaser related:
# one passing mention is not the article's topic.
MIN_KEYWORD_WEIGHT = 2
# Bait probability from which a teaser counts as bait.
BAIT_THRESHOLD = 0.5


def teasers(block: Block) -> list[str]:
    return [link.text for link in block.links if len(link.text.split()) >= MIN_TEASER_WORDS]


def relatedness(teaser: str, keywords: dict[str, float]) -> float:
    """Share of the teaser's content words that are salient words of the article (0-1)."""
    words = set(content_words(teaser))
    if not words:
        return 0.0
    shared = [w for w in words if keywords.get(w, 0) >= MIN_KEYWORD_WEIGHT]
    return len(shared) / len(words)


def bait_score(teaser: str, analysis: Analysis) -> float:
    if teaser in analysis.teaser_bait:
        return analysis.teaser_bait[teaser]
    return 1.0 if BAIT_CUES.search(teaser) else 0.0


def compute(analysis: Analysis) -> Signal:
    page = analysis.page
    title = "Recirculation boxes"
    if not page.has_html:
        return Signal(NAME, title, None, applicable=False, detail="No page markup.")
    keywords = keyword_weights(page.title, page.text)
    unrelated_bait: list[Evidence] = []
    unrelated: list[Evidence] = []
    related: list[Evidence] = []
    for block in page.blocks_of(BlockKind.RECIRCULATION):
        where = f"block:recirculation {block.heading!r} ({block.locator})" if block.heading else f"block:{block.locator}"
        for teaser in teasers(block):
            score = relatedness(teaser, keywords)
            if score > 0:
                related.append(Evidence(teaser, where))
            elif bait_score(teaser, analysis) >= BAIT_THRESHOLD:
                unrelated_bait.append(Evidence(teaser, where))
            else:
                unrelated.append(Evidence(teaser, where))
    total = len(unrelated_bait) + len(unrelated) + len(related)
    if total == 0:
        return Signal(NAME, title, "none", POINTS[NAME]["none"], detail="No recirculation boxes with teasers.")
    if unrelated_bait:
        return Signal(NAME, title, "unrelated_bait", POINTS[NAME]["unrelated_bait"], tuple(unrelated_bait),
                      detail=f"{len(unrelated_bait)} of {total} teasers beside the article are unrelated "
                             "sensational bait.")
    if len(unrelated) > len(related):
        return Signal(NAME, title, "unrelated", POINTS[NAME]["unrelated"], tuple(unrelated),
                      detail=f"{len(unrelated)} of {total} teasers beside the article are unrelated to it.")
    return Signal(NAME, title, "related", POINTS[NAME]["related"], tuple(related),
                  detail=f"{len(related)} of {total} teasers beside the article are on its topic.")
