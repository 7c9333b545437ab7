"""Reproducible training, evaluation and benchmark commands."""
