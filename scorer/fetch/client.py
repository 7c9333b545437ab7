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
Decoding the body to text is `scorer.decode`'s job: `content_type` is passed through.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator, Sequence

import httpcore
import httpx

from ..config import Settings, get_settings
from ..page.decode import looks_binary
from ..errors import ScorerError


# --- errors ------------------------------------------------------------------------------------

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


# --- the result ----------------------------------------------------------------------------------

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
    content_type: str | None  # the Content-Type header as sent (with its charset): for scorer.decode
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


# --- policy ---------------------------------------------------------------------------------------

ALLOWED_SCHEMES = ("http", "https")
# Media types we score. Anything else (images, PDFs, JSON, octet-stream) is refused before
# its body is downloaded.
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Content-Encodings we decode with a bounded decoder; we only ask for these.
SUPPORTED_ENCODINGS = ("gzip", "x-gzip", "deflate")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Longer URLs are not article links; browsers and CDNs cap them around 2-8 KB.
MAX_URL_CHARS = 2048
USER_AGENT = "sourcing-scorer/0.1 (+self-hosted article sourcing-quality scorer)"
REQUEST_HEADERS = {
    "User-Agent": USER_AGENT,
    "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    "Accept-Encoding": "gzip, deflate",
}
# A host is a DNS name (letters, digits, hyphens, underscores, dots) or an IP literal.
_HOST_NAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_\-.]*[a-z0-9_])?\.?$")
# What inet_aton reads as an IPv4 address: one to four dot-separated decimal, octal or hex parts.
_INET_ATON_FORM = re.compile(r"^(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}\.?$", re.I)
# IPv6 prefixes that embed an IPv4 address a gateway would reach (RFC 6052 NAT64).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_SHARED_V4 = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: inside someone's network
# Names (and their subdomains) that only ever mean a machine on a local network: refused before
# any DNS lookup, unless allow-listed. Whatever a resolver answers for them, they are not public
# web pages, and refusing them by name lets a cache re-check them without DNS.
BLOCKED_NAMES = {
    "localhost": "a loopback name (RFC 6761)",  # resolvers answer it locally: 127.0.0.1, ::1
    "local": "a multicast-DNS name of the local link (RFC 6762)",
    "home.arpa": "a home-network name (RFC 8375)",
    "internal": "a private-use name (.internal)",  # reserved by ICANN in 2024; metadata.google.internal
}

Resolver = Callable[[str, int], Sequence[str]]


def parse_allow_list(text: str) -> frozenset[tuple[str, int | None]]:
    """`"127.0.0.1:8081, wiki.intranet"` -> {("127.0.0.1", 8081), ("wiki.intranet", None)}.

    Raises ValueError naming the bad entry (a misconfiguration must stop start-up)."""
    entries = set()
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        host, port_text = item, ""
        if item.startswith("["):  # [v6]:port
            host, _, rest = item[1:].partition("]")
            port_text = rest[1:] if rest.startswith(":") else ""
        elif item.count(":") == 1:
            host, _, port_text = item.partition(":")
        if not host or (port_text and not (port_text.isdigit() and 0 < int(port_text) < 65536)):
            raise ValueError(f"fetch_allow entry {item!r} is not host[:port]")
        entries.add((canonical_host(host), int(port_text) if port_text else None))
    return frozenset(entries)


def canonical_host(host: str) -> str:
    """Lower-case, no trailing dot; IP literals (in any inet_aton spelling) as their address."""
    host = host.strip().strip("[]").rstrip(".").lower()
    ip = ip_literal(host)
    return str(ip) if ip is not None else host


def ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address an IP-literal host names, read as inet_aton/inet_pton do; None for names.

    `2130706433`, `0x7f.1`, `0177.0.0.1` and `127.1` are all 127.0.0.1 to the C library, so
    they must be to the check too.
    """
    host = host.strip("[]")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    if _INET_ATON_FORM.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host.rstrip(".")))
        except OSError:
            return None
    return None


def blocked_reason(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why the service must not connect to `ip`, or None when it is a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return f"an IPv4-mapped IPv6 address (of {ip.ipv4_mapped})"
        embedded = _embedded_ipv4(ip)
        if embedded is not None and blocked_reason(embedded):
            return f"an IPv6 address embedding {embedded}, {blocked_reason(embedded)}"
    checks = (
        ("an unspecified address", ip.is_unspecified),
        ("a loopback address", ip.is_loopback),
        ("a link-local address", ip.is_link_local),
        ("a multicast address", ip.is_multicast),
        ("a reserved address", ip.is_reserved),
        ("a shared (carrier-grade NAT) address", isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED_V4),
        ("a site-local address", isinstance(ip, ipaddress.IPv6Address) and ip.is_site_local),
        ("a private address", ip.is_private),
        ("an address that is not globally routable", not ip.is_global),
    )
    for reason, hit in checks:
        if hit:
            return reason
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]  # the client's address
    if any(ip in net for net in _NAT64):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


# --- URL checks -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Target:
    url: httpx.URL
    host: str  # as httpx will connect to it (IDNA-encoded, lower case)
    port: int
    canonical: str  # canonical_host(host): what the allow-list and the messages use


def check_url(url: object) -> _Target:
    """Parse and check a URL's form (scheme, credentials, host, port) without any network I/O."""
    if not isinstance(url, str):
        raise UrlInvalidError(f"the URL must be a string, not {type(url).__name__}")
    text = url.strip()
    if not text:
        raise UrlInvalidError("the URL is empty")
    if len(text) > MAX_URL_CHARS:
        raise UrlInvalidError(f"the URL is {len(text):,} characters; the limit is {MAX_URL_CHARS:,}")
    if re.search(r"[\x00-\x20\x7f]", text):
        raise UrlInvalidError("the URL contains spaces or control characters")
    if re.search("[\ud800-\udfff]", text):  # JSON can carry a lone UTF-16 surrogate; no URL can
        raise UrlInvalidError("the URL is not valid Unicode (it contains a lone surrogate)")
    scheme = text.split(":", 1)[0].lower() if ":" in text else ""
    if not re.match(r"^[a-z][a-z0-9+.\-]*$", scheme) or "://" not in text:
        raise UrlInvalidError(f"not an absolute http(s) URL: {text[:200]!r}")
    if scheme not in ALLOWED_SCHEMES:
        raise UrlSchemeError(f"only http and https URLs are fetched, not {scheme}:")
    try:
        parsed = httpx.URL(text)
    except httpx.InvalidURL as exc:
        # httpx refuses some numeric spellings (leading-zero octets) that the C library reads as
        # an address: report those as what they are.
        _refuse_numeric_spelling(text)
        raise UrlInvalidError(f"invalid URL: {exc}") from exc
    if parsed.userinfo:
        raise UrlInvalidError("URLs with credentials (user:password@) are not fetched")
    host = parsed.raw_host.decode("ascii").lower()
    if not host:
        raise UrlInvalidError("the URL has no host")
    if ip_literal(host) is None:
        if not _HOST_NAME.match(host):
            raise UrlInvalidError(f"the URL's host is not a valid host name: {host[:100]!r}")
        # DNS limits (RFC 1035): no resolver can answer a longer name, so it is refused unsent.
        if len(host.rstrip(".")) > 253 or any(len(label) > 63 for label in host.rstrip(".").split(".")):
            raise UrlInvalidError(f"the URL's host is longer than DNS allows: {host[:100]!r}")
        # No top-level domain is numeric, so `1.2.3.4.5` or `0x7f.0x1.1.1.1` is a malformed
        # address, not a name: refuse it rather than hand it to a resolver.
        if _INET_ATON_FORM.match(host.rstrip(".").rsplit(".", 1)[-1]):
            raise UrlInvalidError(f"the URL's host {host[:100]!r} is neither an IP address nor a domain name")
    port = parsed.port if parsed.port is not None else (443 if parsed.scheme == "https" else 80)
    if not 0 < port < 65536:
        raise UrlInvalidError(f"the URL's port {port} is out of range")
    return _Target(url=parsed, host=host, port=port, canonical=canonical_host(host))


def _refuse_numeric_spelling(text: str) -> None:
    match = re.match(r"^[a-zA-Z]+://([^/?#:@]+)", text)
    if match and (ip := ip_literal(match.group(1).lower())) is not None and (reason := blocked_reason(ip)):
        raise AddressBlockedError(f"{match.group(1)} is {ip}, {reason}")


