"""Attribution: who says what in the text, through whom (cue, source, content, channel).

The steps, one module each, in the order a text goes through them:
`tokens` (tokens, sentences, quotations) -> `lexicon` (word classes, cue stems, frames) ->
`candidates` (cue candidates and their features) -> `spans` (where sources and contents start and
end) -> `frames` (spans from a candidate's frame; rule frames) -> `model` (the trained model, raw
attributions, loading) -> `sources` (source types) -> `extract` (chains, the public entry point).
"""
from .extract import extract_attributions
from .model import MODEL_DIR, AttributionModel, load_attribution_model

__all__ = ["MODEL_DIR", "AttributionModel", "extract_attributions", "load_attribution_model"]
