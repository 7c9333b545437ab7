"""What a fetch returns: the page, and every hop it made with the addresses it was checked against
(so a cache can re-apply the policy later without DNS)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckedHop:
    """One request of a fetch (the first URL or a redirect target) and what it was checked against."""

    url: str
    addresses: tuple[str, ...]  # every address the host resolved to (or its literal), as checked and pinned


@dataclass(frozen=True)
class FetchedPage:
    """One fetched page: its final URL after redirects and its body, content-decoded."""

    url: str  # the final URL, after redirects
    status: int
    content_type: str | None  # the Content-Type header as sent (with its charset): for scorer.page.decode
    body: bytes  # after gzip/deflate decoding; still in the page's own charset
    charset: str | None = None  # the charset the header declared, if any (pages lie: decode checks it)
    content_encoding: str | None = None  # "gzip", "deflate" or None
    elapsed: float = 0.0  # seconds, DNS to last byte, all hops
    redirects: tuple[str, ...] = ()  # the URLs redirected from, in order
    address: str = ""  # the IP address the final response came from
    requested_url: str = ""
    hops: tuple[CheckedHop, ...] = ()  # every request made, in order (the last is `url`): for check_fetch_record

    def __post_init__(self) -> None:
        if not self.requested_url:
            object.__setattr__(self, "requested_url", self.redirects[0] if self.redirects else self.url)
