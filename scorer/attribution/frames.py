"""From a candidate and its frame to spans (`build_spans`), and the frame the hand-written rules give
when there is no model."""
from typing import Any

from .candidates import Candidate
from .lexicon import _CONTENT_TRAIL, NO_ATTRIBUTION, stem
from .spans import (
    RULES,
    Decider,
    RawAttribution,
    _content_left,
    _content_right,
    _source_left,
    _source_right,
    content_end_features,
    content_start_features,
    source_end_features,
    source_start_features,
)
from .tokens import Tokens, _quote_ending_at, _quote_starting_at, continuation_quote


def build_spans(tk: Tokens, c: Candidate, frame: str, decider: Decider = RULES,
                floor: int | None = None) -> RawAttribution | None:
    """Cut the source and content for a candidate, given its frame.

    `floor`: no span reaches left of it (the end of an earlier cue in the same sentence).
    """
    sa, sb = tk.sentences[tk.sentence_of[c.head]]
    if floor is None or floor < sa:
        floor = sa
    hs = stem(tk.lower[c.head])
    source = content = None
    parts: tuple[tuple[int, int], ...] = ()
    if frame == "LR":
        source = _source_left(tk, c.start, floor, decider)
        content = _content_right(tk, c.end, sb, hs, decider)
    elif frame == "NR":
        content = _content_right(tk, c.end, sb, hs, decider)
    elif frame == "RR":
        source = _source_right(tk, c.end, sb, until_comma=True)
        if source is not None:
            content = _content_right(tk, source[1], sb, hs, decider)
    elif frame in ("LL", "LX"):
        source = _source_left(tk, c.start, floor, decider)
        src_start = source[0] if source else c.start
        left = _content_left(tk, src_start, sa)
        if frame == "LL":
            content = left
        else:
            found = continuation_quote(tk, c.end)
            right = found[0] if found is not None else _content_right(tk, c.end, sb, hs, decider)
            if left is not None and right is not None:
                content = (left[0], right[1])
                parts = (left, right)
            else:
                content = left or right
    elif frame in ("RL", "RX"):
        left = _content_left(tk, c.start, sa)
        limit = sb
        right = None
        if frame == "RX":
            # the source runs up to the second quotation
            found = continuation_quote(tk, c.end)
            if found is not None:
                right = found[0]
                limit = min(sb, right[0])
        source = _source_right(tk, c.end, limit, until_comma=False)
        if frame == "RX" and right is not None and left is not None:
            content = (left[0], right[1])
            parts = (left, right)
        else:
            content = left
    elif frame == "NX":
        src = _source_left(tk, c.start, floor, decider)
        a = src[0] if src else c.start
        right = _content_right(tk, c.end, sb, hs, decider)
        if right is not None:
            content = (a, right[1])
    elif frame == "NL":
        content = _content_left(tk, c.start, sa)
    if content is None:
        return None
    if not parts:
        parts = (content,)
    return RawAttribution((c.start, c.end), source, content, parts, frame, c.head)


# --------------------------------------------------------------------------------------------
# Rule frames (no model)

_CONTENT_FIRST_CUES = frozenset({"accord", "according"})


def rule_frame(tk: Tokens, c: Candidate) -> str:
    """A hand-written frame decision, used when no trained model is given."""
    sa, sb = tk.sentences[tk.sentence_of[c.head]]
    lower = tk.lower
    hs = stem(lower[c.head])
    if tk.quote_of[c.head] >= 0:
        return NO_ATTRIBUTION
    if hs in _CONTENT_FIRST_CUES:
        return "RR" if c.start - sa <= 1 else "RL"
    if lower[c.head] == ":":
        return "LR"
    if hs == "for" or hs == "to":
        return NO_ATTRIBUTION
    source = _source_left(tk, c.start, sa, RULES)
    src_start = source[0] if source else c.start
    quote_left = _quote_ending_at(tk, src_start) is not None
    quote_left_direct = _quote_ending_at(tk, c.start) is not None
    after = _quote_starting_at(tk, c.end, sb + 2)
    trail = [w for w in lower[c.end:sb] if w not in _CONTENT_TRAIL]
    if quote_left_direct and trail:
        return "RX" if after is not None else "RL"
    if quote_left and source is not None:
        return "LX" if after is not None and after[0] <= sb else "LL"
    if source is None:
        return NO_ATTRIBUTION
    if len(trail) <= 2 and c.start - sa > 2 and src_start > sa:
        return "LL"
    if not trail:
        return NO_ATTRIBUTION
    return "LR"


def boundary_features(kind: str, tk: Tokens, option: int, context: dict[str, Any]) -> dict[str, float]:
    """The features of one boundary option of a decision `kind` (shared by training and inference)."""
    if kind == "source_end":
        return source_end_features(tk, option, context["default_end"], context["window"], context["cue_start"])
    if kind == "source_start":
        return source_start_features(tk, option, context["end"], context["window"])
    if kind == "content_start":
        return content_start_features(tk, option, context["first"], context["stem"])
    return content_end_features(tk, context["start"], option, context["limit"], context["stem"])
