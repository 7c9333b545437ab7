"""Primary material and precise references in the text, in the eight supported languages.

A reader counts as sourcing what "said" verbs never mark: a notice citing the federal law gazette by
issue and page, a ruling quoted with its file number, a study named with its journal, the
statistics office's figures, a ministry's statement. Two kinds of match, each a small pure scan:

- `primary_mentions`: a document, data or statement word ("Studie", "ruling", "communiqué",
  "Statistisches Bundesamt", "press release") that names primary material.
- `precise_references`: a reference a reader could look up: a DOI, an identifier with a number
  ("Az. 1 BvR 2656/18", "Case No. 19-1392", "Drucksache 19/1234", "BGBl. I S. 3045", "§ 12"), or a
  document word followed closely by a date or number ("report of 12 March 2024").

Each pattern is a plain alternation of words or a bounded run: no nested repetition, so a scan is
linear in the text; the window after a document word is a fixed slice, not a pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Document, data, ruling and statement words per language (lower case; matched at word starts,
# so "studie" also finds "Studien", "study" finds "study's"). A reader's primary material.
PRIMARY_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "audit office",
        "minutes",
        "study",
        "studies",
        "report",
        "survey",
        "poll",
        "data",
        "statistics",
        "figures",
        "census",
        "ruling",
        "verdict",
        "judgment",
        "judgement",
        "court filing",
        "filing",
        "indictment",
        "lawsuit",
        "complaint",
        "affidavit",
        "testimony",
        "statement",
        "press release",
        "announcement",
        "transcript",
        "memo",
        "letter",
        "documents",
        "document",
        "records",
        "published in",
        "journal",
        "audit",
        "decree",
        "regulation",
        "official journal",
        "white paper",
        "annual report",
        "database",
        "dataset",
        "minutes",
    ),
    "de": (
        "rechnungshof",
        "bundesrechnungshof",
        "veröffentlicht",
        "sitzungsprotokoll",
        "studie",
        "bericht",
        "umfrage",
        "daten",
        "statistik",
        "zahlen",
        "urteil",
        "beschluss",
        "anklage",
        "klage",
        "klageschrift",
        "gutachten",
        "erklärung",
        "mitteilung",
        "pressemitteilung",
        "stellungnahme",
        "protokoll",
        "schreiben",
        "dokument",
        "unterlagen",
        "akten",
        "veröffentlicht in",
        "fachzeitschrift",
        "verordnung",
        "gesetz",
        "gesetzblatt",
        "bundesgesetzblatt",
        "drucksache",
        "amtsblatt",
        "jahresbericht",
        "prüfbericht",
        "erhebung",
        "auswertung",
        "analyse",
    ),
    "fr": (
        "cour des comptes",
        "compte rendu",
        "publié",
        "étude",
        "rapport",
        "sondage",
        "enquête",
        "données",
        "statistiques",
        "chiffres",
        "arrêt",
        "jugement",
        "décision",
        "plainte",
        "communiqué",
        "déclaration",
        "document",
        "courrier",
        "lettre",
        "publié dans",
        "revue",
        "décret",
        "loi",
        "journal officiel",
        "ordonnance",
        "procès-verbal",
        "bilan",
    ),
    "es": (
        "tribunal de cuentas",
        "acta",
        "publicad",
        "estudio",
        "informe",
        "encuesta",
        "datos",
        "estadísticas",
        "cifras",
        "sentencia",
        "fallo",
        "demanda",
        "denuncia",
        "comunicado",
        "declaración",
        "documento",
        "carta",
        "publicado en",
        "revista",
        "decreto",
        "ley",
        "boletín oficial",
        "boe",
        "resolución",
        "memoria",
        "balance",
    ),
    "it": (
        "corte dei conti",
        "verbale",
        "in una nota",
        "pubblicat",
        "studio",
        "rapporto",
        "relazione",
        "sondaggio",
        "indagine",
        "dati",
        "statistiche",
        "cifre",
        "sentenza",
        "ordinanza",
        "denuncia",
        "comunicato",
        "dichiarazione",
        "documento",
        "lettera",
        "pubblicato su",
        "rivista",
        "decreto",
        "legge",
        "gazzetta ufficiale",
        "bilancio",
    ),
    "pt": (
        "tribunal de contas",
        "ata",
        "em nota",
        "publicad",
        "estudo",
        "relatório",
        "pesquisa",
        "sondagem",
        "inquérito",
        "dados",
        "estatísticas",
        "números",
        "sentença",
        "acórdão",
        "decisão",
        "denúncia",
        "comunicado",
        "nota oficial",
        "declaração",
        "documento",
        "carta",
        "publicado na",
        "publicado no",
        "revista",
        "decreto",
        "lei",
        "diário oficial",
        "diário da república",
        "balanço",
    ),
    "pl": (
        "najwyższa izba kontroli",
        "najwyższej izby kontroli",
        "protokoł",
        "protokół",
        "opublikowan",
        "badanie",
        "badania",
        "raport",
        "sondaż",
        "ankieta",
        "dane",
        "statystyki",
        "wyrok",
        "postanowienie",
        "akt oskarżenia",
        "pozew",
        "komunikat",
        "oświadczenie",
        "dokument",
        "pismo",
        "czasopismo",
        "rozporządzenie",
        "ustawa",
        "dziennik ustaw",
        "sprawozdanie",
    ),
    "nl": (
        "rekenkamer",
        "notulen",
        "gepubliceerd",
        "studie",
        "onderzoek",
        "rapport",
        "peiling",
        "enquête",
        "gegevens",
        "cijfers",
        "statistieken",
        "vonnis",
        "uitspraak",
        "beschikking",
        "aanklacht",
        "persbericht",
        "verklaring",
        "document",
        "brief",
        "gepubliceerd in",
        "tijdschrift",
        "besluit",
        "staatsblad",
        "staatscourant",
        "jaarverslag",
    ),
}
# Issuers of primary data a reader would call a source in any language (statistics offices,
# central banks, agencies of record): named in the text, their figures are primary material.
# Matched with their case (acronyms: "WHO" is the organisation, "who" a pronoun).
DATA_ISSUERS: tuple[str, ...] = (
    "Statistisches Bundesamt",
    "Destatis",
    "Eurostat",
    "INSEE",
    "Istat",
    "ISTAT",
    "IBGE",
    "Office for National Statistics",
    "Census Bureau",
    "Bureau of Labor Statistics",
    "Centraal Bureau voor de Statistiek",
    "Główny Urząd Statystyczny",
    "Instituto Nacional de Estadística",
    "Instituto Nacional de Estatística",
    "Robert Koch-Institut",
    "Robert-Koch-Institut",
    "World Health Organization",
    "Weltgesundheitsorganisation",
    "IMF",
    "OECD",
    "WHO",
    "Federal Reserve",
    "Bundesbank",
    "Europäische Zentralbank",
    "European Central Bank",
    "Banque de France",
    "Banco de España",
    "Banca d'Italia",
    "CDC",
    "NASA",
    "NOAA",
    "UNICEF",
    "World Bank",
    "Weltbank",
    "Eurostat",
)
ISSUER_PATTERN = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(set(DATA_ISSUERS), key=len, reverse=True)) + r")(?!\w)"
)
# One alternation of literal words per language, anchored at a word start: linear (no nested quantifier).
PRIMARY_PATTERNS: dict[str, re.Pattern[str]] = {
    language: re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")", re.IGNORECASE
    )
    for language, words in PRIMARY_WORDS.items()
}


# Identifiers a reader can look up, whatever the language.
IDENTIFIER_PATTERN = re.compile(
    r"\b10\.\d{4,9}/[^\s\"<>]{1,100}"  # DOI
    r"|\barXiv:\s?\d{4}\.\d{4,5}"
    r"|(?<!\w)(?:Az\.|Aktenzeichen|Case No\.|case no\.|Docket No\.|No\.|Nr\.|n[º°o]\.?|Nº|sygn\. akt|Rs\.|C-)\s?"
    r"(?:\d{1,4}\s)?[A-Za-z]{0,4}\s?\d{1,6}(?:[/.-]\d{1,6}){0,3}"  # file and case numbers
    r"|\bDrucksache\s\d{1,3}/\d{1,6}"
    r"|\bBGBl\.\s?(?:I{1,3}\s)?(?:S\.\s?)?\d{1,5}"
    r"|§{1,2}\s?\d{1,4}[a-z]?"
    r"|\bArt(?:icle|ikel|ículo|icolo|igo|\.)\s\d{1,4}"
)
# A date or number close after a document word makes the reference precise ("report of 12 March").
DATE_OR_NUMBER = re.compile(
    r"\b(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:19|20)\d{2}|\d{1,2}\.?\s[A-Za-zÀ-ÿ]{3,10}\.?\s(?:19|20)\d{2})\b"
)
# How far after a document word its date or number may stand (characters).
REFERENCE_WINDOW = 60
# Budget: a page's text is scanned up to this many characters (longer texts are cut first).
MAX_SCAN_CHARS = 400_000


@dataclass(frozen=True)
class Mention:
    """One match: the words as the text has them and their offsets into the text."""

    text: str
    start: int
    end: int


# A prefix match ("studie" in "Studien") is quoted to the end of its word, this far at most.
MAX_WORD_TAIL = 30


def _whole_word(text: str, start: int, end: int) -> Mention:
    """The match grown to the end of its word, so a quote never stops inside one ("polls", not "poll")."""
    limit = min(len(text), end + MAX_WORD_TAIL)
    while end < limit and text[end].isalnum():
        end += 1
    return Mention(text[start:end], start, end)


def primary_mentions(text: str, language: str | None) -> tuple[Mention, ...]:
    """Document, data, ruling and statement words of the text's language, and named data issuers:
    the text points to primary material. Empty in a language without a word list."""
    pattern = PRIMARY_PATTERNS.get(language or "")
    if pattern is None:
        return ()
    scanned = text[:MAX_SCAN_CHARS]
    found = [_whole_word(scanned, m.start(), m.end()) for m in pattern.finditer(scanned)]
    found += [Mention(m.group(0), m.start(), m.end()) for m in ISSUER_PATTERN.finditer(scanned)]
    return tuple(sorted(found, key=lambda m: m.start))


def precise_references(text: str, primary: tuple[Mention, ...]) -> tuple[Mention, ...]:
    """References a reader could look up: identifiers, and document words with a date or number
    close after them. Sorted by position, one per start."""
    scanned = text[:MAX_SCAN_CHARS]
    found = {m.start(): Mention(m.group(0), m.start(), m.end()) for m in IDENTIFIER_PATTERN.finditer(scanned)}
    for mention in primary:
        window = scanned[mention.end : mention.end + REFERENCE_WINDOW]
        date = DATE_OR_NUMBER.search(window)
        if date is not None and mention.start not in found:
            end = mention.end + date.end()
            found[mention.start] = Mention(scanned[mention.start : end], mention.start, end)
    return tuple(found[k] for k in sorted(found))
