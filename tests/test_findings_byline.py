"""Byline findings on hand-made pages: each hard case of issue 13."""
from __future__ import annotations

import pytest
from conftest import Byline, make_page
from findings_pages import BODY, page

from scorer import score_html
from scorer.findings.byline import classify, clean_name, find


def byline_of(html: str, url: str = "https://citynews.example/2024/05/tram"):
    report = score_html(html, url)
    return report.findings.byline, next(s for s in report.signals if s.id == "byline")


def test_organisation_byline_is_neutral():
    finding, signal = byline_of(page(before="<p class='meta'>tagesschau.de</p>",
                                     jsonld={"@type": "NewsArticle", "headline": "Tram",
                                             "author": {"@type": "Organization", "name": "tagesschau.de"}}))
    assert finding.kind == "organization" and finding.names == ("tagesschau.de",)
    assert signal.impact == 0 and "tagesschau.de" in signal.detail


@pytest.mark.parametrize("name", ["dpa", "AgE", "Reuters Staff", "BBC News", "Redaktion", "Umweltbundesamt",
                                  "Associated Press"])
def test_newsroom_agency_and_institution_names_are_organisations(name):
    assert classify(clean_name(name)) == "organization"


def test_first_name_blogger_is_a_person():
    html = page(before="<p class='meta'>Posted by Regan</p>",
                jsonld={"@type": "BlogPosting", "headline": "Tram", "author": {"@type": "Person", "name": "Regan"}})
    finding, signal = byline_of(html, "https://citynotes.example/2024/05/tram")
    assert finding.kind == "person" and finding.names == ("Regan",) and signal.effect == "raises"


def test_von_line_in_the_text_is_the_byline():
    html = page("<p>Von Anna Schmidt</p>" + BODY, lang="de")
    finding, signal = byline_of(html)
    assert finding.kind == "person" and finding.names == ("Anna Schmidt",)
    assert signal.evidence[0].locator == "byline:text"


@pytest.mark.parametrize("line, name", [("By Jane Doe and John Roe", "Jane Doe"), ("Par Marie Dubois", "Marie Dubois"),
                                        ("Por Lucía Gómez", "Lucía Gómez"), ("Di Marco Rossi", "Marco Rossi")])
def test_multilingual_byline_lines(line, name):
    finding = find(make_page((line, "The council voted on Tuesday to expand the tram network.")))
    assert finding.kind == "person" and finding.names[0] == name


def test_generic_account_counts_against_and_says_why():
    finding, signal = byline_of(page(head='<meta name="author" content="admin">', before="<p>Posted by admin</p>"))
    assert finding.kind == "generic" and signal.effect == "lowers" and "names no one" in signal.detail


@pytest.mark.parametrize("raw, clean", [
    ("Rodrigo Campos5 Min Read", "Rodrigo Campos"),
    ("Meg JamesStaff Writer", "Meg James"),
    ("Bryan DeArdo @BryanDeArdo Nov 18, 2019", "Bryan DeArdo"),
    ("you are sending an e-mail to", ""),
    ("Get author RSS feed", ""),
    ("November", ""),
    ("Senior Contributor", ""),
])
def test_what_is_not_a_name_is_cleaned(raw, clean):
    assert clean_name(raw) == clean


def test_junk_alone_is_no_byline():
    assert find(make_page(bylines=[Byline("you are sending an e-mail to", "markup")])).kind == "none"


def test_email_address_is_generic():
    assert find(make_page(bylines=[Byline("newsdesk@example.com", "meta")])).kind == "generic"


def test_metadata_only_author_is_no_byline_a_reader_sees():
    # Only in JSON-LD, nowhere in the visible text: the guideline reads the page as a reader sees it.
    html = page(jsonld={"@type": "NewsArticle", "headline": "Tram", "author": {"@type": "Person", "name": "Yoav Roe"}})
    assert byline_of(html)[0].kind == "none"
    shown = page(before="<p class='meta'>Yoav Roe, 3 May 2024</p>",
                 jsonld={"@type": "NewsArticle", "headline": "Tram", "author": {"@type": "Person", "name": "Yoav Roe"}})
    assert byline_of(shown)[0].names == ("Yoav Roe",)


def test_place_and_date_in_byline_markup_are_not_names():
    html = page(before="<div class='byline'>Washington, Nov 20 2019</div>")
    assert byline_of(html)[0].kind == "none"


@pytest.mark.parametrize("name", ["Staff Reports", "Web Team", "Staff"])
def test_roles_without_an_organisation_are_generic(name):
    assert classify(name) == "generic"


