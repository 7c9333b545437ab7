"""The reliability model's features: what an article's own writing says, measured so it travels.

`extract_features(page, attributions, headline_bait)` turns one parsed article into a fixed, ordered
vector (`FEATURE_NAMES`) of rates and shares — never raw words, never the publisher or its domain —
so a model trained on some outlets can judge an outlet it has never seen. The same function serves
training (plain text through `parse_text`) and scoring (HTML through `parse_html`).

Groups (`FEATURE_GROUPS`; docs/model.md has each group's measured contribution):
- style: length, sentence length and spread, word length, vocabulary variety, numbers, proper
  names, ALL-CAPS, exclamation, question and repeated punctuation marks;
- voice: first- and second-person pronouns, opinion markers, calls to the reader ("share this");
- hedging: hedges ("may", "reportedly") and certainty boosters ("clearly", "never");
- lexicon: sensational, emotional, insulting and partisan words;
- sourcing: reporting verbs, claims pinned on named people, roles and institutions cited,
  quotations, anonymous and vague ("some say") attribution, time pegs;
- attribution: from `scorer.attribution` (the pipeline's `Analysis.attributions`): the share of
  sentences attributed, identified / anonymous sources, distinct sources, direct quotes, relays;
- headline: the headline's clickbait probability (`Analysis.headline_bait`), its ALL-CAPS and !/?.

A value that cannot be measured (no headline, under `MIN_MEASURABLE_WORDS` words, no attributions to take a
share of) is NaN; the model's imputer puts the training median there, so a missing value contributes
nothing to the explanation. Cue words are English: on other languages the lexicon rates fall to zero
(a known limit). Words are matched as whole tokens and phrases with set look-ups, in one pass
(the cost per article is measured by `python -m training.bench_model`, docs/model.md).
"""
from __future__ import annotations

import bisect
import functools
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import cast

from ..types import Attribution, Evidence, ParsedPage
from . import lexicons_multilingual as other

NAN = float("nan")


# --- cue lexicons: lower-case words and phrases, one entry per "|" -----------------------------------
def _entries(spec: str) -> frozenset[str]:
    return frozenset(" ".join(_TOKEN.findall(e.lower())) for e in spec.replace("\n", " ").split("|") if e.strip())


_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")
_PHRASE_MAX = 4  # the longest lexicon entry, in tokens

