"""Attribution: who says what in the text, through whom (cue, source, content, channel)."""
from .extract import AttributionModel, extract_attributions, load_attribution_model

__all__ = ["AttributionModel", "extract_attributions", "load_attribution_model"]
