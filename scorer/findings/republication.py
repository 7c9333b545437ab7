"""Republication: is the main text another outlet's report, carried whole?

Heuristic (the guideline's republication):
- a credit line placed as the article's origin — the parser's source lines ("Source link",
  "Source: ANSA", "via <a>Outlet</a>", "Originally published at X") and, among the last lines of
  the main text, a short "Source: X" / "Quelle: X" / "Fuente: X" / "Fonte: X" / "Źródło: X" /
  "Bron: X" / "Source : X" / "This article first appeared on X" / "originally published" line
  naming an outlet or linking another site;
- a canonical link to another site. Hosts are compared as registered domains after IDNA
  normalisation (the punycode form of a host is the same host), and one brand's country domains
  (spiegel.de / spiegel.com) are one site.
Not republication: a credit naming a document, a study or data ("Source: WHO report", "Quelle:
Statistisches Bundesamt, Erhebung 2019"), a photo or embed credit ("via GIPHY", "Foto: dpa"), a
link to the same site.
A bare "Source link" to another outlet is the mark of feed-scraping plugins (republished without a
word of credit); an explicit "originally published at X" is honest syndication (`credited`).
Known false positives: a credit line under a story the site rewrote from an agency's wire.
"""
from __future__ import annotations

import re

from ..domains import host_of, registered_domain
from ..page.furniture import SOURCE_LINE
from ..types import BlockKind, ParsedPage, Position, RepublicationFinding

# Credits that say plainly where the text came from and with what permission.
HONEST_CREDIT = re.compile(r"originally (published|appeared)|first (published|appeared)|republished|reprinted|"
                           r"this (article|story|post) (was )?(first |originally )?(appeared|published)|"
                           r"erschien zuerst|zuerst erschienen|publicado originalmente|publié initialement|"
                           r"pubblicato originariamente", re.I)
# A credit line closing the text, in the common languages: the cue, then the outlet.
CREDIT_LINE = re.compile(
    r"^[(\[【]?\s*(source|sources|quelle|quellen|来源|來源|出处|出處|出典|출처|fuente|fuentes|fonte|fontes|źródło|zrodlo|bron|font|kilde|källa|"
    r"zdroj|forrás|sursa|πηγή|источник|originally published (?:at|on|in|by)|"
    r"this (?:article|story|post) (?:was )?(?:first |originally )?(?:appeared|published) (?:at|on|in|by)|"
    r"first published (?:at|on|in|by)|erschien zuerst (?:bei|auf|in)|mit freundlicher genehmigung von)"
    r"\s*[:\-–—：]?\s*(.{2,120}?)\s*[)\]】]?\.?$", re.I)
# "Source files:", "Source code:": a cue word starting a label, not a credit.
NOT_A_CREDIT = re.compile(r"^(files?|code|codes|materials?|texts?|data|images?)\s*:", re.I)
# A credit cue inside a header line, after a date or a separator.
CUE_INSIDE = re.compile(r"(?:^|[\s|·•])(来源|來源|出处|quelle|source|fonte|fuente)\s*[:：]", re.I)
MAX_CUE_OFFSET = 40  # a header line's date and separator come before its credit; a sentence is longer
# Cue words that credit only when a separator follows ("Source: X", "Quelle - X").
BARE_CUES = frozenset({"source", "sources", "quelle", "fonte", "fuente", "original source", "original article"})
SEPARATOR = re.compile(r"\s*[:\-–—：]")
# Paragraphs read from the start of the text for an agency's dateline (a photo caption may come first).
HEAD_LINES = 3
# What a credit names when it cites a document or data, not an outlet's report.
DOCUMENT_WORDS = re.compile(
    r"\b(study|studie|estudio|étude|report|bericht|informe|rapport|survey|umfrage|encuesta|data|daten|datos|"
    r"données|statisti\w*|census|paper|journal of|ministry|ministerium|ministerio|bundesamt|office for|"
    r"eurostat|oecd|who|un|imf|world bank|secretariat|sekretariat|government|regierung|gobierno|gouvernement|"
    r"commission|kommission|council|institute|institut|university|universität|census bureau|central bank|"
    r"wikipedia|press release|pressemitteilung|own|eigene|calculations?|"
    r"berechnungen|archive?|archiv)\b", re.I)
