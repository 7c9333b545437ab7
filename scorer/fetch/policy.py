"""The fetch policy: which URLs, hosts and addresses may be fetched (SSRF rules), usable without
fetching. `check_url_policy` applies everything that needs no DNS (form, scheme, literal addresses,
blocked names, the allow-list); `check_fetch_record` re-applies the current policy to a fetch made
earlier, from the addresses it recorded."""
from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import httpx

from .. import __version__
from ..config import Settings, get_settings
from .errors import AddressBlockedError, DnsFailureError, FetchTimeoutError, UrlInvalidError, UrlSchemeError
from .results import CheckedHop

ALLOWED_SCHEMES = ("http", "https")
# Media types we score. Anything else (images, PDFs, JSON, octet-stream) is refused before
# its body is downloaded.
HTML_MEDIA_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Content-Encodings we decode with a bounded decoder; we only ask for these.
SUPPORTED_ENCODINGS = ("gzip", "x-gzip", "deflate")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# Longer URLs are not article links; browsers and CDNs cap them around 2-8 KB.
MAX_URL_CHARS = 2048
USER_AGENT = f"sourcing-scorer/{__version__} (+self-hosted article sourcing-quality scorer)"
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
        except Exception as exc:  # noqa: BLE001 - handed back to the caller below
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
