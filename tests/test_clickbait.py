"""The clickbait model: the committed artifact's contract, the loader's checks, predict_proba on bad
input, the compiled scorer against the pipeline, and the trainer/evaluator commands."""
from __future__ import annotations

import gzip
import json
import random
import shutil
from pathlib import Path

import numpy as np
import pytest
import sklearn

from scorer.analysis.clickbait import (CARD_FILE, MAX_TEXT_CHARS, MODEL_FILE, TERM_WEIGHTS_FILE, ClickbaitModel,
                              default_model_dir, file_sha256, load_term_weights, normalize_headline)
from scorer.config import PROJECT_ROOT
from scorer.errors import InputError, ModelError
from training.clickbait import evaluate as eval_clickbait
from training.clickbait import train as train_clickbait
from training.clickbait.train import heldout_split, metrics, texts_digest

MODEL_DIR = PROJECT_ROOT / "models" / "clickbait-v1"
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
CLICKBAIT_DATA = SHARED_DATA / "chakraborty2016_clickbait"
needs_clickbait_data = pytest.mark.skipif(not CLICKBAIT_DATA.exists(),
                                          reason=f"the clickbait data set is absent: {CLICKBAIT_DATA}")

# The content-farm teasers of the seed page and of issue 4, and plain wire headlines.
FARM_TEASERS = [
    "Parents forbid baby to receive blood from people vaccinated against Covid",
    "Shocking: what doctors will not tell you about bananas",
    "This one trick cuts your power bill in half",
    "Celebrity couple spotted in secret island hideaway",
]
WIRE_HEADLINES = [
    "Russia says grain corridor talks to resume in Istanbul",
    "Stock markets rally as inflation fears ease",
    "North Korea recognizes Donetsk and Lugansk; Kiev cuts ties",
    "EU finance ministers agree on minimum corporate tax rate",
]


@pytest.fixture(scope="module")
def model() -> ClickbaitModel:
    return ClickbaitModel.load()


@pytest.fixture
def model_copy(tmp_path) -> Path:
    target = tmp_path / "clickbait-v1"
    shutil.copytree(MODEL_DIR, target)
    return target


def edit_card(directory: Path, change) -> None:
    path = directory / CARD_FILE
    card = json.loads(path.read_text())
    change(card)
    path.write_text(json.dumps(card))


class TestCommittedArtifact:
    def test_card_records_data_licence_split_metrics_and_versions(self):
        card = json.loads((MODEL_DIR / CARD_FILE).read_text())
        files = card["training_data"]["files"]
        assert set(files) == {"clickbait_data.gz", "non_clickbait_data.gz"}
        assert all(len(f["sha256"]) == 64 and f["rows"] > 10_000 for f in files.values())
        assert card["training_data"]["licence"].startswith("MIT")
        assert "Chakraborty" in card["training_data"]["citation"] and "ASONAM" in card["training_data"]["citation"]
        assert "sha256" in card["split"]["rule"] and card["split"]["heldout_share"] == 0.2
        heldout = card["metrics"]["heldout"]
        assert heldout["n"] == sum(card["split"]["heldout_rows"].values())
        assert heldout["accuracy"] >= card["metrics"]["floors"]["accuracy"] >= 0.97
        assert card["library_versions"]["scikit-learn"] == sklearn.__version__
        assert card["command"].startswith("python -m training.train_clickbait")
        assert card["speed"]["second_pass"]["median_ms"] > 0

    def test_artifacts_match_the_card_and_are_small(self):
        card = json.loads((MODEL_DIR / CARD_FILE).read_text())
        for name in (MODEL_FILE, TERM_WEIGHTS_FILE):
            assert file_sha256(MODEL_DIR / name) == card["artifacts"][name]["sha256"]
        # Committed to git: well under 10 MB.
        assert (MODEL_DIR / MODEL_FILE).stat().st_size < 10 * 1024 * 1024
        assert (MODEL_DIR / "README.md").read_text().startswith("# clickbait-v1")

    def test_default_directory_is_under_settings_models_dir(self):
        assert default_model_dir() == MODEL_DIR


