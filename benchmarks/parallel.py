"""The parallel texts (tests/fixtures/parallel): per language, the detected language, the scores of
the well- and poorly sourced texts, the gap to English and the share of attributions found; then
the length and acronym checks (29 vs 30 words, a headline with and without one acronym).
Under 50 words the page findings withhold the score (insufficient_text), so the 29/30-word check
compares the text model's part (its signal's impact), which must have no cliff there.

    python -m benchmarks.parallel

Prints a table and a final JSON line. tests/test_parallel_texts.py and tests/test_language.py
assert the issue's bounds on the same texts.
"""
from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

from scorer import score_text
from scorer.language import SUPPORTED_LANGUAGES

PARALLEL = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "parallel"


def found(expected: list[str], cues: list[str]) -> int:
    pool = list(cues)
    hits = 0
    for cue in expected:
        k = next((k for k, c in enumerate(pool) if cue in c), None)
        if k is not None:
            hits += 1
            pool.pop(k)
    return hits


def text_model_part(text: str) -> float:
    """The text model's impact on the score of `text`: defined even where the score is withheld."""
    return next(signal.impact for signal in score_text(text).signals if signal.id == "text_model")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.parallel", description=__doc__.split("\n")[0])
    parser.parse_args(argv)
    rows = {}
    for code in SUPPORTED_LANGUAGES:
        data = json.loads((PARALLEL / f"{code}.json").read_text(encoding="utf-8"))
        well = score_text(data["well"]["text"], title=data["well"]["title"])
        poor = score_text(data["poor"]["text"], title=data["poor"]["title"])
        hits = found(data["well"]["cues"], [a.cue.text.lower() for a in well.attributions])
        rows[code] = {"detected": well.page.language, "well": round(well.score, 1), "poor": round(poor.score, 1),
                      "found": hits, "expected": len(data["well"]["cues"]), "sources": len(well.sources)}
    english = rows["en"]["well"]
    english_poor = rows["en"]["poor"]
    print("lang detected  well   poor   well-vs-en  poor-vs-en  well-poor  attributions  sources")
    for code, r in rows.items():
        r["gap_to_english"] = round(r["well"] - english, 1)
        r["poor_gap_to_english"] = round(r["poor"] - english_poor, 1)
        print(f"{code:4} {r['detected'] or '-':8} {r['well']:6} {r['poor']:6} {r['gap_to_english']:+10} "
              f"{r['poor_gap_to_english']:+11} {r['well'] - r['poor']:+10.1f}  {r['found']}/{r['expected']:<11} "
              f"{r['sources']}")
    en = json.loads((PARALLEL / "en.json").read_text(encoding="utf-8"))["well"]
    words = en["text"].split()
    cliff = [round(text_model_part(" ".join(words[:n])), 2) for n in (29, 30)]
    title = en["title"]
    acronym = [round(score_text(en["text"], title=t).score, 2) for t in (title, "EU " + title)]
    print(f"29 vs 30 words, the text model's part: {cliff[0]} vs {cliff[1]}; "
          f"headline without / with 'EU': {acronym[0]} vs {acronym[1]}")
    print(json.dumps({"languages": rows, "words_29_30": cliff, "acronym_headline": acronym}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
