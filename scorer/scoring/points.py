"""The score's arithmetic in one place: the text model's part, the page-level points, the tiers.

score = TEXT_POINTS x (1 - P(unreliable)) + the points of each page-level finding, clipped to
0-100 (scorer/scoring/report.py; docs/scoring.md explains it). P(unreliable) is the trained reliability
model's verdict on the text (scorer/scoring/model.py); the page-level findings are what the text sets
cannot teach: byline, republication, recirculation, ads, publisher and cited-outlet ratings,
links. The points are editorial judgements, ordered by how much each finding says about
sourcing: no accountable author and wholesale republication weigh most, page furniture least.
Signals that measure what the model already weighs (SIGNAL_FEATURES) add nothing again.
"""
from __future__ import annotations

# The id of the text model's signal, the first of every report (scorer/scoring/report.py).
TEXT_MODEL_SIGNAL = "text_model"
# The text model's part: a text the model is sure is reliable earns all of it, a sure-unreliable
# one none; a typical news text (P ~ 0.3) lands in "generally credible" before page findings.
TEXT_POINTS = 100.0
# The probability that stands in when the text is too short to judge (scorer.scoring.features.MIN_MEASURABLE_WORDS):
# even odds, the prior the model was trained to (balanced classes), so the text adds no evidence.
UNJUDGED_PROBABILITY = 0.5
# No cliff at the minimum length: the verdict's weight rises linearly from 0 at MIN_TEXT_WORDS
# (where the features become measurable, scorer.scoring.features.MIN_MEASURABLE_WORDS) to 1 at
# FULL_WEIGHT_WORDS, about two short paragraphs, where the rates stop being a handful of words.
MIN_TEXT_WORDS = 30
FULL_WEIGHT_WORDS = 150


def text_weight(words: int) -> float:
    """How much the text model's verdict counts for a text of `words` words (0-1)."""
    return min(1.0, max(0.0, (words - MIN_TEXT_WORDS) / (FULL_WEIGHT_WORDS - MIN_TEXT_WORDS)))
# Signals that measure what a text-model feature measures (scorer/scoring/features.py). When the loaded model
# uses the feature (non-zero coefficient), the signal is reported with its evidence and impact 0, so
# nothing is counted twice; when training dropped the feature (its learned sign contradicted its
# purpose), the signal's own points count, so nothing is lost either. `linked_sources` needs the
# page's links, which the text sets do not have: always page-level.
SIGNAL_FEATURES: dict[str, tuple[str, ...]] = {
    "headline_bait": ("headline_bait",),
    "attributed_claims": ("attributed_sentence_share",),
    "named_sources": ("identified_source_share", "anonymous_source_share"),
    "independent_sources": ("distinct_sources_log",),
    "relayed_sourcing": ("relayed_share",),
    "direct_quotes": ("direct_quote_share",),
    "single_source": ("top_source_share",),
}

POINTS: dict[str, dict[str, float]] = {
    "byline": {
        "person": 8.0,  # a named person is accountable for the text
        "organization": 0.0,  # "Reuters Staff", "dpa", the outlet's desk: accountable, not personal
        "generic": -12.0,  # "Admin", "editor", an e-mail address: nobody stands behind it
        "none": -8.0,  # only on news articles: blogs, press releases and essays often go unsigned
    },
    "author_bio": {"present": 2.0, "empty": -3.0},
    "republication": {
        "republished": -15.0,  # a bare "Source link" / foreign canonical: auto-republished report
        "credited": -4.0,  # republished with a clear credit line ("Originally published at X")
        "original": 0.0,
    },
    "recirculation": {
        "bait": -10.0,  # the content-farm pattern: unrelated sensational teasers
        "unrelated": 0.0,  # a blog's "latest posts", a site's "most read": normal, not a mark against
        "related": 2.0,  # an on-topic related box is good practice
        "none": 0.0,
    },
    "ads_in_body": {"per_slot": -2.0, "max": -6.0},
    # The headline's P(clickbait) (models/clickbait-v1): a bait headline sells the click, not the
    # story; it says less about sourcing than the page's furniture, and wire desks write some too.
    "headline_bait": {
        "clickbait": -5.0,  # P >= 0.8: the model is ~99% precise there on held-out headlines
        "leaning": -2.0,  # 0.5 <= P < 0.8
        "plain": 0.0,
    },
    # The site's record in open rating data (models/domain-ratings-v2): a strong prior on its
    # sourcing, but about the site, not this article, so it weighs less than the page's own marks.
    "publisher": {
        "reliable": 6.0,
        "mixed": -3.0,
        "unreliable": -12.0,  # rated unreliable by the data sets that know it
        "satire": -8.0,  # not news reporting: claims are not meant to be sourced
        "unknown": 0.0,  # most sites are in no data set: absence says nothing
        "single_source_factor": 0.5,  # only one source family supports the rating: half the points
    },
    # The outlets the text cites for its claims, weighed by their ratings (scorer/signals/outlets.py).
    "cited_outlets": {
        "reliable": 3.0,  # every rated outlet cited is rated reliable
        "mixed": 0.0,
        "some_low_rated": -3.0,
        "low_rated": -6.0,  # at least half the rated citations go to low-rated outlets
        "unrated": 0.0,  # the cited outlets are in no data set: no judgement
    },
    # How the text attributes its claims (scorer/signals/sourcing.py, from scorer.attribution).
    # Small each: they describe the text's craft, which a content farm can copy from its source.
    "sourcing": {
        "attributed_high": 3.0,  # half the sentences or more say where they come from
        "attributed_moderate": 0.0,
        "attributed_low": -3.0,  # under a fifth attributed: assertion, not reporting
        "attributed_none": -6.0,
        "sources_named": 2.0,  # every source named
        "sources_some_anonymous": -1.0,
        "sources_mostly_anonymous": -4.0,  # half or more rest on unnamed sources
        "independent_several": 2.0,  # three or more distinct sources
        "independent_two": 0.0,
        "independent_one": -2.0,
        "relayed_primary": 1.0,  # sources speak to the reporter, not through other outlets
        "relayed_some_relayed": 0.0,
        "relayed_mostly_relayed": -2.0,  # most claims second-hand: a report of reports
        "quotes_present": 1.0,  # the sources' own words, checkable
        "quotes_none": 0.0,
        "linked_most": 2.0,  # cited reports and documents linked where cited
        "linked_some": 1.0,
        "linked_none": -2.0,  # nothing it cites is linked
        "single_single": -3.0,  # two thirds of the claims through one source
        "single_spread": 0.0,
    },
}

# Label tiers, NewsGuard's bands (100 / 75-99 / 60-74 / 40-59 / 0-39). The first whose lower
# bound the score reaches applies; "exemplary" needs the full 100: a text the model trusts and
# page findings that lift it to the cap.
TIERS: tuple[tuple[float, str], ...] = (
    (100.0, "exemplary"),
    (75.0, "high"),
    (60.0, "generally credible"),
    (40.0, "mixed"),
    (0.0, "low"),
)


def label_for(score: float) -> str:
    for floor, label in TIERS:
        if score >= floor:
            return label
    return TIERS[-1][1]