# Embedded media and photo credits, never the origin of the text.
MEDIA_CREDIT = re.compile(r"\b(giphy|tenor|imgur|youtube|vimeo|instagram|twitter|x\.com|facebook|tiktok|flickr|"
                          r"unsplash|pixabay|pexels|shutterstock|getty|istock|adobe stock|foto|photo|bild|image|"
                          r"imagen|immagine|grafik|graphic|video|supplied|handout|deviantart|artstation|pinterest|"
                          r"wikimedia)\b", re.I)
# A credit that names no outlet: "Source: news agencies", "Quelle: Agenturen".
GENERIC_CREDIT = re.compile(r"^(?:(?:news|wire) )?(?:agencies|agenturen|agencias|agences|agenzie|wires|staff|"
                            r"(?:agencies|agenturen) and \w+|\w+ and (?:news )?agencies)$", re.I)
# A credit that names a date, not an outlet.
DATE_START = re.compile(r"\d|(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|"
                        r"oktober|dezember|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
                        r"noviembre|diciembre|janvier|février|mars|avril|juin|juillet|août|octobre|novembre|"
                        r"décembre|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\w*\b", re.I)
# Wire agencies, by the names their stories carry, and the sites that are their own.
AGENCIES = re.compile(r"\b(Associated Press|AP|Reuters|AFP|Agence France-Presse|PTI|IANS|ANI|dpa|epd|KNA|APA|SDA|"
                      r"ANSA|EFE|Europa Press|UPI|Xinhua|TASS|Kyodo|Yonhap|Belga|ANP|PAP|Lusa|Anadolu|"
                      r"wire services|news services|wires)\b")
AGENCY_SITES = ("apnews.com", "ap.org", "reuters.com", "afp.com", "ptinews.com", "ians.in", "dpa.com", "efe.com",
                "ansa.it", "xinhuanet.com", "tass.com", "tass.ru", "upi.com", "kyodonews.net", "yna.co.kr")
# An agency's dateline opening the text: "HAYWARD, Calif. (AP) —", "(Reuters) -".
DATELINE = re.compile(r"^(?:[A-ZÀ-Þ][\w.,'’ /\-]{0,60}?\s)?\((AP|Reuters|AFP|PTI|IANS|dpa|epd|KNA|APA|SDA|ANSA|EFE|"
                      r"UPI|Xinhua|TASS|Kyodo|Yonhap|Belga|ANP|PAP|Lusa)(?:/[\w ]+)?\)\s*[—–\-:]")
# Credits that name where the text came from: "Provided by X", "© 2019 Associated Press", "adapted from its source".
PROVIDED = re.compile(
    r"^(?:provided by|courtesy of|zur verfügung gestellt von|proporcionado por|fourni par)\s+(.{2,80}?)\.?$|"
    r"^(?:copyright|©)\s*(?:\(c\)\s*)?\d{4}\s+(.{2,60}?)[.,]|"
    r"^this (?:article|story) (?:has been|was) (?:adapted|republished) from (?:its|the) original source", re.I)
# A licensed translation's notice: "【美国The Next Web作品的中文相关权益归腾讯公司独家所有。…】" (the Chinese
# rights to <outlet>'s work belong to <site>).
LICENSED = re.compile(r"^[【\[]?(?:美国|英国|美國|英國)?\s*([^【\[。]{2,40}?)\s*作品的中文相关权益归")
# Lines read from the end of the text for a credit.
TAIL_LINES = 4


