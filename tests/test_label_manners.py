"""Label manners (issue 23 item 7): the shown number lies in the tier it names; quoted evidence ends at a word."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from scorer import score_html
from scorer.scoring.label import headline, shown_number, summary, tier_table
from scorer.scoring.points import label_for
from scorer.textutil import quote

BENCHMARK = Path(__file__).resolve().parents[2] / "shared" / "data" / "article-extraction-benchmark"
NUMBER = re.compile(r"(\d+) out of 100")


@pytest.mark.parametrize("score", [0.0, 0.4, 39.49, 39.5, 39.99, 40.0, 59.5, 74.5, 74.99, 99.5, 99.99, 100.0])
def test_the_shown_number_stays_in_the_scores_tier(score):
    label = label_for(score)
    shown = shown_number(score)
    tier = next(t for t in tier_table() if t.label == label)
    assert tier.low <= shown <= tier.high and abs(shown - score) < 1
    assert headline(score, label).startswith(f"{shown} out of 100")
    assert f"scores {shown} out of 100" in summary(score, label, (), ())


@pytest.mark.parametrize("text, limit, expected", [
    ("short", 10, "short"),
    ("the quick brown fox jumps over", 16, "the quick brown…"),
    ("Supercalifragilistic", 8, "Superca…"),  # one long word: cut, but marked
])
def test_quote_cuts_at_a_word_with_an_ellipsis(text, limit, expected):
    assert quote(text, limit) == expected and len(quote(text, limit)) <= limit


def _ends_mid_word(evidence, page_text: str) -> bool:
    """The quote stops inside a word of the page: its last character is a letter and the page goes on
    with a letter right after the quoted passage (where it is quoted from, or its first occurrence)."""
    text = evidence.text
    if not text or text.endswith("…") or not text[-1].isalnum():
        return False
    if evidence.start is not None and page_text[evidence.start:evidence.start + len(text)] == text:
        at = evidence.start
    else:
        at = page_text.find(text)
    return at >= 0 and at + len(text) < len(page_text) and page_text[at + len(text)].isalnum()


@pytest.mark.slow
@pytest.mark.skipif(not BENCHMARK.exists(), reason=f"needs the extraction benchmark at {BENCHMARK}")
def test_benchmark_pages_summaries_and_quotes():
    truth = json.loads((BENCHMARK / "ground-truth.json").read_text(encoding="utf-8"))
    checked = 0
    for page_id, item in sorted(truth.items()):
        report = score_html(gzip.decompress((BENCHMARK / "html" / f"{page_id}.html.gz").read_bytes()), item["url"],
                            deadline_s=0)
        if report.score is not None:
            shown = int(NUMBER.search(report.label_text.summary).group(1))
            tier = next(t for t in report.label_text.tiers if t.label == report.label)
            assert tier.low <= shown <= tier.high, (page_id, report.score, report.label)
        for signal in report.signals:
            for evidence in signal.evidence:
                assert not _ends_mid_word(evidence, report.page.text), (page_id, signal.id, evidence.text)
        checked += 1
    assert checked == len(truth) == 181
