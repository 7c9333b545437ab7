"""scorer.fetch against a real page server on 127.0.0.1: normal pages, hostile pages, SSRF vectors.

The page server is itself on 127.0.0.1, which the fetcher refuses by default: the tests that
fetch allow-list exactly its host:port, and the SSRF tests point every vector at its port so a
leak would really fetch a page (and fail the test) rather than fail to connect.
"""
from __future__ import annotations

import dataclasses
import gzip
import ipaddress
import socket
import time

import httpcore
import pytest

from scorer.config import Settings
from scorer.fetch.transport import _BoundedDecoder, _DeadlineStream
from scorer.fetch import (
    AddressBlockedError, BodyTooLargeError, ConnectionFailedError, DnsFailureError, FetchedPage, FetchTimeoutError,
    TooManyRedirectsError, UnsupportedContentTypeError, UnsupportedEncodingError, UpstreamInvalidError,
    UpstreamStatusError, UrlInvalidError, UrlSchemeError, blocked_reason, canonical_host, check_url,
    fetch_url, ip_literal, parse_allow_list,
)
from scorer.page.decode import decode_html

from servers import ARTICLE_HTML, PageServer


@pytest.fixture(scope="module")
def pages():
    with PageServer() as server:
        yield server


@pytest.fixture
def allowed(pages) -> Settings:
    """Settings that allow-list the page server (and a short deadline for the slow pages)."""
    return Settings(fetch_allow=pages.allow, fetch_timeout_s=3.0)


# --- normal pages ------------------------------------------------------------------------------------------

def test_fetches_an_allow_listed_page(pages, allowed):
    page = fetch_url(pages.url("/article"), settings=allowed)
    assert isinstance(page, FetchedPage)
    assert page.body == ARTICLE_HTML
    assert page.status == 200
    assert page.url == pages.url("/article")
    assert page.content_type == "text/html; charset=utf-8"
    assert page.charset == "utf-8"
    assert page.address == "127.0.0.1"
    assert page.redirects == ()
    assert page.elapsed > 0


@pytest.mark.parametrize("path, encoding", [("/article-gzip", "gzip"), ("/article-deflate", "deflate"),
                                            ("/article-raw-deflate", "deflate")])
def test_decodes_compressed_pages(pages, allowed, path, encoding):
    page = fetch_url(pages.url(path), settings=allowed)
    assert page.body == ARTICLE_HTML
    assert page.content_encoding == encoding


@pytest.mark.parametrize("path", ["/xhtml", "/article-no-type"])
def test_accepts_xhtml_and_untyped_html(pages, allowed, path):
    assert fetch_url(pages.url(path), settings=allowed).body == ARTICLE_HTML


def test_mislabelled_charset_is_passed_through_and_decoded_right(pages, allowed):
    page = fetch_url(pages.url("/mislabelled-charset"), settings=allowed)
    assert page.charset == "iso-8859-1"  # what the header claimed
    text = decode_html(page.body, content_type=page.content_type)  # what score_html does with it
    assert "Zürich council votes" in text and "ZÃ¼rich" not in text  # the bytes are UTF-8, not Latin-1


def test_allow_list_entry_without_port_allows_any_port(pages):
    page = fetch_url(pages.url("/article"), settings=Settings(fetch_allow="127.0.0.1"))
    assert page.body == ARTICLE_HTML


# --- redirects -------------------------------------------------------------------------------------------------

def test_follows_relative_and_absolute_redirects(pages, allowed):
    page = fetch_url(pages.url("/redirect-to-article"), settings=allowed)
    assert page.url == pages.url("/article") and page.body == ARTICLE_HTML
    assert page.redirects == (pages.url("/redirect-to-article"),)
    assert page.requested_url == pages.url("/redirect-to-article")
    assert fetch_url(pages.url("/redirect-absolute"), settings=allowed).url == pages.url("/article")


def test_follows_up_to_the_redirect_limit(pages, allowed):
    page = fetch_url(pages.url("/chain/5"), settings=allowed)
    assert page.body == ARTICLE_HTML and len(page.redirects) == 5
    with pytest.raises(TooManyRedirectsError, match="more than 5 redirects"):
        fetch_url(pages.url("/chain/6"), settings=allowed)
    with pytest.raises(TooManyRedirectsError):
        fetch_url(pages.url("/chain/2"), settings=dataclasses.replace(allowed, fetch_max_redirects=1))


