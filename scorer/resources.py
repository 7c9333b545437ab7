"""The models and tables scoring needs, loaded once per process and handed to the pipeline.

Nothing on the scoring hot path reads a file: `load_resources()` does all the I/O, once,
and its result is cached for the process (the service loads it at start-up, batch workers
when they start).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

from .analysis.clickbait import MODEL_DIR as CLICKBAIT_DIR
from .analysis.clickbait import ClickbaitModel
from .analysis.ratings import RATINGS_DIR, RatingsTable
from .attribution.model import MODEL_DIR as ATTRIBUTION_DIR
from .attribution.model import AttributionModel, load_attribution_model
from .config import Settings, get_settings
from .findings.page_type_model import MODEL_DIR as PAGE_TYPE_DIR
from .findings.page_type_model import PageTypeModel
from .language import warm as warm_language_model
from .scoring.model import MODEL_DIR as RELIABILITY_DIR
from .scoring.model import ReliabilityModel
from .scoring.sourcing_model import MODEL_DIR as SOURCING_DIR
from .scoring.sourcing_model import SourcingModel


@dataclass(frozen=True)
class Resources:
    settings: Settings
    ratings: RatingsTable  # merged open publisher ratings (models/domain-ratings-v2)
    clickbait: ClickbaitModel  # P(clickbait) + topic-term weights (models/clickbait-v1)
    attribution_model: AttributionModel  # cue lexicon + option scorer (models/attribution-v1)
    reliability: ReliabilityModel  # P(unreliable) of the text, explained (models/reliability-v1)
    sourcing: SourcingModel  # the score's weights, fitted to readers' ratings (models/sourcing-v1)
    # Is the page an article, and if not what (models/page-type-v1); None: the rules alone decide.
    page_types: PageTypeModel | None = None


@functools.lru_cache(maxsize=4)
def load_resources(settings: Settings | None = None) -> Resources:
    settings = settings or get_settings()
    warm_language_model()
    return Resources(
        settings=settings,
        ratings=RatingsTable.load(settings.models_dir / RATINGS_DIR),
        clickbait=ClickbaitModel.load(settings.models_dir / CLICKBAIT_DIR),
        attribution_model=load_attribution_model(settings.models_dir / ATTRIBUTION_DIR),
        reliability=ReliabilityModel.load(settings.models_dir / RELIABILITY_DIR),
        sourcing=SourcingModel.load(settings.models_dir / SOURCING_DIR),
        page_types=PageTypeModel.load(settings.models_dir / PAGE_TYPE_DIR),
    )
