"""Recirculation: the boxes beside or below the article that promote other content, each judged
`related`, `unrelated` or `bait` (the guideline's recirculation).

Which boxes count: the parser's recirculation furniture ("Check Also", "Related", "Read next",
Taboola/Outbrain widgets, next/previous post) that links at least one headline-like teaser. Not
boxes: share widgets ("Share this", "Read more about sharing"), language switchers ("This website
in English"), script or style text, contact blocks (phone numbers, e-mail addresses) and menus
(only short entries) — a teaser list of those is dropped here.

How a box is judged, teaser by teaser:
- relatedness to the article: the cosine of TF-IDF vectors of topic terms (scorer.analysis.teasers),
  related when it reaches the term table's threshold (the level only 5% of unrelated headline and
  article pairs of real news pages reach);
- bait: P(clickbait) >= 0.5 from the clickbait model (`Analysis.teaser_bait`), or a sensational
  cue (health scare, miracle cure, celebrity gossip, shock).
A box is `bait` when at least half its teasers are unrelated bait (farm boxes mix bait with
filler), `related` when more than half are related, `unrelated` otherwise.
Known false positives: a news site's "Most read" box full of celebrity stories reads as bait;
articles with little text give few topic terms, so on-topic teasers can read as unrelated.
"""
from __future__ import annotations

import re

from ..analysis.clickbait import TermWeights, load_term_weights
from ..analysis.teasers import cosine, teasers, topic_vector
from ..domains import registered_domain
from ..types import Analysis, Block, BlockKind, ParsedPage, RecirculationBox, RecirculationFinding, Teaser

# Sensational topics of content-farm teasers, by kind. The clickbait model learned curiosity-gap
# and listicle bait from 2016 headlines; these name the scare and gossip topics it cannot know.
SENSATIONAL_CUES: dict[str, re.Pattern[str]] = {
    "health scare": re.compile(
        r"\b(vaccin\w*|unvaccinated|covid\w*|jab(bed|s)?|side effects?|toxic|poison\w*|"
        r"doctors? (won'?t|will not|don'?t|hate|are stunned|stunned|baffled|warn)|"
        r"died suddenly|blood clots?)\b", re.I),
    "miracle cure": re.compile(
        r"\b(miracle|cures?|cured|remed(y|ies)|melts? (belly )?fat|weight loss|detox|"
        r"(one|this) (simple |weird |odd |little )?trick|"
        r"this (one )?trick|secret (to|of|behind)|natural(ly)? (cure|remedy)|kills? cancer)\b", re.I),
    "celebrity": re.compile(
        # ("star", "singer", "actress" alone name people in ordinary news: no lure by themselves)
        r"\b(kardashian\w*|celebrit(y|ies) (couples?|scandals?|secrets?|feuds?|splits?|meltdowns?)|spotted|"
        r"(secret|surprise) (wedding|romance|hideaway)|plastic surger(y|ies)|looks like now|"
        # gossip lures: sex, affairs, bodies, ageing, tell-alls
        r"tells all|sex|sexy|love child|(girl|boy)friend|affair|cheat(ed|ing)|bikini|curves|racy|steamy|sizzl\w*|"
        r"nude|naked|topless|cleavage|flaunts?|confession|(doesn'?t|didn'?t (she|he)|don'?t) age|aged? well|"
        r"who'?s the daddy|fans (stunned|shocked|furious)|unrecogni[sz]able)\b", re.I),
    # Ad-network product lures ("Say Goodbye To Snoring", "Best Flashlight Ever is Selling Like Crazy").
    "advertorial lure": re.compile(
        r"\b(say goodbye to|selling like crazy|(this|one) (simple |new |genius )?(solution|discovery|device|gadget)|"
        r"track your car|you don'?t need to buy|have adopted this|keep you up all night|most addict\w* game|"
        r"(is|are) now easy|before it'?s (banned|too late)|(everyone|people) (is|are) (buying|talking about)|"
        r"do this (every|once)|worst cars|will be extinct|cheap flights|free online game)\b", re.I),
    "shock": re.compile(
        r"\b(shocking|shocked|stunning|jaw[- ]dropping|horrif\w*|terrifying|you won'?t believe|"
        r"what happen(s|ed) next|gone (horribly )?wrong|bombshell|unbelievable)\b", re.I),
}
# P(clickbait) from which a teaser is bait on the model's word alone: at 0.8 the model is ~99%
# precise on held-out headlines (docs/clickbait.md); at its accuracy-optimal 0.5 it takes ordinary
# news teasers ("How to watch ...", "Most GOP voters say ...") for bait.
BAIT_THRESHOLD = 0.8
# A box is a bait box when at least half its teasers are unrelated bait; on-topic only when more
# than half are related (one shared word can make a site-wide list item look related).
BAIT_BOX_SHARE = 0.5
RELATED_BOX_SHARE = 0.5
# However long the box, this many unrelated sensational lures in it make it a bait box.
BAIT_BOX_LURES = 4
# Content-recommendation networks and sponsored widgets, by their markup or heading.
AD_NETWORK = re.compile(r"taboola|outbrain|zergnet|revcontent|mgid|content\.ad|adblade|nativo|dianomi|"
                        r"sponsored|promoted|around the web|from the web|from our partners|partner offers|"
                        r"you may like|paid content", re.I)