class TestLoaderRefusesMismatches:
    def test_feature_names_differ(self, model_copy):
        edit_card(model_copy, lambda c: c["features"].update({"names_sha256": "0" * 64}))
        with pytest.raises(ModelError, match="feature names"):
            ClickbaitModel.load(model_copy)

    def test_tampered_term_weights(self, model_copy):
        (model_copy / TERM_WEIGHTS_FILE).write_text('{"idf": {}, "unseen_idf": 1, "related_threshold": 0}')
        with pytest.raises(ModelError, match="sha256"):
            ClickbaitModel.load(model_copy)

    def test_not_a_pipeline(self, model_copy):
        import joblib

        joblib.dump({"a": 1}, model_copy / MODEL_FILE)
        edit_card(model_copy, lambda c: c["artifacts"][MODEL_FILE].update(
            {"sha256": file_sha256(model_copy / MODEL_FILE)}))
        with pytest.raises(ModelError, match="not the clickbait pipeline"):
            ClickbaitModel.load(model_copy)


class TestPredictProba:
    def test_content_farm_teasers_are_bait_and_wire_headlines_are_not(self, model):
        bait = model.predict_proba(FARM_TEASERS)
        news = model.predict_proba(WIRE_HEADLINES)
        assert all(p >= 0.5 for p in bait), dict(zip(FARM_TEASERS, bait))
        assert all(p < 0.1 for p in news), dict(zip(WIRE_HEADLINES, news))
        assert min(bait) > 5 * max(news)

    def test_classic_clickbait(self, model):
        (p,) = model.predict_proba(["You won't believe what this actress looks like now"])
        assert p > 0.95

    def test_empty_list(self, model):
        assert model.predict_proba([]) == []

    def test_blank_texts_are_not_bait(self, model):
        assert model.predict_proba(["", "   ", "\n\t"]) == [0.0, 0.0, 0.0]

    def test_order_and_tuple_input(self, model):
        mixed = (WIRE_HEADLINES[0], "", FARM_TEASERS[1])
        p = model.predict_proba(mixed)
        assert p[1] == 0.0 and p[0] < 0.1 < 0.9 < p[2]

    def test_huge_text_reads_only_its_start(self, model):
        huge = FARM_TEASERS[1] + " " + "word " * 200_000
        (p,) = model.predict_proba([huge])
        assert p == model.predict_proba([huge[:MAX_TEXT_CHARS]])[0]
        assert 0.0 <= p <= 1.0

    @pytest.mark.parametrize("text", ["?!", "in the of and", "\x00\x01 control", "ünïcödé – “quotes” 😀",
                                      "<script>alert(1)</script>", "a" * 5000])
    def test_odd_texts_give_probabilities(self, model, text):
        (p,) = model.predict_proba([text])
        assert 0.0 <= p <= 1.0 and np.isfinite(p)

    @pytest.mark.parametrize("bad", ["one headline", b"bytes", None, 3, {"a": "b"}, (t for t in ["x"])],
                             ids=["str", "bytes", "none", "int", "dict", "generator"])
    def test_not_a_list_of_strings(self, model, bad):
        with pytest.raises(InputError):
            model.predict_proba(bad)

    @pytest.mark.parametrize("item", [None, 3, b"bytes", ["nested"], float("nan")])
    def test_non_string_items(self, model, item):
        with pytest.raises(InputError, match=r"texts\[1\]"):
            model.predict_proba(["fine", item])


class TestCompiledScorer:
    TEXTS = FARM_TEASERS + WIRE_HEADLINES + [
        "17 Times Kourtney Kardashian Shut Down Her Own Family", "What New Thing Should You Try In 2016",
        "the the the the", "Ça va? Déjà vu in São Paulo", "in-depth: the U.S. and E.U. agree", "x",
        "zzqx vvbnm qwrtp", "Here's Why You Should Never Eat Bananas At Night!!!",
    ]

    def test_equals_the_pipeline(self, model):
        compiled = np.array(model.predict_proba(self.TEXTS))
        reference = model.pipeline.predict_proba(self.TEXTS)[:, 1]
        assert np.allclose(compiled, reference, rtol=0, atol=1e-9)

    @needs_clickbait_data
    def test_equals_the_pipeline_on_held_out_headlines(self, model):
        data = train_clickbait.read_headlines(CLICKBAIT_DATA)
        _, rows = heldout_split(data.texts, data.labels)
        texts = [data.texts[i] for i in rows]
        assert np.allclose(model.predict_proba(texts), model.pipeline.predict_proba(texts)[:, 1], rtol=0, atol=1e-9)

    def test_batch_equals_one_by_one(self, model):
        batch = model.predict_proba(self.TEXTS)
        single = [model.predict_proba([t])[0] for t in self.TEXTS]
        assert np.allclose(batch, single, rtol=0, atol=1e-12)

    def test_normalize_removes_register_words_and_case(self):
        normalized = normalize_headline("Talks To Resume In Istanbul, The Minister Says")
        assert normalized == "talks resume istanbul, minister says"


