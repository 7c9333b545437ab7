"""The dev-pages check of where the main text starts and ends (training/extraction/boundaries.py)
and its command (`python -m training.eval_extraction --dev-pages`)."""
from __future__ import annotations

import gzip
import json

import pytest

from training.extraction import boundaries
from training.extraction.evaluate import main as eval_main

GOLD = boundaries.Boundary("p1", first="The bridge will close on Monday.", last="Work ends in May.",
                           outside=("Leave a reply", "Most read"))
TEXT = "The bridge will close on Monday.\nEngineers found cracks.\nWork ends in May."


class TestJudge:
    def test_right_start_end_and_clean(self):
        verdict = boundaries.judge(GOLD, TEXT)
        assert (verdict.starts, verdict.ends, verdict.clean) == (True, True, True)

    def test_typography_and_whitespace_do_not_count(self):
        gold = boundaries.Boundary("p", first="“Quoted” — he said it’s over.", last="The end.")
        assert boundaries.judge(gold, '"quoted" -  he said\nit\'s over. More. THE   END.').starts

    def test_a_dateline_before_the_first_sentence_is_tolerated(self):
        assert boundaries.judge(GOLD, "BERLIN (AP) — " + TEXT).starts

    def test_a_box_before_the_text_is_a_miss(self):
        assert not boundaries.judge(GOLD, "x" * (boundaries.WINDOW + 1) + " " + TEXT).starts

    def test_a_box_after_the_text_is_a_miss_and_leaks(self):
        verdict = boundaries.judge(GOLD, TEXT + "\nMost read\n" + "Another story. " * 20)
        assert not verdict.ends
        assert not verdict.clean and verdict.leaked == ("Most read",)

    def test_empty_text_misses_everything_but_leaks_nothing(self):
        verdict = boundaries.judge(GOLD, "")
        assert (verdict.starts, verdict.ends, verdict.clean) == (False, False, True)

    def test_long_sentences_match_on_their_first_or_last_part(self):
        long_first = "A" + " very" * 60 + " long opening."
        gold = boundaries.Boundary("p", first=long_first + " (as the annotator copied it)", last="End.")
        assert boundaries.judge(gold, long_first + " and so on. End.").starts


def test_summarize_shares():
    verdicts = [boundaries.Verdict("a", True, True, True), boundaries.Verdict("b", True, False, False),
                boundaries.Verdict("c", False, False, True), boundaries.Verdict("d", True, True, False)]
    assert boundaries.summarize(verdicts) == {"starts": 0.75, "ends": 0.5, "starts_and_ends": 0.5, "clean": 0.5}


def test_load_gold_keeps_pages_with_both_sentences(tmp_path):
    path = tmp_path / "gold.jsonl"
    records = [
        {"id": "a", "main_text": {"first": "One.", "last": "Two.", "outside": ["x", "", None]}},
        {"id": "b", "main_text": {"first": None, "last": "Two."}},  # no main text: not judged
        {"id": "c", "page_type": "news_article"},  # no main_text field
        {"id": "a", "main_text": {"first": "Uno.", "last": "Dos."}},  # a later entry replaces an earlier one
    ]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    assert boundaries.load_gold([path]) == [boundaries.Boundary("a", "Uno.", "Dos.", ())]


def test_the_command_reports_shares_and_a_json_line(tmp_path, capsys):
    html = ("<html><body><nav><a href='/'>Home</a></nav><article><h1>Bridge</h1>"
            "<p>The bridge will close on Monday, the council said after a long meeting on Tuesday night.</p>"
            "<p>Work ends in May, if the weather holds and the steel arrives in time, officials said.</p>"
            "</article><div class='comments'><p>Leave a reply</p></div></body></html>")
    pages = tmp_path / "data" / boundaries.DEV_PAGES_DIR / "html"
    pages.mkdir(parents=True)
    (pages / "p1.html.gz").write_bytes(gzip.compress(html.encode()))
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "p1", "main_text": {
        "first": "The bridge will close on Monday", "last": "officials said.", "outside": ["Leave a reply"]}})
        + "\n" + json.dumps({"id": "missing", "main_text": {"first": "A.", "last": "B."}}) + "\n", encoding="utf-8")
    assert eval_main(["--dev-pages", "--gold", str(gold), "--data-root", str(tmp_path / "data")]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert result["pages"] == 1
    assert (result["starts"], result["ends"], result["starts_and_ends"], result["clean"]) == (1.0, 1.0, 1.0, 1.0)


def test_the_command_needs_its_gold_file(tmp_path, capsys):
    assert eval_main(["--dev-pages", "--gold", str(tmp_path / "absent.jsonl")]) == 2
    assert "gold file not found" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["", "   "])
def test_normalize_of_nothing(text):
    assert boundaries.normalize(text) == ""