# Hedges: the writer marks uncertainty or distance from a claim (Hyland's hedges, news subset).
HEDGES = _entries("""may | might | could | perhaps | possibly | probably | likely | unlikely | appear | appears |
appeared | seem | seems | seemed | suggest | suggests | suggested | reportedly | allegedly | apparently | unclear |
uncertain | unconfirmed | estimated | approximately | roughly | around | nearly | almost""") | _entries(other.HEDGES)
# Boosters: certainty the evidence rarely supports; common in partisan and fabricated copy.
BOOSTERS = _entries("""clearly | obviously | definitely | certainly | undeniably | undoubtedly | absolutely |
unquestionably | always | never | everyone | everybody | nobody | totally | completely | entirely | proof | prove |
proves | proven | truth | literally | indisputable | indisputably | without a doubt | no doubt | the fact is |
make no mistake""") | _entries(other.BOOSTERS)
# Sensational words: the register of outrage headlines and curiosity bait.
SENSATIONAL = _entries("""shock | shocking | shocked | shocks | stunning | stunned | bombshell | outrage | outrages |
outraged | outrageous | disgust | disgusting | disgusted | insane | crazy | horrifying | horrific | horrified |
terrifying | unbelievable | incredible | amazing | epic | explosive | devastating | destroy | destroys | destroyed |
slam | slams | slammed | blast | blasts | blasted | rips | wow | expose | exposed | scandal | scandalous | disgrace |
disgraceful | pathetic | ridiculous | absurd | hilarious | massive | brutal | brutally | furious | meltdown |
humiliate | humiliates | humiliated | humiliating | jaw dropping | mind blowing | breaking | urgent | alert |
must see | viral | busted | caught | finally""") | _entries(other.SENSATIONAL)
# Emotional words (anger, fear, moral condemnation, piety): tone rather than information.
EMOTIONAL = _entries("""hate | hates | hatred | fear | afraid | angry | anger | rage | evil | corrupt | corruption |
lie | lies | lied | lying | liar | liars | crook | crooked | traitor | treason | thug | thugs | disaster | threat |
dangerous | sick | sickening | vile | wicked | shame | shameful | betray | betrays | betrayed | betrayal | criminal |
tyranny | tyrannical | nightmare | destruction | chaos | panic | hero | heroes | patriot | patriots | patriotic |
pray | prayers | god | blessed""") | _entries(other.EMOTIONAL)
# Insults aimed at people or groups.
INSULTS = _entries("""idiot | idiots | idiotic | moron | morons | moronic | stupid | dumb | loser | losers | clown |
clowns | libtard | libtards | snowflake | snowflakes | scum | hypocrite | hypocrites | hypocritical | lunatic |
lunatics | fool | fools | imbecile | imbeciles | buffoon | commie | commies | sheeple | puppet | nutjob | whiny |
crybaby | crybabies""")
# Partisan register: labels for camps and for the press, the vocabulary of hyperpartisan copy.
PARTISAN = _entries("""liberal | liberals | leftist | leftists | the left | libs | progressives | conservatives |
right wing | left wing | mainstream media | liberal media | msm | fake news | propaganda | establishment | globalist |
globalists | elite | elites | deep state | regime | agenda | radical | socialist | socialists | communist |
communists | marxist | marxists | fascist | fascists | nazi | nazis | political correctness | politically correct |
sjw | sjws | antifa | alt right""") | _entries(other.PARTISAN)
# Calls to the reader: engagement bait of social-media copy.
CALLS = _entries("""share this | share if | please share | like and share | let us know | tell us | comment below |
sound off | what do you think | watch the video | watch below | see the video | check out | click here |
don't forget | dont forget | sign the petition | spread the word | h t | sharing is caring | scroll down""") \
    | _entries(other.CALLS)
# Opinion markers: the writer's own stance in the first person or as an aside.
OPINION = _entries("""i think | i believe | in my opinion | i guess | of course | let's be honest | frankly | folks |
needless to say | mark my words | wake up | think about it""") | _entries(other.OPINION)
# Reporting verbs and attribution cues: a claim hung on someone who can be checked.
REPORTING = _entries("""said | says | say | told | tells | according to | stated | states | reported | reports |
announced | added | explained | noted | wrote | confirmed | testified | acknowledged | declined to comment |
did not respond | spokesman | spokeswoman | spokesperson | statement | press release | interview | in an email |
told reporters""") | _entries(other.REPORTING)
# Roles of people quoted: news names who speaks and in what capacity.
ROLES = _entries("""sen | rep | gov | dr | spokesman | spokeswoman | spokesperson | director | chairman | chairwoman |
chief | professor | official | officials | minister | ambassador | analyst | aide | adviser | advisor | lawmaker |
lawmakers | senator | attorney | judge | mayor | ceo | economist | researcher | expert | secretary | commissioner |
manager | executive | president | representative | governor | strategist | lawyer | prosecutor | investigator |
inspector | officer | counsel""") | _entries(other.ROLES)
# Institutions and documents: the checkable bodies and records a report rests on.
INSTITUTIONS = _entries("""department | ministry | agency | committee | commission | court | university | institute |
council | bureau | office | organization | organisation | report | study | survey | data | poll | census | filing |
document | documents | record | records | database""") | _entries(other.INSTITUTIONS)
# Anonymous attribution: careful or not, the source cannot be checked.
ANONYMOUS = _entries("""source said | sources said | sources say | source says | source told | sources told |
sources close | source close | sources familiar | a source | insider | insiders | people familiar |
on condition of anonymity | who asked not to be named | not authorized to | not authorised to | officials who |
an official who | unnamed | anonymous""") | _entries(other.ANONYMOUS)
# Vague attribution: weasel words that point at nobody.
VAGUE = _entries("""some say | some people | many people | many say | people are saying | experts say | critics say |
it is said | it is believed | it has been reported | rumor | rumors | rumour | rumours | reports suggest |
some believe | many believe | we are told | word is | the internet is""") | _entries(other.VAGUE)
# Time pegs: news reports anchor events in days and dates.
TIME_PEGS = _entries("""monday | tuesday | wednesday | thursday | friday | saturday | sunday | yesterday | today |
tonight | last week | this week | last month | earlier this | later this | on january | on february | on march |
on april | on june | on july | on august | on september | on october | on november | on december | on jan | on feb |
on aug | on sept | on oct | on nov | on dec""") | _entries(other.TIME_PEGS)
FIRST_SINGULAR = frozenset({"i", "me", "my", "mine", "myself", "i'm", "i’m", "i've", "i’ve", "i'd", "i’d"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves", "we're", "we’re", "we've", "we’ve"})
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves", "you're", "you’re", "you've",
                           "you’ve", "y'all", "y’all"})