class TestScorePage:
    def test_one_call_scores_headline_and_unique_teasers(self, model):
        headline, teasers = model.score_page(WIRE_HEADLINES[0], FARM_TEASERS + [FARM_TEASERS[0], "", "  "])
        assert headline < 0.1
        assert list(teasers) == FARM_TEASERS
        assert teasers == dict(zip(FARM_TEASERS, model.predict_proba(FARM_TEASERS)))

    def test_no_headline_no_teasers(self, model):
        assert model.score_page("", []) == (None, {})
        headline, teasers = model.score_page("  ", [FARM_TEASERS[1]])
        assert headline is None and teasers[FARM_TEASERS[1]] > 0.9


class TestSplitAndMetrics:
    def test_split_is_stratified_fixed_and_order_free(self):
        texts = [f"headline number {i}" for i in range(1000)]
        labels = [i % 3 == 0 for i in range(1000)]
        labels = [int(x) for x in labels]
        train, held = heldout_split(texts, labels)
        assert not set(train) & set(held) and len(train) + len(held) == 1000
        for label in (0, 1):
            total = labels.count(label)
            assert sum(labels[i] == label for i in held) == round(0.2 * total)
        order = list(range(1000))
        random.Random(1).shuffle(order)
        shuffled_texts = [texts[i] for i in order]
        shuffled_labels = [labels[i] for i in order]
        _, held_shuffled = heldout_split(shuffled_texts, shuffled_labels)
        assert texts_digest([shuffled_texts[i] for i in held_shuffled]) == texts_digest([texts[i] for i in held])

    def test_metrics(self):
        m = metrics([1, 1, 0, 0, 1], [0.9, 0.2, 0.6, 0.1, 0.5])
        assert m["confusion"] == {"tp": 2, "fp": 1, "fn": 1, "tn": 1}
        assert m["accuracy"] == 0.6 and m["precision"] == round(2 / 3, 4) and m["recall"] == round(2 / 3, 4)
        assert m["n"] == 5


# -- the commands -----------------------------------------------------------------------------------

CLICKBAIT_WORDS = ["you", "won't", "believe", "these", "things", "this", "will", "make", "your", "day", "which",
                   "are", "cute", "reasons", "why", "times", "people", "totally", "nailed", "it"]
NEWS_WORDS = ["minister", "says", "talks", "resume", "government", "court", "rules", "police", "arrest",
              "suspect", "election", "results", "parliament", "budget", "approved", "floods", "kill", "storm"]


def write_headline_folder(folder: Path, n: int = 200, seed: int = 0) -> None:
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for name, words in (("clickbait_data.gz", CLICKBAIT_WORDS), ("non_clickbait_data.gz", NEWS_WORDS)):
        lines = {" ".join(rng.choice(words) for _ in range(rng.randint(5, 9))).capitalize() for _ in range(n * 2)}
        with gzip.open(folder / name, "wt", encoding="utf-8") as handle:
            handle.write("\n".join(sorted(lines)[:n]) + "\n")


