"""Byline: who the page names as the author of its main text — a person, an organisation, a
generic account, or nobody.

Heuristic: the author candidates the parser found (JSON-LD, meta tags, rel=author links, byline
markup outside author boxes and comments), plus a "By X" / "von X" / "Par X" / "Por X" / "Di X" /
"Door X" line opening or closing the main text. Each candidate is cleaned of what is not a name
(reading times, dates, "and", trailing digits, social handles, interface text such as "you are
sending an e-mail to") and classified:
- organisation: declared an Organization, or a newsroom/agency/institution name ("Reuters Staff",
  "dpa", "AgE", "Redaktion", "BBC News", "tagesschau.de", "Umweltbundesamt"), or the site's own name;
- generic: a CMS default or role account ("admin", "editor", "staff" alone), an e-mail address,
  a handle with digits or underscores;
- person: anything name-shaped: two to five capitalised words, or one capitalised word (a blogger
  signing with a first name) or initials.
The best kind found wins (person > organisation > generic).
Known false positives: a one-word pen name of a collective reads as a person; an organisation
with a person-shaped name ("Grant Thornton") reads as a person.
"""
from __future__ import annotations

import re

from ..types import BlockKind, Byline, BylineFinding, Evidence, ParsedPage

# Accounts no person answers to: CMS defaults and role names (the guideline's "generic").
GENERIC_NAMES = frozenset({
    "admin", "administrator", "administrador", "administrateur", "editor", "editors", "user", "guest", "gast",
    "webmaster", "author", "autor", "auteur", "autore", "team", "staff", "root", "wpadmin", "site admin",
    "anonymous", "anonym", "anónimo", "unknown", "moderator", "contributor", "contributors", "publisher",
    "support", "info", "web", "default", "owner", "blogger", "superuser", "demo", "test", "the author", "the editor",
    "the team", "the editors",
})
# Words of a role or a desk without a name: "Staff Reports", "Web Team".
ROLE_WORDS = frozenset({"staff", "reports", "report", "writer", "writers", "team", "editors", "editor", "web", "desk",
                        "online", "contributor", "contributors", "author", "authors", "admin"})
# Words of a newsroom, agency or institution name: it is accountable, but not a person.
ORGANISATION_WORDS = re.compile(
    r"\b(staff|reporters?|correspondents?|agency|agencies|agentur|agencia|agence|news|nachrichten|noticias|"
    r"notizie|nouvelles|press|presse|prensa|wire|service|desk|bureau|newsroom|redaktion|redaction|rédaction|"
    r"redacción|redazione|redação|redactie|redakcja|online|digital|media|medien|zeitung|magazin|magazine|"
    r"journal|times|post|tribune|gazette|herald|daily|radio|tv|television|fernsehen|editorial|editorial board|sport|"
    r"institut|institute|instituto|university|universität|universidad|université|university|ministry|"
    r"ministerium|ministerio|ministère|bundesamt|landesamt|amt|office|department|council|commission|"
    r"kommission|association|verband|verein|foundation|stiftung|fundación|society|gesellschaft|group|gruppe|"
    r"company|corporation|inc|ltd|llc|gmbh|ag|e\.v|club|team of|partners|organization|organisation|"
    r"reuters|associated press|afp|ap|dpa|epd|kna|sid|apa|ansa|efe|upi|pti|ians|tass|xinhua|kyodo|yonhap|"
    r"bloomberg|sda|keystone|belga|anp|pap|ctk|mti|bbc|cnn|ard|zdf|orf|srf|rai|rtve|afp|europa press)\b",
    re.I)
# The endings of German compound names of institutions and newsrooms.
_GERMAN_BODY = re.compile(r"\w{3,}(amt|ministerium|institut|verband|verein|zeitung|agentur|stiftung|gesellschaft|"
                          r"kammer|behörde|redaktion|zentrale|anstalt|rundfunk)$")
# "By X" / "von X" ... opening a line of the text: the byline written into the article.
TEXT_BYLINE = re.compile(
    r"^(?:by|written by|text|texto|von|text von|par|por|di|door|av|af|autor(?:in)?|author|auteur|autore)\s*:?\s+"
    r"(.{2,80})$", re.I)