LEXICONS: dict[str, frozenset[str]] = {
    "hedge_rate": HEDGES,
    "booster_rate": BOOSTERS,
    "sensational_rate": SENSATIONAL,
    "emotional_rate": EMOTIONAL,
    "insult_rate": INSULTS,
    "partisan_rate": PARTISAN,
    "call_to_reader_rate": CALLS,
    "opinion_rate": OPINION,
    "reporting_rate": REPORTING,
    "role_rate": ROLES,
    "institution_rate": INSTITUTIONS,
    "anonymous_cue_rate": ANONYMOUS,
    "vague_attribution_rate": VAGUE,
    "time_peg_rate": TIME_PEGS,
}
# Single words per lexicon; multi-word phrases -> their lexicons; first word -> the phrase lengths it opens.
_WORDS: dict[str, frozenset[str]] = {name: frozenset(e for e in lex if " " not in e) for name, lex in LEXICONS.items()}
_PHRASES: dict[str, tuple[str, ...]] = {}
_PHRASE_STARTS: dict[str, tuple[int, ...]] = {}
for _name, _lexicon in LEXICONS.items():
    for _entry in _lexicon:
        if " " in _entry:
            _PHRASES[_entry] = _PHRASES.get(_entry, ()) + (_name,)
            _first, _n = _entry.split(" ", 1)[0], _entry.count(" ") + 1
            _PHRASE_STARTS[_first] = tuple(sorted(set(_PHRASE_STARTS.get(_first, ())) | {_n}))
_PHRASE_LENGTHS = tuple(sorted({e.count(" ") + 1 for lex in LEXICONS.values() for e in lex}))
# The words that can open a match of each lexicon: a text with none of them has no match.
_OPENERS: dict[str, frozenset[str]] = {name: _WORDS[name] | {e.split(" ", 1)[0] for e in lex if " " in e}
                                       for name, lex in LEXICONS.items()}

def _opening_with(first: str, pattern: str) -> re.Pattern[str]:
    """`pattern`, behind a lookahead on the characters its matches can start with: the same matches
    (and splits), but the engine passes over the positions where none can start instead of trying
    the pattern there (Python's re only does that itself for patterns opening with a literal or a class;
    these open with \\b or a lookbehind). 20-30% less time per pass over the text."""
    return re.compile(f"(?={first})(?:{pattern})")


