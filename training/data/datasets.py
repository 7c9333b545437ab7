"""Loaders for the article-level veracity sets in `TrainingSettings.data_root` (read-only, never copied).

Each loader returns `Article` records with the label P(unreliable) is trained on (1 = unreliable)
and a publisher `group` (the site key the shared sets were split by, see each set's SOURCE.md), so
cross-validation can keep every publisher on one side of a split.

The scraped texts carry each scraper's damage, and it differs by publisher: in the SFU set the
curly quotes of most sites became "?" and the CSV quotes of politico copy were doubled; in Horne's
set every non-ASCII mark became U+FFFD. Left alone, a model learns "this publisher's scraper" instead
of "this writing", so `repair_*` turn the damage back into the marks a real page has (the serving
path sees real pages). What cannot be repaired (FA-KES lost its commas and apostrophes) is kept out
of the features instead (see scorer/scoring/features.py).
"""
from __future__ import annotations

import csv
import gzip
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from scorer.artifacts import file_sha256 as sha256_of  # the name the trainers and tests use
from scorer.domains import host_of, registered_domain

csv.field_size_limit(1 << 30)


@dataclass(frozen=True)
class Article:
    dataset: str  # the data set's folder name
    id: str
    title: str  # "" where the set has no headline (SFU)
    text: str  # paragraphs separated by newlines
    label: int  # 1 = unreliable, 0 = reliable
    group: str  # publisher site key for grouped cross-validation
    raw_label: str  # the set's own label ("mostly false", "0", "satire")


@dataclass(frozen=True)
class DatasetFile:
    """One data file read for training or evaluation, as recorded in the model card."""

    dataset: str
    path: str  # relative to the data root
    sha256: str
    licence: str
    rows_read: int
    rows_used: int
    label_counts: dict[str, int] = field(default_factory=dict)  # raw label -> rows used
    role: str = "train+eval"  # "train+eval" (the three veracity sets) or "distant" (publisher-labelled)
    label_rule: str = ""
    group_rule: str = ""

    def to_dict(self) -> dict:
        return {
            "dataset": self.dataset, "path": self.path, "sha256": self.sha256, "licence": self.licence,
            "rows_read": self.rows_read, "rows_used": self.rows_used, "label_counts": self.label_counts,
            "role": self.role, "label_rule": self.label_rule, "group_rule": self.group_rule,
        }


@dataclass(frozen=True)
class LoadedSet:
    name: str
    articles: tuple[Article, ...]
    files: tuple[DatasetFile, ...]


# --- site keys ------------------------------------------------------------------------------------
# Link shorteners of the SFU set mapped to their publishers, as SOURCE.md says the split did.
SHORTENERS = {"politi.co": "politico.com", "cnn.it": "cnn.com", "abcn.ws": "abcnews.go.com"}
# Hosts where each sub-site is its own publisher: keep one more label (SOURCE.md).
MULTI_TENANT = frozenset({"wordpress.com", "blogspot.com", "tumblr.com", "medium.com", "substack.com",
                          "wixsite.com", "weebly.com", "github.io", "livejournal.com", "typepad.com"})


def site_key(url_or_host: str) -> str:
    """The publisher key of a URL or host: `http://author.addictinginfo.org/x` -> `addictinginfo.org`."""
    host = host_of(url_or_host)
    for prefix in ("www.", "m."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    host = SHORTENERS.get(host, host)
    domain = registered_domain(host) or host
    if domain in MULTI_TENANT and host != domain:
        label = host[: -len(domain) - 1].split(".")[-1]
        return f"{label}.{domain}"
    return domain


# --- text repair ----------------------------------------------------------------------------------
_WORD_CHAR = re.compile(r"\w")


def repair_question_quotes(text: str) -> str:
    """SFU: "?" stood for every curly mark. Pair them back into quotes, dashes and apostrophes.

    A "?" glued to the front of a word opens a quote; the next "?" glued to the end of a word or
    after punctuation closes it; "?" between two letters is an apostrophe; a spaced " ? " is a dash;
    any other "?" is a real question mark.
    """
    if len(text) > 1 and text[0] == text[-1] == '"':
        text = text[1:-1]  # the whole field was CSV-quoted once more, its inner quotes doubled
    text = text.replace('""', '"')
    out: list[str] = []
    open_quote = False
    n = len(text)
    for i, ch in enumerate(text):
        if ch != "?":
            out.append(ch)
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < n else " "
        word_before = bool(_WORD_CHAR.match(before))
        word_after = bool(_WORD_CHAR.match(after)) or after in "[("
        if word_before and word_after and after.isalpha():
            out.append("’")  # it?s -> it’s
        elif word_after and not word_before:
            out.append("“")
            open_quote = True
        elif before == " " and after == " ":
            out.append("—")
        elif open_quote and (word_before or before in ".,!?;:"):
            out.append("”")
            open_quote = False
        elif before in ".,;:" and (after == " " or after == "?"):
            out.append("”")  # a closing mark whose opening one was lost
        else:
            out.append(ch)
    return "".join(out)


def repair_replacement_marks(text: str) -> str:
    """Horne: every non-ASCII mark became U+FFFD. Guess each from its neighbours."""
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch != "\ufffd":
            out.append(ch)
            continue
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < n else " "
        if before.isalpha() and after.isalpha():
            out.append("’")
        elif before.isspace() and after.isspace():
            out.append("—")
        elif after.isalnum() and not before.isalnum():
            out.append("“" if before != ")" else "—")
        elif before.isalnum() or before in ".,!?;:":
            out.append("”")
        else:
            out.append("")
    return "".join(out)


def clean_lines(text: str) -> str:
    """Normalise whitespace inside lines and drop empty lines (parse_text does the same)."""
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.replace("\r", "").split("\n"))
    return "\n".join(line for line in lines if line)