# A short line that is nothing but a name ("— Jane Doe"): only at the very end of the text.
_DASH_NAME = re.compile(r"^[—–-]\s*([A-ZÀ-ÖØ-Þ][\w'’.\-]+(?:\s+[A-ZÀ-ÖØ-Þ][\w'’.\-]+){1,3})$")
# Not names: reading times, dates, interface text caught by byline markup.
_JUNK_TAIL = re.compile(r"(\d+\s*(min|minute|minuten|minutes|minutos)\b.*|\d.*$)", re.I)
_NOT_A_NAME = re.compile(
    r"\b(sending|e-?mail to|newsletter|subscribe|abonnieren|follow|folgen|click|share|teilen|read more|"
    r"weiterlesen|comments?|kommentare?|veröffentlicht|posted|photo|foto|rss|view all|watch|"
    r"image|bild|copyright|all rights|cookie|login|log in|sign in|anmelden|menu|search|suche|"
    # link labels and navigation words that byline markup often wraps: never a name
    r"alle beiträge|alle artikel|all posts|all articles|all stories|more (?:from|by|stories|articles)|"
    r"mehr (?:von|zum)|view more|see more|"
    r"donate|spenden|profile|profil|startseite|homepage|impressum|about us|über uns|kontakt|"
    # what follows "By" in idioms and titles, not a name ("By Any Means Necessary", "By the way")
    r"any means|the way|the numbers|popular demand|design|default|accident|chance)\b", re.I)
# What precedes a name in a byline line ("Analysis by", "Von").
_LEAD = re.compile(r"^(?:(?:(?:analysis|opinion|commentary|review|interview|text|story|words|photos?)\s+)?"
                   r"(?:by|von|par|por|di|door|de)|about|about the author|über|à propos de|a propos de|"
                   r"acerca de|sobre|informazioni su|posted by|written by|"
                   r"(?:autor|autorin|author|auteur|autore|text|texto)\s*:)\s+", re.I)
# (an author box's heading, "About Admin", names its author after "About")
_MONTHS = (r"jan(uary|uar)?|feb(ruary|ruar)?|mar(ch)?|märz|apr(il)?|may|mai|jun[ei]?|jul[yi]?|aug(ust)?|"
           r"sep(t|tember)?|oct(ober)?|okt(ober)?|nov(ember)?|dec(ember)?|dez(ember)?|"
           r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
           r"janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre")
_DAYS = r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|" \
        r"samstag|sonntag|today|yesterday|heute|gestern"
# Month and day names that follow a name in a dateline ("Jane Doe November 18"): English and German.
_TAIL_DATES = (r"jan(uary|uar)?|feb(ruary|ruar)?|march|märz|apr(il)?|may|mai|june?|july?|juli|aug(ust)?|"
               rf"sept?(ember)?|oct(ober)?|okt(ober)?|nov(ember)?|dec(ember)?|dez(ember)?|{_DAYS}")
_DATE_WORD = re.compile(rf"(?:{_MONTHS}|{_DAYS})(?:\s+(?:{_MONTHS}|{_DAYS}))*")
# Words that end the name part of a byline: roles, dates, updates, handles.
_TAIL_WORDS = (rf"staff writer|staff reporter|senior \w+|business \w+|news reporter|reporter|correspondent|"
               rf"columnist|contributor|contributing \w+|editor\b.*|updated|aktualisiert|published|"
               rf"most recent stories|get author|view all|{_TAIL_DATES}")
# A site's name glued to the name by a line break the text lost.
_GLUED_SITE = re.compile(r"(?<=[a-z])(?=[A-Z][\w-]*\.(?:com|org|net|de|fr|es|it|co\.uk)\b)")
_GLUED_ACRONYM = re.compile(r"(?<=[a-z])(?=[A-Z]{2,})")
# An outlet's acronym and what follows it after a full name: "Patti Domm CNBC Executive News".
_OUTLET_AFTER_NAME = re.compile(r"^((?:[A-ZÀ-ÖØ-Þ][\w'’.\-]+\s+){1,3}[A-ZÀ-ÖØ-Þ][a-zà-ÿ][\w'’.\-]*)\s+[A-Z]{3,}.*$")
# An author box's heading: "About Jane Doe", "Über Max Muster", "À propos de …".
_ABOUT = re.compile(r"^(?i:about|über|à propos de|a propos de|acerca de|sobre|informazioni su)\s+([A-ZÀ-ÖØ-Þ].{1,59})$")
# A role or date glued to the name by the markup: a capital right after a small letter.
_GLUED = re.compile(rf"(?<=[a-z])(?=[A-Z])(?=(?i:staff|senior|business|news|updated|{_TAIL_DATES})\b)")
_TAIL = re.compile(rf"\s+(?:@\w+|on$|(?:{_TAIL_WORDS})\b|"
                   r"(?:is|es|ist|est) (?:a|an|the|un|une|una|ein|eine)\b|"  # "Jane Doe is a reporter ..."
                   r"(?:edited|illustrated|photos?|photographs|compiled|translated|additional reporting|"
                   r"with additional reporting|produced|videos?) by\b|"
                   r"[\w-]+\.(?:com|org|net|de|fr|es|it|co\.uk|at|ch)\b).*$", re.I)  # "Jemele Hill ESPN.com"