# "Pence said", "said Sen. John Thune", "Conway told Fox Business": a claim pinned on a named person.
_NAMED_ATTRIBUTION = _opening_with(
    "[A-Zsta]",
    r"\b[A-Z][a-z]+(?:\s[A-Z][a-z]+)?,?\s(?:said|says|told|added|wrote|explained|noted|stated|argued|testified|"
    r"announced|tweeted|posted)\b|\b(?:said|says|told|added|according to)\s(?:[A-Z][a-z.]+\s){1,3}")
# A sentence ends at . ! ? (and a closing quote) before a space and a capital, digit or quote.
_SENTENCE_END = _opening_with(r"[”\"')\]»\s]",
                              r"(?<=[.!?])[”“\"')\]»]?\s+(?=[“\"‘'(\[„«»¡¿A-Z0-9À-ÖØ-ÞĆŁŚŹŻ])|\n+")
# A quotation in English, German („…“), French, Italian and Spanish («…») or Polish („…”) marks.
_QUOTED = re.compile(r"[“\"„«]\s?([^“”\"„«»\n]{3,}?)\s?[”\"“»]")
# Capitalised words that do not open a sentence: names of people, places and bodies.
_CAPITALISED = _opening_with("[A-Z]", r"(?<=[\w,;:] )[A-Z][a-z]+")
# Tokens that start with a digit; words of four or more capitals (shouting, and long acronyms).
_NUMBER = _opening_with(r"\d", r"\b\d")
_ALL_CAPS = _opening_with("[A-Z]", r"\b[A-Z]{4,}\b")
# "!!", "?!", "...": punctuation as volume.
_REPEATED_PUNCTUATION = _opening_with("[!?.…]", r"[!?][!?]+|\.\.\.+|…")
# Words so long they are not words (URLs, glued hashtags) are left out of word length.
_MAX_WORD_LEN = 20
# Vocabulary variety is measured on the first words only: type-token ratio falls with length.
TTR_WINDOW = 300
# Below this many words rates are noise: the text is too short to measure.
MIN_MEASURABLE_WORDS = 30
# Source types that name who is speaking (scorer.attribution.SOURCE_TYPES minus the vague ones).
IDENTIFIED_SOURCE_TYPES = frozenset({"news_agency", "government_body", "official", "named_person", "organisation",
                                     "document", "social_media"})
# Sources that name nobody new: pronouns are the extractor's to resolve, not extra sources.
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "who", "which", "this"})

STYLE = ("log_words", "mean_sentence_words", "sentence_words_spread", "mean_word_length", "long_word_share",
         "type_token_ratio", "number_share", "proper_name_share", "all_caps_share", "exclamation_rate",
         "question_rate", "repeated_punctuation_rate")
VOICE = ("first_singular_rate", "first_plural_rate", "second_person_rate", "opinion_rate", "call_to_reader_rate")
HEDGING = ("hedge_rate", "booster_rate")
LEXICON = ("sensational_rate", "emotional_rate", "insult_rate", "partisan_rate")
SOURCING = ("reporting_rate", "named_attribution_rate", "role_rate", "institution_rate", "quote_share",
            "quotes_per_100_words", "anonymous_cue_rate", "vague_attribution_rate", "time_peg_rate")
ATTRIBUTION = ("attributed_sentence_share", "identified_source_share", "anonymous_source_share",
               "distinct_sources_log", "direct_quote_share", "relayed_share", "top_source_share")
HEADLINE = ("headline_bait", "title_caps_share", "title_punctuation")

FEATURE_GROUPS: dict[str, tuple[str, ...]] = {
    "style": STYLE,
    "voice": VOICE,
    "hedging": HEDGING,
    "lexicon": LEXICON,
    "sourcing": SOURCING,
    "attribution": ATTRIBUTION,
    "headline": HEADLINE,
}
FEATURE_NAMES: tuple[str, ...] = tuple(name for group in FEATURE_GROUPS.values() for name in group)
_INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}

