"""The network layer of a fetch: an httpx transport whose backend connects only to the addresses the
policy checked and pinned for the host (no second DNS lookup: no DNS rebinding), clamps every socket
operation to the fetch's deadline, and decodes gzip/deflate with a cap (gzip bombs stop early)."""
from __future__ import annotations

import re
import ssl
import threading
import time
import zlib
from collections.abc import Iterable, Iterator

import httpcore
import httpx

from .errors import AddressBlockedError, BodyTooLargeError, UnsupportedEncodingError, UpstreamInvalidError
from .policy import SUPPORTED_ENCODINGS

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

    def _new_decompressor(self) -> zlib._Decompress | None:
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
        z = self._z
        if z is None:
            self._emit(data)
            return
        while data:
            try:
                self._emit(z.decompress(data, self.limit - self.size + 1))
                while z.unconsumed_tail:
                    self._emit(z.decompress(z.unconsumed_tail, self.limit - self.size + 1))
            except zlib.error as exc:
                if self._raw_fallback and self.size == 0:
                    self._raw_fallback = False
                    self._z = z = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise UpstreamInvalidError(f"the page's {self._encoding} encoding is corrupt: {exc}") from exc
            self._raw_fallback = False
            data = b""
            if z.eof and z.unused_data.strip():  # another gzip member follows
                data = z.unused_data
                self._z = z = zlib.decompressobj(32 + zlib.MAX_WBITS)

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