_DANGLING = re.compile(r"\s+(?:on|at|am|um|le|el|il|den|der)$", re.I)
# A byline's label with no name after it ("作者：", "Autor:", "By"): no one is named.
_LABEL_ONLY = frozenset({"by", "von", "par", "por", "di", "door", "przez", "autor", "autorin", "author", "auteur",
                         "autore", "text", "texto", "作者", "编辑", "責任編輯", "责任编辑", "記者", "记者", "기자",
                         "筆者",
                         "written by", "posted by", "published by"})
# "By me", "von mir": the writer, unnamed.
_PRONOUNS = frozenset({"me", "us", "you", "him", "her", "them", "myself", "mir", "uns", "moi", "nous", "mí"})
# A name in a script without capitals (Chinese, Japanese, Korean): two to four characters, one word.
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff\u3400-\u4dbf\uac00-\ud7af]{2,4}$")
_ROLE_ONLY = re.compile(rf"(?:{_TAIL_WORDS})(?:\s+\w+)?", re.I)
# A capitalised word of any cased script (Latin, Cyrillic, Greek ...): its first letter is upper case.
_NAME_WORD = re.compile(r"^(?=[^\W\d_])[\w'’.\-]*$")
_INITIALS = re.compile(r"^(?:[A-Z]\.\s?){1,3}[A-Z]?\.?$|^\(?[a-z]{2,3}\)?$")
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z]{1,5}$")  # "dpa" is in ORGANISATION_WORDS; "AgE", "KNA", "SDA"
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HANDLE = re.compile(r"^@?[a-z0-9_.]*[0-9_][a-z0-9_.]*$", re.I)
# An author's note closing the text: a name, then what the author is or how to reach them
# ("Andrés Malamud es politólogo ...", "Jemele Hill can be reached at ...").
_AUTHOR_NOTE = re.compile(r"^([A-ZÀ-ÖØ-Þ][\w'’.\-]+(?: [A-ZÀ-ÖØ-Þ][\w'’.\-]+){1,3}) "
                          r"(?:is an? |es |est une? |ist |è |é |"
                          r"can be reached |writes |schreibt |escribe |écrit |is the author |is a contributing )")
MAX_AUTHOR_NOTE = 300  # an author's note is one or two sentences
# Lines read for a written-in byline: the first and the last few of the text.
EDGE_LINES = 3

_RANK = {"person": 3, "organization": 2, "generic": 1}


def find(page: ParsedPage, *, page_type: str = "news_article") -> BylineFinding:
    if not page.has_html:
        return BylineFinding("none")
    site_keys = site_keys_of(page)
    found: dict[str, list[tuple[str, Evidence]]] = {"person": [], "organization": [], "generic": []}
    seen: set[str] = set()
    written = _text_bylines(page)
    # (an author box's own markup stays out: its lists of links and gear are no names; its
    # "About X" heading names the author, below)
    # A line of the main text is also markup: where the reader sees it, it is the text's byline.
    in_text = {clean_name(b.name).lower() for b in written}
    candidates = [b for b in page.bylines if b.origin != "markup" or clean_name(b.name).lower() not in in_text]
    candidates += written
    candidates += [Byline(m.group(1), "author_box") for b in page.blocks_of(BlockKind.AUTHOR_BOX)
                   if (m := _ABOUT.match(b.heading.strip()))]
    for byline in candidates:
        if not byline.shown:
            continue  # only in the metadata: a reader sees no such byline
        name = clean_name(byline.name)
        if not name or name.lower() in seen:
            continue
        seen.add(name.lower())
        kind = classify(name, byline_type=byline.type, site_keys=site_keys)
        found[kind].append((name, Evidence(name, f"byline:{byline.origin}")))
    for kind in ("person", "organization", "generic"):
        if found[kind]:
            names = tuple(name for name, _ in found[kind])[:5]
            return BylineFinding(kind, names, tuple(e for _, e in found[kind])[:5])
    return BylineFinding("none")


def _text_bylines(page: ParsedPage) -> list[Byline]:
    """"By X" / "von X" lines at the start or the end of the main text, and an author's note closing
    it ("Jane Doe is a historian ...", "Jane Doe can be reached at ...")."""
    paragraphs = page.paragraphs
    edges = list(paragraphs[:EDGE_LINES]) + list(paragraphs[-EDGE_LINES:])
    out = []
    for line in paragraphs[-2:]:
        note = _AUTHOR_NOTE.match(line) if len(line) <= MAX_AUTHOR_NOTE else None
        if note:
            out.append(Byline(note.group(1), "text"))
    for line in edges:
        if len(line) > 100:
            continue
        match = TEXT_BYLINE.match(line) or (line in paragraphs[-2:] and _DASH_NAME.match(line))
        if match:
            for part in re.split(r"\s*(?:,|\band\b|&|\bund\b|\by\b|\bet\b|\be\b|\ben\b)\s*", match.group(1)):
                out.append(Byline(part, "text"))
    return out