def test_author_page_link_and_jsonld_reference_are_bylines():
    html = page(before="<p class='meta'>by <a href='/author/lewis-white/'>Lewis White</a></p>")
    assert byline_of(html)[0].names == ("Lewis White",)
    graph = {"@graph": [{"@type": "NewsArticle", "headline": "Tram", "author": {"@id": "#p1"}},
                        {"@type": "Person", "@id": "#p1", "name": "Jane Roe"}]}
    assert byline_of(page(jsonld=graph, before="<p>Jane Roe, 3 May 2024</p>"))[0].names == ("Jane Roe",)


def test_name_and_date_in_byline_markup_keep_the_name():
    html = page(before="<div class='byline'>Jane Roe, Nov 20 2019</div>")
    assert byline_of(html)[0].names == ("Jane Roe",)


@pytest.mark.parametrize("name", ["Венера Ерофеева", "Γιώργος Παπαδόπουλος", "Zoë Ågren"])
def test_names_in_other_scripts_are_people(name):
    assert classify(name) == "person"


# -- issue 21: bylines where readers see them ------------------------------------------------------

@pytest.mark.parametrize("header, names", [
    ("<cite class='source'><a href='/hill/'><img src='h.jpg' alt='Hill'></a> By Jemele Hill<br>ESPN.com</cite>",
     ("Jemele Hill",)),
    ("<div class='meta'><p>Posted by Alon Zakai.</p></div>", ("Alon Zakai",)),
    ("<div class='kopf'><span>Von Max Muster</span></div>", ("Max Muster",)),
    ("<div class='kopf'><span>Autor: Erika Musterfrau</span></div>", ("Erika Musterfrau",)),
], ids=["by-after-an-image", "posted-by", "von-under-the-headline", "autor-label"])
def test_a_visible_byline_line_outside_the_text_is_read(header, names):
    finding, _ = byline_of(page(before=header, lang="de" if "Von" in header or "Autor" in header else "en"))
    assert finding.kind == "person" and finding.names == names


def test_a_lowercase_by_in_running_text_is_no_byline():
    finding, _ = byline_of(page(before="<div class='x'><span>by the river the tram will stop</span></div>"))
    assert finding.kind == "none"


def test_an_author_box_names_the_author():
    box = "<div class='author-box'><h4>About Jane Doe</h4><p>Jane writes about cities.</p></div>"
    finding, _ = byline_of(page(after=box))
    assert finding.kind == "person" and finding.names[0] == "Jane Doe"


def test_an_author_note_closing_the_text_is_a_byline():
    note = "<p>Andrés Malamud es politólogo e investigador en la Universidad de Lisboa.</p>"
    finding, _ = byline_of(page(BODY + note, lang="es"))
    assert finding.kind == "person" and finding.names == ("Andrés Malamud",)


def test_comment_authors_are_never_the_byline():
    comments = ("<section id='comments' class='comments'><h3>Comments</h3><ol class='comment-list'>"
                "<li class='comment'><p>By Karl Kommentar</p><p>Great article!</p></li></ol></section>")
    finding, _ = byline_of(page(after=comments))
    assert "Karl Kommentar" not in finding.names


@pytest.mark.parametrize("raw, cleaned", [
    ("Phil HelselPhil Helsel is a", "Phil Helsel"),
    ("Rodrigo Campos5 Min Read", "Rodrigo Campos"),
    ("Rob Ewaschuk Edited by Betsy Beyer", "Rob Ewaschuk"),
    ("Phil Helsel is a reporter for NBC News", "Phil Helsel"),
    ("About Admin", "Admin"),
    ("Alle Beiträge", ""),
    ("Donate", ""),
    ("作者：", ""),
    ("Autor:", ""),
], ids=["glued-repeat", "read-time", "edited-by", "bio-tail", "author-box-heading", "link-label-de", "donate",
        "zh-label", "de-label"])
def test_a_name_is_cleaned_before_a_reader_sees_it(raw, cleaned):
    assert clean_name(raw) == cleaned


@pytest.mark.parametrize("name", ["肖春芳", "최윤호", "山田太郎"])
def test_names_in_scripts_without_capitals_are_people(name):
    assert classify(name) == "person"


@pytest.mark.parametrize("raw, cleaned", [
    ("Any Means Necessary", ""),  # "By Any Means Necessary": a programme's title
    ("Jonathan GarberFOXBusiness", "Jonathan Garber"),
    ("Kevin McCoy USA", "Kevin McCoy"),
], ids=["idiom", "glued-outlet", "outlet-after-name"])
def test_titles_and_outlets_after_a_name_are_cleaned(raw, cleaned):
    assert clean_name(raw) == cleaned