@pytest.mark.parametrize("path", ["/redirect-loop", "/redirect-pingpong-a"])
def test_redirect_loops_are_refused(pages, allowed, path):
    with pytest.raises(TooManyRedirectsError, match="loop"):
        fetch_url(pages.url(path), settings=allowed)


@pytest.mark.parametrize("path, reason", [
    ("/redirect-metadata", "link-local"),  # the cloud metadata endpoint
    ("/redirect-private", "private"),
    ("/redirect-localhost", "loopback"),  # same server, by a name that is not allow-listed
    ("/redirect-other-port", "loopback"),  # another port of the allow-listed host
])
def test_every_redirect_is_rechecked(pages, allowed, path, reason):
    before = len(pages.hits)
    with pytest.raises(AddressBlockedError, match=reason):
        fetch_url(pages.url(path), settings=allowed)
    assert pages.hits[before:] == [path]  # the redirect target was never requested


def test_the_allow_list_names_an_address_whatever_its_spelling(pages, allowed):
    # /redirect-decimal goes to http://2130706433:<port>/article: the allow-listed 127.0.0.1:<port>.
    assert fetch_url(pages.url("/redirect-decimal"), settings=allowed).body == ARTICLE_HTML


def test_redirect_to_another_scheme_is_refused(pages, allowed):
    with pytest.raises(UrlSchemeError):
        fetch_url(pages.url("/redirect-ftp"), settings=allowed)


def test_redirect_to_a_broken_url_is_an_upstream_error(pages, allowed):
    with pytest.raises((UpstreamInvalidError, UrlInvalidError)):
        fetch_url(pages.url("/redirect-bad-location"), settings=allowed)


# --- hostile pages -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/big-declared", "/big-undeclared"])
def test_a_40_mb_page_is_cut_off_at_the_byte_cap(pages, allowed, path):
    with pytest.raises(BodyTooLargeError, match="5,242,880"):
        fetch_url(pages.url(path), settings=allowed)


def test_a_gzip_bomb_is_stopped_while_decoding(pages, allowed):
    with pytest.raises(BodyTooLargeError, match="after decompression"):
        fetch_url(pages.url("/gzip-bomb"), settings=allowed)


def test_the_decoder_never_holds_more_than_the_cap():
    bomb = gzip.compress(b"\0" * (20 * 1024 * 1024))
    decoder = _BoundedDecoder("gzip", 1024 * 1024)
    with pytest.raises(BodyTooLargeError):
        decoder.feed(bomb)
    assert decoder.size <= 1024 * 1024 + 1  # it stopped one byte past the cap, not at 20 MB


def test_the_decoder_reads_multi_member_gzip():
    decoder = _BoundedDecoder("gzip", 1000)
    decoder.feed(gzip.compress(b"<p>one</p>") + gzip.compress(b"<p>two</p>"))
    assert decoder.finish() == b"<p>one</p><p>two</p>"


@pytest.mark.parametrize("path", ["/double-gzip", "/brotli"])
def test_unrequested_or_stacked_encodings_are_refused(pages, allowed, path):
    with pytest.raises(UnsupportedEncodingError):
        fetch_url(pages.url(path), settings=allowed)


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/drip", "/silent"])
def test_one_deadline_stops_slow_drip_and_silent_servers(pages, path):
    # /drip sends a byte a second for two minutes: each read is quick, so only a deadline for the
    # whole fetch stops it. /silent accepts the request and never answers.
    settings = Settings(fetch_allow=pages.allow, fetch_timeout_s=1.5)
    with pytest.raises(FetchTimeoutError):
        fetch_url(pages.url(path), settings=settings)


class _RecordingStream(httpcore.NetworkStream):
    def __init__(self):
        self.timeouts = []

    def read(self, max_bytes, timeout=None):
        self.timeouts.append(timeout)
        return b"x"

    def write(self, buffer, timeout=None):
        self.timeouts.append(timeout)

    def close(self):
        pass


def test_every_socket_operation_is_clamped_to_the_deadline():
    inner = _RecordingStream()
    stream = _DeadlineStream(inner, deadline=time.monotonic() + 5.0)
    stream.read(10, timeout=None)  # httpx would wait forever
    stream.read(10, timeout=60.0)  # or a full per-read timeout
    stream.write(b"x", timeout=60.0)
    assert all(t is not None and t <= 5.0 for t in inner.timeouts)
    expired = _DeadlineStream(inner, deadline=time.monotonic() - 0.001)
    with pytest.raises(httpcore.ReadTimeout):
        expired.read(10, timeout=60.0)
    with pytest.raises(httpcore.WriteTimeout):
        expired.write(b"x", timeout=60.0)


