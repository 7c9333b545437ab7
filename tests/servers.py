"""A real HTTP page server on 127.0.0.1 for the fetch and service tests: normal and hostile pages.

    with PageServer() as pages:
        fetch_url(pages.url("/article"), settings=Settings(fetch_allow=pages.allow))

Every hostile page stops when the client goes away or the server stops, so no test waits on it.
"""
from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE_HTML = (FIXTURES / "well_sourced.html").read_bytes()
# A small UTF-8 article whose header claims Latin-1 (real pages lie about their charset).
MISLABELLED_HTML = (
    "<html><head><title>Zürich council votes</title></head><body><article><h1>Zürich council votes</h1>"
    + "".join(f"<p>Paragraph {i}: the council in Zürich voted on the café tax, the mayor's office said on "
              f"Monday, according to the minutes seen by reporters.</p>" for i in range(8))
    + "</article></body></html>").encode("utf-8")
PNG_BYTES = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
             b"\x89\x00\x00\x00\rIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00\x00\x00\x00IEND\xaeB`\x82") * 40
BIG_BYTES = 40 * 1024 * 1024  # the "40 MB"
BOMB_BYTES = 64 * 1024 * 1024  # decodes to 64 MB from ~64 KB on the wire


@lru_cache(maxsize=1)
def gzip_bomb() -> bytes:
    return gzip.compress(b" " * BOMB_BYTES, compresslevel=9)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


