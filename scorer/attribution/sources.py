"""Source types from the source's own words: agencies and news media, government bodies, officials,
documents, social media, organisations, countries, anonymous sources, personal names."""
import re

from .lexicon import _STEM_CACHE_MAX

# --------------------------------------------------------------------------------------------
# Source types

SOURCE_TYPES = ("news_agency", "government_body", "official", "named_person", "organisation", "document",
                "social_media", "anonymous", "unknown")
# Anonymity: checked on the source and the words right after it ("officials, who asked not to be named").
ANONYMOUS = re.compile(
    r"\b(sources?|insiders?|an? (?:senior |former |top )?(?:official|person|aide|diplomat|people)\b.{0,40}"
    r"\b(?:who|familiar)"
    r"|(?:people|persons?|officials?|aides?|diplomats?)\b.{0,30}\b(?:familiar with|close to|briefed on|"
    r"with knowledge of|who (?:asked|spoke|declined|requested|were not authori[sz]ed))"
    r"|not (?:to be )?(?:named|identified)|condition of anonymity|anonymous(?:ly)?|unnamed|unidentified)\b", re.I)
SOCIAL_MEDIA = re.compile(r"\b(telegram|twitter|tweets?|facebook|instagram|youtube|tiktok|vkontakte|weibo|"
                          r"social media|(?:a|his|her|their|its) post|blog)\b|@\w+", re.I)
# Wire agencies and news media (press, broadcasters): a news outlet relaying or reporting.
NEWS_MEDIA = re.compile(
    r"\b(news agency|agency|agencies|wire service|tass|ria(?: novosti)?|interfax|unian|ukrinform|reuters|"
    r"associated press|ap|afp|agence france-presse|xinhua|kyodo|yonhap|efe|ansa|dpa|anadolu|bloomberg|sputnik|"
    r"pti|ians|bernama|kcna|irna|newspaper|paper|magazine|broadcaster|television|tv|radio|network|"
    r"times|post|journal|tribune|herald|gazette|cnn|bbc|msnbc|fox news|nbc|cbs|abc|npr|politico|axios|"
    r"huffington post|breitbart|usa today|guardian|telegraph|le monde|der spiegel|al jazeera|rt|izvestia|"
    r"kommersant|pravda|news|press|outlet|daily|editorial board)\b", re.I)
DOCUMENT = re.compile(
    r"\b(statement|note|report|letter|document|memo|memorandum|filing|communiqu[eé]|decree|resolution|study|"
    r"survey|poll|analysis|data|records?|complaint|lawsuit|indictment|transcript|ruling|ad|advertisement|video|"
    r"release|press release|website|book|article|e-?mails?|cable|minutes|declaration|order|text|message|"
    r"figures|estimates?|audit|review|assessment|findings|guidelines|platform|bill|law|draft|plan|dossier)\b",
    re.I)
GOVERNMENT = re.compile(
    r"\b(ministry|ministries|government|department|embassy|consulate|white house|kremlin|parliament|congress|"
    r"senate|house of representatives|duma|rada|council|commission|police|army|military|armed forces|court|"
    r"prosecutors?'? office|cabinet|administration|pentagon|state department|foreign office|authorities|regime|"
    r"presidency|city hall|fbi|cia|nsa|justice department|treasury|secretariat|bureau|office of|mission|"
    r"legislature|assembly|supreme court|navy|air force|defen[cs]e forces|general staff|national guard|"
    r"security service|intelligence)\b", re.I)
OFFICIAL_ROLES = re.compile(
    r"\b(spokes(?:man|woman|person|people)|press secretary|minister|officials?|secretary|ambassador|envoy|"
    r"diplomats?|president|vice president|prime minister|premier|chancellor|governor|gov\.|senator|sen\.|"
    r"rep\.|representative|congressman|congresswoman|lawmakers?|legislators?|mayor|general|gen\.|commander|"
    r"prosecutor|attorney general|deputy|chief of staff|aide|adviser|advisor|head of state|foreign minister|"
    r"king|queen|emir|sheikh)\b", re.I)
ORGANISATION = re.compile(
    r"\b(company|companies|corp\.?|corporation|inc\.?|ltd\.?|llc|group|party|committee|campaign|organi[sz]ations?|"
    r"foundation|institute|university|union|association|league|coalition|bank|fund|nato|united nations|u\.n\.|"
    r"un|european union|e\.u\.|eu|red cross|amnesty|human rights watch|ngo|firm|center|centre|think tank|"
    r"society|federation|alliance|club|church|movement|board|team|club|charity|pac|super pac)\b", re.I)