# --- the sets -------------------------------------------------------------------------------------
SFU_DIR, FAKES_DIR, HORNE_DIR, POLNEAR_DIR = "misinfotext_sfu", "fakes_syria", "horne2017_fakenewsdata1", "polnear"
SFU_FILE = f"{SFU_DIR}/buzzfeed_articles.tsv.gz"
FAKES_FILE = f"{FAKES_DIR}/FA-KES-Dataset.csv"
HORNE_FILE = f"{HORNE_DIR}/articles.csv"
POLNEAR_FILES = (f"{POLNEAR_DIR}/polnear_train.jsonl.gz", f"{POLNEAR_DIR}/polnear_dev.jsonl")

SFU_LABELS = {"mostly true": 0, "mixture of true and false": 1, "mostly false": 1}  # "no factual content": dropped
HORNE_LABELS = {"real": 0, "fake": 1, "satire": 1}
FAKES_LABELS = {"1": 0, "0": 1}
# PolNeAR's publishers labelled by their standing (distant supervision: the label, never a feature).
# What data/ says of them: breitbart.com lin2023 PC1 0.30, MBFC low/mixed, idiap -1 (NewsGuard);
# westernjournal.com PC1 0.21, MBFC mixed, idiap -1; the four others PC1 0.82-0.90, MBFC high, idiap 1.
# Huffington Post (PC1 0.72, MBFC high) is left out: upstream says its opinion-like pieces could not
# be separated from news, and an opinion piece labelled by its outlet teaches the wrong thing.
POLNEAR_LABELS = {"nyt": 0, "wash-post": 0, "politico": 0, "usa-today": 0, "breitbart": 1, "west-journal": 1}
POLNEAR_SITES = {"nyt": "nytimes.com", "wash-post": "washingtonpost.com", "politico": "politico.com",
                 "usa-today": "usatoday.com", "breitbart": "breitbart.com", "west-journal": "westernjournal.com",
                 "huff-post": "huffingtonpost.com"}
# Horne's set records no publisher per article. Its files are numbered roughly by outlet within each
# (subset, label) folder (runs of Borowitz Report, Onion, Beaverton files), so blocks of this many
# consecutive file numbers stand in for publishers: stricter than a random split, not truly disjoint.
HORNE_BLOCK = 10

LICENCES = {
    SFU_DIR: "none stated (research data; article texts are the publishers' copyright)",
    FAKES_DIR: "CC BY 4.0",
    HORNE_DIR: "BSD-style notice (Horne & Adali 2017; notice must be retained, cite NECO 2017)",
    POLNEAR_DIR: "none stated for the data (research use only; texts are the publishers' copyright)",
}
EVAL_SETS = (SFU_DIR, FAKES_DIR, HORNE_DIR)


def load_sfu(root: Path) -> LoadedSet:
    path = root / SFU_FILE
    with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    articles = []
    for row in rows:
        label = SFU_LABELS.get(row["label"].strip().lower())
        text = clean_lines(repair_question_quotes(row["text"]))
        if label is None or not text:
            continue
        articles.append(Article(SFU_DIR, row["id"], "", text, label, site_key(row["url_host"] or row["url"]),
                                row["label"].strip().lower()))
    file = _file(root, SFU_DIR, SFU_FILE, len(rows), articles,
                 "mostly true -> reliable; mostly false, mixture of true and false -> unreliable; "
                 "no factual content dropped",
                 "site key of url_host (shorteners mapped: politi.co -> politico.com, abcn.ws -> abcnews.go.com)")
    return LoadedSet(SFU_DIR, tuple(articles), (file,))


