"""URL -> FetchedPage. The only module that touches the network, and safe to expose to strangers.

A service that fetches any URL a stranger sends is an SSRF hole unless built otherwise. Here
every hop of a fetch is checked the same way before a byte is sent:

1. The URL is parsed once, by httpx (the parser whose result is also used to connect, so the
   check and the connection can never disagree about the host); only http and https, no
   credentials, a plain host name or IP literal.
2. The host is resolved once (IP literals in any inet_aton spelling — `2130706433`, `0x7f.1`,
   `0177.0.0.1`, `127.1` — are read as the address they name), and every address is checked:
   loopback, private, link-local (169.254.169.254), multicast, reserved, unspecified,
   shared (100.64/10), IPv6 unique-local and link-local, IPv4-mapped and IPv4-embedding IPv6
   (6to4, Teredo, NAT64) are refused unless the host is on the `fetch_allow` list.
3. The connection goes to exactly the checked addresses: the network backend below connects
   only to addresses pinned for the host by step 2, so there is no second DNS lookup an
   attacker could answer differently (DNS rebinding). TLS still verifies the certificate
   against the host name.
4. Redirects are followed by hand, each new URL going through steps 1-3 (at most
   `fetch_max_redirects` hops; a loop is reported as such).
5. The body is streamed with a cap on the bytes received and on the bytes after gzip/deflate
   decoding (a gzip bomb is stopped as soon as it decodes past the cap, never inflated whole),
   under one deadline for the whole fetch: every socket operation's timeout is clamped to the
   time left, so a server dripping a byte a second is cut off at the deadline.
6. Only HTML (`text/html`, `application/xhtml+xml`) is accepted; images, PDFs and other binary
   payloads are refused before their body is read.

The policy (steps 1-2) is also usable without fetching: `check_url_policy` applies everything
that needs no DNS (form, scheme, literal addresses, blocked names, the allow-list), and
`check_fetch_record` re-applies the current policy to a fetch made earlier, from the addresses
it recorded (`FetchedPage.hops`), so a cache can re-check an entry without a new lookup.

Each refusal is a `FetchError` subclass with a stable `code` the CLI and the HTTP API report.
Decoding the body to text is `scorer.page.decode`'s job: `content_type` is passed through.
"""
from __future__ import annotations

import time

import httpcore
import httpx

from ..config import Settings, get_settings
from ..page.decode import looks_binary
from .errors import (
    BodyTooLargeError,
    ConnectionFailedError,
    FetchError,
    FetchTimeoutError,
    TooManyRedirectsError,
    UnsupportedContentTypeError,
    UpstreamInvalidError,
    UpstreamStatusError,
    UrlInvalidError,
)
from .policy import (
    HTML_MEDIA_TYPES,
    REDIRECT_STATUSES,
    REQUEST_HEADERS,
    Resolver,
    _checked_addresses,
    _system_resolve,
    check_url,
    parse_allow_list,
)
from .results import CheckedHop, FetchedPage
from .transport import _BoundedDecoder, _charset, _content_encoding, _media_type, _PinnedBackend, _PinnedTransport

# --- the fetch --------------------------------------------------------------------------------------------