# What each feature is, in words a reader understands (the text_model signal's evidence).
FEATURE_DESCRIPTIONS: dict[str, str] = {
    "log_words": "article length",
    "mean_sentence_words": "words per sentence",
    "sentence_words_spread": "variation of sentence length",
    "mean_word_length": "letters per word",
    "long_word_share": "share of long words (7+ letters)",
    "type_token_ratio": f"vocabulary variety (first {TTR_WINDOW} words)",
    "number_share": "numbers per word",
    "proper_name_share": "capitalised names per word",
    "all_caps_share": "ALL-CAPS words per word",
    "exclamation_rate": "exclamation marks per sentence",
    "question_rate": "question marks per sentence",
    "repeated_punctuation_rate": "'!!', '?!', '...' per sentence",
    "first_singular_rate": "I / me / my per word",
    "first_plural_rate": "we / us / our per word",
    "second_person_rate": "you / your per word",
    "opinion_rate": "opinion markers ('I think', 'of course') per sentence",
    "call_to_reader_rate": "calls to the reader ('share this') per sentence",
    "hedge_rate": "hedges ('may', 'reportedly') per sentence",
    "booster_rate": "certainty boosters ('clearly', 'never') per sentence",
    "sensational_rate": "sensational words per sentence",
    "emotional_rate": "emotional words per sentence",
    "insult_rate": "insults per sentence",
    "partisan_rate": "partisan labels ('the left', 'mainstream media') per sentence",
    "reporting_rate": "reporting verbs and attribution cues per sentence",
    "named_attribution_rate": "claims pinned on a named person ('Pence said') per sentence",
    "role_rate": "roles of people cited ('spokesman', 'Sen.') per sentence",
    "institution_rate": "institutions and documents cited per sentence",
    "quote_share": "share of the text inside quotation marks",
    "quotes_per_100_words": "quotations per 100 words",
    "anonymous_cue_rate": "anonymous-source cues per sentence",
    "vague_attribution_rate": "vague attributions ('some say') per sentence",
    "time_peg_rate": "time pegs (days, dates) per sentence",
    "attributed_sentence_share": "share of sentences that attribute a claim to a source",
    "identified_source_share": "share of attributions to an identified source",
    "anonymous_source_share": "share of attributions to anonymous sources",
    "distinct_sources_log": "number of distinct sources cited",
    "direct_quote_share": "share of attributions that quote directly",
    "relayed_share": "share of attributions relayed through an intermediary",
    "top_source_share": "share of attributions through the most-cited source",
    "headline_bait": "the headline's clickbait probability",
    "title_caps_share": "ALL-CAPS words in the headline",
    "title_punctuation": "'!' and '?' in the headline",
}


# The direction each feature was put in the model for: +1 = more of it, more likely unreliable;
# -1 = more of it, more likely reliable; 0 = no hypothesis (either sign may be learned). Training keeps
# only features whose learned effect agrees (training/train.py), so no explanation ever says that
# insults or ALL-CAPS made a text more trustworthy.
EXPECTED_DIRECTION: dict[str, int] = {
    # reporting takes space, names specifics and uses a wider vocabulary
    "log_words": -1, "mean_sentence_words": 0, "sentence_words_spread": 0, "mean_word_length": -1,
    "long_word_share": -1, "type_token_ratio": 0, "number_share": -1, "proper_name_share": -1,
    # shouting and rhetorical punctuation
    "all_caps_share": 1, "exclamation_rate": 1, "question_rate": 1, "repeated_punctuation_rate": 1,
    # the writer and the reader in the text instead of the sources
    "first_singular_rate": 1, "first_plural_rate": 1, "second_person_rate": 1, "opinion_rate": 1,
    "call_to_reader_rate": 1,
    # careful reporting marks uncertainty; certainty without evidence is a tell
    "hedge_rate": -1, "booster_rate": 1,
    "sensational_rate": 1, "emotional_rate": 1, "insult_rate": 1, "partisan_rate": 1,
    # claims pinned on checkable people, bodies and dates
    "reporting_rate": -1, "named_attribution_rate": -1, "role_rate": -1, "institution_rate": -1,
    "quote_share": 0, "quotes_per_100_words": -1, "anonymous_cue_rate": 1, "vague_attribution_rate": 1,
    "time_peg_rate": -1,
    "attributed_sentence_share": -1, "identified_source_share": -1, "anonymous_source_share": 1,
    "distinct_sources_log": -1, "direct_quote_share": -1, "relayed_share": 1, "top_source_share": 1,
    "headline_bait": 1, "title_caps_share": 1, "title_punctuation": 1,
}


