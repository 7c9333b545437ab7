"""Cited outlets: the news outlets an article names as where its claims come from, with ratings.

Heuristic: a small gazetteer (`OUTLETS`) maps outlet names as they appear in copy ("Tass",
"the Tass news agency", "Agence France-Presse", "AP") to their web domains; the domain's rating
comes from the merged ratings table. A name counts as *cited* when it is the source or an
intermediary (`via`) of an extracted attribution, or when it stands in an attribution-like
context on its own: "according to X", "citing X", "X reported", "X said", "(Reuters)",
"/TASS/", "— AP" (the cue patterns below).
Matching is whole-word and case-sensitive, so "AP" never matches "APPLE" or "rapt", "RT" never
"art", "RTX" or "RT-PCR", and a name never matches inside a longer one ("ITAR-TASS" is one name).
Known false negatives: outlets missing from the gazetteer, names in all-caps headlines.
Known false positives: a person or thing sharing an outlet's name in an attribution-like
context ("Bloomberg said" of Michael Bloomberg is guarded against; "CCTV showed" of a camera
is not).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..types import Attribution, CitedOutlet, Evidence
from .ratings import RatingsTable


@dataclass(frozen=True)
class Outlet:
    name: str  # the name reported
    domain: str  # the outlet's web domain (its home page today, where the ratings data know it)
    aliases: tuple[str, ...]  # surface forms, matched case-sensitively as whole words
    not_followed_by: str = ""  # a regex for uses of the name that are not the outlet ("Sputnik V")


# The gazetteer. Compiled by hand for this project from the outlets' own home pages as commonly
# known: the international wire agencies, the national agencies most quoted in world news
# (Russian, Ukrainian, Chinese, Iranian, Korean, Japanese, Indian, Turkish, European), the big
# broadcasters, and the most cited newspapers and digital outlets in English-language news.
# Where an outlet has moved domain, the one the open ratings data rate it under is used and
# noted. Names that are mostly something else in prose (The Times, The Sun, Time, FT, RBC)
# are left out rather than guarded.
OUTLETS: tuple[Outlet, ...] = (
    # International wire agencies
    Outlet("Reuters", "reuters.com", ("Reuters", "Thomson Reuters")),
    Outlet("Associated Press", "apnews.com", ("Associated Press", "AP")),
    Outlet("Agence France-Presse", "afp.com", ("Agence France-Presse", "Agence France Presse", "AFP")),
    Outlet("United Press International", "upi.com", ("United Press International", "UPI")),
    Outlet("Bloomberg", "bloomberg.com", ("Bloomberg News", "Bloomberg")),
    # Russian and Belarusian state and private agencies
    Outlet("TASS", "tass.com", ("ITAR-TASS", "Itar-Tass", "TASS", "Tass")),
    Outlet("RIA Novosti", "ria.ru", ("RIA Novosti", "Ria Novosti", "RIA-Novosti")),
    Outlet("Interfax", "interfax.ru", ("Interfax",)),
    Outlet("Interfax-Ukraine", "interfax.com.ua", ("Interfax-Ukraine",)),
    # Sputnik moved to sputnikglobe.com in 2022; the ratings data know it as sputniknews.com.
    Outlet("Sputnik", "sputniknews.com", ("Sputnik News", "Sputnik"), not_followed_by=r"\s+(?:V|Light|vaccine)\b"),
    Outlet("RT", "rt.com", ("Russia Today", "RT")),
    Outlet("Izvestia", "iz.ru", ("Izvestia",)),
    Outlet("Kommersant", "kommersant.ru", ("Kommersant",)),
    Outlet("Novaya Gazeta", "novayagazeta.ru", ("Novaya Gazeta",)),
    Outlet("Meduza", "meduza.io", ("Meduza",)),
    Outlet("The Moscow Times", "themoscowtimes.com", ("Moscow Times",)),
    Outlet("BelTA", "belta.by", ("BelTA",)),
    # Ukrainian
    Outlet("UNIAN", "unian.net", ("UNIAN", "Unian")),
    Outlet("Ukrinform", "ukrinform.net", ("Ukrinform",)),
    Outlet("Ukrainska Pravda", "pravda.com.ua", ("Ukrainska Pravda", "Ukrayinska Pravda")),
    Outlet("Kyiv Independent", "kyivindependent.com", ("Kyiv Independent",)),
    Outlet("Kyiv Post", "kyivpost.com", ("Kyiv Post",)),
    # Chinese, Korean, Japanese
    Outlet("Xinhua", "news.cn", ("Xinhua News Agency", "Xinhua")),
    Outlet("CGTN", "cgtn.com", ("China Global Television Network", "CGTN")),
    Outlet("China Daily", "chinadaily.com.cn", ("China Daily",)),
    Outlet("Global Times", "globaltimes.cn", ("Global Times",)),
    Outlet("CCTV", "cctv.com", ("China Central Television", "CCTV")),
    Outlet("People's Daily", "people.com.cn", ("People's Daily", "People’s Daily")),
    Outlet("KCNA", "kcna.kp", ("Korean Central News Agency", "KCNA")),
    Outlet("Yonhap", "yna.co.kr", ("Yonhap News Agency", "Yonhap")),
    Outlet("Kyodo", "kyodonews.net", ("Kyodo News", "Kyodo")),
    Outlet("NHK", "nhk.or.jp", ("NHK",)),
    # South Asian, Middle Eastern, Turkish
    Outlet("Press Trust of India", "ptinews.com", ("Press Trust of India", "PTI")),
    Outlet("IANS", "ianslive.in", ("Indo-Asian News Service", "IANS")),
    Outlet("ANI", "aninews.in", ("Asian News International", "ANI")),
    Outlet("Anadolu Agency", "aa.com.tr", ("Anadolu Agency", "Anadolu Ajansı", "Anadolu")),
    Outlet("IRNA", "irna.ir", ("Islamic Republic News Agency", "IRNA")),
    Outlet("Tasnim", "tasnimnews.com", ("Tasnim News Agency", "Tasnim")),
    Outlet("Fars", "farsnews.ir", ("Fars News Agency", "Fars news agency")),
    Outlet("Press TV", "presstv.ir", ("Press TV", "PressTV")),
    Outlet("Al Jazeera", "aljazeera.com", ("Al Jazeera", "Al-Jazeera", "Aljazeera")),
    Outlet("Al Arabiya", "alarabiya.net", ("Al Arabiya", "Al-Arabiya")),
    Outlet("Haaretz", "haaretz.com", ("Haaretz",)),
    Outlet("The Times of Israel", "timesofisrael.com", ("Times of Israel",)),
    Outlet("The Jerusalem Post", "jpost.com", ("Jerusalem Post",)),
    # European agencies and broadcasters
    Outlet("ANSA", "ansa.it", ("ANSA", "Ansa")),
    Outlet("Adnkronos", "adnkronos.com", ("Adnkronos",)),
    Outlet("Agenzia Nova", "agenzianova.com", ("Agenzia Nova",)),
    Outlet("EFE", "efe.com", ("Agencia EFE", "EFE")),
    Outlet("Europa Press", "europapress.es", ("Europa Press",)),
    Outlet("dpa", "dpa.com", ("Deutsche Presse-Agentur", "dpa", "DPA")),
    Outlet("Deutsche Welle", "dw.com", ("Deutsche Welle", "DW")),
    Outlet("France 24", "france24.com", ("France 24", "France24")),
    Outlet("RFI", "rfi.fr", ("Radio France Internationale", "RFI")),
    Outlet("Euronews", "euronews.com", ("Euronews",)),
    Outlet("BBC", "bbc.co.uk", ("British Broadcasting Corporation", "BBC News", "BBC")),
    Outlet("Sky News", "sky.com", ("Sky News",)),
    Outlet("ITV News", "itv.com", ("ITV News",)),
    Outlet("Channel 4 News", "channel4.com", ("Channel 4 News",)),
    Outlet("Radio Free Europe/Radio Liberty", "rferl.org",
           ("Radio Free Europe/Radio Liberty", "Radio Free Europe", "Radio Liberty", "RFE/RL")),
    Outlet("Voice of America", "voanews.com", ("Voice of America", "VOA")),
    Outlet("Le Monde", "lemonde.fr", ("Le Monde",)),
    Outlet("Der Spiegel", "spiegel.de", ("Der Spiegel", "Spiegel")),
    Outlet("Bild", "bild.de", ("Bild",)),
    Outlet("El País", "elpais.com", ("El País", "El Pais")),
    Outlet("Corriere della Sera", "corriere.it", ("Corriere della Sera",)),
    Outlet("La Repubblica", "repubblica.it", ("La Repubblica",)),
    Outlet("The Guardian", "theguardian.com", ("The Guardian", "the Guardian"), not_followed_by=r"\s+Council\b"),
    Outlet("The Telegraph", "telegraph.co.uk", ("Daily Telegraph", "The Telegraph", "the Telegraph")),
    Outlet("Daily Mail", "dailymail.co.uk", ("Daily Mail", "MailOnline", "Mail Online")),
    Outlet("Financial Times", "ft.com", ("Financial Times",)),
    Outlet("The Economist", "economist.com", ("The Economist", "the Economist"),
           not_followed_by=r"\s+Intelligence\b"),
    # US broadcasters, papers and digital outlets
    Outlet("CNN", "cnn.com", ("CNN",)),
    Outlet("Fox News", "foxnews.com", ("Fox News Channel", "Fox News")),
    Outlet("NBC News", "nbcnews.com", ("NBC News", "NBC")),
    Outlet("CBS News", "cbsnews.com", ("CBS News", "CBS")),
    Outlet("ABC News", "abcnews.go.com", ("ABC News",)),
    Outlet("MSNBC", "msnbc.com", ("MSNBC",)),
    Outlet("NPR", "npr.org", ("National Public Radio", "NPR")),
    Outlet("PBS", "pbs.org", ("PBS NewsHour", "PBS")),
    Outlet("The New York Times", "nytimes.com", ("New York Times", "NYT")),
    Outlet("The Washington Post", "washingtonpost.com", ("Washington Post",)),
    Outlet("The Wall Street Journal", "wsj.com", ("Wall Street Journal", "WSJ")),
    Outlet("USA Today", "usatoday.com", ("USA Today", "USA TODAY")),
    Outlet("Politico", "politico.com", ("Politico", "POLITICO")),
    Outlet("Axios", "axios.com", ("Axios",)),
    Outlet("The Hill", "thehill.com", ("The Hill",)),
    Outlet("Newsweek", "newsweek.com", ("Newsweek",)),
    Outlet("Breitbart", "breitbart.com", ("Breitbart News", "Breitbart")),
    Outlet("Infowars", "infowars.com", ("Infowars", "InfoWars")),
)

# Words before a name that make it a person's name, not the outlet ("Michael Bloomberg").
_PERSON_BEFORE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Mayor|Michael|Mike)\.?\s+)$")

# Attribution-like contexts, tested within the name's sentence. Up to four descriptor words may
# stand between the cue and the name: "according to the state-run news agency Xinhua".
_DESCRIPTORS_BEFORE = r"(?:[\w’'\-]+\s+){0,4}"
CUE_BEFORE = re.compile(
    r"\b(?P<cue>according\s+to|citing|cited\s+by|quoted\s+by|quoting|reported\s+by|released\s+by|published\s+by|"
    r"reported\s+(?:in|on)|told|via|interview\s+with|a\s+report\s+(?:by|in|from)|reports?\s+(?:by|in|from)|"
    r"(?:said|wrote|stated)\s+(?:in|to)|reviewed\s+by|seen\s+by|obtained\s+by|contacted\s+by|reports?\s+for|"
    r"source:|sources:|courtesy\s+of)\s+" + _DESCRIPTORS_BEFORE + r"$",
    re.I,
)
# The inverted order closing a clause: "..., reports Reuters.", "writes the Associated Press.".
INVERTED_BEFORE = re.compile(
    r"\b(?P<cue>reports|reported|writes|wrote|says|said|adds|added|notes|noted)\s+(?:the\s+)?$", re.I)
INVERTED_AFTER = re.compile(r"^\s*(?:[.,;:]|$)")
# A reporting verb after the name, with up to four words between ("Russian news agency Tass
# reported", "the Unian agency, citing ...", "CNN's Jake Tapper said").
CUE_AFTER = re.compile(
    r"^(?:['’]s)?(?:\s+[\w’'\-]+){0,4}?,?\s+(?:has\s+|had\s+|have\s+|was\s+|were\s+)?"
    r"(?P<cue>reported|reports|reporting|said|says|quoted|quoting|cited|citing|wrote|writes|announced|"
    r"stated|learned|learnt|confirmed|published|broadcast|aired|claimed|claims|revealed|contributed|"
    r"added|noted|warned|tweeted|according)\b",
    re.I,
)
# Datelines and credits: "(Reuters) -", "(CNN Business)", "(AFP/Getty)", "MOSCOW, July 13. /TASS/.",
# "— AP", "© 2019 Associated Press", "[ Bloomberg ]" (an aggregator's source tag).
DATELINE_BEFORE = re.compile(r"(?:\(|/|\[\s*|©\s*(?:\d{4}\s+)?|[—–]\s*|\s-\s*|^-\s*)$")
DATELINE_AFTER = re.compile(r"^(?:(?:\s+[A-Z]\w+)?\)|/|\s*\]|\s*$|\s*[.,;)])")
# A line holding nothing but the name and these marks is a credit line: "Reuters", "— AP", "(AFP)".
CREDIT_LINE_MARKS = " \t.—–-()/"
# Characters of context either side of a name that the cue patterns see.
CONTEXT_CHARS = 90
# Evidence snippets: this many characters either side of the name.
SNIPPET_CHARS = 70
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


def _alias_pattern() -> tuple[re.Pattern[str], dict[str, Outlet]]:
    by_alias: dict[str, Outlet] = {}
    for outlet in OUTLETS:
        for alias in outlet.aliases:
            if alias in by_alias:
                raise ValueError(f"alias {alias!r} is listed for two outlets")
            by_alias[alias] = outlet
    # Longest first so "Xinhua News Agency" wins over "Xinhua" and "ITAR-TASS" over "TASS";
    # no word character or hyphen on either side, so no match inside a longer word or name.
    alternatives = "|".join(re.escape(a) for a in sorted(by_alias, key=len, reverse=True))
    # The lookahead on the names' first letters changes no match; it lets the engine pass over
    # the ~95% of positions where no name can start before trying ~200 alternatives (2.2x faster).
    first_letters = "".join(re.escape(c) for c in sorted({a[0] for a in by_alias}))
    return re.compile(rf"(?=[{first_letters}])(?<![\w\-])(?:{alternatives})(?![\w\-])"), by_alias


ALIAS_PATTERN, OUTLET_BY_ALIAS = _alias_pattern()


@dataclass(frozen=True)
class Mention:
    outlet: Outlet
    start: int
    end: int
    how: str  # "attribution source", "attribution via", "according to ...", "dateline"


def _sentence_window(text: str, start: int, end: int) -> tuple[str, str]:
    """The text before and after a name, cut at the sentence boundaries around it."""
    before = text[max(0, start - CONTEXT_CHARS):start]
    cuts = list(_SENTENCE_END.finditer(before))
    if cuts:
        before = before[cuts[-1].end():]
    after = text[end:end + CONTEXT_CHARS]
    cut = _SENTENCE_END.search(after)
    if cut:
        after = after[:cut.start() + 1]
    return before, after


def _context_of(text: str, start: int, end: int, lines: _LineIndex | None = None) -> str | None:
    """How the name at text[start:end] is cited, or None when it is not in a citing context."""
    before, after = _sentence_window(text, start, end)
    cue = CUE_BEFORE.search(before)
    if cue:
        return "cue: " + " ".join(cue.group("cue").split()).rstrip(":").lower()
    cue = CUE_AFTER.match(after)
    if cue:
        return "cue: " + cue.group("cue").lower()
    cue = INVERTED_BEFORE.search(before)
    if cue and INVERTED_AFTER.match(after):
        return "cue: " + cue.group("cue").lower()
    if DATELINE_BEFORE.search(before) and DATELINE_AFTER.match(after):
        return "dateline or credit"
    if not before.strip() and not after.strip(CREDIT_LINE_MARKS + "\n"):
        return "credit line"  # the name is a sentence of its own: "... into the US. PTI"
    line_start, line_end = (lines or _LineIndex(text)).line_of(start, end)
    line = text[line_start:line_end]
    if line.strip(CREDIT_LINE_MARKS) == text[start:end]:
        return "credit line"
    return None


def find_mentions(text: str, attributions: tuple[Attribution, ...] = ()) -> tuple[Mention, ...]:
    """Every cited mention of a gazetteer outlet, in text order."""
    mentions = []
    attributed = _AttributedSpans(attributions)
    lines = _LineIndex(text)
    for match in ALIAS_PATTERN.finditer(text):
        outlet = OUTLET_BY_ALIAS[match.group()]
        start, end = match.span()
        if outlet.not_followed_by and re.match(outlet.not_followed_by, text[end:end + 30]):
            continue
        if _PERSON_BEFORE.search(text[max(0, start - 12):start]):
            continue
        how = attributed.how(start, end) or _context_of(text, start, end, lines)
        if how:
            mentions.append(Mention(outlet, start, end, how))
    return tuple(mentions)


class _AttributedSpans:
    """The attributions' source and via spans, indexed by position, so a mention finds the spans it
    overlaps without a pass over every attribution (mentions x attributions grew quadratically on
    pages that repeat attributions). Buckets of BUCKET_CHARS: a span is filed under every bucket it
    touches, and source and via spans are short phrases."""

    BUCKET_CHARS = 64

    def __init__(self, attributions: tuple[Attribution, ...]):
        self._buckets: dict[int, list[tuple[int, int, int, int]]] = {}
        for index, attribution in enumerate(attributions):
            spans = [(attribution.source, 0)] if attribution.source is not None else []
            spans += [(via, 1) for via in attribution.via]
            for span, kind in spans:
                for bucket in range(span.start // self.BUCKET_CHARS,
                                    max(span.start, span.end - 1) // self.BUCKET_CHARS + 1):
                    self._buckets.setdefault(bucket, []).append((span.start, span.end, index, kind))

    def how(self, start: int, end: int) -> str | None:
        """As a pass over the attributions in order would say: the first attribution whose source
        (checked first) or one of whose via spans overlaps text[start:end]."""
        best: tuple[int, int] | None = None
        for bucket in range(start // self.BUCKET_CHARS, max(start, end - 1) // self.BUCKET_CHARS + 1):
            for span_start, span_end, index, kind in self._buckets.get(bucket, ()):
                if span_start < end and start < span_end and (best is None or (index, kind) < best):
                    best = (index, kind)
        if best is None:
            return None
        return "attribution source" if best[1] == 0 else "attribution via"


class _LineIndex:
    """Where the text's lines start and end, found once: a mention's line by bisection, not by
    searching the text for newlines from each mention (quadratic on a text without newlines)."""

    def __init__(self, text: str):
        self._newlines = [m.start() for m in re.finditer("\n", text)]
        self._length = len(text)

    def line_of(self, start: int, end: int) -> tuple[int, int]:
        before = bisect.bisect_left(self._newlines, start) - 1  # the last newline before `start`
        line_start = self._newlines[before] + 1 if before >= 0 else 0
        after = bisect.bisect_left(self._newlines, end)  # the first newline at or after `end`
        line_end = self._newlines[after] if after < len(self._newlines) else self._length
        return line_start, line_end


def _snippet(text: str, start: int, end: int) -> str:
    before, after = _sentence_window(text, start, end)
    if len(before) > SNIPPET_CHARS:  # start and end the snippet on whole words
        before = before[-SNIPPET_CHARS:].split(" ", 1)[-1]
    if len(after) > SNIPPET_CHARS:
        after = after[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return " ".join((before + text[start:end] + after).split())


def find_outlets(text: str, attributions: tuple[Attribution, ...], ratings: RatingsTable) -> tuple[CitedOutlet, ...]:
    """The outlets the text cites, each with its domain rating and where it is cited, by first mention."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    grouped: dict[str, list[Mention]] = {}
    for mention in find_mentions(text, attributions):
        grouped.setdefault(mention.outlet.name, []).append(mention)
    outlets = []
    for mentions in grouped.values():
        outlet = mentions[0].outlet
        evidence = tuple(
            Evidence(_snippet(text, m.start, m.end), f"main_text:{m.how}", m.start, m.end) for m in mentions)
        outlets.append(CitedOutlet(outlet.name, outlet.domain, ratings.rate(outlet.domain), evidence))
    return tuple(outlets)
