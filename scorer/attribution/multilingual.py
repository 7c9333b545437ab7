"""Attribution in German, French, Spanish, Italian, Portuguese, Polish and Dutch: hand-written rules
over the same tokens (`tokens.tokenize`), producing the same `RawAttribution`s as the English model.

The trained model reads English (PolNeAR); for the other supported languages each one's reporting
verbs ("sagte", "a déclaré", "dijo", "ha detto", "disse", "powiedział", "zei"), its "according to"
("laut", "selon", "según", "secondo", "segundo", "według", "volgens") and the shapes its press
writes attribution in are enough for the common cases:
- "Laut X ..." / "Según X, ...": X is the source, the rest of the sentence the content;
- "„...“, sagte X" / "« ... », a déclaré X" / "..., dijo X.": content left, source right;
- "Das sagte X" / "Lo ha annunciato X" / "Dat heeft X bekendgemaakt": source right, content is the
  sentence before;
- "X erklärte, ..." / "X a estimé que ...": source left, content right.
One pass over the tokens, each rule looking at most `WINDOW` tokens around its cue (linear).
Known limits: separable verbs other than the listed particles, sources after long adverbials.
"""
from __future__ import annotations

from .spans import RawAttribution
from .tokens import QUOTE_MARKS, Tokens


def _forms(spec: str) -> frozenset[str]:
    return frozenset(spec.split())


def _polish(stems: str) -> frozenset[str]:
    """Polish past tense in every gender and number: "powiedzia" -> powiedział, powiedziała, ..."""
    return frozenset(s + end for s in stems.split() for end in ("ł", "ła", "li", "ły", "ło"))


# Reporting verbs as the press writes them (past and present, third person; participles of the
# compound past, whose auxiliary joins the cue).
CUE_VERBS: dict[str, frozenset[str]] = {
    "de": _forms("""sagte sagten sagt sagen erklärte erklärten erklärt betonte betonten betont teilte teilten teilt
        kritisierte kritisierten kritisiert warnte warnten warnt schrieb schrieben schreibt berichtete berichteten
        berichtet laut bestätigte bestätigten bestätigt sagte räumte meinte meint erläuterte ergänzte fügte kündigte
        verkündete hervor forderte forderten fordert behauptete behauptet versicherte hieß heißt zufolge"""),
    "fr": _forms("""dit déclaré affirmé annoncé estimé expliqué précisé indiqué souligné ajouté assuré jugé confirmé
        averti écrit rappelé reconnu déclare affirme annonce estime explique précise indique souligne ajoute assure
        juge confirme dénoncé dénonce selon"""),
    "es": _forms("""dijo dijeron dice afirmó afirmaron afirma anunció anunciaron anuncia explicó explicaron explica
        señaló señalaron señala aseguró aseguraron asegura declaró declararon declara indicó indica añadió añade
        subrayó destacó advirtió confirmó reconoció escribió recoge recogen según informó informa sostuvo"""),
    "it": _forms("""detto dichiarato annunciato spiegato aggiunto precisato sottolineato affermato confermato
        riferito scritto avvertito ribadito dice dichiara spiega aggiunge precisa sottolinea afferma conferma
        riporta riportano secondo disse dichiarò annunciò spiegò aggiunse"""),
    "pt": _forms("""disse disseram diz afirmou afirmaram afirma anunciou anunciaram anuncia explicou explica
        acrescentou acrescenta esclareceu esclarece considerou considera indicou indica declarou declara
        garantiu garante sublinhou salientou referiu adiantou confirmou avisou escreveu segundo"""),
    "pl": _polish("""powiedzia poinformowa przekaza doda stwierdzi oceni oświadczy podkreśli zapowiedzia napisa
        wyjaśni zaznaczy przypomnia zapewni ostrzeg potwierdzi""") | _forms("""mówi twierdzi uważa wynika
        podaje według"""),
    "nl": _forms("""zei zegt zeiden zeggen verklaarde verklaart stelde stelt noemde noemt schreef schrijft meldde
        meldt liet laat bevestigde bevestigt waarschuwde benadrukte voegde bekendgemaakt gezegd verklaard
        gemeld blijkt volgens aldus"""),
}
# "According to": the source follows.
PREPOSITIONS = _forms("laut zufolge selon según secondo segundo według volgens")
# The auxiliaries of the compound past, joined to the cue on its left ("a déclaré", "ha detto").
AUXILIARIES = _forms("""a ont avait a-t-il a-t-elle ont-ils ha hanno aveva ha dicho han heeft hebben had hat haben
    hatte tem têm""")
# A sentence opened by one of these points back at the sentence before ("Das sagte X").
DEMONSTRATIVES = _forms("das dies dat lo ce cela to isso esto eso")
# Complementisers and the punctuation between cue and content: skipped at the content's start.
_CONTENT_OPENERS = _forms("dass que che że dat , : – — -")
# Prepositions that open a document source ("Aus dem Protokoll geht hervor", "Uit de notulen blijkt").
_SOURCE_OPENERS = _forms("aus uit z ze de da del")
_END_PUNCT = frozenset({".", "!", "?", "…", ";"})
# How far a source reaches from its cue, in tokens: news sources are names with a title and an
# institution ("Professor Lars Holm von der Universität Heidelberg"); past that it is a clause.
WINDOW = 16
SUPPORTED = frozenset(CUE_VERBS)


