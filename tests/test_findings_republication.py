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


# -- issue 21: credits in context ------------------------------------------------------------------

def test_an_explicit_named_credit_is_honest_republication():
    finding, signal = republication_of(page(BODY + "<p>Quelle: <a href='https://www.tagesschau.de/x'>tagesschau.de"
                                                   "</a></p>", lang="de"))
    assert finding.republished and finding.credited and signal.value == "credited"


def test_a_bare_source_link_is_republication_without_a_credit():
    finding, signal = republication_of(page(BODY, after="<p><a href='https://other-outlet.example/story'>Source link"
                                                        "</a></p>"))
    assert finding.republished and not finding.credited and signal.value == "republished"


def test_a_credit_line_inside_a_reader_comment_is_not_the_pages():
    comments = ("<aside class='sidebar'><div class='comments'><h3>Kommentare</h3><p>Quelle: <a "
                "href='https://blog.example/post'>Blog Example</a></p></div></aside>")
    finding, _ = republication_of(page(BODY, after=comments, lang="de"))
    assert not finding.republished


@pytest.mark.parametrize("html_line", [
    "<table><tr><th><a href='https://en.wikipedia.org/wiki/Source_Code'>Source Code</a></th><td>2011</td></tr>"
    "</table>",
    "<p>Source files: <a href='https://github.com/x/blanket.js'>blanket.js</a></p>",
    "<figure><img src='a.jpg'><figcaption class='caption'>The new bill. Source: Supplied</figcaption></figure>",
    "<p>( Source: <a href='http://riivka.deviantart.com/art/Fading-1'>Riivka</a> )</p>",
    "<p>Source: Commonwealth Secretariat - Member States</p>",
], ids=["film-title", "source-files", "caption", "image-host", "institution"])
def test_things_that_look_like_credits_but_are_not(html_line):
    finding, _ = republication_of(page(BODY + html_line))
    assert not finding.republished


@pytest.mark.parametrize("header", [
    "<div class='meta'><span class='date'>14.10.2016</span><span> | Quelle: </span><a href='https://www.handelsblatt.com/'>"
    "Handelsblatt Online</a></div>",
    "<div class='l_time'>2017-03-10 08:04 <span>来源：</span><a href='http://paper.people.com.cn/'>人民日报海外版</a></div>",
], ids=["de-header", "zh-header"])
def test_a_credit_in_the_header_line_is_read(header):
    finding, _ = republication_of(page(before=header, lang="de" if "Quelle" in header else "zh"))
    assert finding.republished and finding.credited


def test_a_long_originally_published_line_is_read_to_its_first_sentence():
    line = ("<p>Originally published at www.courtneykirchoff.com on November 18, 2011. Sadly this solo post did not "
            "stop the abuse of literally, and the author has written about it many times since then, at length.</p>")
    finding, _ = republication_of(page(BODY + line))
    assert finding.republished and finding.credited and "courtneykirchoff.com" in (finding.original or "")


def test_an_agency_dateline_after_a_photo_caption():
    body = ("<p>In this photo the rocket stands on its launch pad.</p>"
            "<p>MOSCOW (AP) — An unmanned Russian cargo spaceship broke up in the atmosphere on Thursday.</p>" + BODY)
    finding, _ = republication_of(page(body))
    assert finding.republished and finding.original == "AP"


def test_a_licensed_translation_notice():
    notice = "<p>【美国The Next Web作品的中文相关权益归腾讯公司独家所有。未经授权，不得转载、摘编等。】</p>"
    finding, _ = republication_of(page(BODY + notice, lang="zh"))
    assert finding.republished and finding.original == "The Next Web"