def _system_resolve(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return [str(info[4][0]) for info in infos]


def _resolve_before(resolver: Resolver, host: str, port: int, deadline: float) -> list[str]:
    """Run the resolver in a thread so a hung DNS server cannot outlast the fetch deadline."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["addresses"] = list(resolver(host, port))
        except Exception as exc:  # handed back to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=run, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(max(0.0, deadline - time.monotonic()))
    if worker.is_alive():
        raise FetchTimeoutError(f"resolving {host} took longer than the fetch deadline")
    if "error" in outcome:
        exc = outcome["error"]
        raise DnsFailureError(f"{host} could not be resolved: {exc}") from exc  # type: ignore[misc]
    addresses = list(dict.fromkeys(outcome.get("addresses") or []))  # type: ignore[call-overload]
    if not addresses:
        raise DnsFailureError(f"{host} resolved to no address")
    return addresses


def blocked_name_reason(host: str) -> str | None:
    """Why a host name is refused without resolving it (BLOCKED_NAMES), or None."""
    name = host.rstrip(".").lower()
    for suffix, reason in BLOCKED_NAMES.items():
        if name == suffix or name.endswith("." + suffix):
            return reason
    return None


def _is_allow_listed(target: _Target, allow: frozenset[tuple[str, int | None]]) -> bool:
    return (target.canonical, target.port) in allow or (target.canonical, None) in allow


def _precheck(target: _Target, allow: frozenset[tuple[str, int | None]]) -> bool:
    """The address policy as far as it is decided without DNS: raises AddressBlockedError for a
    blocked IP literal or name; True when the host is allow-listed (its addresses go unchecked)."""
    if _is_allow_listed(target, allow):
        return True
    if ip_literal(target.host) is not None:
        _check_addresses(target, [str(ip_literal(target.host))])
    elif (reason := blocked_name_reason(target.host)) is not None:
        raise AddressBlockedError(f"{target.host} is {reason}: not fetched (SCORER_FETCH_ALLOW exempts a host)")
    return False


def _check_addresses(target: _Target, addresses: Iterable[str]) -> None:
    """Refuse the target if any of its addresses is not public (raises AddressBlockedError)."""
    literal = ip_literal(target.host)
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError as exc:
            raise DnsFailureError(f"{target.host} resolved to a non-address {address!r}") from exc
        reason = blocked_reason(ip)
        if reason:
            if literal is None:
                what = f"{target.host} resolves to {ip}"
            else:
                what = target.host if target.host == str(ip) else f"{target.host} is {ip}"
            raise AddressBlockedError(f"{what}, {reason}: not fetched (SCORER_FETCH_ALLOW exempts a host)")


def _checked_addresses(target: _Target, allow: frozenset[tuple[str, int | None]],
                       resolver: Resolver, deadline: float) -> list[str]:
    """The addresses to connect to, each checked; raises AddressBlockedError."""
    allowed = _precheck(target, allow)
    literal = ip_literal(target.host)
    if literal is not None:
        return [str(literal)]  # checked by _precheck unless allow-listed
    addresses = _resolve_before(resolver, target.host, target.port, deadline)
    if not allowed:
        _check_addresses(target, addresses)
    return addresses


def check_url_policy(url: object, *, settings: Settings | None = None) -> None:
    """Everything `fetch_url` checks before resolving the host, with no network I/O: the URL's
    form and scheme (`check_url`), IP literals in any spelling, blocked names, the allow-list.
    Raises the error the fetch would (UrlInvalidError, UrlSchemeError, AddressBlockedError)."""
    settings = settings or get_settings()
    _precheck(check_url(url), parse_allow_list(settings.fetch_allow))


def check_fetch_record(hops: Sequence[CheckedHop], *, settings: Settings | None = None) -> None:
    """Re-apply the current policy to a fetch made earlier, from its record (`FetchedPage.hops`),
    with no network I/O: every hop's URL as `check_url_policy` does, and the addresses its host
    resolved to then, unless the host is allow-listed now. Raises the `FetchError` that refuses
    it — an empty record is refused too (nothing to check it against)."""
    settings = settings or get_settings()
    if not hops:
        raise AddressBlockedError("the fetch has no record of the addresses it was checked against")
    allow = parse_allow_list(settings.fetch_allow)
    for hop in hops:
        target = check_url(hop.url)
        if not _precheck(target, allow):
            if not hop.addresses:
                raise AddressBlockedError(f"the fetch of {target.canonical} recorded no address")
            _check_addresses(target, hop.addresses)


# --- the network backend: connect only to checked addresses, never past the deadline --------------

class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation times out at the fetch's one deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float):
        self._inner = inner
        self._deadline = deadline

    def _left(self, timeout: float | None, error: type[Exception]) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise error("the fetch deadline passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._left(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Connects a host name only to the addresses checked for it (no second DNS lookup)."""

    def __init__(self, deadline: float):
        self._deadline = deadline
        self._pins: dict[str, list[str]] = {}
        self.last_address = ""

    def pin(self, host: str, addresses: list[str]) -> None:
        self._pins[host] = addresses

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[object] | None = None) -> httpcore.NetworkStream:
        addresses = self._pins.get(host.lower())
        if not addresses:  # never happens through fetch_url; refuse rather than resolve
            raise AddressBlockedError(f"{host} was not checked before connecting")
        last_error: Exception | None = None
        for address in addresses:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise httpcore.ConnectTimeout("the fetch deadline passed")
            try:
                stream = httpcore.SyncBackend().connect_tcp(
                    address, port, timeout=left if timeout is None else min(timeout, left),
                    local_address=local_address, socket_options=socket_options)  # type: ignore[arg-type]
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_error = exc
                continue
            self.last_address = address
            return _DeadlineStream(stream, self._deadline)
        assert last_error is not None
        raise last_error

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[object] | None = None) -> httpcore.NetworkStream:
        raise AddressBlockedError("unix sockets are never fetched")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, stream: Iterable[bytes]):
        self._stream = stream

    def __iter__(self) -> Iterator[bytes]:
        yield from self._stream

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()


