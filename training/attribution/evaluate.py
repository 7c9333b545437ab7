"""Evaluate the attribution extractor on a PolNeAR-format file.

    python -m training.eval_attribution --data FILE.jsonl[.gz] [--predictions-out PRED.jsonl]
        [--model-dir models/attribution-v1 | --no-model] [--min-cue F1 ...]

Runs `scorer.attribution` over every document's text, scores the outermost attributions
against the gold annotations (PolNeAR annotates only the outermost attribution of a claim)
and prints precision / recall / F1 for cue, source and content spans (exact and overlap,
plus token level), source-content pairs and full triples, then one JSON line with the metrics.
The metrics follow `../shared/data/polnear/SOURCE.md` ("How we score"), the same definitions
as the shared reference scorer `../shared/tools/attribution_eval.py`: micro-averaged, spans
trimmed of surrounding whitespace, a role's identical spans in a document counted once,
discontinuous spans compared by their covering extent, pairs matched one to one.

`--predictions-out` writes the predictions in the input's format (one JSON object per
document: `{"doc_id", "attributions": [{"source": [start, end, text] | null, "cue": [...],
"content": [...], "fragments": {...}}]}`), ready for the reference scorer.
Exit status 1 when a metric falls below a floor given with --min-*.
"""
from __future__ import annotations

import argparse
import bisect
import gzip
import json
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

ROLES = ("cue", "source", "content")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_WHITESPACE = " \t\r\n\u00a0"


class DataError(ValueError):
    """The evaluation file is missing or malformed."""


def read_documents(path: Path) -> list[dict[str, Any]]:
    """Read a PolNeAR-format .jsonl / .jsonl.gz file; a bad record names its line."""
    if not path.exists():
        raise DataError(f"no such file: {path}")
    opener = gzip.open if path.name.endswith(".gz") else open
    docs = []
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for line_no, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                except ValueError as exc:
                    raise DataError(f"{path}:{line_no}: not valid JSON ({exc})") from exc
                if not isinstance(doc, dict) or not isinstance(doc.get("doc_id"), str) \
                        or not isinstance(doc.get("text"), str):
                    raise DataError(f'{path}:{line_no}: expected an object with a string "doc_id" and "text"')
                if not isinstance(doc.get("attributions", []), list):
                    raise DataError(f'{path}:{line_no}: "attributions" must be a list')
                docs.append(doc)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: cannot be read ({exc})") from exc
    return docs


# ------------------------------------------------------------------------------------------
# Spans and matching (as in SOURCE.md "How we score")

@dataclass(frozen=True)
class EvalSpan:
    key: tuple[int, int]  # trimmed covering extent
    pieces: tuple[tuple[int, int], ...]  # trimmed fragments


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _WHITESPACE:
        start += 1
    while end > start and text[end - 1] in _WHITESPACE:
        end -= 1
    return start, end


def make_span(text: str, triple: Any, fragments: Any) -> EvalSpan | None:
    if not isinstance(triple, (list, tuple)) or len(triple) < 2:
        return None
    try:
        start, end = int(triple[0]), int(triple[1])
    except (TypeError, ValueError):
        return None
    if not 0 <= start < end <= len(text):
        return None
    pieces = []
    for piece in fragments or [[start, end]]:
        try:
            s, e = int(piece[0]), int(piece[1])
        except (TypeError, ValueError, IndexError):
            continue
        if 0 <= s < e <= len(text):
            s, e = _trim(text, s, e)
            if s < e:
                pieces.append((s, e))
    if not pieces:
        return None
    pieces.sort()
    return EvalSpan((pieces[0][0], max(e for _, e in pieces)), tuple(pieces))


def convert(text: str, attributions: Iterable[Any]) -> list[dict[str, EvalSpan | None]]:
    out = []
    for a in attributions:
        if not isinstance(a, dict):
            continue
        fragments = a.get("fragments") if isinstance(a.get("fragments"), dict) else {}
        record = {role: make_span(text, a.get(role), fragments.get(role)) for role in ROLES}
        if any(record.values()):
            out.append(record)
    return out


