"""Train the clickbait model and the topic-term weights: `python -m training.train_clickbait`.

Reads the Chakraborty et al. (2016) headlines from `TrainingSettings.data_root/chakraborty2016_clickbait`
(two gzip files, one headline per line), holds out a fixed 20% of each label (`heldout_split`),
fits one scikit-learn Pipeline on the rest, evaluates it on the held-out part, and writes
models/clickbait-v1/ (model.joblib, term_weights.json, model_card.json, README.md). It also
builds the IDF table the recirculation signal measures relatedness with, from the same
headlines plus the article-extraction-benchmark's article bodies, and calibrates the
relatedness threshold on that benchmark's real pages.

Never overwrites an existing version directory unless given --force.
`--select` instead prints a 5-fold cross-validation table of the candidate settings on the
training part only (the held-out part is not touched) and writes nothing.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import math
import os
import shutil
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import numpy as np

from scorer.artifacts import (artifact_record, code_path, file_sha256, git_state, library_versions, names_sha256,
                              write_card)
from scorer.analysis.clickbait import (MODEL_DIR, MODEL_FILE, REGISTER_WORDS, TERM_WEIGHTS_FILE, ClickbaitModel, TermWeights,
                              normalize_headline)
from scorer.config import PROJECT_ROOT
from training.settings import get_settings
from scorer.analysis.teasers import cosine, topic_vector
from scorer.textutil import topic_terms
from training.versions import refuse_to_overwrite

DATASET = "chakraborty2016_clickbait"
CLICKBAIT_FILE = "clickbait_data.gz"
NON_CLICKBAIT_FILE = "non_clickbait_data.gz"
BENCHMARK = "article-extraction-benchmark"
# The split rule's salt (its "seed"): a headline is held out by a hash of salt + text, so the
# split is the same in every run, on every machine and scikit-learn version, in any file order.
SPLIT_SALT = "clickbait-v1"
HELDOUT_SHARE = 0.20
# Inverse regularisation of the logistic regression, chosen by `--select` (5-fold CV on the
# training part; docs/clickbait.md): 10 is as good as 30 and better than 3.
C = 10.0
# Word n-grams seen in fewer headlines than this are noise (typos, one-off names): min_df 2.
WORD_MIN_DF = 2
# Char n-grams are many more; 3 headlines keeps the model small (< 1 MB) at no cost in accuracy.
CHAR_MIN_DF = 3
# char_wb n-gram lengths: 2-4 cross-validates as well as 2-5 (`--select`) with a third fewer
# features and n-grams per word, so the model is smaller and scores faster.
CHAR_NGRAMS = (2, 4)
# The accuracy the held-out part must reach (issue 4); `eval_clickbait --check-floor` enforces it.
ACCURACY_FLOOR = 0.97
# A teaser counts as related to an article when its cosine reaches what only this share of
# unrelated (headline, article) pairs reach: a 5% false-"related" rate, the usual test level.
UNRELATED_FALSE_RATE = 0.05
# Timing: pages of this many texts (~20 teasers + the headline), as many pages as this.
BENCH_TEXTS_PER_PAGE = 21
BENCH_PAGES = 300

# Hand-written style-shift probe (not data, not used for fitting or selection): teasers in the
# style of content-farm recirculation boxes and wire headlines, to show how the model travels
# from 2016 BuzzFeed/NYT headlines to headlinese bait. Reported in the card as-is.
PROBE_BAIT = (
    "Parents forbid baby to receive blood from people vaccinated against Covid",
    "Shocking: what doctors will not tell you about bananas",
    "This one trick cuts your power bill in half",
    "Celebrity couple spotted in secret island hideaway",
    "Doctors stunned as woman cures diabetes with kitchen spice",
    "You won't believe what this actress looks like now",
    "Miracle drink melts belly fat overnight, scientists baffled",
    "Vaccinated pilots collapse mid-flight, airline hides the truth",
    "Famous singer reveals the secret behind her dramatic weight loss",
    "Man finds snake in his toilet and what happened next is terrifying",
)
PROBE_NEWS = (
    "Russia says grain corridor talks to resume in Istanbul",
    "Stock markets rally as inflation fears ease",
    "North Korea recognizes Donetsk and Lugansk; Kiev cuts ties",
    "EU finance ministers agree on minimum corporate tax rate",
    "Floods kill at least 30 in southern Pakistan, officials say",
    "Federal Reserve raises interest rates by three quarters of a point",
    "Police arrest suspect after shooting near Paris train station",
    "Oil prices fall as China lockdowns weigh on demand",
    "UN agency warns of famine risk in Horn of Africa",
    "Tesla recalls 130,000 vehicles over touchscreen fault",
)

LICENCE = "MIT (Copyright (c) 2016 Abhijnan Chakraborty, Bhargavi Paranjape, Sourya Kakarla, Niloy Ganguly)"
CITATION = ("Chakraborty, A., Paranjape, B., Kakarla, S., Ganguly, N. (2016). Stop Clickbait: Detecting and "
            "Preventing Clickbaits in Online News Media. IEEE/ACM ASONAM 2016, pp. 9-16.")
BENCHMARK_LICENCE = ("MIT (Copyright (c) 2020 Scrapinghub); the page texts belong to their publishers: "
                     "research and test use only. Only term statistics are kept, no text.")


@dataclass(frozen=True)
class Headlines:
    texts: list[str]
    labels: list[int]  # 1 = clickbait
    files: dict[str, dict]  # file name -> {"sha256", "rows", "label"}


def read_lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip()]


def read_headlines(folder: Path) -> Headlines:
    """Both files of a folder laid out like the shared data set. Raises FileNotFoundError if one is missing."""
    texts: list[str] = []
    labels: list[int] = []
    files = {}
    for name, label in ((CLICKBAIT_FILE, 1), (NON_CLICKBAIT_FILE, 0)):
        path = folder / name
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: the folder needs {CLICKBAIT_FILE} and {NON_CLICKBAIT_FILE}")
        rows = read_lines(path)
        texts.extend(rows)
        labels.extend([label] * len(rows))
        files[name] = {"sha256": file_sha256(path), "rows": len(rows), "label": label}
    return Headlines(texts, labels, files)


def split_key(text: str) -> str:
    return hashlib.sha256(f"{SPLIT_SALT}:{text}".encode("utf-8")).hexdigest()


def heldout_split(texts: Sequence[str], labels: Sequence[int]) -> tuple[list[int], list[int]]:
    """(train indices, held-out indices): per label, rows sorted by sha256(SPLIT_SALT + ":" + text),
    the first round(20%) held out. Stratified, fixed, independent of file order and library versions."""
    train, heldout = [], []
    for label in sorted(set(labels)):
        rows = sorted((i for i, y in enumerate(labels) if y == label), key=lambda i: (split_key(texts[i]), i))
        cut = round(HELDOUT_SHARE * len(rows))
        heldout.extend(rows[:cut])
        train.extend(rows[cut:])
    return sorted(train), sorted(heldout)


def texts_digest(texts: Sequence[str]) -> str:
    """One sha256 over a set of headlines (sorted), to check an evaluation uses the same rows."""
    return hashlib.sha256("\n".join(sorted(texts)).encode("utf-8")).hexdigest()


def build_pipeline(c: float = C, *, register_words: bool = True, char_ngrams: tuple[int, int] = CHAR_NGRAMS):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline

    preprocess = normalize_headline if register_words else str.lower
    return Pipeline([
        ("features", FeatureUnion([
            ("words", TfidfVectorizer(preprocessor=preprocess, ngram_range=(1, 2), min_df=WORD_MIN_DF,
                                      sublinear_tf=True)),
            ("chars", TfidfVectorizer(preprocessor=preprocess, analyzer="char_wb", ngram_range=char_ngrams,
                                      min_df=CHAR_MIN_DF, sublinear_tf=True)),
        ])),
        ("classifier", LogisticRegression(C=c, max_iter=5000)),
    ])


def metrics(labels: Sequence[int], probabilities: Sequence[float], threshold: float = 0.5) -> dict:
    """Accuracy, precision, recall, F1 of `P >= threshold` against labels (1 = clickbait), with counts."""
    y = np.asarray(labels, dtype=int)
    predicted = (np.asarray(probabilities) >= threshold).astype(int)
    tp = int(((predicted == 1) & (y == 1)).sum())
    fp = int(((predicted == 1) & (y == 0)).sum())
    fn = int(((predicted == 0) & (y == 1)).sum())
    tn = int(((predicted == 0) & (y == 0)).sum())
    n = len(y)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"accuracy": round((tp + tn) / n, 4) if n else 0.0, "precision": round(precision, 4),
            "recall": round(recall, 4), "f1": round(f1, 4), "n": n,
            "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn}}


# -- topic-term weights --------------------------------------------------------------------------

def benchmark_articles(folder: Path) -> list[tuple[str, str]]:
    """(headline, body) of each benchmark page: body from ground-truth.json, headline from og:title or <title>."""
    import lxml.html

    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    articles = []
    for page_id in sorted(truth):
        body = truth[page_id].get("articleBody") or ""
        html = gzip.decompress((folder / "html" / f"{page_id}.html.gz").read_bytes())
        tree = lxml.html.fromstring(html)
        og = tree.xpath('//meta[@property="og:title"]/@content')
        title = (og[0] if og else tree.findtext(".//title") or "").strip()
        articles.append((title, body))
    return articles


def build_term_weights(headlines: Sequence[str], bodies: Sequence[str]) -> tuple[dict[str, float], float]:
    """IDF of topic terms from two corpora of different grain, weighted equally.

    Document frequency is estimated in headlines (many, short: resolves rare names) and in article
    bodies (few, long: common verbs occur in most of them) and averaged:
    p(t) = 1/2 (df_h + 1/2)/(N_h + 1) + 1/2 (df_a + 1/2)/(N_a + 1), idf = -ln p(t).
    Headlines alone rate a verb like "cuts" as rarer than "Russia"; the bodies correct that.
    """
    df_h = Counter(t for text in headlines for t in set(topic_terms(text)))
    df_a = Counter(t for text in bodies for t in set(topic_terms(text)))
    n_h, n_a = len(headlines), len(bodies)

    def idf(term: str) -> float:
        p = 0.5 * (df_h.get(term, 0) + 0.5) / (n_h + 1) + 0.5 * (df_a.get(term, 0) + 0.5) / (n_a + 1)
        return -math.log(p)

    table = {term: round(idf(term), 4) for term in sorted(set(df_h) | set(df_a))}
    return table, round(idf("\x00"), 4)


def calibrate_relatedness(articles: Sequence[tuple[str, str]], weights: TermWeights) -> dict:
    """The relatedness threshold from real pages: a page's own headline vs. its body is a related
    pair; every other page's headline vs. that body an unrelated one. The threshold is the
    (1 - UNRELATED_FALSE_RATE) quantile of the unrelated pairs' cosines."""
    pages = [(title, body) for title, body in articles if title.strip() and body.strip()]
    heads = [topic_vector(title, weights) for title, _ in pages]
    bodies = [topic_vector(body, weights) for _, body in pages]
    related = np.array([cosine(heads[i], bodies[i]) for i in range(len(pages))])
    unrelated = np.array([cosine(heads[j], bodies[i]) for i in range(len(pages)) for j in range(len(pages)) if i != j])
    threshold = float(np.quantile(unrelated, 1 - UNRELATED_FALSE_RATE))
    return {
        "pages": len(pages),
        "related_pairs": len(related),
        "unrelated_pairs": len(unrelated),
        "threshold": round(threshold, 4),
        "unrelated_at_or_above": round(float((unrelated >= threshold).mean()), 4),
        "related_at_or_above": round(float((related >= threshold).mean()), 4),
        "related_quantiles": {q: round(float(np.quantile(related, float(q))), 4) for q in ("0.05", "0.25", "0.5")},
        "unrelated_quantiles": {q: round(float(np.quantile(unrelated, float(q))), 4) for q in ("0.5", "0.95", "0.99")},
    }


