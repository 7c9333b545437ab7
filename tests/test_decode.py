import codecs

import pytest

from scorer.page.decode import decode_html, looks_binary
from scorer.errors import EmptyInputError, NotHtmlError

TEXT = "<html><head><title>Café</title></head><body><p>Naïve résumé — “quoted”</p></body></html>"


def test_utf8_bom_wins_over_a_lying_meta():
    data = codecs.BOM_UTF8 + TEXT.replace("<head>", '<head><meta charset="iso-8859-1">').encode("utf-8")
    assert "Naïve résumé — “quoted”" in decode_html(data)


def test_utf16_bom():
    assert "Café" in decode_html(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))


def test_header_charset_used_when_it_decodes():
    data = TEXT.replace("—", "-").replace("“", '"').replace("”", '"').encode("cp1252")
    assert "Café" in decode_html(data, content_type="text/html; charset=windows-1252")


def test_meta_charset_lying_latin1_on_utf8_page_decodes_as_utf8():
    data = TEXT.replace("<head>", '<head><meta charset="iso-8859-1">').encode("utf-8")
    assert "Naïve résumé" in decode_html(data)


def test_undeclared_cp1252_falls_back_to_detection():
    text = "<html><body><p>" + "Le café était très agréable, déjà célèbre. " * 20 + "</p></body></html>"
    decoded = decode_html(text.encode("cp1252"))
    assert "café était très" in decoded


@pytest.mark.parametrize("data", [b"", b"   \n\t "], ids=["empty", "whitespace"])
def test_empty_is_refused(data):
    with pytest.raises(EmptyInputError):
        decode_html(data)


def test_binary_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    assert looks_binary(png)
    with pytest.raises(NotHtmlError):
        decode_html(png)


def test_html_is_not_binary():
    assert not looks_binary(TEXT.encode("utf-8"))
