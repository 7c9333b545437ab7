"""Attribution extraction: constructions, chains, types, offsets, bad input, the model's loader."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scorer.attribution.candidates import candidate_features, find_candidates
from scorer.attribution.extract import extract_attributions
from scorer.attribution.lexicon import stem
from scorer.attribution.model import (
    CARD_FILE, FEATURE_VERSION, FRAME_OPTIONS, LEXICON_FILE, PIPELINE_FILE, AttributionModel,
    find_raw_attributions, load_attribution_model, outermost,
)
from scorer.attribution.sources import classify_source
from scorer.attribution.tokens import tokenize
from scorer.errors import ModelError
from scorer.types import Attribution

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED_HTML = SHARED / "fixtures" / "seed-article.html"
FIXTURE = Path(__file__).parent / "fixtures" / "attribution_examples.jsonl"


@pytest.fixture(scope="module")
def model() -> AttributionModel:
    return load_attribution_model()


def _by_cue(attributions: tuple[Attribution, ...], cue: str) -> Attribution:
    found = [a for a in attributions if a.cue.text.lower() == cue.lower()]
    assert found, f"no attribution with cue {cue!r} in {[a.cue.text for a in attributions]}"
    return found[0]


def _assert_offsets(text: str, attributions: tuple[Attribution, ...]) -> None:
    for a in attributions:
        for span in (a.source, a.cue, a.content, *a.via):
            if span is not None:
                assert text[span.start:span.end] == span.text


# --- constructions -----------------------------------------------------------------------------

def test_direct_quote_source_after(model):
    text = '"We will win this election," Maria Lopez said.'
    a = _by_cue(extract_attributions(text, model), "said")
    assert a.source.text == "Maria Lopez"
    assert a.content.text == '"We will win this election,"'
    assert a.direct_quote and a.source_type == "named_person"


def test_direct_quote_inverted_source_with_apposition(model):
    text = '"The plan is dead," said John Smith, the party\'s campaign manager.'
    a = _by_cue(extract_attributions(text, model), "said")
    assert a.source.text.startswith("John Smith")
    assert a.content.text == '"The plan is dead,"'


def test_indirect_speech_source_before(model):
    text = "The Foreign Ministry said that the talks had failed."
    a = _by_cue(extract_attributions(text, model), "said")
    assert a.source.text == "The Foreign Ministry"
    assert a.content.text == "that the talks had failed"
    assert not a.direct_quote and a.source_type == "government_body"


def test_according_to_after_the_content(model):
    text = "The talks failed on Monday, according to the Tass news agency."
    a = _by_cue(extract_attributions(text, model), "according to")
    assert a.source.text == "the Tass news agency" and a.source_type == "news_agency"
    assert a.content.text == "The talks failed on Monday"


def test_according_to_before_the_content(model):
    text = "According to Reuters, the talks failed on Monday."
    a = _by_cue(extract_attributions(text, model), "According to")
    assert a.source.text == "Reuters" and a.source_type == "news_agency"
    assert a.content.text == "the talks failed on Monday"


def test_split_quote_covers_both_parts(model):
    text = '"We are ready," the minister said, "and we will not wait."'
    a = _by_cue(extract_attributions(text, model), "said")
    assert a.source.text == "the minister" and a.source_type == "official"
    assert a.content.text.startswith('"We are ready,"') and a.content.text.endswith('"and we will not wait."')


def test_viewpoint_for_x_with_a_quotation(model):
    text = 'For Pushilin, "the international status of the republic continues to strengthen."'
    a = _by_cue(extract_attributions(text, model), "For")
    assert a.source.text == "Pushilin"
    assert a.direct_quote


@pytest.mark.parametrize("text, source", [
    ("The plan was dropped last week, sources said.", "sources"),
    ("Officials who asked not to be named said the plan was dropped.", None),
], ids=["sources-said", "officials-not-named"])
def test_anonymous_sources(model, text, source):
    attributions = extract_attributions(text, model)
    a = _by_cue(attributions, "said")
    assert a.source_type == "anonymous"
    if source:
        assert a.source.text == source


# --- chains --------------------------------------------------------------------------------------

def test_according_to_chain_folds_the_relay(model):
    text = ("Pyongyang's decision was confirmed by the North Korean embassy in Moscow, "
            "according to the Tass news agency.")
    attributions = extract_attributions(text, model)
    embassy = [a for a in attributions if a.source and "embassy" in a.source.text]
    assert embassy, attributions
    assert [v.text for v in embassy[0].via] == ["the Tass news agency"]
    # the relay lives on in `via`, not as an attribution of its own
    assert all(a.cue.text.lower() != "according to" for a in attributions)
    _assert_offsets(text, attributions)


def test_citing_chain_runs_from_the_speaker_to_the_agency(model):
    text = ("The information was released by the Unian agency, citing a statement from the ministry, in which "
            "spokesman Oleg Nikolenko says that the department strongly condemns the decision.")
    attributions = extract_attributions(text, model)
    nikolenko = _by_cue(attributions, "says")
    assert nikolenko.source.text == "spokesman Oleg Nikolenko" and nikolenko.source_type == "official"
    assert [v.text for v in nikolenko.via] == ["a statement from the ministry", "the Unian agency"]
    _assert_offsets(text, attributions)


def test_social_media_post_is_the_channel(model):
    text = ("In a post on Telegram, the leader of the republic, Denis Pushilin, said he expected "
            "fruitful cooperation.")
    a = _by_cue(extract_attributions(text, model), "said")
    assert "Denis Pushilin" in a.source.text
    assert a.source_type in ("named_person", "social_media")
    assert any("post on Telegram" in v.text for v in a.via)


# --- what must not be an attribution ------------------------------------------------------------

@pytest.mark.parametrize("text, cue", [
    ("He is said to be the richest man in the province.", "said"),
    ("The so-called peace plan collapsed within a week of its signing.", "so-called"),
], ids=["said-to-be", "so-called"])
def test_not_attributions(model, text, cue):
    for use in (model, None):
        assert all(cue not in a.cue.text.lower() for a in extract_attributions(text, use))


def test_reported_speech_inside_a_quote_is_the_quoted_persons(model):
    text = '"My father always said we should never give up," Smith said.'
    attributions = extract_attributions(text, model)
    assert [a.cue.text for a in attributions] == ["said"]
    assert attributions[0].source.text == "Smith"
    assert attributions[0].cue.start > text.index('," ')


def test_outermost_keeps_only_the_outer_attribution(model):
    tk = tokenize("Officials told Tass that the army said the bridge was destroyed.")
    raws = find_raw_attributions(tk, model)
    outer = outermost(raws)
    assert len(outer) <= len(raws)
    for r in outer:
        assert not any(o is not r and o.content[0] <= r.cue[0] < o.content[1] for o in outer)


# --- rules without a model -----------------------------------------------------------------------

def test_rules_without_model_find_the_common_constructions():
    text = ('"We will win," Maria Lopez said. The talks failed, according to the Tass news agency. '
            'The Foreign Ministry said that the talks had failed.')
    attributions = extract_attributions(text)
    assert {a.cue.text for a in attributions} >= {"said", "according to"}
    assert _by_cue(attributions, "according to").source.text == "the Tass news agency"
    _assert_offsets(text, attributions)


# --- types ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("source, kind", [
    ("Russian news agency Tass", "news_agency"),
    ("the Unian agency", "news_agency"),
    ("the North Korean embassy in Moscow", "government_body"),
    ("the Ministry of Foreign Affairs of Ukraine", "government_body"),
    ("The Ukrainian government", "government_body"),
    ("spokesman Oleg Nikolenko", "official"),
    ("White House spokesman Josh Earnest", "official"),
    ("Denis Pushilin", "named_person"),
    ("the note", "document"),
    ("a statement from the ministry", "document"),
    ("sources", "anonymous"),
    ("officials who asked not to be named", "anonymous"),
    ("his Twitter account", "social_media"),
    ("the Red Cross", "organisation"),
    ("something", "unknown"),
], ids=lambda v: v if isinstance(v, str) and " " not in v else None)
def test_classify_source(source, kind):
    assert classify_source(source) == kind


def test_pronoun_sources_take_the_type_of_their_antecedent(model):
    text = "Spokesman Oleg Nikolenko said the talks failed. He said the army would stay."
    attributions = extract_attributions(text, model)
    assert [a.source_type for a in attributions][:2] == ["official", "official"]


# --- offsets and hostile input --------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "",
    "   \n\n  ",
    '"""""""',
    'He said "unbalanced quote and then said nothing',
    "said said said said said",
    "\x00\x01 said \u202e reversed \ufeff",
    "a" * 5000,
    ("Smith said that " + "the war continued and " * 400 + "ended."),
    ":" * 50 + " according to",
    "Smith said " * 2000,  # thousands of cues in one run-on sentence: must stay linear
    "according to " * 2000,
    '"We won," Smith said. ' * 1000,
], ids=["empty", "blank", "quotes-only", "unbalanced", "cues-only", "control-chars", "one-long-word",
        "huge-sentence", "punctuation", "run-on-cues", "run-on-according", "many-quotes"])
def test_hostile_text_gives_exact_offsets(model, text):
    for use in (model, None):
        attributions = extract_attributions(text, use)
        assert isinstance(attributions, tuple)
        _assert_offsets(text, attributions)


@pytest.mark.parametrize("bad", [None, b"bytes", 42, ["list"]], ids=["none", "bytes", "int", "list"])
def test_wrong_type_is_rejected(model, bad):
    with pytest.raises(TypeError, match="text must be a str"):
        extract_attributions(bad, model)


def test_examples_fixture_offsets_and_recall(model):
    """Every hand-annotated example's gold cue is found (overlapping), with exact offsets."""
    for line in FIXTURE.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        attributions = extract_attributions(doc["text"], model)
        _assert_offsets(doc["text"], attributions)
        for gold in doc["attributions"]:
            start, end = gold["cue"][:2]
            assert any(a.cue.start < end and start < a.cue.end for a in attributions), (doc["doc_id"], attributions)
        if not doc["attributions"]:
            assert attributions == (), doc["doc_id"]