class _PinnedTransport(httpx.BaseTransport):
    """httpx transport over an httpcore pool whose network backend is a `_PinnedBackend`."""

    def __init__(self, backend: _PinnedBackend):
        self._pool = httpcore.ConnectionPool(ssl_context=_ssl_context(), network_backend=backend, retries=0,
                                             http1=True, http2=False, max_connections=4)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host, port=request.url.port,
                             target=request.url.raw_path),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        core_response = self._pool.handle_request(core_request)
        assert isinstance(core_response.stream, Iterable)
        return httpx.Response(status_code=core_response.status, headers=core_response.headers,
                              stream=_ResponseStream(core_response.stream), extensions=core_response.extensions)

    def close(self) -> None:
        self._pool.close()


_SSL_LOCK = threading.Lock()
_SSL_CONTEXT: ssl.SSLContext | None = None


def _ssl_context() -> ssl.SSLContext:
    """One verifying TLS context per process (building one reads the CA bundle: ~ms)."""
    global _SSL_CONTEXT
    with _SSL_LOCK:
        if _SSL_CONTEXT is None:
            _SSL_CONTEXT = httpx.create_ssl_context()
        return _SSL_CONTEXT


# --- bounded decoding ----------------------------------------------------------------------------------

class _BoundedDecoder:
    """gzip/deflate decoding that stops as soon as the output passes `limit` bytes.

    zlib's `max_length` bounds each call's output, so a bomb never inflates past the cap in
    memory: the unconsumed input waits in `unconsumed_tail`.
    """

    def __init__(self, encoding: str | None, limit: int):
        self.limit = limit
        self.size = 0
        self._parts: list[bytes] = []
        self._encoding = encoding
        self._raw_fallback = encoding == "deflate"  # "deflate" is zlib-wrapped, but some servers send raw
        self._z = self._new_decompressor()

    def _new_decompressor(self) -> "zlib._Decompress | None":
        if self._encoding is None:
            return None
        # 32 + MAX_WBITS: accept a gzip or a zlib header.
        return zlib.decompressobj(32 + zlib.MAX_WBITS)

    def _emit(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.limit:
            what = "after decompression " if self._encoding else ""
            raise BodyTooLargeError(f"the page is over {self.limit:,} bytes {what}(the fetch limit)")
        if data:
            self._parts.append(data)

    def feed(self, data: bytes) -> None:
        if self._z is None:
            self._emit(data)
            return
        while data:
            try:
                self._emit(self._z.decompress(data, self.limit - self.size + 1))
                while self._z.unconsumed_tail:
                    self._emit(self._z.decompress(self._z.unconsumed_tail, self.limit - self.size + 1))
            except zlib.error as exc:
                if self._raw_fallback and self.size == 0:
                    self._raw_fallback = False
                    self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise UpstreamInvalidError(f"the page's {self._encoding} encoding is corrupt: {exc}") from exc
            self._raw_fallback = False
            data = b""
            if self._z.eof and self._z.unused_data.strip():  # another gzip member follows
                data = self._z.unused_data
                self._z = self._new_decompressor()

    def finish(self) -> bytes:
        if self._z is not None:
            self._emit(self._z.flush())
        return b"".join(self._parts)


def _content_encoding(headers: httpx.Headers) -> str | None:
    values = [v.strip().lower() for value in headers.get_list("content-encoding") for v in value.split(",")]
    values = [v for v in values if v and v != "identity"]
    if not values:
        return None
    if len(values) > 1:
        raise UnsupportedEncodingError(f"stacked content encodings are refused: {', '.join(values)}")
    if values[0] not in SUPPORTED_ENCODINGS:
        raise UnsupportedEncodingError(f"the page is sent with content encoding {values[0]!r}, which was not asked for")
    return "gzip" if values[0] == "x-gzip" else values[0]


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def _charset(content_type: str | None) -> str | None:
    match = re.search(r"charset\s*=\s*[\"']?([a-zA-Z0-9_:.\-]+)", content_type or "", re.I)
    return match.group(1).lower() if match else None


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


__all__ = [
    "FetchedPage", "CheckedHop", "fetch_url", "check_url", "check_url_policy", "check_fetch_record",
    "blocked_reason", "blocked_name_reason", "ip_literal", "canonical_host", "parse_allow_list",
    "FetchError", "UrlInvalidError", "UrlSchemeError", "AddressBlockedError", "DnsFailureError",
    "ConnectionFailedError", "FetchTimeoutError", "TooManyRedirectsError", "UpstreamStatusError",
    "UpstreamInvalidError", "BodyTooLargeError", "UnsupportedContentTypeError", "UnsupportedEncodingError",
]