@dataclass(frozen=True)
class Features:
    """One article's feature values, aligned with `FEATURE_NAMES` (NaN = not measurable)."""

    values: tuple[float, ...]
    measurable: bool = True  # False: under MIN_MEASURABLE_WORDS words, too little text for the rates to mean anything

    def __post_init__(self) -> None:
        if len(self.values) != len(FEATURE_NAMES):
            raise ValueError(f"expected {len(FEATURE_NAMES)} feature values, got {len(self.values)}")

    def __getitem__(self, name: str) -> float:
        return self.values[_INDEX[name]]

    def as_dict(self) -> dict[str, float]:
        return dict(zip(FEATURE_NAMES, self.values))


def extract_features(page: ParsedPage, attributions: Sequence[Attribution] = (),
                     headline_bait: float | None = None) -> Features:
    """The feature vector of one article. Pure and fast (no I/O, one pass per measure)."""
    if not isinstance(page, ParsedPage):
        raise TypeError(f"page must be a ParsedPage, not {type(page).__name__}")
    if headline_bait is not None and not (isinstance(headline_bait, (int, float)) and 0.0 <= headline_bait <= 1.0):
        raise ValueError(f"headline_bait must be a probability in [0, 1] or None, not {headline_bait!r}")
    text = page.text
    tokens, lowered = _tokens(text)
    n_words = len(tokens)
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    n_sent = max(len(sentences), 1)
    ok = n_words >= MIN_MEASURABLE_WORDS
    v: dict[str, float] = {}

    # style
    v["log_words"] = math.log1p(n_words)
    v["mean_sentence_words"] = n_words / n_sent if ok else NAN
    lengths = [len(s.split()) for s in sentences]
    if ok and len(lengths) >= 3:
        mean = sum(lengths) / len(lengths)
        v["sentence_words_spread"] = math.sqrt(sum((x - mean) ** 2 for x in lengths) / len(lengths)) / mean
    else:
        v["sentence_words_spread"] = NAN
    alpha = [t for t in tokens if len(t) <= _MAX_WORD_LEN and t.isalpha()]
    v["mean_word_length"] = sum(map(len, alpha)) / len(alpha) if ok and alpha else NAN
    v["long_word_share"] = sum(len(t) >= 7 for t in alpha) / len(alpha) if ok and alpha else NAN
    window = lowered[:TTR_WINDOW]
    v["type_token_ratio"] = len(set(window)) / len(window) if ok else NAN
    v["number_share"] = _rate(len(_NUMBER.findall(text)), n_words, ok)
    v["proper_name_share"] = _rate(len(_CAPITALISED.findall(text)), n_words, ok)
    v["all_caps_share"] = _rate(len(_ALL_CAPS.findall(text)), n_words, ok)
    v["exclamation_rate"] = _rate(text.count("!"), n_sent, ok)
    v["question_rate"] = _rate(text.count("?"), n_sent, ok)
    v["repeated_punctuation_rate"] = _rate(len(_REPEATED_PUNCTUATION.findall(text)), n_sent, ok)

    # voice and the word lists: single words from the token counts, phrases from where they start
    counter = Counter(lowered)
    v["first_singular_rate"] = _rate(_count(counter, FIRST_SINGULAR), n_words, ok)
    v["first_plural_rate"] = _rate(_count(counter, FIRST_PLURAL), n_words, ok)
    v["second_person_rate"] = _rate(_count(counter, SECOND_PERSON), n_words, ok)
    counts = {name: _count(counter, _WORDS[name]) for name in LEXICONS}
    for i, token in enumerate(lowered):
        phrase_lengths = _PHRASE_STARTS.get(token)
        if phrase_lengths:
            for n in phrase_lengths:
                for name in _PHRASES.get(" ".join(lowered[i:i + n]), ()):
                    counts[name] += 1
    for name, count in counts.items():
        v[name] = _rate(count, n_sent, ok)

    # sourcing in the text itself
    v["named_attribution_rate"] = _rate(len(_NAMED_ATTRIBUTION.findall(text)), n_sent, ok)
    quoted = _QUOTED.findall(text)
    v["quote_share"] = _rate(sum(map(len, quoted)), len(text), ok)
    v["quotes_per_100_words"] = _rate(100 * len(quoted), n_words, ok)
    v.update(_attribution_values(text, sentences, attributions, ok))

    # headline
    v["headline_bait"] = NAN if headline_bait is None else float(headline_bait)
    title_tokens = _TOKEN.findall(page.title)
    if len(title_tokens) >= 3:
        v["title_caps_share"] = shouting_words(title_tokens) / len(title_tokens)
        v["title_punctuation"] = float(page.title.count("!") + page.title.count("?"))
    else:
        v["title_caps_share"] = v["title_punctuation"] = NAN
    return Features(tuple(float(v[name]) for name in FEATURE_NAMES), measurable=ok)


