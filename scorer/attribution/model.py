"""The trained attribution model (one scikit-learn Pipeline scoring frames and boundary options), raw
attributions found with it, and loading the committed model once per process."""
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..deadline import current as current_deadline
from .candidates import Candidate, candidate_features, find_candidates
from .frames import boundary_features, build_spans, rule_frame
from .lexicon import _CONTENT_TRAIL, FRAMES, NO_ATTRIBUTION, Lexicon, stem
from .spans import RULES, Decider, RawAttribution
from .tokens import Tokens

# --------------------------------------------------------------------------------------------
# The trained model: one scikit-learn Pipeline scoring options (frames and boundaries)

MODEL_NAME = "attribution"
FRAME_OPTIONS = FRAMES + (NO_ATTRIBUTION,)


def frame_option_features(base: dict[str, float], option: str) -> dict[str, float]:
    """The option scorer's view of "candidate has frame `option`": base features conjoined with it."""
    out = {f"F:{option}|{k}": v for k, v in base.items()}
    out[f"F:{option}|bias"] = 1.0
    return out


@dataclass(frozen=True)
class AttributionModel:
    """The loaded model, with its weights laid out for fast scoring (same numbers as the Pipeline)."""

    lexicon: Lexicon
    frame_index: dict[str, int]  # base feature -> row of frame_table
    frame_table: Any  # numpy array (base features x FRAME_OPTIONS)
    frame_bias: Any  # numpy array (FRAME_OPTIONS,)
    weights: dict[str, float]  # boundary features -> weight
    intercept: float
    accept_margin: float  # accept a frame when its score beats "none" by this much
    version: str = "1"
    pipeline: Any = field(default=None, repr=False, compare=False)
    name: str = MODEL_NAME

    @classmethod
    def from_pipeline(cls, pipeline: Any, lexicon: Lexicon, *, accept_margin: float = 0.0,
                      version: str = "1") -> "AttributionModel":
        import numpy as np

        vectorizer = pipeline.named_steps["features"]
        classifier = pipeline.named_steps["classifier"]
        coef = classifier.coef_.ravel()
        intercept = float(classifier.intercept_[0])
        option_at = {o: k for k, o in enumerate(FRAME_OPTIONS)}
        frame_index: dict[str, int] = {}
        rows: list[list[float]] = []
        bias = np.zeros(len(FRAME_OPTIONS))
        weights: dict[str, float] = {}
        for name, column in vectorizer.vocabulary_.items():
            w = float(coef[column])
            if name.startswith("F:"):
                option, _, base = name[2:].partition("|")
                if base == "bias":
                    bias[option_at[option]] = w
                    continue
                row = frame_index.get(base)
                if row is None:
                    row = frame_index[base] = len(rows)
                    rows.append([0.0] * len(FRAME_OPTIONS))
                rows[row][option_at[option]] = w
            elif w != 0.0:
                weights[name] = w
        table = np.array(rows) if rows else np.zeros((0, len(FRAME_OPTIONS)))
        return cls(lexicon, frame_index, table, bias + intercept, weights, intercept, accept_margin, version,
                   pipeline)

    def frame_scores(self, features: list[dict[str, float]]) -> Any:
        """Decision scores (log-odds) of every frame option for each candidate."""
        import numpy as np

        get = self.frame_index.get
        prior_row = self.frame_index.get("prior")
        rows: list[int] = []
        bounds: list[int] = []
        priors = np.zeros(len(features))
        for k, feats in enumerate(features):
            bounds.append(len(rows))
            rows += [r for r in map(get, feats) if r is not None and r != prior_row]
            priors[k] = feats.get("prior", 0.0)
        scores = np.tile(self.frame_bias, (len(features), 1))
        if rows:
            counts = np.diff(np.array(bounds + [len(rows)]))
            sums = np.add.reduceat(self.frame_table[np.array(rows)], np.array(bounds).clip(max=len(rows) - 1), axis=0)
            scores += np.where(counts[:, None] > 0, sums, 0.0)
        if prior_row is not None:  # "prior" is real-valued, not a 0/1 feature
            scores += priors[:, None] * self.frame_table[prior_row][None, :]
        return scores

    def decide_frames(self, tk: Tokens, candidates: list[Candidate]) -> list[str]:
        return [frame for frame, _ in self.score_frames(tk, candidates)]

    def score_frames(self, tk: Tokens, candidates: list[Candidate]) -> list[tuple[str, float]]:
        """Each candidate's frame (or "O") and by how much it beat "no attribution"."""
        if not candidates:
            return []
        prior = self.lexicon.head_prior
        features = [candidate_features(tk, c, prior.get(stem(tk.lower[c.head]), 0.0)) for c in candidates]
        scores = self.frame_scores(features)
        none = len(FRAME_OPTIONS) - 1
        out = []
        for row in scores:
            best = int(row[:none].argmax())
            margin = float(row[best] - row[none])
            out.append((FRAME_OPTIONS[best] if margin > self.accept_margin else NO_ATTRIBUTION, margin))
        return out

    def score(self, features: dict[str, float]) -> float:
        get = self.weights.get
        total = self.intercept
        for k, v in features.items():
            total += get(k, 0.0) * v
        return total