@pytest.mark.parametrize("path, what", [("/png", "image/png"), ("/pdf", "application/pdf"),
                                        ("/octet", "application/octet-stream"), ("/binary-untyped", "binary")])
def test_non_html_is_refused(pages, allowed, path, what):
    with pytest.raises(UnsupportedContentTypeError, match=what):
        fetch_url(pages.url(path), settings=allowed)


@pytest.mark.parametrize("path, status", [("/404", 404), ("/500", 500)])
def test_error_statuses_are_upstream_errors(pages, allowed, path, status):
    with pytest.raises(UpstreamStatusError) as caught:
        fetch_url(pages.url(path), settings=allowed)
    assert caught.value.status == status


def test_a_server_that_does_not_speak_http(pages, allowed):
    with pytest.raises(UpstreamInvalidError):
        fetch_url(pages.url("/garbage"), settings=allowed)


def test_nothing_listening_is_a_connection_failure(pages):
    settings = Settings(fetch_allow=f"127.0.0.1:{pages.other_port}", fetch_timeout_s=3.0)
    with pytest.raises(ConnectionFailedError):
        fetch_url(f"http://127.0.0.1:{pages.other_port}/", settings=settings)


# --- DNS: resolved once, every answer checked, connection pinned to it --------------------------------------

def test_dns_failure_is_reported(allowed):
    def no_dns(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    with pytest.raises(DnsFailureError, match="news.example"):
        fetch_url("https://news.example/story", settings=allowed, resolver=no_dns)


def test_a_name_resolving_to_a_private_address_is_refused(pages, allowed):
    calls = []

    def rebinding(host: str, port: int) -> list[str]:
        calls.append(host)
        return ["93.184.216.34", "127.0.0.1"]  # one public answer does not excuse a private one

    with pytest.raises(AddressBlockedError, match="news.example resolves to 127.0.0.1"):
        fetch_url(f"http://news.example:{pages.port}/article", settings=allowed, resolver=rebinding)
    assert calls == ["news.example"]


def test_the_connection_goes_to_the_checked_address_with_the_real_host_name(pages):
    calls = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append((host, port))
        return ["127.0.0.1"]

    # news.example does not resolve on this machine: the page can only arrive if the connection
    # went to the address the check saw, with no second lookup.
    settings = Settings(fetch_allow=f"news.example:{pages.port}", fetch_timeout_s=3.0)
    page = fetch_url(f"http://news.example:{pages.port}/article", settings=settings, resolver=resolver)
    assert page.body == ARTICLE_HTML
    assert calls == [("news.example", pages.port)]
    assert pages.hosts[-1] == f"news.example:{pages.port}"


# --- SSRF: every vector refused by default, before any connection ---------------------------------------------

SSRF_VECTORS = [
    ("loopback", "http://127.0.0.1:{port}/article"),
    ("loopback-name", "http://localhost:{port}/article"),
    ("decimal", "http://2130706433:{port}/article"),
    ("hex", "http://0x7f.1:{port}/article"),
    ("hex-dotted", "http://0x7f.0x0.0x0.0x1:{port}/article"),
    ("octal", "http://0177.0.0.1:{port}/article"),
    ("short", "http://127.1:{port}/article"),
    ("v6-loopback", "http://[::1]:{port}/article"),
    ("v4-mapped", "http://[::ffff:127.0.0.1]:{port}/article"),
    ("v4-mapped-hex", "http://[::ffff:7f00:1]:{port}/article"),
    ("nat64", "http://[64:ff9b::7f00:1]:{port}/article"),
    ("6to4", "http://[2002:7f00:1::1]:{port}/article"),
    ("unspecified", "http://0.0.0.0:{port}/article"),
    ("zero", "http://0:{port}/article"),
    ("v6-unspecified", "http://[::]:{port}/article"),
    ("metadata", "http://169.254.169.254/latest/meta-data/"),
    ("private-10", "http://10.0.0.1/"),
    ("private-172", "http://172.16.5.4/"),
    ("private-192", "http://192.168.1.1/"),
    ("shared-cgnat", "http://100.64.0.1/"),
    ("multicast", "http://224.0.0.1/"),
    ("reserved", "http://240.0.0.1/"),
    ("broadcast", "http://255.255.255.255/"),
    ("v6-unique-local", "http://[fc00::1]/"),
    ("v6-unique-local-fd", "http://[fd12:3456::1]/"),
    ("v6-link-local", "http://[fe80::1]/"),
    ("v6-link-local-zone", "http://[fe80::1%25eth0]/"),
    ("v6-multicast", "http://[ff02::1]/"),
    ("trailing-dot", "http://127.0.0.1.:{port}/article"),
]


@pytest.mark.parametrize("url", [u for _, u in SSRF_VECTORS], ids=[name for name, _ in SSRF_VECTORS])
def test_ssrf_vectors_are_refused_by_default(pages, url):
    before = len(pages.hits)
    with pytest.raises(AddressBlockedError):
        fetch_url(url.format(port=pages.port), settings=Settings(fetch_timeout_s=3.0))
    assert len(pages.hits) == before  # nothing reached the server


def test_the_page_server_itself_is_refused_without_the_allow_list(pages):
    with pytest.raises(AddressBlockedError, match="loopback"):
        fetch_url(pages.url("/article"), settings=Settings())


def test_the_allow_list_is_per_port(pages):
    with pytest.raises(AddressBlockedError):
        fetch_url(pages.url("/article"), settings=Settings(fetch_allow=f"127.0.0.1:{pages.port + 1}"))


# --- URL form ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("url, error", [
    ("", UrlInvalidError),
    ("   ", UrlInvalidError),
    (None, UrlInvalidError),
    (42, UrlInvalidError),
    ("example.com/story", UrlInvalidError),
    ("/relative/path", UrlInvalidError),
    ("javascript:alert(1)", UrlInvalidError),
    ("file:///etc/passwd", UrlSchemeError),
    ("ftp://example.com/file", UrlSchemeError),
    ("gopher://127.0.0.1:6379/_INFO", UrlSchemeError),
    ("http://user:secret@example.com/", UrlInvalidError),
    ("http://example.com@127.0.0.1/", UrlInvalidError),
    ("http://exa mple.com/", UrlInvalidError),
    ("http://example.com/\x00", UrlInvalidError),
    ("http:///no-host", UrlInvalidError),
    ("http://example.com:0/", UrlInvalidError),
    ("http://example.com:99999/", UrlInvalidError),
    ("http://1.2.3.4.5/", UrlInvalidError),  # neither an address nor a name: never sent to DNS
    ("http://a.example/\ud800", UrlInvalidError),  # a lone surrogate (JSON can carry one)
    ("http://" + "a" * 64 + ".example/", UrlInvalidError),  # a DNS label is at most 63 characters
    ("http://" + "abcdefgh." * 30 + "example/", UrlInvalidError),  # a DNS name at most 253
    ("http://example.com/" + "a" * 3000, UrlInvalidError),
], ids=lambda v: repr(v)[:40] if not isinstance(v, type) else v.__name__)
def test_malformed_urls_are_refused_before_any_io(url, error):
    with pytest.raises(error):
        check_url(url)


