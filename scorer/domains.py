"""Registered-domain matching that is right for subdomains and never matches inside a name.

`us.cnn.com`, `https://www.apnews.com/x` and `edition.cnn.com` resolve to `cnn.com` /
`apnews.com`; "deviantart.com" is never "rt.com". Uses tldextract's bundled public-suffix
snapshot: no network at run time.
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

import tldextract

from .textutil import short_key_cache

# suffix_list_urls=() and cache_dir=None: never fetch the list, never write a cache.
# The RFC 2606 / 6761 reserved names count as suffixes so test and example hosts resolve.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None,
                                 extra_suffixes=("example", "test", "invalid", "localhost"))
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://")


def host_of(url_or_host: str) -> str:
    """The lower-case host of a URL or bare host name ("" when there is none)."""
    text = url_or_host.strip()
    if not _SCHEME.match(text):
        text = "http://" + text.lstrip("/")
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


@short_key_cache(65536)
def registered_domain(url_or_host: str | None) -> str | None:
    """`https://edition.cnn.com/x` -> `cnn.com`; None for IPs, bare words and blanks."""
    if not url_or_host:
        return None
    host = host_of(url_or_host)
    if not host:
        return None
    parts = _EXTRACT(host)
    if not parts.suffix or not parts.domain:
        return None
    return f"{parts.domain}.{parts.suffix}"
