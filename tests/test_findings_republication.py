"""Republication findings on hand-made pages: credit lines in many languages, canonical hosts."""
from __future__ import annotations

import pytest
from findings_pages import BODY, page

from scorer import score_html
from scorer.findings.republication import same_site

URL = "https://citynews.example/2024/05/tram"


def republication_of(html: str, url: str = URL):
    report = score_html(html, url)
    return report.findings.republication, next(s for s in report.signals if s.id == "republication")


@pytest.mark.parametrize("line, outlet", [("Source: ANSA", "ANSA"), ("Quelle: dpa", "dpa"), ("Fuente: EFE", "EFE"),
                                          ("Fonte: Agência Brasil", "Agência Brasil"), ("Źródło: PAP", "PAP"),
                                          ("Bron: ANP", "ANP")])
def test_source_agency_credit_closing_the_body(line, outlet):
    finding, signal = republication_of(page(BODY + f"<p>{line}</p>"))
    assert finding.republished and finding.original == outlet and finding.evidence == line
    assert signal.value in ("republished", "credited") and signal.effect == "lowers" and outlet in signal.detail


def test_originally_published_credit_is_honest_syndication():
    finding, signal = republication_of(page(BODY + "<p>This article was originally published on "
                                                   "<a href='https://theconversation.com/x'>The Conversation</a>.</p>"))
    assert finding.republished and finding.credited and signal.value == "credited"


@pytest.mark.parametrize("line", ["Source: WHO report on air quality, 2023", "Quelle: Statistisches Bundesamt",
                                  "via GIPHY", "Foto: dpa", "Source: own calculations"])
def test_citations_and_media_credits_are_not_republication(line):
    finding, signal = republication_of(page(BODY + f"<p>{line}</p>"))
    assert not finding.republished and signal.value == "original"


def test_punycode_canonical_is_the_same_host():
    html = page(head='<link rel="canonical" href="https://www.xn--bcher-kva.de/2024/05/tram">')
    finding, _ = republication_of(html, "https://www.bücher.de/2024/05/tram")
    assert not finding.republished


def test_one_brands_country_domains_are_one_site():
    html = page(head='<link rel="canonical" href="https://www.citynews.com/2024/05/tram">')
    assert not republication_of(html, "https://www.citynews.de/2024/05/tram")[0].republished


def test_canonical_on_another_site_is_republication():
    html = page(head='<link rel="canonical" href="https://www.reuters.com/world/tram-2024">')
    finding, signal = republication_of(html)
    assert finding.republished and finding.original == "reuters.com" and "reuters.com" in signal.evidence[0].text


@pytest.mark.parametrize("a, b, same", [
    ("https://www.xn--bcher-kva.de/a", "https://bücher.de/b", True),
    ("https://spiegel.de/a", "https://www.spiegel.com/b", True),
    ("https://news.bbc.co.uk/a", "https://www.bbc.com/b", True),
    ("https://citynews.example/a", "https://reuters.com/b", False),
])
def test_same_site(a, b, same):
    assert same_site(a, b) is same


@pytest.mark.parametrize("first, agency", [("HAYWARD, Calif. (AP) — A man was stabbed on a train.", "AP"),
                                          ("(Reuters) - Asian shares rose on Monday.", "Reuters")])
def test_agency_dateline_is_a_wire_story(first, agency):
    finding, _ = republication_of(page(f"<p>{first}</p>" + BODY))
    assert finding.republished and finding.original == agency


def test_agency_in_the_byline_is_a_wire_story_except_on_the_agencys_own_site():
    html = page(before="<p class='byline'>By Tom Roe, Associated Press</p>")
    assert republication_of(html)[0].original == "Associated Press"
    assert not republication_of(html, "https://apnews.com/article/tram")[0].republished