def test_valid_urls_pass_the_form_check():
    target = check_url("HTTPS://Example.COM/a?b=c#frag")
    assert (target.host, target.port, target.canonical) == ("example.com", 443, "example.com")
    assert check_url("http://例え.jp/").host == "xn--r8jz45g.jp"


# --- the address policy and allow-list parsing ----------------------------------------------------------------------

@pytest.mark.parametrize("address", ["8.8.8.8", "93.184.216.34", "2606:4700:4700::1111", "2a00:1450:4001:80b::200e"])
def test_public_addresses_are_allowed(address):
    assert blocked_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize("host, address", [("2130706433", "127.0.0.1"), ("0x7f.1", "127.0.0.1"),
                                           ("0177.0.0.1", "127.0.0.1"), ("127.1", "127.0.0.1"),
                                           ("0", "0.0.0.0"), ("::ffff:127.0.0.1", "::ffff:7f00:1"),
                                           ("example.com", None), ("1e100.net", None)])
def test_ip_literals_are_read_as_the_c_library_reads_them(host, address):
    ip = ip_literal(host)
    assert (str(ip) if ip else None) == address


def test_allow_list_parsing():
    assert parse_allow_list(" 127.0.0.1:8081, Wiki.Intranet. ,[::1]:9000,,0x7f.1:80") == {
        ("127.0.0.1", 8081), ("wiki.intranet", None), ("::1", 9000), ("127.0.0.1", 80)}
    assert canonical_host("[::1]") == "::1"
    for bad in ("host:http", "host:0", "host:70000", ":80", "[::1]:x"):
        with pytest.raises(ValueError, match="not host"):
            parse_allow_list(bad)
