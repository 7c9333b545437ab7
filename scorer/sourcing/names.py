"""Is a source span a name a reader would list, and which names are the same source?

The attribution extractor returns the span before "said": often a name ("Denis Pushilin", "the
Ministry of Foreign Affairs"), sometimes a sentence opener ("There", "After"), a group ("officials",
"Many of us"), an unnamed person ("a spokesperson for ...") or a clause ("his administration sending
mixed ..."). A reader counts only the first kind, each person once ("Deval Patrick" and "Patrick"
are one). The test is linear in the span: its tokens are looked up in one word set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Words that are never a name on their own, in the eight supported languages: function words that
# open sentences, pronouns, quantifiers and group nouns ("officials", "experts"), lower case.
NOT_NAMES = frozenset(
    """
a an the and or but if so as at by for from in into of on to with without after before during since until
while when where why how what who whom which this that these those there here it its he she they we i you me
us them his her their our my your one some many most few several all every each another other others such no
not yes please let let's let’s get like also however meanwhile still yet now then today yesterday tomorrow
current example business everyone someone anyone nobody people users officials scientists experts researchers
analysts critics sources residents lawmakers americans progressives conservatives organization company
companies government group team staff prior more according following despite although because though even
just only both report reports study studies data new first last next said says told asked added
der die das den dem des ein eine einer eines und oder aber wenn als auf aus bei mit nach von vor zu zum zur im
am es er sie wir ich man dies diese dieser dieses auch doch noch laut wie was wer unsere unser experten
le la les un une et ou mais si de du des en dans pour par avec sans il elle ils elles nous on ce cette selon
el los las una y o pero del por para con sin él ella ellos nosotros se este esta según
il lo gli uno e ma di da per su lui lei loro noi questo questa secondo
os um uma ou mas do em no na ele ela eles nós segundo
w z na do nie to się że jak ale po dla według ten ta
het een maar als op van voor met zonder hij zij wij ik dit deze volgens
""".split()
)
# A span opened by an indefinite or a quantifier names nobody ("a spokesperson for ...", "one CEO").
INDEFINITE_OPENERS = frozenset(
    """
a an one some many few several another any most all every everyone
ein eine einer einem einige mehrere viele manche alle jeder un une uno una unos unas beaucoup plusieurs certains
tous tout mucha mucho muchos muchas algunos algunas todos todo alcuni alcune molti molte tutti um uma uns umas
muitos muitas alguns jeden jedna kilka wielu wiele niektórzy wszyscy een enkele sommige veel vele
""".split()
)
# Crowds and hearsay a reader calls vague ("experts say", "es heißt", "dicen"), beyond the words above.
CROWD_WORDS = frozenset("""
experts expert people critics observers analysts insiders rumours rumors reports it
experten kritiker beobachter leute menschen man es
gens experts observateurs critiques on
expertos gente críticos observadores se
esperti gente critici osservatori si
especialistas pessoas críticos observadores
eksperci ludzie krytycy obserwatorzy
deskundigen experts mensen critici waarnemers men
""".split())


def is_vague(span: str | None) -> bool:
    """A source a reader would call vague: none at all, a crowd, hearsay, an indefinite ("some say")."""
    if span is None:
        return True
    words = [t.lower() for t in tokens(span) if t]
    words = [w for w in words if w not in ARTICLES] or words
    return not words or words[0] in CROWD_WORDS or words[0] in INDEFINITE_OPENERS or (
        words[0] in NOT_NAMES and not is_name(span))


# Lower-case words allowed inside a name ("Ministry of Foreign Affairs", "Ludwig van Beethoven").
PARTICLES = frozenset("of the for and de del della di da do dos das du des la le von van der den zu y e i".split())
# More lower-case words than this (not particles) and the span is a description or a clause.
MAX_LOWER_WORDS = 3
# Titles dropped before comparing people ("Mr. Trump" is "Donald Trump").
TITLES = frozenset("mr mrs ms dr prof sen rep gov president minister herr frau dr. m. mme sr sra".split())
_TOKEN = re.compile(r"[\w’'.-]+")
# Articles a name may open with ("the Ministry", "le Quai d'Orsay", "der Bundestag").
ARTICLES = frozenset("the a an der die das den le la les l el los las il lo gli o os as de het".split())
_POSSESSIVE = re.compile(r"(?:’s|'s|’|')$")


# Where a source span stops being a name: a clause ("who led", "que le plan"), or an adjunct of
# time, place or occasion ("am Dienstag in Berlin", "à la presse", "nach einer Sitzung").
CLAUSE_OPENERS = frozenset(
    """
who which that whose whom said says told added published
der die das dessen deren welche welcher dass sagte erklärte
qui que dont lequel laquelle a déclaré
que quien cuyo cual dijo
che cui il quale ha detto
que quem cujo disse
który która które że powiedział
die dat wie welke zei
""".split()
) - frozenset({"der", "die", "das", "a"})
ADJUNCTS = frozenset(
    """