def fetch_url(url: str, *, settings: Settings | None = None, resolver: Resolver | None = None) -> FetchedPage:
    """Fetch one HTML page safely (see the module docstring). Raises a `FetchError` subclass.

    `resolver(host, port) -> [address, ...]` replaces the system resolver (tests, custom DNS);
    its answers are checked like the system's.
    """
    settings = settings or get_settings()
    started = time.monotonic()
    deadline = started + settings.fetch_timeout_s
    allow = parse_allow_list(settings.fetch_allow)
    resolver = resolver or _system_resolve
    backend = _PinnedBackend(deadline)
    redirects: list[str] = []
    hops: list[CheckedHop] = []
    seen: set[str] = set()
    current = url
    with httpx.Client(transport=_PinnedTransport(backend), follow_redirects=False, trust_env=False,
                      timeout=settings.fetch_timeout_s, headers=REQUEST_HEADERS) as client:
        while True:
            target = check_url(current)
            addresses = _checked_addresses(target, allow, resolver, deadline)
            backend.pin(target.host, addresses)
            hops.append(CheckedHop(url=str(target.url), addresses=tuple(addresses)))
            try:
                with client.stream("GET", target.url) as response:
                    if response.status_code in REDIRECT_STATUSES and "location" in response.headers:
                        next_url = _redirect_target(response)
                        redirects.append(str(target.url))
                        seen.add(str(target.url))
                        if next_url in seen:
                            raise TooManyRedirectsError(f"redirect loop: {next_url} redirects back to itself")
                        if len(redirects) > settings.fetch_max_redirects:
                            raise TooManyRedirectsError(
                                f"more than {settings.fetch_max_redirects} redirects (last to {next_url[:200]})")
                        current = next_url
                        continue
                    body = _read_body(response, settings, deadline)
                    return FetchedPage(
                        url=str(target.url), status=response.status_code,
                        content_type=response.headers.get("content-type"), body=body,
                        charset=_charset(response.headers.get("content-type")),
                        content_encoding=_content_encoding(response.headers),
                        elapsed=time.monotonic() - started, redirects=tuple(redirects),
                        address=backend.last_address, requested_url=url, hops=tuple(hops),
                    )
            except FetchError:
                raise
            except (httpcore.TimeoutException, httpx.TimeoutException) as exc:
                raise FetchTimeoutError(
                    f"{target.canonical} did not answer in full within {settings.fetch_timeout_s:g} s") from exc
            except (httpcore.ConnectError, httpx.ConnectError) as exc:
                raise ConnectionFailedError(f"could not connect to {target.canonical}:{target.port}: {exc}") from exc
            except (httpcore.ProtocolError, httpx.RemoteProtocolError, httpx.LocalProtocolError) as exc:
                raise UpstreamInvalidError(f"{target.canonical} sent an invalid HTTP response: {exc}") from exc
            except (httpcore.NetworkError, httpx.NetworkError) as exc:
                raise ConnectionFailedError(f"the connection to {target.canonical} broke: {exc}") from exc
            except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
                raise UrlInvalidError(f"invalid URL: {exc}") from exc
            except httpx.HTTPError as exc:
                raise ConnectionFailedError(f"fetching {target.canonical} failed: {exc}") from exc


def _redirect_target(response: httpx.Response) -> str:
    location = response.headers["location"].strip()
    try:
        next_url = response.url.join(location)
    except httpx.InvalidURL as exc:
        raise UpstreamInvalidError(f"the page redirected to an invalid URL {location[:200]!r}") from exc
    return str(next_url.copy_with(fragment=None))


def _read_body(response: httpx.Response, settings: Settings, deadline: float) -> bytes:
    status = response.status_code
    if not 200 <= status < 300:
        reason = response.reason_phrase or ""
        raise UpstreamStatusError(f"the page's server answered {status} {reason}".rstrip(), status=status)
    content_type = response.headers.get("content-type")
    media_type = _media_type(content_type)
    if media_type is not None and media_type not in HTML_MEDIA_TYPES:
        raise UnsupportedContentTypeError(f"the URL is {media_type}, not an HTML page")
    encoding = _content_encoding(response.headers)
    limit = settings.fetch_max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLargeError(f"the page is {int(declared):,} bytes; the fetch limit is {limit:,}")
    decoder = _BoundedDecoder(encoding, limit)
    received = 0
    for chunk in response.iter_raw():
        received += len(chunk)
        if received > limit:
            raise BodyTooLargeError(f"the page is over {limit:,} bytes (the fetch limit)")
        decoder.feed(chunk)
        if time.monotonic() > deadline:
            raise FetchTimeoutError(f"the page did not arrive in full within {settings.fetch_timeout_s:g} s")
    body = decoder.finish()
    if media_type is None and looks_binary(body):
        raise UnsupportedContentTypeError("the URL sent a binary payload with no content type, not an HTML page")
    return body