# -- measuring ----------------------------------------------------------------------------------

def benchmark_speed(model: ClickbaitModel, texts: Sequence[str]) -> dict:
    """Cost of `predict_proba` per page of BENCH_TEXTS_PER_PAGE distinct texts (~20 teasers + a headline).

    Two passes over the same pages with a freshly loaded scorer: the first meets every word
    outside the model's vocabulary for the first time (its cost is the cold case: a page of
    new names), the second has seen them all (the steady state of a long-running worker). Wall
    and CPU time: the CPU time is what the page costs when other processes share the machine.
    """
    pages = [list(texts[i:i + BENCH_TEXTS_PER_PAGE]) for i in range(0, len(texts), BENCH_TEXTS_PER_PAGE)]
    pages = [p for p in pages if len(p) == BENCH_TEXTS_PER_PAGE][:BENCH_PAGES]
    if not pages:
        raise ValueError(f"timing needs at least {BENCH_TEXTS_PER_PAGE} texts, got {len(texts)}")
    fresh = ClickbaitModel(model.pipeline, model.card, model.term_weights, model.directory)
    result: dict = {"texts_per_page": BENCH_TEXTS_PER_PAGE, "pages": len(pages)}
    for name in ("first_pass", "second_pass"):
        wall, cpu = [], []
        for page in pages:
            start, start_cpu = time.perf_counter(), time.process_time()
            fresh.predict_proba(page)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        result[name] = {"median_ms": round(float(np.median(wall)), 3),
                        "p95_ms": round(float(np.quantile(wall, 0.95)), 3),
                        "cpu_mean_ms": round(float(np.mean(cpu)), 3)}
    start = time.perf_counter()
    for page in pages[:50]:
        model.pipeline.predict_proba(page)
    result["sklearn_pipeline_median_ms"] = round((time.perf_counter() - start) * 1000 / len(pages[:50]), 3)
    try:
        result["load_average"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    return result


# -- commands -----------------------------------------------------------------------------------

def select(data: Headlines) -> int:
    """5-fold CV accuracy of the candidate settings on the training part only."""
    from sklearn.model_selection import StratifiedKFold, cross_val_score

    train, _ = heldout_split(data.texts, data.labels)
    x = [data.texts[i] for i in train]
    y = [data.labels[i] for i in train]
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    print(f"5-fold CV on the training part ({len(x)} headlines); the held-out part is not used")
    candidates = [dict(register_words=True, c=c, char_ngrams=(2, 5)) for c in (3.0, 10.0, 30.0)]
    candidates += [dict(register_words=False, c=10.0, char_ngrams=(2, 5)),
                   dict(register_words=True, c=10.0, char_ngrams=(2, 4))]
    print(f"{'register words':<16} {'C':>5} {'char_wb':>8} {'accuracy':>9} {'sd':>7}")
    results = []
    for candidate in candidates:
        scores = cross_val_score(build_pipeline(**candidate), x, y, cv=folds, scoring="accuracy", n_jobs=2)
        label = "removed" if candidate["register_words"] else "kept"
        lo, hi = candidate["char_ngrams"]
        print(f"{label:<16} {candidate['c']:>5g} {f'{lo}-{hi}':>8} {scores.mean():>9.4f} {scores.std():>7.4f}",
              flush=True)
        results.append({"register_words": label, "C": candidate["c"], "char_wb": f"{lo}-{hi}",
                        "accuracy": round(float(scores.mean()), 4), "sd": round(float(scores.std()), 4)})
    print(json.dumps({"cv": results}))
    return 0


def train(data: Headlines, data_dir: Path, out: Path, *, benchmark_dir: Path, command: str) -> dict:
    import joblib

    train_rows, heldout_rows = heldout_split(data.texts, data.labels)
    x_train = [data.texts[i] for i in train_rows]
    y_train = [data.labels[i] for i in train_rows]
    x_held = [data.texts[i] for i in heldout_rows]
    y_held = [data.labels[i] for i in heldout_rows]
    started = time.perf_counter()
    pipeline = build_pipeline()
    pipeline.fit(x_train, y_train)
    fit_seconds = time.perf_counter() - started

    print(f"building term weights from {len(data.texts)} headlines + {benchmark_dir.name} bodies", flush=True)
    articles = benchmark_articles(benchmark_dir)
    idf, unseen = build_term_weights(data.texts, [body for _, body in articles])
    calibration = calibrate_relatedness(articles, TermWeights(idf, unseen, related_threshold=0.0))

    out.mkdir(parents=True)
    model_path = out / MODEL_FILE
    joblib.dump(pipeline, model_path, compress=3)
    weights_path = out / TERM_WEIGHTS_FILE
    weights_path.write_text(json.dumps({
        "term_rule": "scorer.textutil.topic_terms",
        "idf_rule": "-ln(1/2 (df_h + 1/2)/(N_h + 1) + 1/2 (df_a + 1/2)/(N_a + 1))",
        "unseen_idf": unseen, "related_threshold": calibration["threshold"], "idf": idf,
    }, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    held_p = pipeline.predict_proba(x_held)[:, 1]
    from sklearn.metrics import roc_auc_score

    heldout_metrics = metrics(y_held, held_p)
    heldout_metrics["roc_auc"] = round(float(roc_auc_score(y_held, held_p)), 4)
    strict = metrics(y_held, held_p, threshold=0.8)
    names = pipeline[:-1].get_feature_names_out()
    data_root = get_settings().data_root
    card = {
        "name": "clickbait",
        "version": "v1",
        "task": "P(clickbait) of a headline or teaser (binary text classification, 1 = clickbait)",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": command,
        "code": {**git_state(PROJECT_ROOT), "trainer": code_path(__name__, PROJECT_ROOT),
                 "loader": code_path(ClickbaitModel, PROJECT_ROOT)},
        "pipeline": (f"Pipeline(features=FeatureUnion(words=TfidfVectorizer(word 1-2-grams, min_df={WORD_MIN_DF}, "
                     "sublinear_tf), "
                     f"chars=TfidfVectorizer(char_wb {CHAR_NGRAMS[0]}-{CHAR_NGRAMS[1]}-grams, min_df={CHAR_MIN_DF}, "
                     "sublinear_tf)), "
                     f"classifier=LogisticRegression(C={C:g}, lbfgs))"),
        "preprocessing": (f"{normalize_headline.__module__}.normalize_headline: lower case, register words removed "
                          f"({' '.join(sorted(REGISTER_WORDS))}), whitespace collapsed"),
        "features": {"count": len(names), "words": int(sum(n.startswith("words__") for n in names)),
                     "chars": int(sum(n.startswith("chars__") for n in names)),
                     "names_sha256": names_sha256(names)},
        "threshold": 0.5,
        "training_data": {
            "dataset": DATASET,
            "folder": str(data_dir.relative_to(data_root)) if data_dir.is_relative_to(data_root) else str(data_dir),
            "files": data.files,
            "licence": LICENCE,
            "citation": CITATION,
            "note": ("The labels are confounded with publisher style (clickbait from BuzzFeed, Upworthy, ...; "
                     "news from WikiNews, NYT, Guardian, The Hindu): case is dropped and register words removed "
                     "so the model learns bait devices, not house styles."),
        },
        "split": {
            "rule": (f"per label, rows sorted by sha256('{SPLIT_SALT}:' + headline) (ties by row), the first "
                     f"round({HELDOUT_SHARE:.0%} x rows) held out; training.clickbait.train.heldout_split"),
            "salt": SPLIT_SALT,
            "heldout_share": HELDOUT_SHARE,
            "train_rows": {"clickbait": int(sum(y_train)), "non_clickbait": len(y_train) - int(sum(y_train))},
            "heldout_rows": {"clickbait": int(sum(y_held)), "non_clickbait": len(y_held) - int(sum(y_held))},
            "heldout_texts_sha256": texts_digest(x_held),
        },
        "metrics": {
            "heldout": heldout_metrics,
            "heldout_at_0.8": {k: strict[k] for k in ("precision", "recall", "n")},
            "floors": {"accuracy": ACCURACY_FLOOR},
            "reference": "Chakraborty et al. 2016 SVM: accuracy 0.93 (their split)",
        },
        "style_shift_probe": {
            "note": ("Hand-written teasers (not data; not used to fit or select): content-farm-style bait vs. wire "
                     "headlines. Shows how the model travels to headlinese bait; the recirculation signal adds "
                     "sensational-topic cues for what it misses."),
            "bait": {t: round(float(p), 3) for t, p in zip(PROBE_BAIT, pipeline.predict_proba(list(PROBE_BAIT))[:, 1])},
            "news": {t: round(float(p), 3) for t, p in zip(PROBE_NEWS, pipeline.predict_proba(list(PROBE_NEWS))[:, 1])},
        },
        "term_weights": {
            "file": TERM_WEIGHTS_FILE,
            "task": "IDF of topic terms for teaser-article relatedness (recirculation signal)",
            "terms": len(idf),
            "sources": [
                {"dataset": DATASET, "files": data.files, "documents": len(data.texts), "licence": LICENCE},
                {"dataset": BENCHMARK, "file": "ground-truth.json (articleBody); html/*.html.gz (og:title, "
                 "for calibration only)", "sha256": file_sha256(benchmark_dir / "ground-truth.json"),
                 "documents": len(articles), "licence": BENCHMARK_LICENCE},
            ],
            "relatedness_calibration": calibration,
        },
        "library_versions": library_versions(),
        "fit_seconds": round(fit_seconds, 1),
        "artifacts": {
            MODEL_FILE: artifact_record(model_path),
            TERM_WEIGHTS_FILE: artifact_record(weights_path),
        },
    }
    write_card(out, card)

    # Load through the production loader (hash + version checks), then time it and record that.
    model = ClickbaitModel.load(out)
    card["speed"] = benchmark_speed(model, x_held)
    write_card(out, card)
    (out / "README.md").write_text(readme(card), encoding="utf-8")
    return card


def readme(card: dict) -> str:
    m = card["metrics"]["heldout"]
    cal = card["term_weights"]["relatedness_calibration"]
    speed = card["speed"]
    return f"""# clickbait-v1

P(clickbait) for headlines and recirculation teasers, plus the topic-term weights the
recirculation signal uses for teaser-article relatedness. Made by `{card['command']}`;
loaded by `scorer.analysis.clickbait.ClickbaitModel.load()`, which checks the sha256 of `model.joblib`,
the scikit-learn version ({card['library_versions']['scikit-learn']}) and the feature names
against `model_card.json` and refuses to load on a mismatch.

- **Model:** {card['pipeline']}.
  Preprocessing: {card['preprocessing']}.
- **Data:** Chakraborty et al. (2016) headlines, `{card['training_data']['folder']}`
  ({', '.join(f"{k}: {v['rows']} rows" for k, v in card['training_data']['files'].items())}).
  Licence: {card['training_data']['licence']}. Cite: {card['training_data']['citation']}
- **Split:** {card['split']['rule']}. Train {card['split']['train_rows']}, held out {card['split']['heldout_rows']}.
- **Held-out metrics** (threshold 0.5): accuracy {m['accuracy']}, precision {m['precision']},
  recall {m['recall']}, F1 {m['f1']}, ROC AUC {m['roc_auc']}, n {m['n']} (floor: accuracy {ACCURACY_FLOOR}).
- **Speed** per page of {speed['texts_per_page']} distinct texts ({speed['pages']} pages, load average
  {speed.get('load_average')}): first pass (new words) median {speed['first_pass']['median_ms']} ms, CPU
  {speed['first_pass']['cpu_mean_ms']} ms; second pass median {speed['second_pass']['median_ms']} ms, CPU
  {speed['second_pass']['cpu_mean_ms']} ms. The same pipeline through scikit-learn:
  {speed['sklearn_pipeline_median_ms']} ms.
- **Term weights** (`term_weights.json`): IDF of {card['term_weights']['terms']} topic terms from the same headlines
  plus the {card['term_weights']['sources'][1]['documents']} article bodies of the article-extraction-benchmark
  ({BENCHMARK_LICENCE}). Related threshold {cal['threshold']}: {cal['unrelated_at_or_above']:.1%} of unrelated
  (headline, article) pairs reach it, {cal['related_at_or_above']:.1%} of pages' own headlines do.

Known limits: trained on 2007-2016 English headlines whose labels follow the publisher; it knows
curiosity-gap and listicle bait, not every sensational topic ("Covid" did not exist), and it is
uncalibrated on other styles: see `style_shift_probe` in the card and docs/clickbait.md.
"""


def main(argv: Sequence[str] | None = None) -> int:
    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m training.train_clickbait", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=settings.data_root / DATASET,
                        help="folder with clickbait_data.gz and non_clickbait_data.gz (default: data_root/%(default)s)")
    parser.add_argument("--benchmark", type=Path, default=settings.data_root / BENCHMARK,
                        help="article-extraction-benchmark folder (term weights and relatedness calibration)")
    parser.add_argument("--out", type=Path, default=settings.models_dir / MODEL_DIR, help="version directory to write")
    parser.add_argument("--force", action="store_true", help="replace an existing version directory")
    parser.add_argument("--select", action="store_true", help="print the 5-fold CV table of candidate settings only")
    args = parser.parse_args(argv)
    try:
        data = read_headlines(args.data)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.select:
        return select(data)
    if refuse_to_overwrite(args.out, force=args.force):
        return 2
    if args.out.exists():
        shutil.rmtree(args.out)
    if not (args.benchmark / "ground-truth.json").is_file():
        print(f"error: {args.benchmark} has no ground-truth.json (needed for the term weights)", file=sys.stderr)
        return 2
    command = "python -m training.train_clickbait" + "".join(f" {a}" for a in (sys.argv[1:] if argv is None else argv))
    card = train(data, args.data, args.out, benchmark_dir=args.benchmark, command=command)
    m = card["metrics"]["heldout"]
    print(f"wrote {args.out}")
    print(f"held-out: accuracy {m['accuracy']}  precision {m['precision']}  recall {m['recall']}  f1 {m['f1']}  "
          f"n {m['n']}")
    print(f"relatedness threshold {card['term_weights']['relatedness_calibration']['threshold']}; speed per page "
          f"of {BENCH_TEXTS_PER_PAGE} texts: {card['speed']['first_pass']['median_ms']} ms first pass, "
          f"{card['speed']['second_pass']['median_ms']} ms second pass (medians)")
    print(json.dumps({**{k: m[k] for k in ("accuracy", "precision", "recall", "f1", "n")},
                      "model_bytes": card["artifacts"][MODEL_FILE]["bytes"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
