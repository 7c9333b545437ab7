"""Recirculation boxes and in-body ads on hand-made pages: what is not a promotion box, one slot once."""
from __future__ import annotations

from findings_pages import page

from scorer import score_html
from scorer.findings.ads import device_of

URL = "https://citynews.example/2024/05/tram"
P = ("<p>The council voted on Tuesday to expand the tram network to the northern districts, a project that had "
     "been debated for more than a decade by the city's parties.</p>")
Q = ("<p>The mayor said the first section would open in 2027 and that the federal government had agreed to pay "
     "two thirds of the cost, according to a statement.</p>")
R = ("<p>Opposition members criticised the plan, arguing that buses could serve the same neighbourhoods at a "
     "fraction of the price, and asked for a review.</p>")


def findings(html: str):
    return score_html(html, URL).findings


def test_share_widget_is_not_a_recirculation_box():
    share = ("<div class='related-share'><h3>Share this article</h3><ul>"
             "<li><a href='https://www.facebook.com/sharer/sharer.php?u=x'>Share this story on Facebook now</a></li>"
             "<li><a href='https://citynews.example/help/sharing'>Read more about sharing on our site</a></li>"
             "</ul></div>")
    assert findings(page(P + Q + R, after=share)).recirculation.boxes == ()


def test_language_switcher_and_contact_block_are_not_boxes():
    switcher = ("<div class='related-links'><h3>More from the city</h3><ul>"
                "<li><a href='/en/'>This website in English please</a></li>"
                "<li><a href='/contact'>Call us on +49 30 1234 5678 today</a></li></ul></div>")
    assert findings(page(P + Q + R, after=switcher)).recirculation.boxes == ()


def test_bait_box_is_found_and_named():
    box = ("<div class='related-posts'><h3>You may also like</h3><ul>"
           "<li><a href='/a'>Doctors stunned: this kitchen spice melts belly fat overnight</a></li>"
           "<li><a href='/b'>You won't believe what this 90s child star looks like now</a></li></ul></div>")
    result = findings(page(P + Q + R, after=box))
    assert [b.to_dict() for b in result.recirculation.boxes] == [{"heading": "You may also like", "verdict": "bait"}]
    assert result.recirculation.bait_box


def test_desktop_and_mobile_copies_of_one_slot_count_once():
    slots = ("<div class='ad-slot ad-desktop'><script>googletag.cmd.push(function(){googletag.display('a')});"
             "</script></div><div class='ad-slot ad-mobile'><script>googletag.display('b')</script></div>")
    result = findings(page(P + slots + Q + R))
    assert result.ads_in_body == 1
    (evidence,) = result.ad_slots
    assert "between the article's paragraphs" in evidence.text
    assert not any(mark in evidence.text for mark in ("<", "{", "(", "googletag"))


def test_two_slots_in_different_places_count_twice():
    slot = "<ins class='adsbygoogle' data-ad-slot='1'></ins>"
    assert findings(page(P + slot + Q + slot + R)).ads_in_body == 2


def test_sidebar_ads_do_not_count():
    html = page(P + Q + R).replace("</main>", "</main><aside class='sidebar'><ins class='adsbygoogle' "
                                              "data-ad-slot='9'></ins></aside>")
    assert findings(html).ads_in_body == 0


def test_device_words():
    assert device_of("div.ad.ad--mobileOnly") == "mobile"
    assert device_of("div#dsk-box-ad-d") == "desktop"
    assert device_of("div.hide-moblie.mid-ad") == "not mobile"
    assert device_of("div.ad-wrapper") is None
