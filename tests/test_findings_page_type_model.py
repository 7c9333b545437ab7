"""The learned page type (models/page-type-v1): its features, its loader's checks, its decision."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from conftest import make_page
from findings_pages import BODY, page

from scorer import load_resources, score_html
from scorer.errors import ModelError
from scorer.findings.page_type_features import FEATURE_NAMES, PAGE_TYPES, features
from scorer.findings.page_type_model import MODEL_DIR, NOT_ARTICLE_TYPES, PageTypeModel
from scorer.page.parse import parse_html

URL = "https://citynews.example/2024/05/tram"
MODEL_PATH = load_resources().settings.models_dir / MODEL_DIR


def named(page_features: tuple[float, ...]) -> dict[str, float]:
    return dict(zip(FEATURE_NAMES, page_features))


class TestFeatures:
    def test_one_value_per_name_and_all_finite(self):
        values = features(parse_html(page(), URL), "news_article")
        assert len(values) == len(FEATURE_NAMES) == len(set(FEATURE_NAMES))
        assert all(np.isfinite(values))

    def test_declared_types_address_and_rules_are_read(self):
        shop = named(features(parse_html(page(jsonld={"@type": "Product"}), "https://shop.example/produkte/tram-1"),
                              "commercial"))
        assert shop["declared_product"] == 1 and shop["declared_news"] == 0 and shop["declared_none"] == 0
        assert shop["path_shop"] == 1 and shop["path_news"] == 0
        assert shop["rule_commercial"] == 1 and sum(shop[f"rule_{t}"] for t in PAGE_TYPES) == 1

    @pytest.mark.parametrize("url, group", [
        ("https://zeitung.example/politik/2024/05/wahl", "news"),
        ("https://ex.example/meinung/kommentar-zur-wahl", "opinion"),
        ("https://ex.example/presse/pressemitteilung-2024", "press"),
        ("https://docs.example/hilfe/anleitung", "reference"),
        ("https://forum.example/threads/123", "forum"),
        ("https://www.royalroad.com/fiction/1/chapter/2", "fiction"),
    ], ids=["de-news", "de-opinion", "de-press", "de-help", "forum", "fiction"])
    def test_address_words_in_several_languages(self, url, group):
        assert named(features(parse_html(page(), url), "news_article"))[f"path_{group}"] == 1

    def test_structure_counts_come_from_the_parse(self):
        table = "<table>" + "<tr><td>1</td><td>2</td></tr>" * 30 + "</table><form><input name='q'></form>"
        parsed = parse_html(page(BODY + table), URL)
        counts = dict(parsed.tag_counts)
        assert counts["tr"] == 30 and counts["form"] == 1 and counts["input"] == 1
        values = named(features(parsed, "news_article"))
        assert values["tags_tr"] == pytest.approx(np.log1p(30)) and values["tr_per_p"] > 1

    def test_a_page_with_nothing_still_has_features(self):
        values = named(features(make_page((), url=None, domain=None, title=""), "news_article"))
        assert values["url_known"] == 0 and values["log_words"] == 0 and values["has_title"] == 0

    def test_huge_text_is_read_within_its_budget(self):
        long_page = make_page(["word " * 2000] * 2000)  # 4 million words: statistics from a bounded prefix
        assert np.isfinite(features(long_page, "news_article")).all()


class TestModel:
    def test_loads_once_per_process_with_the_resources(self):
        assert isinstance(load_resources().page_types, PageTypeModel)
        assert load_resources().page_types is load_resources().page_types

    def test_card_matches_the_code(self):
        card = json.loads((MODEL_PATH / "model_card.json").read_text(encoding="utf-8"))
        assert card["features"]["names"] == list(FEATURE_NAMES)
        assert 0 < card["threshold"] < 1
        held_out = card["evaluation"]["metrics"]
        assert {"dev_pages", "page_findings", "all"} <= set(held_out)
        assert "held out by site" in card["evaluation"]["kind"]

    def test_article_stays_an_article(self):
        report = score_html(page(jsonld={"@type": "NewsArticle", "headline": "Tram"}), URL)
        assert report.findings.page_type == "news_article" and report.score is not None

    def test_a_shop_page_without_markup_is_not_scored(self):
        products = "".join(f"<li><h3>Tram model {i}</h3><span class='product-price'>€ {i}9,99</span>"
                           f"<button class='add-to-cart'>In den Warenkorb</button></li>" for i in range(30))
        html = page(f"<p>Unsere Modelle.</p><ul>{products}</ul>" + BODY, lang="de")
        report = score_html(html, "https://modellbahn.example/shop/strassenbahn/")
        assert report.findings.page_type == "commercial" and report.score is None

    def test_the_threshold_decides_and_an_overruled_article_is_explained(self, monkeypatch):
        model = load_resources().page_types
        assert model is not None
        parsed = parse_html(page(), URL)
        monkeypatch.setattr(model, "threshold", 0.0)  # every P(article) passes: the rules' type stands
        assert model.classify(parsed)[0] == "news_article"
        monkeypatch.setattr(model, "threshold", 1.01)  # none passes: the model types it, and says why
        kind, why = model.classify(parsed)
        assert kind in NOT_ARTICLE_TYPES
        assert why.startswith("The page-type model (page-type-v1)") and "P(article) = " in why

    def test_array_form_agrees_with_the_pipelines(self):
        model = load_resources().page_types
        assert model is not None
        x = np.asarray(features(parse_html(page(), URL), "news_article"))
        assert 0.0 <= model.article_probability(parse_html(page(), URL), "news_article") <= 1.0
        assert np.isclose(model._article.probabilities(x).sum(), 1.0)

    def test_too_little_text_leaves_the_rules_to_decide(self):
        model = load_resources().page_types
        assert model is not None
        parsed = parse_html("<html><body><article><p>Only a few words here.</p></article></body></html>")
        assert model.classify(parsed, text_judgeable=False) == model.classify(parsed, text_judgeable=False)
        report = score_html("<html><body><article><p>Only a few words here.</p></article></body></html>")
        assert report.label == "insufficient_text"

    def test_plain_text_is_an_article(self):
        model = load_resources().page_types
        assert model is not None
        kind, _ = model.classify(make_page(["Some text."] * 80, has_html=False))
        assert kind == "news_article"


class TestLoaderRefuses:
    @pytest.fixture
    def copy(self, tmp_path):
        target = tmp_path / MODEL_DIR
        shutil.copytree(MODEL_PATH, target)
        return target

    def test_a_changed_artifact(self, copy):
        (copy / "model.joblib").write_bytes(b"not the model")
        with pytest.raises(ModelError, match="sha256"):
            PageTypeModel.load(copy)

    def test_other_feature_names(self, copy):
        card = json.loads((copy / "model_card.json").read_text(encoding="utf-8"))
        card["features"]["names"] = card["features"]["names"][::-1]
        (copy / "model_card.json").write_text(json.dumps(card), encoding="utf-8")
        with pytest.raises(ModelError, match="feature names"):
            PageTypeModel.load(copy)

    def test_another_scikit_learn(self, copy):
        card = json.loads((copy / "model_card.json").read_text(encoding="utf-8"))
        card["library_versions"]["scikit-learn"] = "0.0.1"
        (copy / "model_card.json").write_text(json.dumps(card), encoding="utf-8")
        with pytest.raises(ModelError, match="scikit-learn"):
            PageTypeModel.load(copy)

    def test_a_missing_card(self, tmp_path):
        with pytest.raises(ModelError, match="card"):
            PageTypeModel.load(tmp_path)