def write_benchmark_folder(folder: Path) -> None:
    (folder / "html").mkdir(parents=True)
    pages = {
        "a" * 64: ("Rhine water level falls at Kaub", "The Rhine at Kaub fell again. Barges on the Rhine carry less."),
        "b" * 64: ("Court rules on budget dispute", "The court ruled that the budget of the parliament was valid."),
        "c" * 64: ("Storm floods coastal towns", "A storm flooded coastal towns and police closed roads."),
    }
    truth = {}
    for page_id, (title, body) in pages.items():
        truth[page_id] = {"articleBody": body, "url": f"https://example.org/{page_id[:4]}"}
        html = f'<html><head><meta property="og:title" content="{title}"></head><body><p>{body}</p></body></html>'
        (folder / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
    (folder / "ground-truth.json").write_text(json.dumps(truth))


class TestCommands:
    def test_train_writes_a_loadable_version_and_never_overwrites_it(self, tmp_path, capsys):
        data, bench, out = tmp_path / "data", tmp_path / "bench", tmp_path / "models" / "clickbait-v1"
        write_headline_folder(data)
        write_benchmark_folder(bench)
        args = ["--data", str(data), "--benchmark", str(bench), "--out", str(out)]
        assert train_clickbait.main(args) == 0
        summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert {"accuracy", "precision", "recall", "f1", "n"} <= summary.keys()
        loaded = ClickbaitModel.load(out)
        card = loaded.card
        assert card["split"]["heldout_rows"] == {"clickbait": 40, "non_clickbait": 40}
        assert card["training_data"]["files"]["clickbait_data.gz"]["sha256"] == file_sha256(data / "clickbait_data.gz")
        weights = load_term_weights(out)
        # A name in one article outweighs a word in a third of the headlines; unseen terms weigh most.
        assert weights.weight("court") < weights.weight("rhine") < weights.unseen_idf
        first_weights = file_sha256(out / TERM_WEIGHTS_FILE)
        first_p = loaded.predict_proba(FARM_TEASERS + WIRE_HEADLINES)
        assert train_clickbait.main(args) == 2  # exists: refused
        assert "never overwritten" in capsys.readouterr().err
        assert train_clickbait.main(args + ["--force"]) == 0
        # The same data gives the same model (model.joblib's bytes also hold a process-specific
        # cache id of scikit-learn's vectorizer, so they are compared by what they compute).
        again = ClickbaitModel.load(out)
        assert again.card["features"] == card["features"]
        assert again.predict_proba(FARM_TEASERS + WIRE_HEADLINES) == first_p
        assert file_sha256(out / TERM_WEIGHTS_FILE) == first_weights

    def test_train_without_data_fails_clearly(self, tmp_path, capsys):
        assert train_clickbait.main(["--data", str(tmp_path), "--out", str(tmp_path / "out")]) == 2
        assert "clickbait_data.gz" in capsys.readouterr().err

    def test_eval_on_another_folder_scores_every_row(self, tmp_path, capsys):
        folder = tmp_path / "independent"
        folder.mkdir()
        for name, lines in (("clickbait_data.gz", FARM_TEASERS[1:]), ("non_clickbait_data.gz", WIRE_HEADLINES)):
            (folder / name).write_bytes(gzip.compress("\n".join(lines).encode()))
        assert eval_clickbait.main(["--data", str(folder)]) == 0
        out = capsys.readouterr().out
        result = json.loads(out.strip().splitlines()[-1])
        assert result["split"] == "all" and result["n"] == 7
        assert result["accuracy"] == 1.0 and {"precision", "recall", "f1"} <= result.keys()
        assert "true clickbait" in out  # the table

    def test_eval_refuses_heldout_split_of_other_files(self, tmp_path, capsys):
        folder = tmp_path / "other"
        folder.mkdir()
        for name in ("clickbait_data.gz", "non_clickbait_data.gz"):
            (folder / name).write_bytes(gzip.compress(b"Some headline here\n"))
        assert eval_clickbait.main(["--data", str(folder), "--split", "heldout"]) == 2
        assert "training files" in capsys.readouterr().err

    @pytest.mark.parametrize("content", [None, b"not gzip at all"], ids=["missing", "corrupt"])
    def test_eval_bad_folder(self, tmp_path, capsys, content):
        if content is not None:
            for name in ("clickbait_data.gz", "non_clickbait_data.gz"):
                (tmp_path / name).write_bytes(content)
        assert eval_clickbait.main(["--data", str(tmp_path)]) == 2
        assert capsys.readouterr().err.startswith("error:")

    @needs_clickbait_data
    def test_eval_on_the_training_folder_uses_the_held_out_part(self, capsys):
        assert eval_clickbait.main(["--data", str(CLICKBAIT_DATA), "--check-floor"]) == 0
        out = capsys.readouterr().out
        result = json.loads(out.strip().splitlines()[-1])
        card = json.loads((MODEL_DIR / CARD_FILE).read_text())
        assert result["split"] == "heldout" and result["n"] == card["metrics"]["heldout"]["n"]
        assert result["accuracy"] == card["metrics"]["heldout"]["accuracy"] >= 0.97
        assert "rows also in the training part: 0" in out
