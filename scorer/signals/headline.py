"""Headline bait: does the headline sell the click rather than the story?

Heuristic: the clickbait model's P(clickbait) of the headline (`Analysis.headline_bait`,
computed once per page in `pipeline.analyze` together with the teasers). The model was trained
on 2007-2016 English headlines (BuzzFeed & co. vs. newspapers and WikiNews) and knows the
curiosity gap ("what doctors will not tell you"), forward reference ("this one trick"), second
person and listicle numbers.
Known false positives: feature and explainer headlines of real newsrooms ("Why ...", "What you
need to know about ...") lean towards bait; headlines in other languages are out of its scope
(the model reads them as unfamiliar words and stays near its prior).
"""
from __future__ import annotations

from ..scoring.points import POINTS
from ..types import Analysis, Evidence, Signal

NAME = "headline_bait"
# P(clickbait) from which the headline is clickbait: on the held-out headlines the model is
# ~99% precise above 0.8 (model_card.json "heldout_at_0.8"); between 0.5 (its accuracy-optimal
# threshold) and 0.8 it leans to bait, with more false alarms.
CLICKBAIT_P = 0.8
LEANING_P = 0.5


def category(probability: float) -> str:
    if probability >= CLICKBAIT_P:
        return "clickbait"
    if probability >= LEANING_P:
        return "leaning"
    return "plain"


def compute(analysis: Analysis) -> Signal:
    title = "Clickbait headline"
    headline = analysis.page.title.strip()
    probability = analysis.headline_bait
    if not headline:
        return Signal(NAME, title, None, applicable=False, detail="The page has no headline.")
    if probability is None:
        return Signal(NAME, title, None, applicable=False, detail="The headline was not scored.")
    kind = category(probability)
    detail = {
        "clickbait": "The headline reads as clickbait: it teases or exaggerates instead of saying what happened.",
        "leaning": "The headline leans towards clickbait: it partly teases instead of saying what happened.",
        "plain": "The headline reads as a plain news headline that says what happened.",
    }[kind]
    return Signal(NAME, title, round(probability, 3), POINTS[NAME][kind], (Evidence(headline, "headline"),),
                  detail=detail)
