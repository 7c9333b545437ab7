"""Ads in the body: the ad slots placed inside the article's text (the guideline's ads_in_body).

Heuristic: the parser's ad-slot furniture (AdSense units, data-ad markup, ad-network frames, ad
class vocabularies) that sits inside the article container. Counted once per slot:
- an ad network's loader script is not a slot (the slot is the unit it fills);
- desktop and mobile copies of one slot (`ad-desktop-2` / `ad-mobile-2`, served side by side and
  shown one at a time) count once: slots whose names differ only by a device word are one slot.
The evidence describes each slot in words (which network or what kind of container), never the
slot's code.
Known false positives: an "advertisement" placeholder an ad blocker left empty still counts (it
is in the served markup).
"""
from __future__ import annotations

import re

from ..types import Block, BlockKind, Evidence, ParsedPage, Position

# Words that name a device variant of one slot.
DEVICE_WORDS = re.compile(r"(?<![a-z])(desktop|mobile|mobil|mob|tablet|phone|dsk|dt|mb|mw|web|app|amp|"
                          r"sm|md|lg|xs|xl)(?![a-z])", re.I)
# Ad networks by the words their slots carry, for a description in words.
NETWORKS = (("adsbygoogle", "a Google AdSense ad unit"), ("gpt", "a Google Ad Manager ad slot"),
            ("dfp", "a Google Ad Manager ad slot"), ("taboola", "a Taboola sponsored-content unit"),
            ("outbrain", "an Outbrain sponsored-content unit"), ("iframe", "an ad network's frame"))


def find(page: ParsedPage) -> tuple[Evidence, ...]:
    if not page.has_html:
        return ()
    slots: list[tuple[str, bool, Evidence]] = []
    for block in page.blocks_of(BlockKind.AD_SLOT):
        if block.position is not Position.INSIDE or block.locator.startswith("script"):
            continue
        key, has_device = slot_key(block.locator)
        if slots and has_device and slots[-1][1] and slots[-1][0] == key:
            continue  # the other device's copy of the slot just before
        slots.append((key, has_device, Evidence(describe(block, len(slots) + 1), f"block:{block.locator}")))
    return tuple(evidence for _, _, evidence in slots)


def slot_key(locator: str) -> tuple[str, bool]:
    """The slot's name with device words removed, and whether it had one."""
    stripped, count = DEVICE_WORDS.subn("", locator.lower())
    return re.sub(r"[\-_.]+", "-", stripped).strip("-"), count > 0


def describe(block: Block, number: int) -> str:
    name = block.locator.lower()
    kind = next((words for marker, words in NETWORKS if marker in name), "an advertising container")
    label = " (labelled \"Advertisement\")" if re.match(r"(anzeige|advertisement|werbung|publicidad|publicité|"
                                                         r"pubblicità|reklama|ad)\b", block.text, re.I) else ""
    return f"Ad slot {number} between the article's paragraphs: {kind}{label}."
