"""Ads in the body: the ad slots placed inside the article's text (the guideline's ads_in_body).

Heuristic: the parser's ad-slot furniture (AdSense units, data-ad markup, ad-network frames, ad
class vocabularies) that sits inside the article container. Counted once per slot:
- an ad network's loader script is not a slot (the slot is the unit it fills);
- desktop and mobile copies of one slot (`ad-desktop-2` / `ad-mobile-2`, served side by side and
  shown one at a time) count once: a slot marked for one device right after a slot marked for
  another is the same slot.
The evidence describes each slot in words (which network or what kind of container), never the
slot's code.
Known false positives: an "advertisement" placeholder an ad blocker left empty still counts (it
is in the served markup).
"""
from __future__ import annotations

import re

from ..page.furniture import words_of
from ..types import Block, BlockKind, Evidence, ParsedPage, Position

# Words that name the device a copy of a slot is shown on (class and id words, camelCase split;
# "moblie" is a misspelling real themes ship).
DEVICE_WORDS = {"desktop": "desktop", "dsk": "desktop", "desk": "desktop", "dt": "desktop", "pc": "desktop",
                "mobile": "mobile", "moblie": "mobile", "mob": "mobile", "mobil": "mobile", "mw": "mobile",
                "phone": "mobile", "smartphone": "mobile", "tablet": "tablet"}
# Ad networks by the words their slots carry, for a description in words.
NETWORKS = (("adsbygoogle", "a Google AdSense ad unit"), ("gpt", "a Google Ad Manager ad slot"),
            ("dfp", "a Google Ad Manager ad slot"), ("taboola", "a Taboola sponsored-content unit"),
            ("outbrain", "an Outbrain sponsored-content unit"), ("iframe", "an ad network's frame"))


def find(page: ParsedPage) -> tuple[Evidence, ...]:
    if not page.has_html:
        return ()
    slots: list[Evidence] = []
    previous_device: str | None = None
    for block in page.blocks_of(BlockKind.AD_SLOT):
        if not (block.between_paragraphs and block.position is Position.INSIDE) or block.locator.startswith("script"):
            continue  # above or below the text, in a sidebar, or a loader script
        device = device_of(block.locator)
        if device and previous_device and device != previous_device:
            previous_device = None  # the other device's copy of the slot just before: one slot
            continue
        previous_device = device
        slots.append(Evidence(describe(block, len(slots) + 1), f"block:{block.locator}"))
    return tuple(slots)


def device_of(locator: str) -> str | None:
    """The device a slot's copy is for ("div.ad--mobileOnly" -> "mobile"), or None."""
    words = words_of(locator.replace("#", " ").replace(".", " "))
    for index, word in enumerate(words):
        if word in DEVICE_WORDS:
            hidden = index > 0 and words[index - 1] in ("hide", "hidden", "no", "not")
            return f"not {DEVICE_WORDS[word]}" if hidden else DEVICE_WORDS[word]
    return None


def describe(block: Block, number: int) -> str:
    name = block.locator.lower()
    kind = next((words for marker, words in NETWORKS if marker in name), "an advertising container")
    label = " (labelled \"Advertisement\")" if re.match(r"(anzeige|advertisement|werbung|publicidad|publicité|"
                                                         r"pubblicità|reklama|ad)\b", block.text, re.I) else ""
    return f"Ad slot {number} between the article's paragraphs: {kind}{label}."