def find(page: ParsedPage) -> RepublicationFinding:
    if not page.has_html:
        return RepublicationFinding()
    for block in page.blocks_of(BlockKind.SOURCE_LINE):
        if block.position is Position.ASIDE:
            continue  # a sidebar's (or a comment's) credit line is not the main text's origin
        finding = _from_source_line(page, block.text, [link.url for link in block.links], block.locator,
                                    link_texts=[link.text for link in block.links])
        if finding is not None:
            return finding
    for line in page.paragraphs[-TAIL_LINES:]:
        finding = _from_text_line(page, line)
        if finding is not None:
            return finding
    wire = _wire_story(page)
    if wire is not None:
        return wire
    canonical = page.canonical_url
    if canonical and page.url and not same_site(canonical, page.url):
        original = registered_domain(_idna(canonical)) or host_of(canonical)
        return RepublicationFinding(True, original, f"The page names another site's copy as the original: {canonical}",
                                    credited=False, link=canonical, locator="link[rel=canonical]")
    return RepublicationFinding()


def _wire_story(page: ParsedPage) -> RepublicationFinding | None:
    """An agency's story carried by another site: its byline or dateline names the agency, or a
    closing line says who provided the text."""
    if page.domain and page.domain.endswith(AGENCY_SITES):
        return None  # the agency's own page
    for line in page.paragraphs[-TAIL_LINES:]:
        licensed = LICENSED.match(line) if len(line) <= 300 else None
        if licensed and not own_name(page, licensed.group(1)):
            return RepublicationFinding(True, licensed.group(1).strip(), line, credited=True, locator="main_text")
        match = PROVIDED.match(line) if len(line) <= 300 else None
        if match:
            named = (match.group(1) or match.group(2) or "").strip()
            if named and (own_name(page, named) or not (match.group(1) or AGENCIES.search(named))):
                continue  # the site's own copyright line
            return RepublicationFinding(True, named or None, line, credited=True, locator="main_text")
    for byline in page.bylines:
        agency = AGENCIES.search(byline.name)
        if agency and not own_name(page, agency.group(1)):
            return RepublicationFinding(True, agency.group(1), f"By {byline.name}", credited=True,
                                        locator=f"byline:{byline.origin}")
    for index, paragraph in enumerate(page.paragraphs[:HEAD_LINES]):
        dateline = DATELINE.match(paragraph)
        if dateline:
            return RepublicationFinding(True, dateline.group(1), paragraph[:dateline.end()], credited=True,
                                        locator=f"main_text[{index}]")
    return None


def _from_source_line(page: ParsedPage, text: str, urls: list[str], locator: str, *,
                      link_texts: list[str] | None = None) -> RepublicationFinding | None:
    if "caption" in locator:
        return None  # a caption's credit is the picture's
    inside = CUE_INSIDE.search(text[:MAX_CUE_OFFSET + 8]) if not SOURCE_LINE.match(text) else None
    if inside and inside.start(1) <= MAX_CUE_OFFSET:
        text = text[inside.start(1):]  # "2017-03-10 | Quelle: X": the credit from its cue on
    match = SOURCE_LINE.match(text)
    named = (match.group(match.re.groups) or "").strip() if match else ""  # the text after the cue
    cue = match.group(1).lower() if match else ""
    if MEDIA_CREDIT.search(text) or NOT_A_CREDIT.match(named) or any(MEDIA_CREDIT.search(host_of(u)) for u in urls):
        return None  # a picture's or an embed's credit (by its words or by where it links)
    linked_name = any(t.strip() and t.strip() == named.strip() for t in link_texts or ())
    if match and cue in BARE_CUES and named and not SEPARATOR.match(text[match.end(1):]) and not linked_name:
        return None  # "Source Code" (a title, one link), not "Source: X" nor "SOURCE <a>Reuters</a>"
    # A credited link to a named site is foreign when the page's own site differs, or is unknown
    # (a page read from a file, an address or localhost is still crediting another site).
    foreign = [url for url in urls if "://" in url and registered_domain(_idna(url))
               and (not page.url or not registered_domain(_idna(page.url)) or not same_site(url, page.url))]
    bare = not named or named.lower() in ("link", "here", "source")
    if cue.startswith("read") or (named and DOCUMENT_WORDS.search(named)):
        return None  # "Read more on X" is a teaser; a document cited, even linked, is a citation
    if not foreign and named and own_name(page, named):
        return None  # "Originally published on Live Science" on livescience.com
    if foreign:
        original = _outlet_name(named) if not bare else registered_domain(_idna(foreign[0]))
        # Named or plainly worded, the credit is honest; a bare "Source link" is a feed import's mark.
        return RepublicationFinding(True, original or registered_domain(_idna(foreign[0])), text,
                                    credited=bool(HONEST_CREDIT.search(text)) or not bare, link=foreign[0],
                                    locator=f"block:{locator}")
    if named and not bare and cue not in ("via", "h/t", "hat tip"):
        original = _outlet_name(named)
        if original:
            return RepublicationFinding(True, original, text, credited=True, locator=f"block:{locator}")
    return None