def clean_name(raw: str) -> str:
    """The name in a byline candidate, or "" when it is not one."""
    text = " ".join(raw.split()).strip(" .,:;|·•-–—()：")
    text = _LEAD.sub("", text)
    if text.lower() in _LABEL_ONLY or text.lower() in _PRONOUNS:
        return ""
    if not text or _EMAIL.search(text):
        return text  # an e-mail address is kept: it is a generic byline
    text = _unglued_repeat(text)  # "Phil HelselPhil Helsel is a": the name, printed twice by the markup
    text = _GLUED.sub(" ", text)  # "Meg JamesStaff Writer", "Carrie ArnoldNovember"
    text = _GLUED_SITE.sub(" ", text)  # "Jemele HillESPN.com"
    text = _GLUED_ACRONYM.sub(" ", text)  # "Patti DommCNBC Executive News Editor"
    if _ROLE_ONLY.fullmatch(text) and text.lower() not in GENERIC_NAMES:
        return ""  # "Senior Contributor": a role without a name
    text = _TAIL.sub("", text)  # roles, dates, handles and counters after the name
    text = _DANGLING.sub("", text)  # "Minh Do on" (Monday was cut)
    text = _OUTLET_AFTER_NAME.sub(r"\1", text)
    text = _JUNK_TAIL.sub("", text).strip(" .,:;|·•-–—(/")
    if not text or _NOT_A_NAME.search(text) or _DATE_WORD.fullmatch(text.lower()):
        return ""
    if text.startswith("@") or len(text) < 2 or len(text.split()) > 6:
        return ""
    return text


def _unglued_repeat(text: str) -> str:
    """"Phil HelselPhil Helsel ..." -> "Phil Helsel": a name glued to its own repetition."""
    for i in range(2, min(len(text), 60)):
        if text[i].isupper() and text[i - 1].islower() and text.startswith(text[:i], i):
            return text[:i]
    return text


def classify(name: str, *, byline_type: str | None = None, site_keys: frozenset[str] = frozenset()) -> str:
    """person, organization or generic."""
    key = name.lower().strip()
    if key in GENERIC_NAMES or _EMAIL.search(name) or set(key.split()) <= ROLE_WORDS:
        return "generic"  # "admin", an e-mail address, "Staff Reports": no one, and no organisation named
    if (byline_type or "").lower() in ("organization", "newsmediaorganization", "corporation", "governmentorganization",
                                       "educationalorganization", "ngo"):
        return "organization"
    compact = re.sub(r"[\s.\-_]", "", key)
    if key in site_keys or compact in site_keys or re.search(r"\.\w{2,4}$", key) or key.startswith("the "):
        return "organization"  # the site's own name ("tagesschau.de"), "The Water Coolest": a newsroom signs
    if ORGANISATION_WORDS.search(name):
        return "organization"
    words = name.split()
    if len(words) == 1:
        if (_ABBREVIATION.match(name) and sum(c.isupper() for c in name) >= 2) or (name.isupper() and len(name) > 1):
            return "organization"  # an agency's or a station's abbreviation ("KNA", "AgE", "KWCH")
        if _GERMAN_BODY.search(key):
            return "organization"  # "Umweltbundesamt", "Bauernverband": German compounds naming a body
        if len(key) >= 4 and any(key in site_key and key != site_key for site_key in site_keys if "." not in site_key):
            return "organization"  # part of the site's name: "Beachbody" on beachbodyondemand.com
        if _INITIALS.match(name):
            return "person"  # initials under a newsroom's article stand for one editor
        if _CJK_NAME.match(name):
            return "person"  # "肖春芳", "김철수": a name in a script without capitals
        if _HANDLE.match(name) or name.islower():
            return "generic"  # a random handle
        if _NAME_WORD.match(name) and name[:1].isupper() and name.isalpha():
            return "person"  # a first name: a blogger signing as themselves
        return "generic"
    if 2 <= len(words) <= 5 and sum(bool(_NAME_WORD.match(w)) and w[:1].isupper() for w in words) >= 2:
        return "person"
    return "generic"


def site_keys_of(page: ParsedPage) -> frozenset[str]:
    keys = set()
    if page.site_name:
        keys.add(page.site_name.lower())
        keys.add(re.sub(r"[\s.\-_]", "", page.site_name.lower()))
    if page.domain:
        keys.add(page.domain.lower())
        keys.add(page.domain.split(".")[0].lower())
    return frozenset(k for k in keys if k)