def find_rule_attributions(tk: Tokens, language: str) -> list[RawAttribution]:
    """The attributions of a text in `language` (one of `SUPPORTED`), in text order."""
    verbs = CUE_VERBS[language]
    out: list[RawAttribution] = []
    last_sentence = -1
    for i, w in enumerate(tk.lower):
        if w not in verbs or tk.quote_of[i] >= 0:
            continue
        sentence = tk.sentence_of[i]
        if sentence == last_sentence:
            continue  # one attribution per sentence: the first cue carries it
        preposition = w in PREPOSITIONS
        if preposition and i + 1 < len(tk.lower) and tk.lower[i + 1] in verbs:
            continue  # "según anunció X": the verb is the cue
        raw = _attribution(tk, i, sentence, preposition)
        if raw is not None:
            out.append(raw)
            last_sentence = sentence
    return out


def _attribution(tk: Tokens, i: int, sentence: int, preposition: bool) -> RawAttribution | None:
    sa, sb = tk.sentences[sentence]
    lower = tk.lower
    while sb > sa and lower[sb - 1] in _END_PUNCT:
        sb -= 1
    start = i
    while start > sa and lower[start - 1] in AUXILIARIES:
        start -= 1
    cue = (start, i + 1)
    if preposition:
        source = _noun_phrase(tk, i + 1, sb)
        if source is None:
            return None
        if i - sa <= 1:  # "Laut X, ..." / "Según X, ...": the rest is the content
            content = _content_right(tk, source[1], sb)
        else:  # "..., selon X": the content is on the left
            content = _trim(tk, sa, start)
        return _raw(cue, source, content, "RR", i)
    before = _trim(tk, sa, start)
    quote_left = before is not None and tk.words[before[1] - 1] in QUOTE_MARKS
    # content left, source right: „…“, sagte X / …, dijo X / « … » – powiedziała X
    # ("X, Name, a jugé que …" is an apposition before the cue: the complementizer after it says the
    # content is on the right.)
    opens_content = i + 1 < sb and lower[i + 1] in _CONTENT_OPENERS and lower[i + 1] not in (",", ":", "–", "—", "-")
    if before is not None and not opens_content and (
            quote_left or (start - sa > 3 and lower[start - 1] in (",", "–", "—", "-"))):
        source = _noun_phrase(tk, i + 1, sb)
        return _raw(cue, source, before, "RL", i)
    # "Das sagte X" / "Lo ha annunciato X" / "Dat heeft X bekendgemaakt": the sentence before
    if lower[sa] in DEMONSTRATIVES and sentence > 0:
        pa, pb = tk.sentences[sentence - 1]
        source = _noun_phrase(tk, i + 1, sb) if i + 1 < sb else _trim(tk, sa + 1, start)
        if source is not None and start - sa > 2 and i + 1 >= sb:  # Dutch: the participle closes the sentence
            source = (sa + 2, start) if lower[sa + 1] in AUXILIARIES else source
        return _raw(cue, source, _trim(tk, pa, pb), "RL", i)
    # source left, content right: "X erklärte, ..." / "Aus dem Protokoll geht hervor, dass ..."
    a = max(sa, start - WINDOW)
    while a < start and lower[a] in _SOURCE_OPENERS:
        a += 1
    source = (a, start) if a < start else None
    if source is not None and start - 1 > a and lower[start - 1] in ("geht",):
        source = (a, start - 1)
    return _raw((start, i + 1), source, _content_right(tk, i + 1, sb), "LR", i)


def _noun_phrase(tk: Tokens, a: int, limit: int) -> tuple[int, int] | None:
    """The source after a cue: up to a comma, a quote mark or the sentence's end, `WINDOW` at most."""
    b = a
    end = min(limit, a + WINDOW)
    while b < end and tk.lower[b] not in (",", ":", ";", "–", "—") and tk.words[b] not in QUOTE_MARKS:
        b += 1
    return (a, b) if b > a else None


def _content_right(tk: Tokens, a: int, limit: int) -> tuple[int, int] | None:
    while a < limit and tk.lower[a] in _CONTENT_OPENERS:
        a += 1
    return (a, limit) if a < limit else None


def _trim(tk: Tokens, a: int, b: int) -> tuple[int, int] | None:
    """[a, b) without the punctuation (commas, dashes) around it; quote marks kept."""
    while b > a and tk.lower[b - 1] in (",", "–", "—", "-", ":"):
        b -= 1
    return (a, b) if b > a else None


def _raw(cue: tuple[int, int], source: tuple[int, int] | None, content: tuple[int, int] | None, frame: str,
         head: int) -> RawAttribution | None:
    if content is None:
        return None
    return RawAttribution(cue, source, content, (content,), frame, head)