def _overlap(a: EvalSpan, b: EvalSpan) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a.pieces for s2, e2 in b.pieces)


def _length(a: EvalSpan) -> int:
    return sum(e - s for s, e in a.pieces)


def _match(a: EvalSpan | None, b: EvalSpan | None, mode: str) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a.key == b.key if mode == "exact" else _overlap(a, b) > 0


def _jaccard(a: EvalSpan | None, b: EvalSpan | None) -> float:
    if a is None or b is None:
        return 1.0 if a is None and b is None else 0.0
    inter = _overlap(a, b)
    return inter / (_length(a) + _length(b) - inter)


def _greedy(golds: list, preds: list, ok, score) -> int:
    """One-to-one matches of pairs satisfying `ok`, best `score` first."""
    pairs = sorted(((score(g, p), i, j) for i, g in enumerate(golds) for j, p in enumerate(preds) if ok(g, p)),
                   key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, i, j in pairs:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return len(used_g)


def _covered(starts: list[int], tokens: list[tuple[int, int]], spans: Iterable[EvalSpan]) -> set[int]:
    out: set[int] = set()
    for sp in spans:
        for s, e in sp.pieces:
            i = max(0, bisect.bisect_right(starts, s) - 1)
            while i < len(tokens) and tokens[i][0] < e:
                if tokens[i][1] > s:
                    out.add(i)
                i += 1
    return out


def score_document(text: str, gold: list[dict], pred: list[dict], counts: dict[str, Counter]) -> None:
    tokens = [m.span() for m in _TOKEN.finditer(text)]
    starts = [s for s, _ in tokens]
    for role in ROLES:
        g = list({a[role].key: a[role] for a in gold if a[role] is not None}.values())
        p = list({a[role].key: a[role] for a in pred if a[role] is not None}.values())
        c = counts[role]
        c["gold"] += len(g)
        c["pred"] += len(p)
        gold_keys = {x.key for x in g}
        c["exact_tp"] += sum(1 for x in p if x.key in gold_keys)
        c["overlap_pred_ok"] += sum(1 for x in p if any(_overlap(x, y) for y in g))
        c["overlap_gold_found"] += sum(1 for y in g if any(_overlap(x, y) for x in p))
        gt, pt = _covered(starts, tokens, g), _covered(starts, tokens, p)
        c["tok_gold"] += len(gt)
        c["tok_pred"] += len(pt)
        c["tok_tp"] += len(gt & pt)
    gp = [a for a in gold if a["source"] is not None and a["content"] is not None]
    pp = [a for a in pred if a["source"] is not None and a["content"] is not None]
    for mode in ("exact", "overlap"):
        c = counts["pairs_" + mode]
        c["gold"] += len(gp)
        c["pred"] += len(pp)
        c["tp"] += _greedy(gp, pp, lambda g, p, m=mode: _match(g["source"], p["source"], m)
                           and _match(g["content"], p["content"], m),
                           lambda g, p: _jaccard(g["source"], p["source"]) + _jaccard(g["content"], p["content"]))
        c = counts["full_" + mode]
        c["gold"] += len(gold)
        c["pred"] += len(pred)
        c["tp"] += _greedy(gold, pred, lambda g, p, m=mode: all(_match(g[r], p[r], m) for r in ROLES),
                           lambda g, p: sum(_jaccard(g[r], p[r]) for r in ROLES))


def _prf(tp_p: int, n_pred: int, tp_r: int, n_gold: int) -> dict[str, float]:
    p = tp_p / n_pred if n_pred else 0.0
    r = tp_r / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def summarize(counts: dict[str, Counter]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for role in ROLES:
        c = counts[role]
        out[role] = {
            "exact": _prf(c["exact_tp"], c["pred"], c["exact_tp"], c["gold"]),
            "overlap": _prf(c["overlap_pred_ok"], c["pred"], c["overlap_gold_found"], c["gold"]),
            "token": _prf(c["tok_tp"], c["tok_pred"], c["tok_tp"], c["tok_gold"]),
            "n_gold": c["gold"], "n_pred": c["pred"],
        }
    for name in ("pairs_exact", "pairs_overlap", "full_exact", "full_overlap"):
        c = counts[name]
        out[name] = {**_prf(c["tp"], c["pred"], c["tp"], c["gold"]), "n_gold": c["gold"], "n_pred": c["pred"]}
    return out


def format_table(result: dict[str, Any]) -> str:
    lines = [f"{'metric':<26} {'P':>7} {'R':>7} {'F1':>7} {'n_gold':>8} {'n_pred':>8}"]
    for role in ROLES:
        for mode in ("exact", "overlap", "token"):
            x = result[role][mode]
            n_gold, n_pred = ("", "") if mode == "token" else (result[role]["n_gold"], result[role]["n_pred"])
            lines.append(f"{role + ' ' + mode:<26} {x['p']:>7.3f} {x['r']:>7.3f} {x['f1']:>7.3f} {n_gold!s:>8} "
                         f"{n_pred!s:>8}")
    for name, label in (("pairs_exact", "source-content exact"), ("pairs_overlap", "source-content overlap"),
                        ("full_exact", "full triple exact"), ("full_overlap", "full triple overlap")):
        x = result[name]
        lines.append(f"{label:<26} {x['p']:>7.3f} {x['r']:>7.3f} {x['f1']:>7.3f} {x['n_gold']:>8} {x['n_pred']:>8}")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------
# Predicting

def predict_document(text: str, model: Any) -> list[dict[str, Any]]:
    """The outermost attributions of one text, in the PolNeAR JSON shape."""
    from scorer.attribution.model import find_raw_attributions, outermost
    from scorer.attribution.tokens import tokenize

    tk = tokenize(text)

    def triple(r: tuple[int, int] | None) -> list | None:
        if r is None:
            return None
        span = tk.span(*r)
        return [span.start, span.end, span.text]

    out = []
    for raw in outermost(find_raw_attributions(tk, model)):
        out.append({"source": triple(raw.source), "cue": triple(raw.cue), "content": triple(raw.content),
                    "fragments": {"content": [triple(p) for p in raw.content_parts]}})
    return out


def evaluate(docs: list[dict[str, Any]], model: Any) -> tuple[dict[str, Any], list[dict[str, Any]], float]:
    counts: dict[str, Counter] = defaultdict(Counter)
    predictions = []
    seconds = 0.0
    for doc in docs:
        text = doc["text"]
        started = time.perf_counter()
        predicted = predict_document(text, model)
        seconds += time.perf_counter() - started
        predictions.append({"doc_id": doc["doc_id"], "attributions": predicted})
        score_document(text, convert(text, doc.get("attributions", [])), convert(text, predicted), counts)
    return summarize(counts), predictions, seconds


def time_extraction(texts: list[str], model: Any, rounds: int = 3) -> float:
    """Seconds for `extract_attributions` over all texts (the scoring path), median of `rounds`."""
    import statistics

    from scorer.attribution.extract import extract_attributions

    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            extract_attributions(text, model)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def pipeline_share(rounds: int = 3) -> dict[str, Any]:
    """How much of a full `score_html` goes to attribution extraction, on the 181 benchmark pages
    (median round; pinned to one core like `training.bench_throughput`)."""
    import os
    import statistics

    import scorer.pipeline as pipeline
    from scorer import load_resources, score_html
    from training.data.benchmark_pages import load_pages

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    pages = load_pages()
    resources = load_resources()
    spent = [0.0]
    extract = pipeline.extract_attributions

    def timed(text: str, model: Any = None) -> Any:
        started = time.perf_counter()
        out = extract(text, model)
        spent[0] += time.perf_counter() - started
        return out

    pipeline.extract_attributions = timed
    try:
        words = sum(len(score_html(p.html, p.url, resources=resources).page.text.split()) for p in pages)
        rows = []
        for _ in range(rounds):
            spent[0] = 0.0
            started = time.perf_counter()
            for page in pages:
                score_html(page.html, page.url, resources=resources)
            rows.append((time.perf_counter() - started, spent[0]))
    finally:
        pipeline.extract_attributions = extract
    total, attribution = sorted(rows)[len(rows) // 2]
    return {"pages": len(pages), "words_per_page": round(words / len(pages), 1),
            "score_ms_per_page": round(1000 * total / len(pages), 3),
            "attribution_ms_per_page": round(1000 * attribution / len(pages), 3),
            "added_to_rest": round(attribution / (total - attribution), 4) if total > attribution else None,
            "rounds": [[round(1000 * t / len(pages), 3), round(1000 * a / len(pages), 3)] for t, a in rows]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("--data", type=Path, required=True, help="PolNeAR-format .jsonl or .jsonl.gz")
    parser.add_argument("--predictions-out", type=Path, help="write the predictions here (.jsonl)")
    parser.add_argument("--model-dir", type=Path, help="the model directory (default: the committed model)")
    parser.add_argument("--no-model", action="store_true", help="use the built-in rules only")
    for role in ("cue", "source", "content"):
        parser.add_argument(f"--min-{role}", type=float, default=0.0, help=f"floor for {role} exact F1")
    parser.add_argument("--min-pairs", type=float, default=0.0, help="floor for source-content overlap F1")
    parser.add_argument("--pipeline-share", action="store_true",
                        help="also time extract_attributions inside full score_html on the article-extraction "
                             "benchmark pages (TrainingSettings.data_root), one core")
    args = parser.parse_args(argv)
    try:
        docs = read_documents(args.data)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    model = None
    if not args.no_model:
        from scorer.attribution.model import load_attribution_model
        from scorer.errors import ModelError

        try:
            model = load_attribution_model(args.model_dir)
        except ModelError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    result, predictions, seconds = evaluate(docs, model)
    if args.predictions_out:
        args.predictions_out.parent.mkdir(parents=True, exist_ok=True)
        opener = gzip.open if args.predictions_out.name.endswith(".gz") else open
        with opener(args.predictions_out, "wt", encoding="utf-8") as fh:
            for p in predictions:
                fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    n_words = sum(len(d["text"].split()) for d in docs)
    timing = time_extraction([d["text"] for d in docs], model)
    result["documents"] = len(docs)
    result["model"] = "rules" if model is None else f"{model.name}-v{model.version}"
    result["data"] = str(args.data)
    result["timing"] = {"ms_per_document": round(1000 * timing / max(1, len(docs)), 3),
                        "ms_per_1000_words": round(1000 * timing / max(1, n_words) * 1000, 3),
                        "words_per_document": round(n_words / max(1, len(docs)), 1),
                        "what": "scorer.attribution.extract_attributions (tokens, candidates, frames, spans, "
                                "types, chains), median of 3 rounds, this process, one thread"}
    print(f"{args.data}: {len(docs)} documents, model {result['model']}")
    print(format_table(result))
    print(f"extract_attributions: {result['timing']['ms_per_document']:.2f} ms per document "
          f"({result['timing']['words_per_document']:.0f} words), "
          f"{result['timing']['ms_per_1000_words']:.2f} ms per 1000 words (median of 3 rounds)")
    if args.pipeline_share:
        result["pipeline_share"] = pipeline_share()
        share = result["pipeline_share"]
        print(f"in score_html on {share['pages']} benchmark pages ({share['words_per_page']:.0f} words of main text "
              f"each): {share['score_ms_per_page']:.2f} ms per page, of which extract_attributions "
              f"{share['attribution_ms_per_page']:.2f} ms ({share['added_to_rest']:.1%} on top of the rest)")
    floors = {"cue": args.min_cue, "source": args.min_source, "content": args.min_content}
    failed = [f"{role} exact F1 {result[role]['exact']['f1']:.3f} < {floor}" for role, floor in floors.items()
              if result[role]["exact"]["f1"] < floor]
    if result["pairs_overlap"]["f1"] < args.min_pairs:
        failed.append(f"source-content overlap F1 {result['pairs_overlap']['f1']:.3f} < {args.min_pairs}")
    for line in failed:
        print(f"BELOW FLOOR: {line}", file=sys.stderr)
    print(json.dumps(result, sort_keys=True))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
