"""The page-type model's features: what a page is, from cues that carry across sites and languages.

One pure function, `features(page) -> tuple[float, ...]`, in the order of `FEATURE_NAMES` (the
model card records that list; the loader refuses a model made for another). Every feature is
bounded work on the parsed page (no second walk of the tree):

- declared: JSON-LD / microdata @types and og:type, grouped (an article, a product, a question,
  a how-to, an event, a plain web page ...); schema.org's vocabulary is the same on every site.
- address: words of the URL's path matched against short multilingual word groups (news,
  blog, opinion, press, help/docs, shop, forum, event, legal), a date or a long number in the
  path, the depth of the path, a blog platform or reference host.
- structure: elements per tag counted in the parse's one pass (forms, inputs, tables and rows,
  lists, headings, links, code, time, media), the markup cues of a shop or forum, the
  furniture blocks (comments, recirculation, author box, ad slots), a shown byline, a date.
- text: words, paragraphs and their length, short lines, lines that end a sentence, digits,
  prices, code characters, first- and second-person words, questions, links per word.
- today's rules: the rule-based type (scorer.findings.page_type.classify), one-hot.
Known weak spots: a page with no markup, no URL and a short text has little to go on but its
text statistics; the words of the path groups are a few European languages' (others fall to the
structure and text features).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from urllib.parse import urlsplit

from ..types import BlockKind, ParsedPage

PAGE_TYPES = ("news_article", "opinion_or_blog", "press_release", "reference_or_info", "forum_or_qa",
              "commercial", "other")
ARTICLE_LIKE = frozenset(PAGE_TYPES[:3])

# Declared types (lower case, "og:" for og:type) in groups; a page may declare several.
DECLARED_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("news", frozenset({"newsarticle", "reportagenewsarticle", "analysisnewsarticle", "backgroundnewsarticle",
                        "liveblogposting", "reportage"})),
    ("opinion", frozenset({"opinionnewsarticle", "blogposting", "blog", "review", "criticreview", "og:blog",
                           "satiricalarticle"})),
    ("article", frozenset({"article", "og:article", "report", "posting", "socialmediaposting"})),
    ("scholarly", frozenset({"scholarlyarticle", "techarticle", "medicalscholarlyarticle", "apireference"})),
    ("product", frozenset({"product", "offer", "aggregateoffer", "productgroup", "og:product", "og:product.item",
                           "store", "onlinestore", "softwareapplication", "mobileapplication"})),
    ("question", frozenset({"qapage", "question", "answer", "discussionforumposting", "og:forum"})),
    ("howto", frozenset({"recipe", "howto", "faqpage", "og:recipe"})),
    ("event", frozenset({"event", "musicevent", "sportsevent", "jobposting", "og:event", "og:video.movie",
                         "og:book", "book", "movie"})),
    ("webpage", frozenset({"webpage", "website", "og:website", "collectionpage", "aboutpage", "itempage",
                           "searchresultspage", "contactpage", "og:object"})),
    ("profile", frozenset({"profilepage", "og:profile", "person"})),
    ("media", frozenset({"videoobject", "og:video", "og:video.other", "imageobject", "mediaobject"})),
)

# Words of a URL's path, by what they announce (lower case; whole path segments or their hyphen words).
PATH_GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("news", frozenset({"news", "nachrichten", "noticias", "noticia", "actualite", "actualites", "actualidad",
                        "notizie", "nieuws", "wiadomosci", "zpravy", "politics", "politik", "politica",
                        "politique", "world", "welt", "mundo", "monde", "economy", "wirtschaft", "economia",
                        "sport", "sports", "deportes", "article", "articles", "artikel", "articulo", "story",
                        "stories", "local", "national", "international", "inland", "ausland", "business",
                        "tech", "technology", "science", "health", "regional", "meldung"})),
    ("blog", frozenset({"blog", "blogs", "post", "posts", "entry", "entries", "diary", "tagebuch", "weblog"})),
    ("opinion", frozenset({"opinion", "opinions", "meinung", "kommentar", "kommentare", "column", "columns",
                           "columnist", "kolumne", "tribune", "editorial", "editorials", "opinión", "opinione",
                           "commentary", "commentisfree", "essay", "leitartikel", "ideas"})),
    ("press", frozenset({"press", "presse", "newsroom", "pressemitteilung", "pressemitteilungen",
                         "press-release", "press-releases", "pressreleases", "communique", "comunicado",
                         "persbericht", "media", "medien", "announcements", "announcement"})),
    ("reference", frozenset({"wiki", "docs", "doc", "documentation", "help", "hilfe", "aide", "ayuda", "guide",
                             "guides", "faq", "faqs", "manual", "howto", "how-to", "learn", "tutorial",
                             "tutorials", "ratgeber", "glossary", "glossar", "reference", "kb", "support",
                             "about", "info", "wissen", "lexikon", "rfc", "book", "books", "chapter", "spec",
                             "recipes", "rezepte", "recettes", "recetas"})),
    ("shop", frozenset({"shop", "product", "products", "store", "produkt", "produkte", "producto", "productos",
                        "produit", "produits", "cart", "buy", "kaufen", "deals", "angebote", "angebot",
                        "offers", "firefox", "download", "downloads", "pricing", "preise", "dp"})),
    ("forum", frozenset({"forum", "forums", "thread", "threads", "questions", "question", "community", "topic",
                         "topics", "foren", "discussion", "discussions", "answers", "comments"})),
    ("event", frozenset({"event", "events", "veranstaltung", "veranstaltungen", "termine", "calendar",
                         "kalender", "jobs", "karriere", "careers", "tickets", "schedule", "results"})),
    ("fiction", frozenset({"fiction", "chapter", "chapters", "works", "lyrics", "poem", "poems", "gedichte",
                           "fanfic", "novel", "serial", "stories-for-kids", "maerchen", "fable", "fables"})),
    ("legal", frozenset({"urteil", "urteile", "judgment", "judgement", "court", "gericht", "entscheidung",
                         "decision", "rechtsprechung", "jurisprudence", "paper", "papers", "abstract", "pdf"})),
)
_PATH_LOOKUP = {word: name for name, words in PATH_GROUPS for word in words}
BLOG_HOSTS = ("wordpress.com", "blogspot.com", "medium.com", "substack.com", "tumblr.com", "blogger.com",
              "wixsite.com", "over-blog.com", "hypotheses.org", "livejournal.com", "typepad.com")
REFERENCE_HOSTS = ("wikipedia.org", "wiktionary.org", "wikihow.com", "fandom.com", "wikia.com",
                   "readthedocs.io", "github.io", "ietf.org", "w3.org", "mozilla.org", "python.org")
FORUM_HOSTS = ("reddit.com", "stackexchange.com", "stackoverflow.com", "quora.com", "gutefrage.net",
               "superuser.com", "serverfault.com")

_SEGMENT_SPLIT = re.compile(r"[/\-_.]+")
_PATH_DATE = re.compile(r"/(19|20)\d\d/(0?[1-9]|1[0-2])(/|$)|(19|20)\d\d[-_]?(0[1-9]|1[0-2])[-_]?[0-3]\d")
_LONG_NUMBER = re.compile(r"\d{5,}")
_PAGE_SUFFIX = re.compile(r"\.(s?html?|php|aspx?|jsp|cms)$", re.I)

# Text cues (lower-case text; each a plain alternation of words or a character class: linear).
FIRST_PERSON = frozenset({"i", "i'm", "i've", "my", "me", "ich", "mein", "meine", "mir", "mich", "je", "j'ai",
                          "moi", "mon", "yo", "mi", "io", "eu", "ik", "mijn", "we", "our", "wir", "unser", "nous",
                          "notre", "nosotros"})
SECOND_PERSON = frozenset({"you", "your", "you'll", "you're", "du", "dein", "deine", "ihr", "euch", "vous", "votre",
                           "tu", "usted", "tú"})
# Punctuation around words, turned into spaces before the words are counted (apostrophes stay: "i'm").
_PUNCTUATION = re.compile(r"[.,;:!?\"()\[\]{}«»„“”‘’/|*]")
_CODE_CHARACTERS = "{};=<>[]"
_PRICE = re.compile(r"[$€£¥]\s?\d|\d\s?(€|eur|usd|\$)(?!\w)")
_SENTENCE_END = re.compile(r"[.!?。！？؟»\"”)]$")
_LIST_START = re.compile(r"^(\d{1,3}[.)]|[-•*–·▪])\s")
# Paragraphs and characters read for the text statistics: enough to tell, bounded on huge pages.
MAX_PARAGRAPHS = 200
MAX_CHARS = 20000

STRUCTURE_FEATURES = ("a", "p", "h1", "h2", "h3", "h4", "li", "table", "tr", "td", "form", "input", "select",
                      "textarea", "button", "pre", "code", "img", "time", "article", "blockquote", "dl",
                      "iframe", "video", "sup", "nav", "aside", "section")
MARKUP_CUES = ("cart", "price", "forum", "answers")
BLOCK_FEATURES = (BlockKind.COMMENTS, BlockKind.RECIRCULATION, BlockKind.AUTHOR_BOX, BlockKind.AD_SLOT,
                  BlockKind.SHARE_BAR, BlockKind.SOURCE_LINE, BlockKind.NAVIGATION)
TEXT_FEATURES = ("log_words", "log_paragraphs", "log_words_per_paragraph", "short_line_share", "sentence_end_share",
                 "list_line_share", "digit_share", "price_per_100_words", "code_char_share", "first_person_share",
                 "second_person_share", "question_share", "links_per_100_words", "log_title_words",
                 "has_shown_byline", "has_date", "has_site_name", "has_title")
FEATURE_NAMES: tuple[str, ...] = (
    *(f"declared_{name}" for name, _ in DECLARED_GROUPS), "declared_none",
    "url_known", "url_depth", "url_date", "url_long_number", "url_page_suffix", "url_slug_words",
    *(f"path_{name}" for name, _ in PATH_GROUPS), "host_blog_platform", "host_reference", "host_forum",
    *(f"tags_{tag}" for tag in STRUCTURE_FEATURES), "li_per_p", "tr_per_p", "a_per_p", "headings_per_p",
    *(f"cue_{cue}" for cue in MARKUP_CUES),
    *(f"blocks_{kind.value}" for kind in BLOCK_FEATURES),
    *TEXT_FEATURES,
    *(f"rule_{kind}" for kind in PAGE_TYPES),
)


def features(page: ParsedPage, rule_type: str) -> tuple[float, ...]:
    """The page's features in the order of FEATURE_NAMES; `rule_type` is today's rule-based type."""
    values: dict[str, float] = {}
    declared = set(page.declared_types)
    for name, types in DECLARED_GROUPS:
        values[f"declared_{name}"] = float(bool(declared & types))
    values["declared_none"] = float(not declared)
    values.update(_address(page.url or page.canonical_url or ""))
    counts = dict(page.tag_counts)
    for tag in STRUCTURE_FEATURES:
        values[f"tags_{tag}"] = math.log1p(counts.get(tag, 0))
    paragraphs_tagged = counts.get("p", 0) + 1
    values["li_per_p"] = min(counts.get("li", 0) / paragraphs_tagged, 20.0)
    values["tr_per_p"] = min(counts.get("tr", 0) / paragraphs_tagged, 20.0)
    values["a_per_p"] = min(counts.get("a", 0) / paragraphs_tagged, 50.0)
    values["headings_per_p"] = min(sum(counts.get(h, 0) for h in ("h2", "h3", "h4")) / paragraphs_tagged, 10.0)
    cues = set(page.markup_cues)
    for cue in MARKUP_CUES:
        values[f"cue_{cue}"] = float(cue in cues)
    blocks: dict[BlockKind, int] = {}
    for block in page.blocks:
        blocks[block.kind] = blocks.get(block.kind, 0) + 1
    for kind in BLOCK_FEATURES:
        values[f"blocks_{kind.value}"] = math.log1p(blocks.get(kind, 0))
    values.update(_text(page))
    for page_type in PAGE_TYPES:
        values[f"rule_{page_type}"] = float(page_type == rule_type)
    return tuple(values[name] for name in FEATURE_NAMES)


def _address(url: str) -> dict[str, float]:
    parts = urlsplit(url) if url else None
    host = (parts.hostname or "").lower() if parts else ""
    path = (parts.path or "").lower() if parts else ""
    segments = [s for s in path.split("/") if s][:20]
    words = {w for w in _SEGMENT_SPLIT.split(path[:500]) if w} | set(segments)
    out = {f"path_{name}": 0.0 for name, _ in PATH_GROUPS}
    for word in words:
        group = _PATH_LOOKUP.get(word)
        if group:
            out[f"path_{group}"] = 1.0
    last = segments[-1] if segments else ""
    out.update({
        "url_known": float(bool(url)),
        "url_depth": float(min(len(segments), 8)),
        "url_date": float(bool(_PATH_DATE.search(path[:500]))),
        "url_long_number": float(bool(_LONG_NUMBER.search(path[:500]))),
        "url_page_suffix": float(bool(_PAGE_SUFFIX.search(last))),
        "url_slug_words": math.log1p(min(len([w for w in re.split(r"[-_]", last[:200]) if w.isalpha()]), 30)),
        "host_blog_platform": float(host.endswith(BLOG_HOSTS)),
        "host_reference": float(host.endswith(REFERENCE_HOSTS)),
        "host_forum": float(host.endswith(FORUM_HOSTS)),
    })
    return out


def _text(page: ParsedPage) -> dict[str, float]:
    paragraphs = list(page.paragraphs[:MAX_PARAGRAPHS])
    budget, kept = MAX_CHARS, []
    for paragraph in paragraphs:
        if budget <= 0:
            break
        kept.append(paragraph[:budget])
        budget -= len(paragraph)
    text = "\n".join(kept)
    lower = text.lower()
    n = max(len(kept), 1)
    word_counts = [p.count(" ") + 1 for p in kept]  # paragraphs come with single spaces (the parse normalises)
    words = max(sum(word_counts), 1)
    chars = max(len(text), 1)
    tokens = Counter(_PUNCTUATION.sub(" ", lower).split())  # in C; the pronoun counts are set look-ups
    return {
        "log_words": math.log1p(sum(word_counts)),  # of the bounded prefix: a long text is long enough
        "log_paragraphs": math.log1p(len(page.paragraphs)),
        "log_words_per_paragraph": math.log1p(sum(word_counts) / n),
        "short_line_share": sum(c < 6 for c in word_counts) / n,
        "sentence_end_share": sum(bool(_SENTENCE_END.search(p.rstrip())) for p in kept) / n,
        "list_line_share": sum(bool(_LIST_START.match(p)) for p in kept) / n,
        "digit_share": sum(text.count(d) for d in "0123456789") / chars,
        "price_per_100_words": min(100 * len(_PRICE.findall(lower)) / words, 20.0),
        "code_char_share": sum(text.count(c) for c in _CODE_CHARACTERS) / chars,
        "first_person_share": sum(tokens[w] for w in FIRST_PERSON) / words,
        "second_person_share": sum(tokens[w] for w in SECOND_PERSON) / words,
        "question_share": sum(p.rstrip().endswith(("?", "？")) for p in kept) / n,
        "links_per_100_words": min(100 * len(page.links) / words, 50.0),
        "log_title_words": math.log1p(len(page.title.split())),
        "has_shown_byline": float(any(b.shown for b in page.bylines)),
        "has_date": float(bool(page.published)),
        "has_site_name": float(bool(page.site_name)),
        "has_title": float(bool(page.title.strip())),
    }