def load_fakes(root: Path) -> LoadedSet:
    path = root / FAKES_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    articles = []
    for row in rows:
        label = FAKES_LABELS.get(row["labels"].strip())
        text = clean_lines(row["article_content"].replace("\x81", ""))
        if label is None or not text:
            continue
        articles.append(Article(FAKES_DIR, row["unit_id"], row["article_title"].strip(), text, label,
                                site_key(row["source_domain"]), row["labels"].strip()))
    file = _file(root, FAKES_DIR, FAKES_FILE, len(rows), articles,
                 "labels 1 (credible) -> reliable; 0 (fake) -> unreliable",
                 "site key of source_domain")
    return LoadedSet(FAKES_DIR, tuple(articles), (file,))


def horne_group(row_id: str, subset: str, label: str) -> str:
    match = re.search(r"(\d+)", row_id.rsplit("/", 1)[-1])
    number = int(match.group(1)) if match else 0
    return f"horne:{subset}:{label}:{number // HORNE_BLOCK}"


def load_horne(root: Path) -> LoadedSet:
    path = root / HORNE_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    articles = []
    for row in rows:
        raw = row["label"].strip().lower()
        label = HORNE_LABELS.get(raw)
        text = clean_lines(repair_replacement_marks(row["body"]))
        if label is None or not text:
            continue
        articles.append(Article(HORNE_DIR, row["id"], repair_replacement_marks(row["title"]).strip(), text, label,
                                horne_group(row["id"], row["subset"], raw), f"{row['subset']}:{raw}"))
    file = _file(root, HORNE_DIR, HORNE_FILE, len(rows), articles, "real -> reliable; fake, satire -> unreliable",
                 f"no publisher recorded: blocks of {HORNE_BLOCK} consecutive file numbers per (subset, label)")
    return LoadedSet(HORNE_DIR, tuple(articles), (file,))


_POLNEAR_HEADERS = re.compile(r"^(ABSTRACT|FULL TEXT|LEAD|BODY)\.?\s*$", re.I)


def load_polnear(root: Path) -> LoadedSet:
    """PolNeAR's articles labelled by their publisher's standing (distant supervision)."""
    articles, files = [], []
    for rel in POLNEAR_FILES:
        path = root / rel
        opener = gzip.open if rel.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            docs = [json.loads(line) for line in handle if line.strip()]
        used = []
        for doc in docs:
            label = POLNEAR_LABELS.get(doc["publisher"])
            if label is None:
                continue
            lines = [line for line in clean_lines(doc["text"]).split("\n") if not _POLNEAR_HEADERS.match(line)]
            title = (doc.get("title") or "").strip()
            if lines and title and lines[0].rstrip(".") == title.rstrip("."):
                lines = lines[1:]  # the text opens with its headline
            if not lines:
                continue
            used.append(Article(POLNEAR_DIR, doc["doc_id"], title, "\n".join(lines), label,
                                POLNEAR_SITES[doc["publisher"]], doc["publisher"]))
        articles += used
        files.append(_file(root, POLNEAR_DIR, rel, len(docs), used,
                           "publisher standing: nyt, wash-post, politico, usa-today -> reliable; breitbart, "
                           "west-journal -> unreliable; huff-post dropped", "the publisher's site",
                           role="distant"))
    return LoadedSet(POLNEAR_DIR, tuple(articles), tuple(files))


LOADERS: dict[str, Callable[[Path], LoadedSet]] = {
    SFU_DIR: load_sfu, FAKES_DIR: load_fakes, HORNE_DIR: load_horne, POLNEAR_DIR: load_polnear,
}


class DatasetError(ValueError):
    """A data file exists but cannot be read as its set's layout (SOURCE.md)."""


def load(name: str, root: Path) -> LoadedSet:
    """Load one set. Raises DatasetError naming the set when its files are corrupt or misshapen."""
    try:
        return LOADERS[name](root)
    except FileNotFoundError:
        raise
    except (OSError, EOFError, csv.Error, UnicodeDecodeError, KeyError, TypeError, ValueError) as exc:
        detail = f"missing column {exc}" if isinstance(exc, KeyError) else f"{type(exc).__name__}: {exc}"
        raise DatasetError(f"{name} under {root} cannot be read ({detail})") from exc


def available(name: str, root: Path) -> bool:
    """Whether every file of the set is under `root`."""
    rels = {SFU_DIR: (SFU_FILE,), FAKES_DIR: (FAKES_FILE,), HORNE_DIR: (HORNE_FILE,), POLNEAR_DIR: POLNEAR_FILES}[name]
    return all((root / rel).is_file() for rel in rels)


def _file(root: Path, dataset: str, rel: str, rows_read: int, used: list[Article], label_rule: str,
          group_rule: str, *, role: str = "train+eval") -> DatasetFile:
    counts = Counter(a.raw_label for a in used)
    return DatasetFile(dataset, rel, sha256_of(root / rel), LICENCES[dataset], rows_read, len(used),
                       dict(sorted(counts.items())), role, label_rule, group_rule)