# --- the model and its loader -----------------------------------------------------------------

def test_fast_scores_equal_the_pipeline(model):
    """The weight tables used at extraction give the Pipeline's own decision function."""
    tk = tokenize('"We will win," Maria Lopez said on Tuesday, according to the agency.')
    candidates = find_candidates(tk, model.lexicon)
    features = [candidate_features(tk, c, model.lexicon.head_prior.get(stem(tk.lower[c.head]), 0.0))
                for c in candidates]
    fast = model.frame_scores(features)
    from scorer.attribution.model import frame_option_features

    for k, base in enumerate(features):
        rows = [frame_option_features(base, option) for option in FRAME_OPTIONS]
        slow = model.pipeline.decision_function(rows)
        assert fast[k] == pytest.approx(slow, abs=1e-9)


def test_model_card_matches_the_code():
    directory = Path(__file__).resolve().parents[1] / "models" / "attribution-v1"
    card = json.loads((directory / CARD_FILE).read_text(encoding="utf-8"))
    assert card["feature_version"] == FEATURE_VERSION
    assert "research" in card["training_data"]["licence"].lower()
    assert card["metrics"]["dev"]["cue"]["exact"]["f1"] >= card["metrics"]["floors_dev_exact_f1"]["cue"]


@pytest.mark.shared
@pytest.mark.skipif(not SEED_HTML.exists(), reason="needs ../shared/fixtures/seed-article.html")
def test_seed_report_lists_the_chains():
    from scorer.pipeline import score_html

    report = score_html(SEED_HTML.read_bytes(), "https://dailyworldbrief.example/north-korea")
    text = report.page.text
    rows = report.to_dict()["attributions"]
    _assert_offsets(text, report.attributions)

    def find(source_part: str, cue_part: str) -> dict:
        hits = [r for r in rows if r["source"] and source_part in r["source"] and cue_part in r["cue"]]
        assert hits, f"{source_part!r} / {cue_part!r} not in {[(r['source'], r['cue']) for r in rows]}"
        return hits[0]

    tass = find("Tass", "reported")
    assert tass["source_type"] == "news_agency" and "recognized" in tass["content"]
    embassy = find("embassy", "confirmed")
    assert embassy["source_type"] == "government_body" and embassy["via"] == ["the Tass news agency"]
    pushilin = find("Pushilin", "said")
    assert pushilin["source_type"] in ("named_person", "social_media")
    assert any("Telegram" in v for v in pushilin["via"])
    assert find("Ministry of Foreign Affairs", "announced")["source_type"] == "government_body"
    nikolenko = find("Nikolenko", "says")
    assert nikolenko["source_type"] == "official"
    assert nikolenko["via"] == ["a statement from the ministry", "the Unian agency"]
    assert find("Ukrainian government", "stresses")["source_type"] == "government_body"
    note = find("the note", "concludes")
    assert note["source_type"] == "document" and note["direct_quote"]


