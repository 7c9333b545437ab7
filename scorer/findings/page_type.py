"""Page type: what the page is (the guideline's seven types), and whether its text can be judged.

Heuristic, first match wins:
1. What the page declares: JSON-LD / microdata types and og:type. An article type (NewsArticle,
   BlogPosting, og:article ...) makes it article-like; Product/Offer a shop page; QAPage,
   Question, DiscussionForumPosting a forum; Recipe, HowTo, FAQPage a guide; Event, JobPosting
   other. Article types win over the rest, because news pages often add FAQ or product markup
   beside their article markup for search engines.
2. The URL's shape: /forum/, /thread/, viewtopic.php, /questions/123 ...; /product/, /shop/,
   /dp/ ...; /wiki/, /how-to/, /faq/ ...; /event(s)/, /jobs/ ...
3. The markup: an add-to-cart control (shop); a forum engine's classes (bbPress, phpBB, XenForo,
   vBulletin) or accepted/suggested answers (forum or Q&A).
Otherwise the page is an article. Among articles: press-room cues (a /press-release/ or
/pressemitteilung/ URL, "For immediate release", "Press contact", "Pressekontakt") make a press
release; a blog or opinion URL (/blog/, /opinion/, /meinung/, /kommentar/, /tribune/ ...), a blog
type, a blog platform host, or a text written in the first person make commentary or a blog;
the rest is news.
Plain text (no markup) is an article: the caller says so by sending text.
Known false positives: a shop's or institution's news post without article markup reads as
news; an essay with little "I" in it reads as news (both article-like, so the score still applies).
"""
from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

from ..types import ParsedPage

# Below this many words the text is too little to judge its sourcing (as scorer.config.Settings.min_words).
MIN_ARTICLE_WORDS = 50
# A text whose most common word is over a third of its words, or that has fewer than this many
# different words, is no prose (a word repeated, a keyword list): real text's most common word
# ("the", "der") is 5-7% of it.
MAX_TOP_WORD_SHARE = 0.34
MIN_DISTINCT_WORDS = 20
# Words read to judge repetition and sentences: enough to tell, bounded for huge texts.
TEXT_BUDGET_WORDS = 20000

NEWS_TYPES = frozenset({"newsarticle", "reportagenewsarticle", "analysisnewsarticle", "backgroundnewsarticle",
                        "liveblogposting", "reportage"})
OPINION_TYPES = frozenset({"opinionnewsarticle", "blogposting", "blog", "review", "criticreview", "og:blog",
                           "satiricalarticle", "askpublicnewsarticle"})
ARTICLE_TYPES = NEWS_TYPES | OPINION_TYPES | frozenset({"article", "og:article", "scholarlyarticle", "techarticle",
                                                         "report", "posting"})
# Declared types of the other page types, checked in this order when no article type is declared.
DECLARED: tuple[tuple[str, frozenset[str]], ...] = (
    ("commercial", frozenset({"product", "offer", "aggregateoffer", "productgroup", "og:product", "og:product.item",
                              "store", "onlinestore"})),
    ("forum_or_qa", frozenset({"qapage", "question", "discussionforumposting", "og:forum"})),
    ("reference_or_info", frozenset({"recipe", "howto", "faqpage", "og:recipe"})),
    ("other", frozenset({"event", "musicevent", "sportsevent", "jobposting", "og:event", "og:profile", "og:video.movie",
                         "og:book"})),
)
URL_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("forum_or_qa", re.compile(r"/(forums?|threads?|topics?|community|foren)/|viewtopic\.php|showthread\.php|"
                               r"/questions/\d+|/t/[^/]+/\d+", re.I)),
    ("commercial", re.compile(r"/(products?|shop|produkt|producto|produit|store|dp|gp/product|angebote?)/", re.I)),
    ("reference_or_info", re.compile(r"/(wiki|how-to|howto|faqs?|glossary|glossar|ratgeber|guides?)/", re.I)),
    ("other", re.compile(r"/(events?|veranstaltungen?|termine|jobs|karriere|careers)/", re.I)),
)
REFERENCE_HOSTS = ("wikipedia.org", "wiktionary.org", "wikihow.com", "fandom.com")
FORUM_HOSTS = ("reddit.com", "stackexchange.com", "stackoverflow.com", "quora.com", "gutefrage.net")
PRESS_URL = re.compile(r"press[-_]?releases?|pressemitteilung|presseinformation|medienmitteilung|communiqu|"
                       r"comunicado|persbericht|/newsroom/|/presse/|/press/|/media-centre/|/mediacenter/", re.I)
