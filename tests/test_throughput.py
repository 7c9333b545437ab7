"""The stage budget (benchmarks/throughput.py): stage clocks wrap and restore, and the report's medians."""
from __future__ import annotations

import types

import scorer.page.maintext
import scorer.page.parse
import scorer.pipeline
from benchmarks import throughput
from scorer.page.parse import parse_html


def test_stage_clock_sums_calls_and_resets():
    clock = throughput.StageClock()
    wrapped = clock.wrap("double", lambda x: 2 * x)
    assert wrapped(2) == 4 and wrapped(3) == 6
    assert clock.calls["double"] == 2
    assert set(clock.take()) == {"double"}
    assert clock.take() == {}


def test_timed_stages_time_the_real_pipeline_and_restore_it():
    originals = (scorer.pipeline.parse_html, scorer.page.maintext.extract, scorer.page.parse._PageBuilder._scan)
    model = types.SimpleNamespace(score_page=lambda *a: None)
    original_method = model.score_page
    resources = types.SimpleNamespace(clickbait=model)
    clock = throughput.StageClock()
    with throughput.timed_stages(clock, resources) as labels:
        assert labels[0].startswith("parse") and "signals" in labels
        scorer.pipeline.parse_html("<html><body><p>" + "A sentence of text, long enough to count. " * 3
                                   + "</p></body></html>")
        resources.clickbait.score_page("headline", [])
    spent = clock.take()
    assert spent[labels[0]] > 0 and any(label.strip().startswith("main text, ours") for label in spent)
    assert (scorer.pipeline.parse_html, scorer.page.maintext.extract,
            scorer.page.parse._PageBuilder._scan) == originals
    assert scorer.pipeline.parse_html is parse_html
    assert model.score_page is original_method


def test_report_gives_medians_ratio_and_load():
    labels = ["parse", "  main text", "signals"]
    results = [
        {"round": n, "first": first, "traf_pages_s": traf, "ours_pages_s": ours,
         "ms": {throughput.WHOLE: 1000 / ours, throughput.BASELINE: 1000 / traf,
                "parse": 5.0 + n, "  main text": 1.0, "signals": 2.0}}
        for n, first, traf, ours in [(1, "trafilatura", 50.0, 60.0), (2, "ours", 40.0, 60.0),
                                     (3, "trafilatura", 50.0, 55.0)]
    ]
    text, summary = throughput.report(results, labels, [], pages=3, rounds=3, load_before="1.00", load_after="2.00")
    assert summary["ratio"] == 1.2  # the median of 1.2, 1.5 and 1.1
    assert summary["score_html_pages_per_s"] == 60.0 and summary["trafilatura_pages_per_s"] == 50.0
    assert summary["ms_per_page"]["parse"] == 7.0
    assert "| … main text | 1.00 |" in text
    assert "Load average before: 1.00; after: 2.00." in text
    assert "`python -m benchmarks.throughput --rounds 3`" in text
