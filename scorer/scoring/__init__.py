"""The text model and the one documented combination of signals into the score and tier."""