# --- the evaluation command ----------------------------------------------------------------------

def test_eval_command_scores_and_writes_predictions(tmp_path, capsys):
    from training.attribution.evaluate import main

    out = tmp_path / "pred.jsonl"
    assert main(["--data", str(FIXTURE), "--predictions-out", str(out)]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed[1].split() == ["metric", "P", "R", "F1", "n_gold", "n_pred"]
    metrics = json.loads(printed[-1])
    assert metrics["documents"] == 9 and metrics["cue"]["overlap"]["r"] > 0.5
    predictions = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    texts = {json.loads(line)["doc_id"]: json.loads(line)["text"] for line in FIXTURE.read_text().splitlines()}
    assert {p["doc_id"] for p in predictions} == set(texts)
    for p in predictions:
        for a in p["attributions"]:
            for role in ("source", "cue", "content"):
                if a[role] is not None:
                    start, end, text = a[role]
                    assert texts[p["doc_id"]][start:end] == text


def test_eval_scoring_of_perfect_and_empty_predictions():
    from training.attribution.evaluate import convert, score_document, summarize
    from collections import Counter, defaultdict

    doc = json.loads(FIXTURE.read_text(encoding="utf-8").splitlines()[0])
    gold = convert(doc["text"], doc["attributions"])
    counts: dict = defaultdict(Counter)
    score_document(doc["text"], gold, gold, counts)
    perfect = summarize(counts)
    assert perfect["cue"]["exact"]["f1"] == perfect["pairs_overlap"]["f1"] == 1.0
    counts = defaultdict(Counter)
    score_document(doc["text"], gold, [], counts)
    assert summarize(counts)["content"]["exact"]["f1"] == 0.0


@pytest.mark.parametrize("content, message", [
    ("{not json\n", "not valid JSON"),
    ('{"doc_id": 1, "text": "x"}\n', "doc_id"),
    ('{"doc_id": "a", "text": "x", "attributions": {}}\n', "must be a list"),
], ids=["malformed", "wrong-type", "attributions-not-a-list"])
def test_eval_command_rejects_bad_files(tmp_path, capsys, content, message):
    from training.attribution.evaluate import main

    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    assert main(["--data", str(path)]) == 2
    assert message in capsys.readouterr().err
    assert main(["--data", str(tmp_path / "missing.jsonl")]) == 2