# Headline shouting, not acronyms: an ALL-CAPS word shouts when it is long (acronyms rarely pass
# five letters: EU, NATO, UNHCR) or stands in a run of three or more ALL-CAPS words of three letters
# or more ("YOU WON'T BELIEVE"); a lone "EU", "NATO" or "FBI" is a name and moves nothing.
SHOUT_MIN_LETTERS = 6
SHOUT_RUN = 3


def shouting_words(tokens: Sequence[str]) -> int:
    """ALL-CAPS words in `tokens` that shout rather than name (one pass)."""
    count = run = short_in_run = 0
    for token in (*tokens, ""):
        if len(token) >= 3 and token.isupper() and token.replace("'", "").replace("’", "").isalpha():
            run += 1
            if len(token) >= SHOUT_MIN_LETTERS:
                count += 1
            else:
                short_in_run += 1
            continue
        if run >= SHOUT_RUN:  # the run shouts as a whole: its short words count too
            count += short_in_run
        run = short_in_run = 0
    return count


@functools.lru_cache(maxsize=4)
def _tokens(text: str) -> tuple[list[str], list[str]]:
    """The text's tokens and their lower-case forms (read-only: shared). Cached so the evidence for
    the model's explanation (`feature_evidence`, same page) does not tokenise the text again."""
    tokens = _TOKEN.findall(text)
    return tokens, [t.lower() for t in tokens]


def _count(counter: Counter[str], words: frozenset[str]) -> int:
    if len(counter) < len(words):
        return sum(n for word, n in counter.items() if word in words)
    return sum(counter[word] for word in words if word in counter)


def _rate(count: float, total: float, ok: bool) -> float:
    return count / total if ok and total else NAN


