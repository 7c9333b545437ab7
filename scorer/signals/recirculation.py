"""Recirculation: do the page's "Check Also" / "Related" / "You may also like" boxes push unrelated bait?

Heuristic: every teaser (link text of a recirculation box) gets
- a relatedness to the article: the cosine of TF-IDF vectors of topic terms, with IDF learned
  offline from a news corpus (models/clickbait-v1/term_weights.json, built by
  `python -m training.train_clickbait`), so shared names and topics ("Russia", "grain") weigh
  much and shared common verbs ("cuts", "says") little. A teaser is related when its cosine
  reaches the table's threshold: the level that only 5% of unrelated (headline, article) pairs of
  real news pages reach;
- a bait score: P(clickbait) from the clickbait model (`Analysis.teaser_bait`), and
- a sensational cue, if any: health/vaccine scare, miracle cure, celebrity, shock.
An unrelated teaser that is clickbait (P >= 0.5) or sensational is unrelated bait. A box where
unrelated bait is at least half the teasers is a bait box: the content-farm pattern of the
seed's "Check Also" box. A box where related teasers are more than half is an on-topic box: good
practice, credited, and never outweighed by a site-wide "Latest" list beside it.
Known false positives: a news site's site-wide "Most read" box full of celebrity or health
stories reads as a bait box; articles with little text give few topic terms, so on-topic
teasers can read as unrelated (they are then judged on bait alone, which spares plain ones).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..analysis.clickbait import TermWeights, load_term_weights
from ..analysis.teasers import cosine, teasers, topic_vector
from ..scoring.points import POINTS
from ..types import Analysis, BlockKind, Evidence, Signal

NAME = "recirculation"
# Sensational topics of content-farm teasers, by kind. The clickbait model learned curiosity-gap
# and listicle bait from 2016 headlines; these name the scare and gossip topics it cannot know
# (it never saw "Covid") and that the issue singles out.
SENSATIONAL_CUES: dict[str, re.Pattern[str]] = {
    "health scare": re.compile(
        r"\b(vaccin\w*|unvaccinated|covid\w*|jab(bed|s)?|side effects?|toxic|poison\w*|"
        r"doctors? (won'?t|will not|don'?t|hate|are stunned|stunned|baffled|warn)|"
        r"died suddenly|blood clots?)\b", re.I),
    "miracle cure": re.compile(
        r"\b(miracle|cures?|cured|remed(y|ies)|melts? (belly )?fat|weight loss|detox|one (simple |weird )?trick|"
        r"this (one )?trick|secret (to|of|behind)|natural(ly)? (cure|remedy)|kills? cancer)\b", re.I),
    "celebrity": re.compile(
        r"\b(celebrit(y|ies)|star'?s?|actress|actor|singer|kardashian\w*|royal family|spotted|"
        r"(secret|surprise) (wedding|romance|hideaway)|plastic surger(y|ies)|looks like now)\b", re.I),
    "shock": re.compile(
        r"\b(shocking|shocked|stunning|jaw[- ]dropping|horrif\w*|terrifying|you won'?t believe|"
        r"what happen(s|ed) next|gone (horribly )?wrong|bombshell|exposed|banned|unbelievable)\b", re.I),
}
# P(clickbait) from which a teaser is bait: the model's accuracy-optimal threshold on its
# held-out headlines (docs/clickbait.md).
BAIT_THRESHOLD = 0.5
# A box is a bait box when at least half its teasers are unrelated bait (farm boxes mix bait
# with filler), and an on-topic box only when more than half are related: one shared word can
# make a site-wide "Most viewed" item look related, so crediting needs a clear majority.
BAIT_BOX_SHARE = 0.5
RELATED_BOX_SHARE = 0.5


@dataclass(frozen=True)
class TeaserJudgement:
    """One teaser of one box, judged."""

    text: str
    relatedness: float  # cosine with the article, 0-1
    related: bool
    bait: float | None  # P(clickbait); None when the model did not score it
    sensational: str | None  # the kind of sensational cue, if any

    @property
    def verdict(self) -> str:
        if self.related:
            return "related"
        if self.sensational or (self.bait is not None and self.bait >= BAIT_THRESHOLD):
            return "unrelated_bait"
        return "unrelated"

    def to_dict(self) -> dict:
        return {"text": self.text, "relatedness": round(self.relatedness, 3),
                "bait": None if self.bait is None else round(self.bait, 3),
                "sensational": self.sensational, "verdict": self.verdict}


@dataclass(frozen=True)
class BoxJudgement:
    heading: str
    locator: str
    teasers: tuple[TeaserJudgement, ...]

    def share(self, verdict: str) -> float:
        return sum(t.verdict == verdict for t in self.teasers) / len(self.teasers)

    @property
    def verdict(self) -> str:
        if self.share("unrelated_bait") >= BAIT_BOX_SHARE:
            return "bait"
        if self.share("related") > RELATED_BOX_SHARE:
            return "related"
        return "unrelated"

    @property
    def where(self) -> str:
        """The evidence locator: names the box by its heading, then its element."""
        if self.heading:
            return f"block:recirculation {self.heading!r} ({self.locator})"
        return f"block:recirculation ({self.locator})"

    def to_dict(self) -> dict:
        return {"heading": self.heading, "locator": self.locator, "verdict": self.verdict,
                "teasers": [t.to_dict() for t in self.teasers]}


def sensational_cue(text: str) -> str | None:
    for kind, pattern in SENSATIONAL_CUES.items():
        if pattern.search(text):
            return kind
    return None


def judge_boxes(analysis: Analysis, weights: TermWeights) -> list[BoxJudgement]:
    page = analysis.page
    article = None  # the whole text's vector: only computed when there is a teaser to compare
    boxes = []
    for block in page.blocks_of(BlockKind.RECIRCULATION):
        judged = []
        for teaser in teasers(block):
            if article is None:
                article = topic_vector(f"{page.title}\n{page.text}", weights)
            score = cosine(topic_vector(teaser, weights), article)
            judged.append(TeaserJudgement(
                text=teaser,
                relatedness=score,
                related=score > 0 and score >= weights.related_threshold,
                bait=analysis.teaser_bait.get(teaser),
                sensational=sensational_cue(teaser),
            ))
        if judged:
            boxes.append(BoxJudgement(block.heading, block.locator, tuple(judged)))
    return boxes


def compute(analysis: Analysis, *, weights: TermWeights | None = None) -> Signal:
    """Judge the page's recirculation boxes. `weights` defaults to the committed term-weight table
    (loaded and verified once per process; `load_resources()` loads it at start-up)."""
    page = analysis.page
    title = "Recirculation boxes"
    if not page.has_html:
        return Signal(NAME, title, None, applicable=False, detail="No page markup.")
    # The pipeline hands over the table loaded with the resources; hand-built analyses fall back
    # to the committed table (loaded once per process).
    boxes = judge_boxes(analysis, weights or analysis.term_weights or load_term_weights())
    items = [(box, t) for box in boxes for t in box.teasers]
    counts = Counter(t.verdict for _, t in items)
    if not items:
        return Signal(NAME, title, {"category": "none", "teasers": 0, "boxes": []}, POINTS[NAME]["none"],
                      detail="No recirculation boxes with teasers.")
    bait_boxes = [b for b in boxes if b.verdict == "bait"]
    related_boxes = [b for b in boxes if b.verdict == "related"]
    if bait_boxes:
        category = "unrelated_bait"
        evidence = [Evidence(t.text, box.where) for box, t in items if t.verdict == "unrelated_bait"]
        named = ", ".join(repr(b.heading or b.locator) for b in bait_boxes)
        detail = (f"{len(bait_boxes)} of {len(boxes)} recirculation boxes ({named}) push unrelated clickbait or "
                  f"sensational teasers: {counts['unrelated_bait']} of {len(items)} teasers are unrelated bait.")
    elif related_boxes:
        category = "related"
        evidence = [Evidence(t.text, box.where) for box in related_boxes for t in box.teasers if t.related]
        named = ", ".join(repr(b.heading or b.locator) for b in related_boxes)
        on_topic = sum(t.related for box in related_boxes for t in box.teasers)
        detail = f"The recirculation box(es) {named} link related coverage: {on_topic} teasers on the article's topic."
    else:
        category = "unrelated"
        evidence = [Evidence(t.text, box.where) for box, t in items if t.verdict != "related"]
        detail = (f"{len(items) - counts['related']} of {len(items)} teasers beside the article are unrelated "
                  "to it (but not bait).")
    value = {
        "category": category,
        "teasers": len(items),
        "related": counts["related"],
        "unrelated": counts["unrelated"],
        "unrelated_bait": counts["unrelated_bait"],
        "boxes": [b.to_dict() for b in boxes],
    }
    return Signal(NAME, title, value, POINTS[NAME][category], tuple(evidence), detail=detail)