class ModelDecider(Decider):
    def __init__(self, model: AttributionModel):
        self.model = model

    def pick(self, kind: str, tk: Tokens, options: list[int], default: int, context: dict[str, Any]) -> int:
        get = self.model.weights.get
        best, best_score = default, float("-inf")
        for o in options:
            total = 0.0
            for name in boundary_features(kind, tk, o, context):  # all binary: the value is 1.0
                total += get(name, 0.0)
            if total > best_score:
                best, best_score = o, total
        return best


_BUILTIN_LEXICON = Lexicon.builtin()


def find_raw_attributions(tk: Tokens, model: AttributionModel | None = None, *, max_candidates: int = 0,
                          notes: list[str] | None = None) -> list[RawAttribution]:
    """Every attribution in the text as token ranges, nested ones included, in text order.

    `max_candidates` (over 0): cue candidates read, the first ones in text order
    (`Settings.max_attribution_candidates`); when it cuts, a sentence saying so goes to `notes`."""
    lexicon = model.lexicon if model is not None else _BUILTIN_LEXICON
    candidates = _within_budget(tk, [c for c in find_candidates(tk, lexicon) if tk.quote_of[c.head] < 0])
    if 0 < max_candidates < len(candidates):
        if notes is not None:
            notes.append(f"only the first {max_candidates:,} attribution cues of the text were read "
                         f"(it has {len(candidates):,}; the budget is {max_candidates:,})")
        candidates = candidates[:max_candidates]
    current_deadline().check("attribution candidates")
    if model is not None:
        scored = model.score_frames(tk, candidates)
        frames = [f for f, _ in scored]
        confidences = [m for _, m in scored]
        decider: Decider = ModelDecider(model)
    else:
        frames = [rule_frame(tk, c) for c in candidates]
        confidences = [0.0] * len(candidates)
        decider = RULES
    out: list[RawAttribution] = []
    last_in_sentence: dict[int, RawAttribution] = {}
    deadline = current_deadline()
    for number, (c, frame, confidence) in enumerate(zip(candidates, frames, confidences)):
        if number % 64 == 63:
            deadline.check("attribution candidates")
        frame = _override_frame(tk, c, frame)
        if frame == NO_ATTRIBUTION:
            continue
        sentence = tk.sentence_of[c.head]
        previous = last_in_sentence.get(sentence)
        floor = previous.cue[1] if previous is not None else None
        raw = build_spans(tk, c, frame, decider, floor)
        if raw is None:
            continue
        raw = replace(raw, confidence=confidence)
        agent = _passive_agent(tk, c) if frame[0] == "L" else None
        if agent is not None:
            # "The information was released by the Unian agency, citing ...": the agent cites
            raw = replace(raw, source=agent)
        elif frame[0] == "L" and previous is not None and previous.source is not None \
                and c.start > 0 and tk.lower[c.start - 1] in _SHARED_SOURCE_JOINS:
            # "X said A, adding B" / "X said A and warned B": the second cue shares the first one's source
            raw = replace(raw, source=previous.source)
        out.append(raw)
        last_in_sentence[sentence] = raw
    return _clip_sequential(tk, out)


# Cue candidates looked at per sentence (a work budget, issue 17): a news sentence has one to four;
# a run of cue words ("said said said ...", hostile or broken input) would otherwise make the
# per-sentence steps (clipping, nesting) cost the square of the sentence's cues, up to 250².
MAX_CANDIDATES_PER_SENTENCE = 24


