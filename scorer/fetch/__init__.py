"""Fetching pages by URL: the only stage that touches the network (SSRF-safe)."""
from .client import FetchedPage, FetchError, fetch_url

__all__ = ["FetchError", "FetchedPage", "fetch_url"]
