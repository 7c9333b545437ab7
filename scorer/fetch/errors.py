"""Why a fetch was refused or failed: `FetchError` subclasses, each with a stable `code` that the CLI
and the HTTP API report."""
from __future__ import annotations

from ..errors import ScorerError


class FetchError(ScorerError):
    """A URL could not or would not be fetched."""

    code = "fetch_error"


class UrlInvalidError(FetchError):
    code = "url_invalid"


class UrlSchemeError(FetchError):
    code = "url_scheme"


class AddressBlockedError(FetchError):
    """The host is, or resolves to, an address the service must not reach (SSRF)."""

    code = "address_blocked"


class DnsFailureError(FetchError):
    code = "dns_failure"


class ConnectionFailedError(FetchError):
    code = "connection_failed"


class FetchTimeoutError(FetchError):
    code = "fetch_timeout"


class TooManyRedirectsError(FetchError):
    code = "too_many_redirects"


class UpstreamStatusError(FetchError):
    """The page's server answered with an error status (4xx, 5xx, or an unfollowable 3xx)."""

    code = "upstream_status"

    def __init__(self, message: str, *, status: int):
        super().__init__(message)
        self.status = status


class UpstreamInvalidError(FetchError):
    """The page's server answered with something that is not valid HTTP."""

    code = "upstream_invalid"


class BodyTooLargeError(FetchError):
    code = "body_too_large"


class UnsupportedContentTypeError(FetchError):
    code = "unsupported_content_type"


class UnsupportedEncodingError(FetchError):
    code = "unsupported_content_encoding"