COUNTRIES = frozenset("""
afghanistan albania algeria argentina armenia australia austria azerbaijan belarus belgium bolivia brazil bulgaria
cambodia canada chile china colombia croatia cuba cyprus czechia denmark egypt estonia ethiopia finland france
georgia germany greece hungary india indonesia iran iraq ireland israel italy japan jordan kazakhstan kenya kosovo
kuwait latvia lebanon libya lithuania malaysia mexico moldova mongolia montenegro morocco netherlands nigeria norway
pakistan palestine peru philippines poland portugal qatar romania russia serbia singapore slovakia slovenia somalia
spain sudan sweden switzerland syria taiwan thailand tunisia turkey ukraine venezuela vietnam yemen britain
moscow kiev kyiv washington beijing pyongyang seoul tokyo london paris berlin tehran damascus ankara brussels
""".split()) | {"north korea", "south korea", "united states", "united kingdom", "saudi arabia", "the u.s.", "u.s.",
                "the united states", "the kremlin", "the west", "europe"}
_PRONOUN_SOURCES = frozenset("he she they it we i you who which that this these those one".split())
_PERSON_PARTICLES = frozenset({"de", "da", "van", "von", "der", "al", "bin", "la", "le", "del", "di", "jr.", "jr",
                               "sr."})
_TITLES = frozenset({"mr.", "mrs.", "ms.", "dr.", "mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "rev."})


def _head_segments(source: str) -> list[str]:
    """The source's appositive parts, each cut before its modifiers: "the embassy in Moscow" -> "the embassy"."""
    parts = [p.strip() for p in re.split(r",|\(|\)|—|–", source) if p.strip()]
    heads = []
    for p in parts:
        cut = re.split(r"\s(?:of|at|in|for|from|with|who|which|that|to|on|by|under)\s", " " + p + " ", maxsplit=1)[0]
        heads.append(cut.strip() or p)
    return heads


def _is_personal_name(segment: str) -> bool:
    words = segment.replace("’s", "").replace("'s", "").split()
    words = [w for w in words if w.lower() not in ("the", "a", "an")]
    if not words or segment.lower() in COUNTRIES:
        return False
    if words[0].lower() in _TITLES and len(words) >= 2:
        return True
    # the trailing run of capitalized words: "spokesman Oleg Nikolenko" -> "Oleg Nikolenko"
    run = []
    for w in reversed(words):
        if w[:1].isupper() or w.lower() in _PERSON_PARTICLES or re.fullmatch(r"[A-Z]\.", w):
            run.append(w)
        else:
            break
    if not run:
        return False
    name = " ".join(reversed(run))
    if name.lower() in COUNTRIES or any(w.lower() in COUNTRIES for w in run):
        return False
    if GOVERNMENT.search(name) or NEWS_MEDIA.search(name) or ORGANISATION.search(name) or DOCUMENT.search(name):
        return False
    return len(run) >= 2 or (len(words) == 1 and words[0][:1].isupper() and words[0].isalpha())


def classify_source(source: str, after: str = "") -> str:
    """One of SOURCE_TYPES for a source phrase; `after` is the text right after it (for anonymity clauses)."""
    if source.strip().lower() in _PRONOUN_SOURCES:
        return "unknown"  # a pronoun says nothing by itself: `extract_attributions` resolves it
    key = (source, after[:60])
    cached = _CLASSIFIED.get(key)
    if cached is None:
        cached = _classify_source(source, after)
        if len(_CLASSIFIED) < _STEM_CACHE_MAX:
            _CLASSIFIED[key] = cached
    return cached


_CLASSIFIED: dict[tuple[str, str], str] = {}


def _classify_source(source: str, after: str) -> str:
    text = source.strip()
    if not text:
        return "unknown"
    lowered = text.lower()
    if ANONYMOUS.search(text) or (ANONYMOUS.search(text + " " + after[:60]) and re.match(
            r"\s*,?\s*who (?:asked|spoke|declined|requested)", after)):
        return "anonymous"
    if SOCIAL_MEDIA.search(text):
        return "social_media"
    heads = _head_segments(text)
    if any(_is_personal_name(h) for h in heads):
        return "official" if any(OFFICIAL_ROLES.search(h) for h in heads) else "named_person"
    head = heads[0] if heads else text
    for pattern, kind in ((NEWS_MEDIA, "news_agency"), (DOCUMENT, "document"), (GOVERNMENT, "government_body"),
                          (OFFICIAL_ROLES, "official"), (ORGANISATION, "organisation")):
        if pattern.search(head):
            return kind
    stripped = re.sub(r"^(the|a|an)\s+", "", lowered)
    if stripped in COUNTRIES or lowered in COUNTRIES:
        return "government_body"
    for pattern, kind in ((NEWS_MEDIA, "news_agency"), (GOVERNMENT, "government_body"), (OFFICIAL_ROLES, "official"),
                          (ORGANISATION, "organisation"), (DOCUMENT, "document")):
        if pattern.search(text):
            return kind
    return "unknown"