def _within_budget(tk: Tokens, candidates: list[Candidate]) -> list[Candidate]:
    """The first MAX_CANDIDATES_PER_SENTENCE candidates of each sentence, in text order."""
    seen: dict[int, int] = {}
    kept = []
    for c in candidates:
        sentence = tk.sentence_of[c.head]
        count = seen.get(sentence, 0)
        if count < MAX_CANDIDATES_PER_SENTENCE:
            kept.append(c)
        seen[sentence] = count + 1
    return kept


_PASSIVE_AUX = frozenset({"was", "were", "is", "are", "been", "being", "be"})
# "is said to", "was rumoured to": an evidential, not an attribution.
_HEARSAY = frozenset({"said", "rumored", "rumoured", "reputed"})


def _passive_agent(tk: Tokens, c: Candidate) -> tuple[int, int] | None:
    """For a participle cue after a comma ("..., citing"), the agent of a passive clause before it."""
    lower = tk.lower
    if c.start < 2 or lower[c.start - 1] != "," or not lower[c.head].endswith("ing"):
        return None
    sa = tk.sentences[tk.sentence_of[c.head]][0]
    comma = c.start - 1
    for j in range(comma - 1, max(sa, comma - 12) - 1, -1):
        if lower[j] == "by" and j - 2 >= sa and lower[j - 1].endswith(("ed", "en", "wn")) \
                and lower[j - 2] in _PASSIVE_AUX:
            return (j + 1, comma) if comma > j + 1 else None
        if lower[j] in (",", ";") or tk.quote_of[j] >= 0:
            return None
    return None


def _override_frame(tk: Tokens, c: Candidate, frame: str) -> str:
    """Two constructions the annotated news rarely shows, decided by rule whatever the model says:
    a passive with its agent ("was confirmed by the embassy": the source follows "by") and a
    viewpoint opening a quotation ('For Pushilin, "the status ..."')."""
    lower = tk.lower
    n = len(lower)
    if lower[c.head] in _HEARSAY and c.end < n and lower[c.end] == "to" \
            and any(w in _PASSIVE_AUX for w in lower[max(0, c.start - 2):c.head]):
        return NO_ATTRIBUTION  # "he is said to be ...": hearsay with nobody to attribute it to
    if frame in ("LR", "NR", "LX", "NX") and ((c.end < n and lower[c.end] == "by") or lower[c.end - 1] == "by") \
            and any(w in _PASSIVE_AUX for w in lower[c.start:c.head]) and lower[c.head].endswith(("ed", "en", "wn")):
        return "RL"
    if lower[c.head] in ("for", "to") and frame == NO_ATTRIBUTION:
        sb = tk.sentences[tk.sentence_of[c.head]][1]
        comma = next((j for j in range(c.end, min(sb, c.end + 8)) if lower[j] == ","), -1)
        if comma > c.end and comma + 1 < sb and tk.quote_of[comma + 1] >= 0 \
                and tk.quotes[tk.quote_of[comma + 1]][0] == comma + 1 \
                and all(tk.words[j][:1].isupper() or lower[j] in ("him", "her", "them", "the")
                        for j in range(c.end, comma)):
            return "RR"
    return frame


# Words right before a cue that make it share the previous cue's subject.
_SHARED_SOURCE_JOINS = frozenset({",", "and", "but", "or", "then", "while", "also"})
# Words before a later attribution at which an earlier one's content stops ("..., adding", "... but said").
_SEQUENCE_JOINS = frozenset({",", ";", "and", "but", "or", "—", "–", "--", "-", "while", "then"})


# Subordinators that start a new clause after a comma (", though she noted ...").
_SUBORDINATORS = frozenset({"though", "although", "whereas", "while", "as", "because", "since", "when", "after",
                            "before", "so", "yet", "even"})


def _joins_clause(tk: Tokens, start: int) -> bool:
    """Does a new clause begin at token `start` (after "and", ", but", ", though", ";" ...)?"""
    before = tk.lower[start - 1]
    if before in _SEQUENCE_JOINS:
        return True
    return before in _SUBORDINATORS and start >= 2 and tk.lower[start - 2] == ","