def _attribution_values(text: str, sentences: list[str], attributions: Sequence[Attribution],
                        ok: bool) -> dict[str, float]:
    if not ok:
        return dict.fromkeys(ATTRIBUTION, NAN)
    # where each sentence ends in `text` (the sentences are its consecutive pieces, in order)
    ends, cursor = [], 0
    for sentence in sentences:
        start = text.find(sentence, cursor)
        cursor = (cursor if start < 0 else start) + len(sentence)
        ends.append(cursor)
    attributed = {bisect.bisect_right(ends, a.cue.start) for a in attributions}
    sources = {a.source.text.strip().lower() for a in attributions
               if a.source is not None and a.source.text.strip().lower() not in _PRONOUNS}
    out = {
        "attributed_sentence_share": min(len(attributed) / max(len(sentences), 1), 1.0),
        "distinct_sources_log": math.log1p(len(sources)),
    }
    # the channel each claim reached the reader through: the intermediary nearest the reader, else the source
    channels = Counter(key for a in attributions
                       if (key := (a.via[-1].text if a.via else a.source.text if a.source else "").strip().lower())
                       and key not in _PRONOUNS)
    total = sum(channels.values())
    # Three attributions are the least from which "most of them through one" means something.
    out["top_source_share"] = max(channels.values()) / total if total >= 3 else NAN
    n = len(attributions)
    shares = ("identified_source_share", "anonymous_source_share", "direct_quote_share", "relayed_share")
    if not n:  # nothing attributed: the shares are undefined (attributed_sentence_share = 0 says it)
        return out | dict.fromkeys(shares, NAN)
    out["identified_source_share"] = sum(a.source_type in IDENTIFIED_SOURCE_TYPES for a in attributions) / n
    out["anonymous_source_share"] = sum(a.source_type == "anonymous" for a in attributions) / n
    out["direct_quote_share"] = sum(bool(a.direct_quote) for a in attributions) / n
    out["relayed_share"] = sum(bool(a.via) for a in attributions) / n
    return out


def feature_evidence(page: ParsedPage, name: str, *, limit: int = 3) -> tuple[Evidence, ...]:
    """Up to `limit` passages of the text that a word-list or punctuation feature counted.

    Offsets index `page.text`. Features measured over the whole text (length, variety) have none.
    """
    text = page.text
    out = []
    for start, end in _matches(text, name):
        left = max(text.rfind(" ", 0, max(start - 40, 0)) + 1, text.rfind("\n", 0, start) + 1)
        right = text.find(" ", min(end + 40, len(text)))
        right = len(text) if right < 0 else right
        newline = text.find("\n", end)
        if newline >= 0:
            right = min(right, newline)
        out.append(Evidence(text[left:right].strip(), f"main_text:{name}", start, end))
        if len(out) >= limit:
            break
    return tuple(out)


# What the punctuation and pattern features count, to quote as evidence.
_EVIDENCE_PATTERNS: dict[str, re.Pattern[str]] = {
    "exclamation_rate": re.compile(r"!+"),
    "question_rate": re.compile(r"\?+"),
    "repeated_punctuation_rate": _REPEATED_PUNCTUATION,
    "named_attribution_rate": _NAMED_ATTRIBUTION,
    "quote_share": _QUOTED,
    "quotes_per_100_words": _QUOTED,
    "all_caps_share": _ALL_CAPS,
}


def _matches(text: str, name: str) -> Iterator[tuple[int, int]]:
    lexicon = LEXICONS.get(name)
    if lexicon is not None:
        # Which tokens match, from the shared lower-case tokens; character offsets only for those.
        lowered = _tokens(text)[1]
        if _OPENERS[name].isdisjoint(lowered):
            return
        words = _WORDS[name]
        longest = max(_PHRASE_LENGTHS)
        count = len(lowered)
        spans = _TOKEN.finditer(text)  # token k of `lowered` is match k of this
        at, match = -1, cast("re.Match[str]", None)  # set before first use: at < i for every hit
        for i, first in enumerate(lowered):
            n = 0
            if first in words:
                n = 1
            else:
                for length in _PHRASE_STARTS.get(first, ()):
                    if length <= min(longest, count - i) and " ".join(lowered[i:i + length]) in lexicon:
                        n = length
                        break
            if n:
                while at < i:
                    match, at = next(spans), at + 1
                start = match.start()
                while at < i + n - 1:
                    match, at = next(spans), at + 1
                yield start, match.end()
        return
    pattern = _EVIDENCE_PATTERNS.get(name)
    if pattern is not None:
        for m in pattern.finditer(text):
            yield m.start(), m.end()