on at in after before during to from with via while
am im in nach vor bei gegenüber zu beim vom seit während
à au aux après lors devant pendant dans avec en sur
en a al tras ante durante con sobre
a al alla dopo davanti durante con in su nel nella
em na no ao à após perante durante com
w we na po przed podczas z ze dla
op in na voor tegen tijdens met bij
""".split()
)
# Days, which open or close a span as its date ("mardi la ministre", "am Dienstag").
DAYS = frozenset(
    """
monday tuesday wednesday thursday friday saturday sunday today yesterday
montag dienstag mittwoch donnerstag freitag samstag sonntag heute gestern
lundi mardi mercredi jeudi vendredi samedi dimanche aujourd'hui hier
lunes martes miércoles jueves viernes sábado domingo hoy ayer
lunedì martedì mercoledì giovedì venerdì sabato domenica oggi ieri
segunda terça quarta quinta sexta sábado domingo hoje ontem
poniedziałek wtorek środa czwartek piątek sobota niedziela dziś wczoraj
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag vandaag gisteren
""".split()
)
# Longest a cleaned name may be, in words.
MAX_NAME_TOKENS = 8


def reader_name(span: str) -> str:
    """The name in a source span, as a reader would say it: cut at the first comma, clause opener or
    adjunct ("Gesundheitsministerin Anna Berg am Dienstag in Berlin" -> "Gesundheitsministerin Anna
    Berg"), leading days dropped ("mardi la ministre de la Santé" -> "la ministre de la Santé")."""
    parts = [part.split("(")[0] for part in span.split(",")[:3]]
    # "La cheffe de l'opposition, Kari Dahl": the apposition that holds a name, else the first part.
    head = next((part for part in parts if _has_name_word(part)), parts[0])
    words = head.split()
    while words and words[0].lower().strip(".,") in DAYS:
        words = words[1:]
    kept: list[str] = []
    for word in words:
        bare = word.lower().strip(".,;:")
        if kept and (bare in CLAUSE_OPENERS or bare in DAYS or bare in ADJUNCTS):
            break
        kept.append(word)
        if len(kept) >= MAX_NAME_TOKENS:
            break
    return " ".join(kept).strip(" .,;:")


def _has_name_word(part: str) -> bool:
    return any(t[:1].isupper() and t.lower() not in NOT_NAMES and t.lower() not in DAYS for t in tokens(part))


def tokens(span: str) -> list[str]:
    return [_POSSESSIVE.sub("", t).strip(".") for t in _TOKEN.findall(span)]


def is_name(span: str) -> bool:
    """A name a reader would list: a capitalised word that is not a function or group word, not
    opened by an indefinite, and not a description or clause ("spoke on Friday's", "I've got")."""
    words = [t for t in tokens(span) if t]
    if not words or words[0].lower() in INDEFINITE_OPENERS:
        return False
    if any(re.search(r"[’'](?:ll|ve|m|re|d|t)$", t, re.IGNORECASE) for t in words):
        return False  # a contraction: a clause, not a name
    if not words[0][:1].isupper() and words[0].lower() not in ARTICLES:
        # "tomato farmer Lana Boatwright" names a person; "recent Republican" does not.
        if len(words) < 3 or not all(t[:1].isupper() for t in words[-2:]):
            return False
    capitalised = [t for t in words if t[:1].isupper() and t.lower() not in NOT_NAMES]
    lower = [t for t in words if not t[:1].isupper() and t.lower() not in PARTICLES and not t[:1].isdigit()]
    return bool(capitalised) and len(lower) <= MAX_LOWER_WORDS


def surname(span: str) -> str:
    """The last capitalised word, lower case: "Deval Patrick" and "Mr. Patrick" share "patrick"."""
    capitalised = [t for t in tokens(span) if t[:1].isupper() and t.lower() not in NOT_NAMES | TITLES]
    return capitalised[-1].lower() if capitalised else ""


def distinct(names: Iterable[str]) -> list[str]:
    """Each source once: a one-word name ("Patrick", "Mr. Patrick") that is the last word of a longer
    name on the page is that name; the longer form is kept. Order of first mention."""
    names = list(names)
    longer = {surname(n) for n in names if len([t for t in tokens(n) if t[:1].isupper()]) >= 2}
    out, seen = [], set()
    for name in names:
        capitalised = [t for t in tokens(name) if t[:1].isupper() and t.lower() not in TITLES]
        last = surname(name)
        if len(capitalised) <= 1 and last in longer:
            continue  # the short form of a person named in full elsewhere
        key = " ".join(t.lower() for t in tokens(name) if t.lower() not in NOT_NAMES | TITLES)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return out
