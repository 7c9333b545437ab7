"""scorer.limits through parse_html: markup built to cost far more than its size is refused."""
import dataclasses

import pytest

from scorer.config import get_settings
from scorer.errors import InputError, PageTooComplexError
from scorer.page.limits import check_markup
from scorer.page.parse import parse_html

ARTICLE = "<p>" + "The minister said the talks would resume on Monday. " * 12 + "</p>"


def _page(body: str) -> str:
    return f"<html><head><title>t</title></head><body><article>{ARTICLE}{body}</article></body></html>"


def _settings(**changes):
    return dataclasses.replace(get_settings(), **changes)


@pytest.mark.parametrize("attribute", ['a{i}="x"', "a{i}", "a{i}='x y'", "data-k{i}=v"])
def test_an_element_with_too_many_attributes_is_refused_before_parsing(attribute):
    tag = "<div " + " ".join(attribute.format(i=i) for i in range(1500)) + ">x</div>"
    with pytest.raises(PageTooComplexError) as caught:
        parse_html(_page(tag), settings=_settings(max_html_attributes=1000))
    assert caught.value.code == "page_too_complex"
    assert "1,500 attributes" in str(caught.value) and "1,000" in str(caught.value)
    assert isinstance(caught.value, InputError)  # so the service answers 422 and batch writes an error record


def test_the_bytes_and_text_paths_count_alike():
    tag = "<div " + " ".join(f"a{i}" for i in range(1200)) + ">x</div>"
    html = _page(tag)
    for utf8 in (None, html.encode("utf-8")):
        with pytest.raises(PageTooComplexError, match="1,200 attributes"):
            check_markup(html, utf8, max_attributes=1000)


def test_long_attribute_values_are_one_attribute_each():
    # a data: URI and a long quoted value full of spaces and '=' make long tags with few attributes
    image = '<img alt="' + "a = b " * 3000 + '" src="data:image/png;base64,' + "QUJD" * 20000 + '">'
    page = parse_html(_page(image), settings=_settings(max_html_attributes=5))
    assert "minister said" in page.text


def test_a_page_of_too_many_elements_is_refused_and_the_limit_is_a_setting():
    body = "<p>a</p>" * 300
    with pytest.raises(PageTooComplexError, match="about 306 elements; the limit is 200"):
        parse_html(_page(body), settings=_settings(max_html_elements=200))
    assert parse_html(_page(body), settings=_settings(max_html_elements=1000)).text
    assert parse_html(_page(body), settings=_settings(max_html_elements=0)).text  # 0: no limit


def test_many_angle_brackets_in_text_are_not_elements():
    # '<' in script and text makes the source count exceed the limit; the real element count does not
    body = "<script>" + "if (a < b) {}" * 400 + "</script><p>" + "3 &lt; 4 " * 10 + "</p>"
    assert parse_html(_page(body), settings=_settings(max_html_elements=200)).text


def test_the_defaults_refuse_the_hostile_shapes_quickly():
    # 20,000 attributes cost the parser ~0.5 s (quadratic); refused before it, in milliseconds
    tag = "<div " + " ".join(f"a{i}" for i in range(20000)) + ">x</div>"
    with pytest.raises(PageTooComplexError):
        parse_html(_page(tag))
    with pytest.raises(PageTooComplexError, match="elements"):
        parse_html(_page("<p>a</p>" * 60000))
