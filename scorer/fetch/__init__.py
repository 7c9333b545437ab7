"""Fetching pages by URL: the only stage that touches the network, and safe to expose to strangers.

- `policy`: which URLs, hosts and addresses may be fetched (the SSRF rules), usable without fetching.
- `transport`: connections pinned to the checked addresses, one deadline, bounded decoding.
- `client`: `fetch_url`, following redirects by hand with every hop re-checked.
- `results`, `errors`: what a fetch returns, and why it was refused.
"""
from .client import fetch_url
from .errors import (
    AddressBlockedError,
    BodyTooLargeError,
    ConnectionFailedError,
    DnsFailureError,
    FetchError,
    FetchTimeoutError,
    TooManyRedirectsError,
    UnsupportedContentTypeError,
    UnsupportedEncodingError,
    UpstreamInvalidError,
    UpstreamStatusError,
    UrlInvalidError,
    UrlSchemeError,
)
from .policy import (
    blocked_name_reason,
    blocked_reason,
    canonical_host,
    check_fetch_record,
    check_url,
    check_url_policy,
    ip_literal,
    parse_allow_list,
)
from .results import CheckedHop, FetchedPage

__all__ = [
    "AddressBlockedError", "BodyTooLargeError", "CheckedHop", "ConnectionFailedError", "DnsFailureError",
    "FetchError", "FetchTimeoutError", "FetchedPage", "TooManyRedirectsError", "UnsupportedContentTypeError",
    "UnsupportedEncodingError", "UpstreamInvalidError", "UpstreamStatusError", "UrlInvalidError", "UrlSchemeError",
    "blocked_name_reason", "blocked_reason", "canonical_host", "check_fetch_record", "check_url",
    "check_url_policy", "fetch_url", "ip_literal", "parse_allow_list",
]