Route = Callable[["_Handler"], None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "_Server"

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = self.path.split("?", 1)[0]
        self.server.hits.append(path)
        self.server.hosts.append(self.headers.get("Host", ""))
        route = self.server.routes.get(path)
        if route is None:
            self.send_page(b"<html><body><p>not here</p></body></html>", status=404)
            return
        try:
            route(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up, as it should on a hostile page

    def send_page(self, body: bytes, *, status: int = 200, content_type: str | None = "text/html; charset=utf-8",
                  headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if content_type is not None:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_page(b"", status=status, headers={"Location": location})

    def stream_until_closed(self, chunks, *, content_type: str = "text/html", length: int | None = None,
                            pause: float = 0.0) -> None:
        """Headers, then chunks (close-delimited unless `length`), until done, refused or stopped."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if length is None:
            self.send_header("Connection", "close")
            self.close_connection = True
        else:
            self.send_header("Content-Length", str(length))
        self.end_headers()
        for chunk in chunks:
            if self.server.stopping.is_set():
                return
            self.wfile.write(chunk)
            self.wfile.flush()
            if pause and self.server.stopping.wait(pause):
                return


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up on a hostile page is the expected outcome


def _big_chunks(total: int):
    yield b"<html><body><p>"
    sent = 15
    block = b"a" * 65536
    while sent < total:
        yield block
        sent += len(block)


def standard_routes(port_of_other_server: int) -> dict[str, Route]:
    """Normal and hostile pages. `port_of_other_server` is a local port that is not allow-listed."""

    def article(h: _Handler) -> None:
        h.send_page(ARTICLE_HTML)

    def article_gzip(h: _Handler) -> None:
        h.send_page(gzip.compress(ARTICLE_HTML), headers={"Content-Encoding": "gzip"})

    def article_deflate(h: _Handler) -> None:
        h.send_page(zlib.compress(ARTICLE_HTML), headers={"Content-Encoding": "deflate"})

    def article_raw_deflate(h: _Handler) -> None:
        packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        h.send_page(packer.compress(ARTICLE_HTML) + packer.flush(), headers={"Content-Encoding": "deflate"})

    def article_no_type(h: _Handler) -> None:
        h.send_page(ARTICLE_HTML, content_type=None)

    def xhtml(h: _Handler) -> None:
        h.send_page(ARTICLE_HTML, content_type="application/xhtml+xml")

    def mislabelled(h: _Handler) -> None:
        h.send_page(MISLABELLED_HTML, content_type="text/html; charset=iso-8859-1")

    def big_declared(h: _Handler) -> None:
        h.stream_until_closed(_big_chunks(BIG_BYTES), length=BIG_BYTES)

    def big_undeclared(h: _Handler) -> None:
        h.stream_until_closed(_big_chunks(BIG_BYTES))

    def bomb(h: _Handler) -> None:
        h.send_page(gzip_bomb(), headers={"Content-Encoding": "gzip"})

    def double_gzip(h: _Handler) -> None:
        h.send_page(gzip.compress(gzip.compress(ARTICLE_HTML)), headers={"Content-Encoding": "gzip, gzip"})

    def brotli(h: _Handler) -> None:
        h.send_page(b"\x1b\x00\x00", headers={"Content-Encoding": "br"})

    def drip(h: _Handler) -> None:  # one byte a second, for two minutes
        h.stream_until_closed(((b"<p>" + b"x" * 200)[i:i + 1] for i in range(120)), pause=1.0)

    def silent(h: _Handler) -> None:  # accepts, then says nothing
        h.server.stopping.wait(120)

    def slow_ok(h: _Handler) -> None:  # a legitimate slow server: two seconds, then the article
        if not h.server.stopping.wait(2.0):
            h.send_page(ARTICLE_HTML)

    def png(h: _Handler) -> None:
        h.send_page(PNG_BYTES, content_type="image/png")

    def pdf(h: _Handler) -> None:
        h.send_page(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"\x00" * 2000, content_type="application/pdf")

    def octet(h: _Handler) -> None:
        h.send_page(PNG_BYTES, content_type="application/octet-stream")

    def binary_untyped(h: _Handler) -> None:
        h.send_page(PNG_BYTES, content_type=None)

    def binary_as_html(h: _Handler) -> None:
        h.send_page(PNG_BYTES, content_type="text/html")

    def empty(h: _Handler) -> None:
        h.send_page(b"")

    def not_found(h: _Handler) -> None:
        h.send_page(b"<html><body>gone</body></html>", status=404)

    def server_error(h: _Handler) -> None:
        h.send_page(b"<html><body>oops</body></html>", status=500)

    def garbage(h: _Handler) -> None:
        h.close_connection = True
        h.wfile.write(b"THIS IS NOT HTTP\r\n\r\n")

    routes: dict[str, Route] = {
        "/article": article, "/article-gzip": article_gzip, "/article-deflate": article_deflate,
        "/article-raw-deflate": article_raw_deflate, "/article-no-type": article_no_type, "/xhtml": xhtml,
        "/mislabelled-charset": mislabelled, "/big-declared": big_declared, "/big-undeclared": big_undeclared,
        "/gzip-bomb": bomb, "/double-gzip": double_gzip, "/brotli": brotli, "/drip": drip,
        "/silent": silent, "/slow-ok": slow_ok, "/png": png, "/pdf": pdf, "/octet": octet,
        "/binary-untyped": binary_untyped, "/binary-as-html": binary_as_html, "/empty": empty,
        "/404": not_found, "/500": server_error, "/garbage": garbage,
        # redirects
        "/redirect-to-article": lambda h: h.redirect("/article"),
        "/redirect-absolute": lambda h: h.redirect(h.server.base + "/article", 301),
        "/redirect-metadata": lambda h: h.redirect("http://169.254.169.254/latest/meta-data/"),
        "/redirect-private": lambda h: h.redirect("http://10.0.0.1/admin"),
        "/redirect-localhost": lambda h: h.redirect(f"http://localhost:{h.server.server_port}/article"),
        "/redirect-decimal": lambda h: h.redirect(f"http://2130706433:{h.server.server_port}/article"),
        "/redirect-other-port": lambda h: h.redirect(f"http://127.0.0.1:{port_of_other_server}/article"),
        "/redirect-ftp": lambda h: h.redirect("ftp://files.example/article"),
        "/redirect-loop": lambda h: h.redirect("/redirect-loop"),
        "/redirect-pingpong-a": lambda h: h.redirect("/redirect-pingpong-b"),
        "/redirect-pingpong-b": lambda h: h.redirect("/redirect-pingpong-a"),
        "/redirect-bad-location": lambda h: h.redirect("http://[::1/broken"),
    }
    for hops in range(1, 9):  # /chain/N redirects N times, then serves the article
        routes[f"/chain/{hops}"] = (lambda n: lambda h: h.redirect(f"/chain/{n - 1}" if n > 1 else "/article"))(hops)
    return routes


class PageServer:
    """A threaded HTTP server on 127.0.0.1 (a free port) serving `standard_routes()`."""

    def __init__(self, routes: dict[str, Route] | None = None):
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.stopping = threading.Event()
        self._server.hits = []
        self._server.hosts = []
        self.port = self._server.server_port
        self._server.base = f"http://127.0.0.1:{self.port}"
        self.other_port = free_port()  # nothing listens there, and it is not allow-listed
        self._server.routes = routes if routes is not None else standard_routes(self.other_port)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="page-server", daemon=True)

    @property
    def allow(self) -> str:
        """The SCORER_FETCH_ALLOW entry for this server."""
        return f"127.0.0.1:{self.port}"

    @property
    def hits(self) -> list[str]:
        return self._server.hits

    @property
    def hosts(self) -> list[str]:
        return self._server.hosts

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> "PageServer":
        gzip_bomb()  # build the bomb before any deadline starts
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()
