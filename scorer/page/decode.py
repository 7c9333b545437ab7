"""Bytes to text: honour the BOM, then the declared charset, then detect.

The order is the HTML standard's "encoding sniffing algorithm": a byte-order mark first (it wins
over any declaration), then the transport's charset, then a `<meta>` in the first bytes. A meta
naming UTF-16 or UTF-32 is read as UTF-8, as the standard says: a page whose bytes its own ASCII
meta tag can be read in is not UTF-16 (a real UTF-16 page starts with a BOM, handled first).
Real pages lie about their charset (a "iso-8859-1" meta on a UTF-8 page is common), so a
declared charset is only trusted when the bytes decode cleanly under it.
"""
from __future__ import annotations

import codecs
import re

import charset_normalizer

from ..errors import EmptyInputError, NotHtmlError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">,
# looked for in the first 4 KB as browsers do (the HTML standard's prescan limit is 1024).
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([a-zA-Z0-9_:.\-]+)", re.I)
# Control bytes other than tab/newline/carriage return/form feed: text never has many.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


# What a `<meta>` naming a UTF-16/32 family encoding means on bytes without a BOM (the HTML standard,
# "prescan a byte stream", step "if charset is UTF-16BE/LE, set it to UTF-8"; UTF-32 likewise, since
# browsers do not decode it at all).
_META_WIDE_MEANS = "utf-8"
_WIDE_CODECS = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})

_LATIN_FAMILY = {"cp1250", "cp1252", "cp1257", "iso8859-1", "latin-1", "iso8859-2", "iso8859-15", "iso8859-4",
                 "iso8859-13", "mac-roman", "mac-latin2", "cp850", "cp437", None}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """True for images, archives and other non-text payloads (checked on the first 8 KB)."""
    head = data[:8192]
    if not head:
        return False
    return len(_BINARY_BYTES.findall(head)) > max(8, len(head) // 100)


def decode_html(data: bytes, *, content_type: str | None = None) -> str:
    """Decode an HTML payload to text, raising `NotHtmlError` for binary payloads."""
    return decode_html_as(data, content_type=content_type)[0]


def decode_html_as(data: bytes, *, content_type: str | None = None) -> tuple[str, str | None]:
    """`decode_html`, and the codec that decoded every byte cleanly ("utf-8" ...), or None when
    bytes were replaced or a BOM dropped: then `text.encode(codec) == data`, which lets the
    parser take the payload as it came instead of encoding the text again."""
    if not data.strip():
        raise EmptyInputError("the document is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace"), None
    if looks_binary(data):
        raise NotHtmlError("the document is binary, not HTML text")

    candidates: list[str] = []
    if content_type:
        header = _HEADER_CHARSET.search(content_type)
        if header and (codec := _codec(header.group(1))):
            candidates.append(codec)
    meta = _META_CHARSET.search(data[:4096])
    if meta and (codec := _codec(meta.group(1).decode("ascii", "ignore"))):
        candidates.append(_META_WIDE_MEANS if codec in _WIDE_CODECS else codec)
    candidates.append("utf-8")
    for encoding in dict.fromkeys(candidates):
        # latin-1 and cp1252 decode almost anything: only trust them after UTF-8 fails
        if encoding in ("latin-1", "iso8859-1", "cp1252") and (text := _decoded(data, "utf-8")) is not None:
            return text, "utf-8"
        if (text := _decoded(data, encoding)) is not None:
            return text, encoding
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is not None and _codec(best.encoding) not in _LATIN_FAMILY:
        return data.decode(best.encoding, errors="replace"), None
    # Undeclared Latin-script legacy pages: windows-1252 is what browsers assume, and the
    # detector cannot tell it from its Central-European cousins on short texts.
    return data.decode("cp1252", errors="replace"), None


def _decoded(data: bytes, encoding: str) -> str | None:
    """The text, decoded once (not tried, then decoded again); None when `data` is not in `encoding`."""
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