PRESS_TEXT = re.compile(r"^(for immediate release|press release|pressemitteilung|presseinformation|"
                        r"communiqué de presse|nota de prensa|comunicado de prensa)\b|"
                        r"\b(press contact|media contact|pressekontakt|medienkontakt|contact presse|"
                        r"contacto de prensa)", re.I)
OPINION_URL = re.compile(r"/(blogs?|opinions?|meinung|kommentare?|kolumnen?|columns?|columnists?|commentary|"
                         r"editorials?|tribunes?|opinion|opinión|opiniones|opinioni|essays?|leitartikel)/", re.I)
BLOG_HOSTS = ("wordpress.com", "blogspot.com", "medium.com", "substack.com", "tumblr.com", "blogger.com",
              "wixsite.com", "over-blog.com", "hypotheses.org")
# A page's purpose, from its headline or the last part of its address (first match wins).
PURPOSE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("commercial", re.compile(r"\b(deals|black friday|cyber monday|gift guide|offerte|angebote|ofertas|soldes|"
                              r"bons plans|schnäppchen|rabatt\w*|coupons?|promo codes?)\b", re.I)),
    ("forum_or_qa", re.compile(r"\b(open thread|offener thread|hilo abierto)\b", re.I)),
    ("reference_or_info", re.compile(r"^(how to|how-to|wie (man|sie|du)|comment (faire|créer)|cómo|как)\b|"
                                     r"\brecipe\b|\brezept\b|\breceta\b|\brecette\b|\bricetta\b|"
                                     r"\bguide to\b|"
                                     r"^(\d+|ten|five|seven) (tips|ways|steps|things to know|tricks|hacks)\b|"
                                     r"\b(standings|classifica\w*|tabelle|calend[aá]rio|calendario|schedule)\b|"
                                     r"(?<!\w)как \w+(ить|ать|ять|еть)(?!\w)|"
                                     r"方法(?:\s|$|[|｜])|やり方|如何|怎么", re.I)),
    ("other", re.compile(r"^[\w ]{0,40}\bpodcast\b\s*[:|–-]", re.I)),
)
PURPOSE_WORDS = {
    "commercial": "The headline or the address announces deals or offers: a shopping page.",
    "forum_or_qa": "The headline or the address announces an open comment thread.",
    "reference_or_info": "The headline or the address announces instructions, a recipe, a guide or a table.",
    "other": "The page is a podcast episode's page.",
}
HOWTO_TITLE = re.compile(r"^(how to|wie (man|sie|du)|comment (faire|créer)|cómo)\b", re.I)
# First-person singular pronouns of the common languages (whole words, lower-case text).
FIRST_PERSON = re.compile(r"\b(i|i'm|i've|my|me|ich|mein|meine|mir|mich|je|j'ai|moi|mon|ma|yo|mi|me|io|eu|ik|mijn|"
                          r"jag|jeg)\b")
# A text where this share of paragraphs speaks in the first person is an essay or a blog post.
FIRST_PERSON_SHARE = 0.35
TYPE_WORDS = {
    "news_article": "a news article", "opinion_or_blog": "commentary or a blog post",
    "press_release": "a press release", "reference_or_info": "a reference or information page",
    "forum_or_qa": "a forum or question-and-answer page", "commercial": "a shop or product page",
    "other": "not an article (a listing, an event page or the like)",
}


