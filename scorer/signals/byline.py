"""Byline: does a named person stand behind the text? And does the author box say who they are?

The byline signal reads the page's byline finding (scorer/findings/byline.py: where bylines are
looked for and how a name is told from an organisation or a generic account). Points: a person
counts for the text, an organisation (a newsroom, an agency) is neutral, a generic account
("admin") counts against it; no byline at all counts against a news article only — blogs,
press releases and essays often go unsigned.
Known false positives: see the finding's module.
"""
from __future__ import annotations

from ..findings import findings_of
from ..scoring.points import POINTS
from ..textutil import quote
from ..types import Analysis, BlockKind, Evidence, Signal

NAME = "byline"
BIO_NAME = "author_bio"
_KIND_WORDS = {"person": "a named person", "organization": "an organisation", "generic": "a generic account"}


def compute(analysis: Analysis) -> Signal:
    page = analysis.page
    if not page.has_html:
        return Signal(NAME, "Byline", None, applicable=False,
                      detail="Only the text was given, so who wrote it cannot be seen.")
    findings = findings_of(analysis)
    byline = findings.byline
    names = ", ".join(byline.names)
    if byline.kind == "none":
        news = findings.page_type == "news_article"
        detail = ("No author is named anywhere on the page: nobody is accountable for this news report." if news
                  else "No author is named on the page; for this kind of page that is common.")
        return Signal(NAME, "Byline", "none", POINTS[NAME]["none"] if news else 0.0, detail=detail)
    detail = {
        "person": f"The text is signed by {names}.",
        "organization": f"The text is credited to an organisation, {names}, not to a person.",
        "generic": f"The text is signed only by {names!s}, an account that names no one, so no person is "
                   "accountable for it.",
    }[byline.kind]
    return Signal(NAME, "Byline", byline.kind, POINTS[NAME][byline.kind], byline.evidence, detail=detail)


def compute_bio(analysis: Analysis) -> Signal:
    """Author box: a bio that tells the reader who wrote this, or an empty "About Admin" shell."""
    page = analysis.page
    title = "Author bio"
    if not page.has_html:
        return Signal(BIO_NAME, title, None, applicable=False, detail="No page markup.")
    boxes = page.blocks_of(BlockKind.AUTHOR_BOX)
    if not boxes:
        return Signal(BIO_NAME, title, "absent", 0.0, detail="No author box on the page.")
    box = boxes[0]
    bio = box.text.replace(box.heading, "", 1).strip() if box.heading else box.text
    # Under ~40 characters a "bio" is a name or a link list, not a description of the writer.
    if len(bio) >= 40:
        return Signal(BIO_NAME, title, "present", POINTS["author_bio"]["present"],
                      (Evidence(quote(bio, 200), f"block:{box.locator}"),),
                      detail="The author box describes the writer.")
    return Signal(BIO_NAME, title, "empty", POINTS["author_bio"]["empty"],
                  (Evidence(box.heading or quote(box.text, 80), f"block:{box.locator}"),),
                  detail=f"The author box ({box.heading or 'untitled'!r}) has no bio.")