def _clip_sequential(tk: Tokens, raws: list[RawAttribution]) -> list[RawAttribution]:
    """End a content that runs into the next attribution of its sentence ("X said A, and Y said B")."""
    out = list(raws)
    for k, r in enumerate(out):
        if r.frame not in ("LR", "NR", "RR"):
            continue
        a, b = r.content
        for o in out[k + 1:]:
            if tk.sentence_of[o.head] != tk.sentence_of[r.head]:
                break
            starts = [o.source[0]] if o.source is not None and a < o.source[0] < o.cue[0] else []
            starts.append(o.cue[0])
            start = next((x for x in starts if a < x < b and _joins_clause(tk, x)), -1)
            if start > a:
                end = start
                while end > a and (tk.lower[end - 1] in _SEQUENCE_JOINS or tk.words[end - 1] in _CONTENT_TRAIL):
                    end -= 1
                if end > a:
                    out[k] = replace(r, content=(a, end), content_parts=((a, end),))
                break
    return out


def outermost(raws: list[RawAttribution]) -> list[RawAttribution]:
    """Drop attributions nested in another's content (PolNeAR annotates only the outermost)."""
    holders = _holders(raws)
    return [r for k, r in enumerate(raws) if not holders[k]]


def _holders(raws: list[RawAttribution]) -> list[list[int]]:
    """For each attribution, the others whose content holds its cue. A sweep over the texts in
    order: linear in practice (nesting is shallow), where comparing all pairs is quadratic."""
    parts = sorted((a, b, j) for j, r in enumerate(raws) for a, b in r.content_parts)
    order = sorted(range(len(raws)), key=lambda k: raws[k].cue)
    out: list[list[int]] = [[] for _ in raws]
    active: list[tuple[int, int, int]] = []
    p = 0
    for k in order:
        cue_start, cue_end = raws[k].cue
        while p < len(parts) and parts[p][0] <= cue_start:
            active.append(parts[p])
            p += 1
        active = [x for x in active if x[1] >= cue_end]  # later cues end later: the rest cannot hold them
        seen = out[k]
        for _, _, j in active:
            if j != k and j not in seen:
                seen.append(j)
    return out



# --------------------------------------------------------------------------------------------
# Loading the committed model (once per process, through scorer.resources)

MODEL_DIR = "attribution-v1"
CARD_FILE = "model_card.json"
PIPELINE_FILE = "model.joblib"
LEXICON_FILE = "lexicon.json"
# Bumped whenever the features change: a model trained on other features must not load.
FEATURE_VERSION = "attribution-features-8"


def load_attribution_model(directory: Path | str | None = None) -> AttributionModel:
    """The verified model of a directory (default `Settings.models_dir / attribution-v1`).

    Checks the card's sha256 of every artifact, the scikit-learn version and the feature
    version before unpickling (pickle runs code; scikit-learn does not load across versions)
    and raises `scorer.errors.ModelError` on any mismatch.
    """
    from .. import artifacts
    from ..errors import ModelError

    if directory is None:
        from ..config import get_settings

        directory = get_settings().models_dir / MODEL_DIR
    directory = Path(directory)
    card = artifacts.read_card(directory, remedy="train with `python -m training.train_attribution`",
                               sections=("artifacts",))
    feature_version = card.get("feature_version")
    if feature_version != FEATURE_VERSION:
        raise artifacts.FeatureMismatchError(
            f"{directory} was trained on features {feature_version!r}; this code computes "
            f"{FEATURE_VERSION!r}: retrain with `python -m training.train_attribution`")
    artifacts.check_library_versions(card, directory)
    pipeline_path, lexicon_path = (artifacts.verify_artifact(directory, card, name)
                                   for name in (PIPELINE_FILE, LEXICON_FILE))
    try:
        lexicon = Lexicon.from_json(json.loads(lexicon_path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{lexicon_path} is not a cue lexicon: {exc}") from exc
    pipeline = artifacts.load_joblib(pipeline_path)
    try:
        model = AttributionModel.from_pipeline(pipeline, lexicon, accept_margin=float(card["accept_margin"]),
                                               version=str(card.get("version", "v1")).lstrip("v"))
    except Exception as exc:
        raise ModelError(f"{pipeline_path} cannot be loaded: {exc}") from exc
    recorded = (card.get("features") or {}).get("names_sha256")
    if recorded:  # optional in the card: the feature version above is the primary check
        artifacts.check_names_sha256(pipeline.named_steps["features"].get_feature_names_out(), recorded,
                                     source=pipeline_path)
    return model


def names_sha256(pipeline: Any) -> str:
    """The digest of the fitted pipeline's feature names that the card records."""
    from ..artifacts import names_sha256 as digest

    return digest(pipeline.named_steps["features"].get_feature_names_out())