def classify(page: ParsedPage) -> tuple[str, str]:
    """(page type, why, in words)."""
    if not page.has_html:
        return "news_article", "Plain text was sent: it is taken as an article."
    declared = set(page.declared_types)
    url = page.url or page.canonical_url or ""
    host = (urlsplit(url).hostname or "") if url else ""
    path = urlsplit(url).path if url else ""
    # What the page is for, said in its headline or address, wins over the article markup most
    # CMSs put on every post: instructions, a shop's deals, a comment thread.
    slug = path.rsplit("/", 2)[-2] if path.endswith("/") else path.rsplit("/", 1)[-1]
    for kind, pattern in PURPOSE:
        if pattern.search(page.title) or pattern.search(slug.replace("-", " ").replace("_", " ")):
            return kind, PURPOSE_WORDS[kind]
    if declared & {"recipe", "howto"}:
        return "reference_or_info", "The page declares itself a recipe or a how-to."
    if declared & ARTICLE_TYPES:
        return _article_type(page, declared, path, host, "The page declares itself an article")
    for kind, types in DECLARED:
        found = sorted(declared & types)
        if found:
            return kind, f"The page declares itself a {found[0].removeprefix('og:')} page."
    if host.endswith(REFERENCE_HOSTS):
        return "reference_or_info", f"{host} is a reference site."
    if host.endswith(FORUM_HOSTS):
        return "forum_or_qa", f"{host} is a forum or question-and-answer site."
    for kind, shape in URL_SHAPES:
        if shape.search(path):
            return kind, f"The address has the shape of {TYPE_WORDS[kind]}."
    cues = set(page.markup_cues)
    if "cart" in cues:
        return "commercial", "The page has an add-to-cart control."
    if "answers" in cues or "forum" in cues:
        return "forum_or_qa", "The page is built by forum software or lists answers to a question."
    if HOWTO_TITLE.match(page.title):
        return "reference_or_info", "The headline announces instructions."
    return _article_type(page, declared, path, host, "Nothing marks the page as anything but an article")


def _article_type(page: ParsedPage, declared: set[str], path: str, host: str, reason: str) -> tuple[str, str]:
    if PRESS_URL.search(path) or _press_text(page):
        return "press_release", f"{reason}, and it is an organisation's press release."
    if declared & OPINION_TYPES and not declared & NEWS_TYPES:
        return "opinion_or_blog", f"{reason}: a blog post or commentary."
    if OPINION_URL.search(path) or host.endswith(BLOG_HOSTS):
        return "opinion_or_blog", f"{reason}, and its address is a blog's or an opinion section's."
    if _first_person(page):
        return "opinion_or_blog", f"{reason}, written in the first person."
    return "news_article", f"{reason}."


def _press_text(page: ParsedPage) -> bool:
    edges = page.paragraphs[:2] + page.paragraphs[-4:]
    return any(len(p) < 300 and PRESS_TEXT.search(p) for p in edges)


def _first_person(page: ParsedPage) -> bool:
    paragraphs = [p for p in page.paragraphs[:60] if len(p.split()) >= 8]
    if len(paragraphs) < 3:
        return False
    hits = sum(bool(FIRST_PERSON.search(p.lower())) for p in paragraphs)
    return hits / len(paragraphs) >= FIRST_PERSON_SHARE


def insufficient_text(page: ParsedPage, *, min_words: int = MIN_ARTICLE_WORDS) -> str:
    """Why the main text is too little or too degenerate to judge, in words; "" when it can be judged."""
    words = [w for w in page.text.lower().split() if any(c.isalnum() for c in w)]  # "|" and "-" are no words
    if len(words) < min_words:
        return (f"The main text has only {len(words)} words: too little to judge how it is sourced."
                if words else "No main text was found on the page.")
    sample = words[:TEXT_BUDGET_WORDS]
    counts = Counter(w.strip(".,;:!?\"'()[]«»„“”") for w in sample)
    top_word, top = counts.most_common(1)[0]
    if top / len(sample) > MAX_TOP_WORD_SHARE or len(counts) < MIN_DISTINCT_WORDS:
        return (f"The main text is not prose: the word {top_word!r} makes up {100 * top / len(sample):.0f}% of it"
                if top / len(sample) > MAX_TOP_WORD_SHARE else
                f"The main text is not prose: it uses only {len(counts)} different words") + "."
    if not re.search(r"[.!?。！？؟।]", page.text[:200000]):
        return "The main text has no sentences (no sentence ends anywhere in it)."
    return ""
