"""The page-findings evaluation: metrics on hand-made gold, bad gold files, the command, the floors."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest
from conftest import BENCHMARK

from scorer.config import PROJECT_ROOT
from training.page_findings.evaluate import (
    DEFAULT_GOLD,
    Comparison,
    GoldError,
    PageFacts,
    check_floors,
    load_gold,
    main,
)

NEWS = PageFacts("news_article", "person", False, False, 0)


def record(url: str, **changes) -> dict:
    base = {"url": url, "language": "en", "page_type": "news_article", "byline": {"kind": "person", "names": ["A B"]},
            "republication": {"republished": False, "original": None, "evidence": None},
            "recirculation": {"boxes": [], "bait_box": False}, "ads_in_body": 0, "notes": ""}
    base.update(changes)
    return base


def test_metrics_and_contradicted_negative_findings():
    comparison = Comparison()
    comparison.add("a", NEWS, NEWS)
    comparison.add("b", NEWS, PageFacts("news_article", "generic", True, True, 2))  # four false alarms
    shop = PageFacts("commercial", "none", False, True, 1)
    comparison.add("c", shop, shop)
    metrics = comparison.metrics()
    assert metrics["byline_kind_accuracy"] == pytest.approx(2 / 3)
    assert metrics["article_like_accuracy"] == 1.0
    assert metrics["bait_box_precision"] == 0.5 and metrics["bait_box_recall"] == 1.0
    assert metrics["republication_precision"] == 0.0
    # b: generic byline, republished, bait box, ads -> 4 contradicted; c: not an article, bait, ads -> 3 right.
    assert (metrics["negative_findings"], metrics["negative_contradicted"]) == (7, 4)
    missed = check_floors(metrics)
    assert any(m.startswith("byline_kind_accuracy") for m in missed)
    assert any(m.startswith("republication_precision") for m in missed)


def test_not_applicable_shares():
    comparison = Comparison()
    comparison.add("news", NEWS, NEWS)
    comparison.add("news typed a shop", NEWS, PageFacts("commercial", "person", False, False, 0))
    comparison.add("shop", PageFacts("commercial", "none", False, False, 0), PageFacts("commercial", "none", False,
                                                                                      False, 0))
    comparison.add("wiki typed news", PageFacts("reference_or_info", "none", False, False, 0), NEWS)
    metrics = comparison.metrics()
    assert metrics["articles_not_applicable"] == 0.5 and metrics["non_articles_not_applicable"] == 0.5
    missed = " ".join(check_floors(metrics))
    assert "articles_not_applicable = 0.500, above its floor 0.03" in missed
    assert "non_articles_not_applicable = 0.500, below its floor 0.8" in missed


def test_undefined_precision_does_not_miss_a_floor():
    comparison = Comparison()
    comparison.add("a", NEWS, NEWS)
    metrics = comparison.metrics()
    assert metrics["bait_box_precision"] is None and check_floors(metrics) == []


@pytest.mark.parametrize("line, message", [
    ("not json", "not JSON"),
    ('["a list"]', "`id` or a `url`"),
    (json.dumps({"id": "", "url": None, "page_type": "news_article"}), "`id` or a `url`"),
    (json.dumps(record("u", page_type="blog")), "page_type"),
    (json.dumps(record("u", byline={"kind": "someone", "names": []})), "byline kind"),
    (json.dumps(record("u", ads_in_body=-1)), "ads_in_body"),
    (json.dumps({"url": "u"}), "missing"),
])
def test_bad_gold_lines_are_named(tmp_path, line, message):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record("ok")) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GoldError, match=message) as raised:
        load_gold(path)
    assert f"{path}:2" in str(raised.value)


def test_missing_gold_file_is_a_clear_error(tmp_path, capsys):
    assert main(["--gold", str(tmp_path / "nope.jsonl"), "--pages", str(tmp_path)]) == 2
    assert "no such gold file" in capsys.readouterr().err


def test_records_are_keyed_by_id_else_url(tmp_path):
    path = tmp_path / "gold.jsonl"
    lines = [record("https://a.example/1") | {"id": "site-a-1"}, record("https://b.example/2"),
             record(None) | {"id": "no-url-page"}]  # dev pages may have no URL
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    gold = load_gold(path)
    assert set(gold) == {"site-a-1", "https://b.example/2", "no-url-page"}
    assert gold["no-url-page"].url is None and gold["site-a-1"].url == "https://a.example/1"


def _small_folder(tmp_path, gold_lines: list[dict]) -> tuple:
    from findings_pages import page

    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(page(head='<meta name="author" content="admin">')
                                                                 .encode()))
    (tmp_path / "ground-truth.json").write_text(json.dumps({"p1": {"url": URL, "articleBody": ""}}))
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(line) + "\n" for line in gold_lines), encoding="utf-8")
    return gold, tmp_path


URL = "https://citynews.example/2024/05/tram"


def test_command_on_a_small_folder(tmp_path):
    gold, pages = _small_folder(tmp_path, [record(URL)])  # keyed by URL: found through ground-truth.json
    result = subprocess.run([sys.executable, "-m", "training.eval_page_findings", "--gold", str(gold), "--pages",
                             str(pages), "--check-floors"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=120)
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["kind"] == "as_shipped" and list(summary["sets"]) == ["gold"]
    figures = summary["sets"]["gold"]
    assert figures["pages"] == 1 and figures["byline_kind_accuracy"] == 0.0  # gold: person; page: "admin"
    assert figures["negative_contradicted"] == 1 and not summary["floors_met"]
    assert result.returncode == 1 and "floor missed (gold): byline_kind_accuracy" in result.stdout


def test_two_gold_sets_are_reported_apart(tmp_path, capsys):
    first, pages = _small_folder(tmp_path, [record(URL)])
    second = tmp_path / "dev_pages_small.jsonl"
    second.write_text(json.dumps(record(None) | {"id": "p1", "page_type": "commercial"}) + "\n", encoding="utf-8")
    assert main(["--gold", str(first), "--gold", str(second), "--pages", str(pages), "--errors", "0"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert set(summary["sets"]) == {"gold", "dev_pages_small", "all"}
    assert summary["sets"]["gold"]["article_like_accuracy"] == 1.0
    assert summary["sets"]["dev_pages_small"]["article_like_accuracy"] == 0.0  # gold: a shop; found: news
    assert summary["sets"]["all"]["pages"] == 2


@pytest.mark.parametrize("argv, message", [
    (["--folds", "1"], "K >= 2"),
    (["--gold", "a.jsonl", "--gold", "b.jsonl", "--pages", "x", "--pages", "y", "--pages", "z"], "one --pages"),
], ids=["one-fold", "pages-count"])
def test_bad_options_are_clear_errors(argv, message, capsys):
    assert main(argv) == 2 and message in capsys.readouterr().err


def test_no_page_found_is_a_clear_error(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record("https://nowhere.example/x")) + "\n", encoding="utf-8")
    (tmp_path / "html").mkdir()
    assert main(["--gold", str(gold), "--pages", str(tmp_path)]) == 2
    assert "none of the gold pages" in capsys.readouterr().err


def test_site_groups_keep_a_site_on_one_side():
    from training.page_findings.data import site_group

    assert site_group("x", "https://www.nytimes.com/2019/a.html") == site_group("y", "https://cooking.nytimes.com/b")
    assert site_group("readability-nytimes-3", None) == site_group("readability-nytimes-5", None) == "id:nytimes"
    assert site_group("goose3-time2", None) == site_group("goose3-time", None)
    assert site_group("readability-nytimes-3", None) != site_group("readability-cnn", None)


# Floors of issue 21 not reached on the benchmark's gold as shipped (docs/page-findings.md; these are
# tuned-on figures: the rules were written and the page-type model fitted on these pages). The test
# fails on any missed floor not listed, and tells to drop an entry here once its floor is met.
# After merging issue 22's extraction with issue 21's page type, 16 of the 21 gold non-articles get
# not_applicable (0.762 < 0.80): the page type reads the new main text, whose lengths moved one
# listing page across the model's threshold. Measured with `python -m training.eval_page_findings
# --gold training/gold/page_findings.jsonl`; retraining page-type-v1 on the new text is the fix.
KNOWN_MISSES: frozenset[str] = frozenset({"non_articles_not_applicable"})


@pytest.mark.slow
@pytest.mark.skipif(not BENCHMARK.exists(), reason=f"the extraction benchmark is absent: {BENCHMARK}")
@pytest.mark.skipif(not DEFAULT_GOLD.exists(), reason=f"the gold annotation is absent: {DEFAULT_GOLD}")
def test_floors_on_the_gold_set(capsys):
    """CI's check of the issue's floors: the committed gold against the 181 benchmark pages."""
    main(["--gold", str(DEFAULT_GOLD), "--errors", "0"])
    metrics = json.loads(capsys.readouterr().out.strip().splitlines()[-1])["sets"]["page_findings"]
    missed = {line.split(" = ")[0] for line in check_floors(metrics)}
    assert missed <= KNOWN_MISSES, f"floors missed: {sorted(missed - KNOWN_MISSES)}"
    assert not KNOWN_MISSES - missed, f"now met, drop from KNOWN_MISSES: {sorted(KNOWN_MISSES - missed)}"


def test_held_out_findings_change_only_the_page_type():
    """`--folds`: the learned page type is refitted per site fold; every other finding is the page's own."""
    from conftest import make_page

    from scorer.findings import build_findings
    from scorer.types import Analysis
    from training.page_findings.evaluate import ScoredPage
    from training.page_findings.folds import held_out_findings

    text = ["The council voted on Tuesday to extend the tram network, the mayor said in a statement."] * 12
    scored = []
    for i in range(20):
        kind = "news_article" if i % 2 else "commercial"
        page = make_page(text, url=f"https://site{i}.example/a", domain=f"site{i}.example")
        analysis = Analysis(page=page)
        analysis = Analysis(page=page, findings=build_findings(analysis))
        gold = PageFacts(kind, "none", False, False, 0)
        scored.append(ScoredPage("synthetic", f"p{i}", page.url, gold, analysis))
    held_out = held_out_findings(scored, folds=5)
    assert set(held_out) == {p.key for p in scored}
    for page in scored:
        own = page.predicted
        assert held_out[page.key].byline_kind == own.byline_kind
        assert held_out[page.key].republished == own.republished and held_out[page.key].ads_in_body == own.ads_in_body
