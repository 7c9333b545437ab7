"""Language detection (scorer/language.py): speed and agreement on real pages and the parallel texts.

    python -m benchmarks.language [--data-root DIR] [--chars 500 4000]

On the 181 pages of the article-extraction benchmark (their ground-truth article text): the time
per page of `detect_language` and how often it agrees with the page's declared `<html lang>`, for
each sample length in `--chars`; the pages where they disagree are printed so a reader can see
which is right. Then the parallel texts (tests/fixtures/parallel). Prints a final JSON line.
"""
from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Sequence

from scorer import language
from training.data.benchmark_pages import load_pages

_DECLARED = re.compile(r"<html[^>]*\blang=[\"']?([a-zA-Z]{2})")
PARALLEL = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "parallel"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-root", type=Path, default=None)
    parser.add_argument("--chars", type=int, nargs="+", default=[500, 4000])
    args = parser.parse_args(argv)
    started = time.perf_counter()
    language.warm()
    load_s = time.perf_counter() - started
    pages = load_pages(args.data_root)
    declared = []
    for page in pages:
        head = page.html[:5000].decode("utf-8", "replace")
        match = _DECLARED.search(head)
        declared.append(match.group(1).lower() if match else None)
    result: dict[str, object] = {"load_s": round(load_s, 2), "pages": len(pages)}
    for chars in args.chars:
        language.MAX_CHARS = chars
        started = time.perf_counter()
        detected = [language.detect_language(page.truth) for page in pages]
        ms = (time.perf_counter() - started) / len(pages) * 1000
        pairs = [(d, lang) for d, lang in zip(detected, declared) if lang]
        agree = sum(d == lang for d, lang in pairs)
        print(f"{chars} chars: {ms:.2f} ms/page; agrees with <html lang> on {agree}/{len(pairs)}; "
              f"detected {Counter(detected).most_common(8)}")
        for (d, lang), page in zip(zip(detected, declared), pages):
            if lang and d != lang:
                print(f"   detected {d}, declared {lang}: {page.truth[:90]!r}")
        result[f"chars_{chars}"] = {"ms_per_page": round(ms, 2), "agree": agree, "declared": len(pairs)}
    language.MAX_CHARS = 500
    correct = total = 0
    for path in sorted(PARALLEL.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for kind in ("well", "poor"):
            total += 1
            correct += language.detect_language(data[kind]["title"] + "\n" + data[kind]["text"]) == data["language"]
    print(f"parallel texts: {correct}/{total} detected as their language")
    result["parallel"] = {"correct": correct, "total": total}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