def _from_text_line(page: ParsedPage, line: str) -> RepublicationFinding | None:
    if len(line) > 160 and HONEST_CREDIT.match(line):
        line = re.split(r"(?<=\.)\s+(?=[A-Z])", line[:400], maxsplit=1)[0]  # "Originally published at X. More ..."
    if len(line) > 160:
        return None
    match = CREDIT_LINE.match(line)
    if not match:
        return None
    named = match.group(2).strip()
    if MEDIA_CREDIT.search(named) or DOCUMENT_WORDS.search(named) or NOT_A_CREDIT.match(named):
        return None
    if any(link.text and link.text in named and MEDIA_CREDIT.search(host_of(link.url)) for link in page.links):
        return None  # the credit links a picture's host: "( Source: <a href=deviantart…>Riivka</a> )"
    original = _outlet_name(named)
    if not original:
        return None
    if own_name(page, original):
        return None  # the site credits itself
    return RepublicationFinding(True, original, line, credited=True, locator="main_text")  # it names the outlet


def _outlet_name(named: str) -> str | None:
    """The outlet a credit names ("ANSA", "Reuters/dpa", "www.example.com"), or None when it names
    no outlet (a sentence, a document)."""
    name = re.split(r"\s*[|;]\s*|\s+[–—-]\s+|,\s*(?=\d)|\s+\.(?:\s+|$)", named)[0].strip(" .:()\"'«»„“”")
    if not name or len(name.split()) > 6 or len(name) > 80 or DATE_START.match(name) or GENERIC_CREDIT.match(name):
        return None  # "First published on November 19, 2019": a date, not an outlet
    if not any(c.isupper() for c in name) and "." not in name and not (len(name) <= 5 and name.isalpha()):
        return None  # "source: own calculations" ("dpa", "afp": agencies write themselves small)
    return name


def own_name(page: ParsedPage, name: str) -> bool:
    """Does a credit name the page's own site ("Al Jazeera News" on aljazeera.com, "Live Science")?"""
    compact = re.sub(r"[\W_]+", "", name.lower())
    if not compact:
        return False
    own = {re.sub(r"[\W_]+", "", page.site_name.lower())} if page.site_name else set()
    if page.domain:
        own.add(page.domain.split(".")[0].replace("-", ""))
        if registered_domain(name.lower()) == page.domain:
            return True
    return any(key and len(key) >= 3 and (compact.startswith(key) or key.startswith(compact)) for key in own)


def _idna(url: str) -> str:
    host = host_of(url)
    try:
        decoded = host.encode("ascii").decode("idna") if "xn--" in host else host
    except (UnicodeError, ValueError):
        decoded = host
    return decoded


def brand(url: str) -> str | None:
    """The site's brand: its registered domain without the public suffix, after IDNA decoding
    ("https://www.xn--bcher-kva.de/x" and "bücher.com" -> "bücher")."""
    domain = registered_domain(_idna(url))
    return domain.split(".")[0] if domain else None


def same_site(a: str, b: str) -> bool:
    """One site: the same registered domain after IDNA normalisation, or one brand's country domains."""
    domain_a, domain_b = registered_domain(_idna(a)), registered_domain(_idna(b))
    if not domain_a or not domain_b:
        return True  # unknown: never a finding
    return domain_a == domain_b or brand(a) == brand(b)