MAX_LINKS_READ = 50  # links read per block to find the site of a page without an address
# A box whose links go mostly to other sites is not the site's own recirculation.
THIRD_PARTY_SHARE = 0.5
# Not promotion boxes, whatever their markup says: share widgets, language switchers, contact blocks.
NOT_A_BOX_HEADING = re.compile(
    r"\b(share|sharing|teilen|compartir|partager|condividi|follow us|folgen sie|newsletter|subscribe|"
    r"contact|kontakt|contacto|language|sprache|idioma|langue|this (web)?site in|diese (web)?seite auf|"
    r"cookie|login|sign in|anmelden|search|suche|advertisement|anzeige|werbung|publicidad|publicité)\b", re.I)
# A teaser that is code, a phone number, an e-mail address or a language name is no headline.
NOT_A_TEASER = re.compile(
    r"[{};<>]|\bfunction\s*\(|\bvar\s+\w+\s*=|\bwindow\.|\+?\d[\d\s/()\-]{7,}\d|\S+@\S+\.\w+|"
    r"\b(this (web)?site in|read more about sharing|share on|teilen auf|compartir en|partager sur|follow (us )?on|"
    r"folgen sie uns|subscribe|abonnieren|newsletter|advertise?ment|sign up|"
    r"in english|auf deutsch|en español|en français|in italiano)\b", re.I)


def teaser_verdict(related: bool, bait: float | None, sensational: str | None) -> str:
    if sensational == "advertorial lure":
        return "unrelated_bait"  # a product lure is an ad, whatever words it shares with the article
    if related:
        return "related"
    if sensational or (bait is not None and bait >= BAIT_THRESHOLD):
        return "unrelated_bait"
    return "unrelated"


def sensational_cue(text: str) -> str | None:
    for kind, pattern in SENSATIONAL_CUES.items():
        if pattern.search(text):
            return kind
    return None


def promotion_teasers(block: Block) -> list[str]:
    """The box's headline-like teasers; none when the box is a share widget, a language switcher,
    a contact block or code rather than a promotion box."""
    if NOT_A_BOX_HEADING.search(block.heading):
        return []
    return [t for t in teasers(block) if not NOT_A_TEASER.search(t)]


def box_verdict(judged: list[Teaser], *, third_party: bool = True) -> str:
    """The box's verdict from its teasers. `third_party`: the box is an ad network's widget or links
    mostly away from the site (where content farms' lures live); a site's own list of its stories
    is bait only on sensational lures, never on the clickbait model's word about its punchy titles."""
    share = lambda verdict: sum(t.verdict == verdict for t in judged) / len(judged)  # noqa: E731
    bait = [t for t in judged if t.verdict == "unrelated_bait"]
    lures = sum(bool(t.sensational) for t in bait)
    if third_party:
        # The model's word alone on one teaser is too little to call a box bait (a "next post" link
        # with a punchy title); a sensational teaser, or two the model is sure of, is enough.
        if share("unrelated_bait") >= BAIT_BOX_SHARE and (lures or len(bait) >= 2):
            return "bait"
        if lures >= 2:
            return "bait"  # a network widget mixing product lures with filler
    elif share("unrelated_bait") >= BAIT_BOX_SHARE and lures:
        return "bait"  # the site's own list, mostly bait by the model's word, with a sensational lure among it
    if lures >= BAIT_BOX_LURES:
        return "bait"  # a long "most read" list with several gossip or scare lures among plain items
    if share("related") > RELATED_BOX_SHARE:
        return "related"
    return "unrelated"


def third_party_box(block: Block, site: str | None) -> bool:
    """An ad network's widget (by its markup or heading), or a box whose links mostly leave the site."""
    if AD_NETWORK.search(f"{block.locator} {block.heading}"):
        return True
    domains = [d for d in (link.domain or registered_domain(link.url) for link in block.links) if d]
    if not domains:
        return False  # relative links only: the site's own pages
    if not site:
        return True  # whose site it is is unknown: judged as any widget
    return sum(d != site for d in domains) / len(domains) > THIRD_PARTY_SHARE


def most_linked_site(page: ParsedPage) -> str | None:
    """The site a page without an address links most from its furniture (its own menus and lists)."""
    counts: dict[str, int] = {}
    for block in page.blocks:
        for link in block.links[:MAX_LINKS_READ]:
            domain = link.domain or registered_domain(link.url)
            if domain:
                counts[domain] = counts.get(domain, 0) + 1
    return max(counts, key=lambda d: counts[d]) if counts else None


def find(analysis: Analysis, *, weights: TermWeights | None = None) -> RecirculationFinding:
    page = analysis.page
    if not page.has_html:
        return RecirculationFinding()
    # The clickbait model and the cue words read English: in another language a teaser's wording
    # is not judged (its box is related or unrelated by topic only).
    judged_language = (page.language or "en").lower().startswith("en")
    site: str | None = None  # the page's site; found once, when a box is judged
    weights = weights or analysis.term_weights or load_term_weights()
    article: dict[str, float] | None = None  # computed only when there is a teaser to compare
    boxes = []
    for block in page.blocks_of(BlockKind.RECIRCULATION):
        judged = []
        for teaser in promotion_teasers(block):
            if article is None:
                article = topic_vector(f"{page.title}\n{page.text}", weights)
            score = cosine(topic_vector(teaser, weights), article)
            related = score > 0 and score >= weights.related_threshold
            bait, cue = ((analysis.teaser_bait.get(teaser), sensational_cue(teaser)) if judged_language
                         else (None, None))
            judged.append(Teaser(teaser, score, related, bait, cue, teaser_verdict(related, bait, cue)))
        if judged:
            if site is None:
                site = page.domain or most_linked_site(page)
            verdict = box_verdict(judged, third_party=third_party_box(block, site))
            boxes.append(RecirculationBox(block.heading, verdict, tuple(judged), block.locator))
    return RecirculationFinding(tuple(boxes))
