"""Stages that a stranger's page could make quadratic stay linear, with the same answers as before.

Each test pins the answer of the linear form against the simple form it replaced (run here on
small inputs), so a speed-up that changed a result would fail. Timing is the complexity
benchmark's job, not a test's.
"""
from __future__ import annotations

import random
import re

import pytest

from scorer import score_html, score_text
from scorer.analysis.outlets import _AttributedSpans, _LineIndex
from scorer.sentences import _sentence_bounds, sentences
from scorer.types import Attribution, Span

# The one-pattern sentence split that backtracked on a long run ended by a newline.
OLD_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’')\]]*|$)")


def test_the_sentence_split_is_the_old_pattern_on_random_texts():
    rng = random.Random(7)
    alphabet = list("ab .!?\n\"”’')]x ")
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert list(_sentence_bounds(text)) == [m.span() for m in OLD_SENTENCE.finditer(text)], text


def test_a_long_unpunctuated_line_is_no_sentence_and_the_next_line_is():
    text = "word " * 40000 + "\nThe next line here ends well."
    found = sentences(text)
    assert [s.text for s in found] == ["The next line here ends well."]


def _span(start: int, end: int) -> Span:
    return Span(start, end, "x" * (end - start))


def _pairwise_how(attributions, start, end):
    """The pass over every attribution that _AttributedSpans replaced."""
    def overlaps(span):
        return span.start < end and start < span.end
    for attribution in attributions:
        if attribution.source is not None and overlaps(attribution.source):
            return "attribution source"
        if any(overlaps(via) for via in attribution.via):
            return "attribution via"
    return None


def test_attributed_spans_answer_as_the_pass_over_every_attribution():
    rng = random.Random(3)
    for _ in range(300):
        attributions = []
        for _ in range(rng.randint(0, 12)):
            a = rng.randint(0, 400)
            source = _span(a, a + rng.randint(0, 90)) if rng.random() < 0.8 else None
            vias = tuple(_span(b, b + rng.randint(0, 70)) for b in rng.sample(range(400), rng.randint(0, 3)))
            cue = _span(0, 1)
            attributions.append(Attribution(source=source, source_type="named_person", cue=cue,
                                            content=cue, via=vias))
        index = _AttributedSpans(tuple(attributions))
        for _ in range(30):
            s = rng.randint(0, 460)
            e = s + rng.randint(1, 40)
            assert index.how(s, e) == _pairwise_how(attributions, s, e)


@pytest.mark.parametrize("text", ["", "one line", "a\nb\n\nc", "\n\nx\n", "x" * 50 + "\n" + "y" * 10])
def test_line_index_finds_the_lines_rfind_and_find_found(text):
    index = _LineIndex(text)
    for start in range(len(text)):
        for end in range(start, len(text) + 1):
            line_end = text.find("\n", end)
            expected = (text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end)
            assert index.line_of(start, end) == expected


def test_a_page_repeating_an_attributed_outlet_scores_with_every_mention():
    unit = "Officials said, according to Reuters, that the plan was approved. "
    report = score_html("<p>" + unit * 400)
    reuters = [o for o in report.outlets if o.name == "Reuters"]
    assert reuters and len(reuters[0].mentions) == 400


def test_a_malformed_link_is_no_link_not_an_error():
    html = ("<html><body><article><p>" + "The council said on Monday it approved the plan. " * 30 +
            '</p></article><aside class="related"><h3>Related</h3><a href="//[">Council publishes the draft '
            'budget</a><a href="/ok">Council meets on Friday about the budget</a></aside></body></html>')
    report = score_html(html, url="https://news.example/a")
    [box] = [b for b in report.page.blocks if b.heading == "Related"]
    assert [link.url for link in box.links] == ["https://news.example/ok"]


def test_text_without_end_marks_scores():
    report = score_text("word " * 4000 + "\nnext line here.")
    assert report.to_dict()["signals"]


def test_credit_and_byline_cues_read_a_long_whitespace_run_once():
    """"\\s*[|·•]?\\s*" backtracked over every split of a whitespace run (pretty-printed HTML has long
    ones); the cue patterns now read it once and give the same answers."""
    from scorer.page.furniture import SOURCE_CUE_START
    from scorer.page.parse import _BYLINE_LINE

    run = "\n" + " " * 20000
    assert SOURCE_CUE_START.match(run + "x") is None
    assert SOURCE_CUE_START.match(run + "| Quelle: dpa") is not None
    assert _BYLINE_LINE.match(run + "By Jane Doe") is not None
    assert _BYLINE_LINE.match(run + "by the river") is None
