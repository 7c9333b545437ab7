"""The sourcing score: the components and three bounded inputs, weighed as fitted to readers' ratings.

    score = sum over inputs of  weight x input,  clipped to 0-100

Each input is 0-1 for the six sourcing components (scorer/sourcing/components.py: 0 is none of it
on the page) and -1..1 for the three bounded inputs, 0 meaning "says nothing": the text model's
verdict on the wording (1 - 2 P(unreliable), scaled down for short texts), the publisher's rating
in open data and the cited outlets' ratings (2 P(reliable) - 1; unknown is 0). The weights are
non-negative (more sourcing never lowers the score: monotone) and the bounded inputs' weights are
capped, so the wording or the site's name can move the score only so far. The weights are
points: a weight of 30 on coverage means an article whose claims are all attributed gets 30
points for it, and that is the share the report shows. There is no intercept: a page with no
sourcing at all starts from 0. Fitted by `python -m training.train_sourcing` to the blind ratings
of training/gold/ (models/sourcing-v1/README.md).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..sourcing.components import COMPONENT_IDS, CUE_INPUTS, cue_inputs
from ..types import Analysis, CitedOutlet, DomainRating, SourcingComponents
from .points import text_weight

MODEL_DIR = "sourcing-v1"
# The components' cues ("coverage.share", "source_types.named", ...): each weighed on its own, a
# component's share is the sum of its cues' shares.
COMPONENT_INPUTS = CUE_INPUTS
TEXT_INPUT, PUBLISHER_INPUT, OUTLETS_INPUT = "text_model", "publisher", "cited_outlets"
BOUNDED_INPUTS = (TEXT_INPUT, PUBLISHER_INPUT, OUTLETS_INPUT)
INPUTS: tuple[str, ...] = (*COMPONENT_INPUTS, *BOUNDED_INPUTS)
# An anonymous re-post (no author, another outlet's report without a proper credit): the sourcing in
# its text is the original report's work, not this page's, so the text-borne components count at
# this fraction. An editorial rule, not fitted: no rated page shows the pattern (models/sourcing-v1/README.md).
REPOST_FACTOR = 0.5
REPOST_COMPONENTS = ("coverage", "source_types", "primary_material", "independence")
# Only one source family behind a publisher's rating: it counts half (as the publisher signal says).
SINGLE_SOURCE_FACTOR = 0.5


@dataclass(frozen=True)
class SourcingModel:
    version: str
    weights: Mapping[str, float]  # points per unit of each input (INPUTS)
    imputed: Mapping[str, float]  # a component not judged for lack of markup counts at the rated articles' mean

    @classmethod
    def load(cls, directory: Path) -> SourcingModel:
        data = json.loads((directory / "weights.json").read_text(encoding="utf-8"))
        weights = {name: float(data["weights"].get(name, 0.0)) for name in INPUTS}
        if any(w < 0 or not math.isfinite(w) for w in weights.values()):
            raise ValueError(f"{directory}: weights must be finite and non-negative (the score is monotone)")
        return cls(str(data["version"]), weights, {k: float(v) for k, v in data.get("imputed", {}).items()})

    def shares(
        self, inputs: Mapping[str, float | None], *, anonymous_repost: bool = False, impute: bool = True
    ) -> dict[str, float]:
        """Each input's points, weight x value, and each component's share: the sum of its cues'.
        A cue not judged for lack of markup counts at its imputed value (`impute`); one not judged for
        its language counts nothing (the report then withholds the score). On an anonymous re-post
        the text-borne components count at REPOST_FACTOR."""
        out = {}
        for name in INPUTS:
            value = inputs.get(name)
            if value is None:
                value = self.imputed.get(name, 0.0) if impute and name in COMPONENT_INPUTS else 0.0
            factor = REPOST_FACTOR if anonymous_repost and name.split(".")[0] in REPOST_COMPONENTS else 1.0
            out[name] = self.weights[name] * value * factor
        for component in COMPONENT_IDS:
            out[component] = sum(v for k, v in out.items() if k.startswith(component + "."))
        return out

    def component_weight(self, component: str) -> float:
        """The most points a component can give: the sum of its cues' weights."""
        return sum(w for k, w in self.weights.items() if k.startswith(component + "."))


def rating_input(rating: DomainRating | None) -> float:
    """A publisher's or outlet's rating as an input: 2 P(reliable) - 1, halved on a single source; 0 unknown."""
    if rating is None or rating.rating is None or rating.kind != "publisher":
        return 0.0
    factor = SINGLE_SOURCE_FACTOR if len(rating.sources) == 1 else 1.0
    return max(-1.0, min(1.0, 2.0 * rating.rating - 1.0)) * factor


def text_input(probability_unreliable: float | None, words: int) -> float:
    """The text model's verdict as an input: 1 - 2 P(unreliable), weighed by the text's length; 0 unjudged."""
    if probability_unreliable is None:
        return 0.0
    return (1.0 - 2.0 * probability_unreliable) * text_weight(words)


def outlets_input(outlets: Sequence[CitedOutlet], own_domain: str | None) -> float:
    """The mean rating input of the rated outlets the text cites (other than the publisher itself)."""
    rated = [
        rating_input(o.rating)
        for o in outlets
        if o.domain != own_domain and o.rating is not None and o.rating.rating is not None
    ]
    return sum(rated) / len(rated) if rated else 0.0


def model_inputs(
    components: SourcingComponents, analysis: Analysis, probability_unreliable: float | None
) -> dict[str, float | None]:
    """Every input of the sourcing score for one page (None: a component not judged)."""
    inputs: dict[str, float | None] = cue_inputs(components)
    inputs[TEXT_INPUT] = text_input(probability_unreliable, analysis.page.word_count)
    inputs[PUBLISHER_INPUT] = rating_input(analysis.publisher)
    inputs[OUTLETS_INPUT] = outlets_input(analysis.outlets, analysis.page.domain)
    return inputs
