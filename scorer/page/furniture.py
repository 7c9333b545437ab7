"""Page furniture: recognise what each non-article block of a page is.

Part of the parse stage (it reads the lxml tree; nothing after parsing does). Blocks are
recognised by what they are, across themes: their heading text ("Check Also", "Related",
"Read next", "About <name>", "Leave a Reply"), the words in their class and id attributes
(the vocabularies of WordPress themes, Jetpack, YARPP, Taboola, Outbrain, Disqus, AdSense ...),
their element type (`aside`, `nav`, `form`), their link density, and where they sit relative to
the article body. No single theme's markup is assumed.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml.html import HtmlElement

from ..domains import registered_domain
from ..textutil import short_key_cache
from ..types import BlockKind

# --- Heading vocabularies (lower-cased, matched against a block's heading text) -----------
# Recirculation: boxes that push other items at the reader. Multilingual where common.
RECIRCULATION_HEADINGS = re.compile(
    r"^(check (this|these|it)? ?(also|out)|also (read|see|check)|read (also|more|next|this next)|"
    r"see also|related( (articles?|posts?|stories|news|content|coverage|reading|topics|videos?))?|"
    r"more (related|from|on|in|stories|news|articles|to explore|like this)\b.*|you (may|might|will|could) "
    r"(also )?(like|enjoy|be interested)\b.*|recommended( for you| stories| reading)?|"
    r"(most )?(popular|read|viewed|shared|commented)( (now|stories|articles|posts|this week|today))?|"
    r"trending( now| stories| news)?|recent (posts|articles|stories|news)|"
    r"latest( news| posts| stories| articles| videos)?|"
    r"top (stories|news|picks)|editor'?s'? (picks|choice)|don'?t miss( this)?|breaking news|"
    r"(around|from) the web|promoted( stories| content)?|sponsored (stories|content|links)|"
    r"what to read next|up next|next (article|post|story)|previous (article|post|story)|"
    r"further reading|in (other|case you missed).*|leia (também|mais)|lesen sie auch|"
    r"mehr zum thema|weitere artikel|lire aussi|à lire aussi|te puede interesar|"
    r"(noticias|artículos|articoli|notícias) (relacionad[oa]s|correlati)|potrebbe interessarti|"
    r"читайте также|по теме)[\s:!.?]*$"
)
AUTHOR_HEADINGS = re.compile(r"^(about( the)? (author|writer|[\w.'\- ]{2,40})|author( bio)?|written by .{2,40})$")
COMMENT_HEADINGS = re.compile(
    r"^(leave a (reply|comment|response)|post a comment|add a comment|comments?( \(\d+\))?|"
    r"\d+ (comments?|responses?|replies)|join the (discussion|conversation)|discussion|"
    r"what do you think\??|reader comments)[\s:!.]*$"
)
SHARE_HEADINGS = re.compile(r"^(share( this( article| story| post)?)?|share on .*|spread the word)[\s:!.]*$")

# "Source link", "Source: Reuters", "Originally published at", "via The Conversation".
SOURCE_LINE = re.compile(
    r"^\s*(source link|source|sources|original source|original article|quelle|fonte|fuente|来源|來源|出处|出處|"
    r"originally (published|appeared)( (at|on|in|by))?|"
    r"this (article|story|post) (was )?(first |originally )?(appeared|published|posted)( (at|on|in|by))?|"
    r"first (published|appeared) (at|on|in|by)|republished (from|with permission( from)?)|"
    r"reprinted (from|with permission)|read (more|the (full|original) (story|article)) (at|on)|"
    r"via|h/t|hat tip)(?:\b|(?<=[来來出]源|出[处處]))\s*[:\-–—：]?\s*(.{0,160})$",
    re.I,
)
# Image credits inside captions: "Photo: ANSA / Ansa – Brazil", "(AP Photo/Evan Vucci)".
IMAGE_CREDIT = re.compile(
    r"((?:photo|photograph|image|picture|foto|credit|source)s?\s*(?:credit)?\s*[:/]\s*[^\n]{2,100}|"
    r"\((?:AP|AFP|Reuters|Getty|EPA)[^)]{0,80}\)|©\s*[^\n]{2,80}|getty images|reuters/[^\n]{2,60})",
    re.I,
)

# --- class/id vocabularies (matched against the words of class and id attributes) ---------
_RECIRC_WORDS = {
    "related", "relatedposts", "recirc", "recirculation", "readnext", "recommended", "recommend",
    "recommendations", "trending", "popular", "mostread", "mostpopular", "checkalso", "alsolike",
    "taboola", "outbrain", "mgid", "revcontent", "zergnet", "yarpp", "crp", "morestories",
    "moreposts", "upnext", "ticker", "nextprev", "prevnext",
}
_RECIRC_PAIRS = {("check", "also"), ("read", "next"), ("more", "stories"), ("you", "may"),
                 ("also", "like"), ("most", "read"), ("most", "popular"), ("post", "navigation"),
                 ("nav", "links"), ("nav", "previous"), ("nav", "next"), ("related", "posts"),
                 ("read", "more"), ("more", "news"), ("breaking", "news"), ("next", "prev"), ("prev", "next"),
                 ("post", "prev"), ("post", "next"), ("next", "post"), ("previous", "post")}
# "abt" is themes' short "about" (Soledad's `post-author abt-author` box).
_AUTHOR_WORDS = {"authorbox", "aboutauthor", "abtauthor", "authorbio", "saboxplugin", "authorinfo", "authorcard"}
_AUTHOR_PAIRS = {("about", "author"), ("abt", "author"), ("author", "box"), ("author", "bio"), ("author", "info"),
                 ("author", "card"), ("author", "profile"), ("author", "details")}
_COMMENT_WORDS = {"comments", "comment", "respond", "disqus", "commentform", "replies", "discussion"}
_SHARE_WORDS = {"share", "sharing", "social", "sharedaddy", "addtoany", "addthis", "shareaholic",
                "sharebar", "sharethis", "sociallinks"}
_AD_WORDS = {"ad", "ads", "advert", "adverts", "advertisement", "advertising", "adsbygoogle",
             "adslot", "adunit", "adcontainer", "dfp", "gpt", "sponsored", "sponsor", "banner",
             "adsense", "googlead", "adwrap", "adblock", "dfpad"}
_NAV_WORDS = {"nav", "navigation", "menu", "breadcrumb", "breadcrumbs", "navbar", "topbar", "footer",
              "pagination", "tagcloud"}
# Hosts that serve ads and paid recommendation widgets (EasyList's best-known).
AD_HOSTS = ("googlesyndication.com", "doubleclick.net", "adservice.google", "amazon-adsystem.com",
            "taboola.com", "outbrain.com", "revcontent.com", "mgid.com", "adnxs.com", "criteo.com")
SHARE_HOSTS = ("facebook.com/sharer", "twitter.com/intent", "x.com/intent", "api.whatsapp.com",
               "linkedin.com/share", "pinterest.com/pin", "reddit.com/submit", "t.me/share",
               "telegram.me/share", "mailto:")

_WORD_SPLIT = re.compile(r"[\s\-_]+|(?<=[a-z])(?=[A-Z])")
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements that never hold the article, only its surroundings.
STRUCTURAL_FURNITURE = {"aside": BlockKind.RECIRCULATION, "nav": BlockKind.NAVIGATION,
                         "form": BlockKind.COMMENTS}


def normalize(text: str) -> str:
    """Runs of whitespace to one space, trimmed. Equals the regex substitution of `\\s+` by a space
    then `strip()` exactly (str.split and the re module both use Unicode's whitespace), at a third of the cost."""
    return " ".join(text.split())


def attribute_words(element: HtmlElement) -> list[str]:
    """The lower-cased words of an element's class and id ("post-navigation" -> post, navigation)."""
    return list(words_of(f"{element.get('class') or ''} {element.get('id') or ''}"))


@short_key_cache(16384)
def words_of(raw: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD_SPLIT.split(raw) if w)


def _joined_tokens(element: HtmlElement) -> set[str]:
    """Whole class/id tokens with separators removed ("check-also-box" -> "checkalsobox")."""
    raw = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return {re.sub(r"[\-_]", "", t) for t in raw.split()}


def _has_pair(words: list[str], pairs: set[tuple[str, str]]) -> bool:
    return any(pair in pairs for pair in itertools.pairwise(words))


def kind_from_attributes(element: HtmlElement) -> BlockKind | None:
    """Classify by class/id vocabulary; None when the attributes say nothing."""
    return kind_from_attribute_text(f"{element.get('class') or ''} {element.get('id') or ''}")


@short_key_cache(16384)
def kind_from_attribute_text(raw: str) -> BlockKind | None:
    """`kind_from_attributes` on the raw "class id" text; cached, since themes repeat class strings."""
    words = list(words_of(raw))
    if not words:
        return None
    wordset = set(words)
    joined = {re.sub(r"[\-_]", "", t) for t in raw.lower().split()}
    if _has_pair(words, _AUTHOR_PAIRS) or joined & _AUTHOR_WORDS:
        return BlockKind.AUTHOR_BOX
    if (wordset & _RECIRC_WORDS or _has_pair(words, _RECIRC_PAIRS)
            or any(t.startswith(("checkalso", "relatedpost", "jprelated", "readnext")) for t in joined)):
        return BlockKind.RECIRCULATION
    if wordset & _COMMENT_WORDS and not wordset & {"count", "link", "number", "icon", "meta"}:
        return BlockKind.COMMENTS
    if (wordset & _SHARE_WORDS and not wordset & {"icons", "follow"}) or "sharebuttons" in joined:
        return BlockKind.SHARE_BAR
    if wordset & _AD_WORDS or any(t.startswith("divgptad") for t in joined):
        return BlockKind.AD_SLOT
    if wordset & _NAV_WORDS:
        return BlockKind.NAVIGATION
    return None


# A comment count on an inline label ("0 comment", "12 Comments", "No comments") is the post's
# metadata, not its comments section, whatever its class says (`single-comment-o`, `comments-link`);
# so is an empty inline element (the speech-bubble icon beside the count: `i.fa-comment-o`).
COMMENT_COUNT = re.compile(r"^(\d+|no|one)\s+(comments?|responses?|repl(y|ies))$", re.I)
_INLINE_TAGS = frozenset({"span", "a", "small", "em", "strong", "b", "i"})


def is_comment_meta(element: HtmlElement) -> bool:
    """An inline element whose whole text is a comment count, or nothing (see COMMENT_COUNT)."""
    if element.tag not in _INLINE_TAGS:
        return False
    text = normalize(element.text_content())
    return not text or COMMENT_COUNT.match(text) is not None


def kind_from_heading(heading: str) -> BlockKind | None:
    text = heading.lower().strip()
    if not text or len(text) > 80:
        return None
    if COMMENT_HEADINGS.match(text):
        return BlockKind.COMMENTS
    if RECIRCULATION_HEADINGS.match(text):
        return BlockKind.RECIRCULATION
    if SHARE_HEADINGS.match(text):
        return BlockKind.SHARE_BAR
    if AUTHOR_HEADINGS.match(text) and not text.startswith("about us"):
        return BlockKind.AUTHOR_BOX
    return None


def is_ad_element(element: HtmlElement) -> bool:
    """An element that is itself an ad slot: AdSense `ins`, data-ad-* markup, ad-host iframes."""
    if element.tag == "ins" and "adsbygoogle" in (element.get("class") or ""):
        return True
    if element.get("data-ad-slot") or element.get("data-ad-unit") or element.get("data-google-query-id"):
        return True
    if element.tag in ("iframe", "script") and any(h in (element.get("src") or "") for h in AD_HOSTS):
        return True
    return False


@dataclass
class LinkInfo:
    url: str
    text: str
    domain: str | None


def element_links(element: HtmlElement, base_url: str | None, *, limit: int = 0) -> list[LinkInfo]:
    """Links under an element, one per URL, keeping the longest text (thumb + title links); at most
    `limit` anchors are read when it is over 0 (the page's budget of links)."""
    by_url: dict[str, LinkInfo] = {}
    for number, anchor in enumerate(element.iter("a"), 1):
        if limit and number > limit:
            break
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:")):
            continue
        if href.startswith(("http://", "https://")) or not base_url:
            url = href
        else:
            try:
                url = urljoin(base_url, href)
            except ValueError:  # "//[" and the like: no URL a browser could follow, so no link
                continue
        text = normalize(anchor.text_content()) or normalize(anchor.get("aria-label") or anchor.get("title") or "")
        current = by_url.get(url)
        if current is None or len(text) > len(current.text):
            by_url[url] = LinkInfo(url, text, registered_domain(url) if "://" in url else None)
    return list(by_url.values())


def find_heading(element: HtmlElement) -> str:
    """The block's own heading: its first h1-h6, or a title-like child, or the heading just before it."""
    for child in element.iter():
        if child is element:
            continue
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in HEADING_TAGS or (tag in ("div", "span", "p", "strong", "header") and any(
                w in ("title", "subtitle", "heading", "header") for w in attribute_words(child))):
            text = heading_text(child)
            if 0 < len(text) <= 80:
                return text
        if tag in ("a", "li", "p") and normalize(child.text_content()):
            break  # the heading of a box comes before its first item
    previous = element.getprevious()
    if previous is not None and isinstance(previous.tag, str) and previous.tag in HEADING_TAGS:
        text = heading_text(previous)
        if len(text) <= 80:
            return text
    return ""


def locator(element: HtmlElement) -> str:
    """A short CSS-like path for evidence: `div#check-also-box`, `div.about-author`."""
    tag = element.tag if isinstance(element.tag, str) else "node"
    if element.get("id"):
        return f"{tag}#{element.get('id')}"
    classes = (element.get("class") or "").split()
    return f"{tag}.{'.'.join(classes[:2])}" if classes else tag


# A cheap first test on the raw class/id text: only elements it hits are classified in full.
VOCAB_HINT = re.compile(
    r"relat|recirc|next|recommend|trend|popular|most|check|also|like|taboola|outbrain|mgid|revcontent|"
    r"zergnet|yarpp|crp|more|ticker|breaking|author|bio|sabox|comment|respond|disqus|repl|discuss|shar|"
    r"social|addto|addthis|(?:^|[\s\-_])ad|ads|advert|dfp|gpt|sponsor|banner|nav|menu|breadcrumb|topbar|"
    r"footer|pagination|tagcloud|byl|title|heading|caption|credit|sidebar|widget|writer",
    re.I,
)
# Cues that can open a source line, tested on an element's own leading text.
SOURCE_CUE_START = re.compile(
    r"\s*(?:[|·•]\s*)?(source|sources|original|originally|this (article|story|post)|first (published|appeared)|"
    r"republished|reprinted|read (more|the)|via|h/t|hat tip|quelle|fonte|fuente|(?=[来來]源|出[处處]))"
    r"(?:\b|(?=[来來出]))",
    re.I,
)


@short_key_cache(16384)
def has_vocab_hint(raw: str | None) -> bool:
    """VOCAB_HINT on one class or id string, cached: class strings repeat across a page."""
    return raw is not None and raw != "" and VOCAB_HINT.search(raw) is not None


_HIDDEN_WORDS = {"screen", "sr", "visually", "hidden", "hide", "invisible"}


def heading_text(element: HtmlElement) -> str:
    """Visible heading text: skips `small`, screen-reader-only and display:none parts."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and not (
                    child.tag in ("small", "button", "script", "style", "svg")
                    or "display:none" in (child.get("style") or "").replace(" ", "")
                    or _HIDDEN_WORDS & set(attribute_words(child))):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return normalize(" ".join(parts))
