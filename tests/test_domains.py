import pytest

from scorer.domains import host_of, registered_domain


@pytest.mark.parametrize("given, expected", [
    ("us.cnn.com", "cnn.com"),
    ("edition.cnn.com", "cnn.com"),
    ("https://www.apnews.com/article/x", "apnews.com"),
    ("HTTPS://WWW.BBC.CO.UK/news", "bbc.co.uk"),
    ("deviantart.com", "deviantart.com"),
    ("rt.com", "rt.com"),
    ("dailyworldbrief.example", "dailyworldbrief.example"),
    ("www.tass.com.", "tass.com"),
])
def test_registered_domain(given, expected):
    assert registered_domain(given) == expected


@pytest.mark.parametrize("given", ["", "localhost", "127.0.0.1", "not a domain", "http://", None])
def test_no_registered_domain(given):
    assert registered_domain(given) is None


def test_rt_never_matches_inside_another_name():
    assert registered_domain("https://www.deviantart.com/art") != "rt.com"


def test_host_of_strips_port_and_case():
    assert host_of("http://News.Example.COM:8080/x") == "news.example.com"
