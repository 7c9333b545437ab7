"""The scoring deadline (scorer/deadline.py, Settings.score_deadline_s): one setting for the library,
the batch runner and the service (issue 17)."""
from __future__ import annotations

import dataclasses
import time

import pytest

from scorer.batch.records import Record
from scorer.batch.workers import score_record
from scorer.config import Settings
from scorer.deadline import NO_DEADLINE, Deadline, active, current
from scorer.errors import DeadlineExceededError
from scorer.pipeline import score_html, score_text
from scorer.resources import load_resources

PAGE = ("<html><head><title>Council votes</title></head><body><article>"
        + "<p>The council approved the plan on Monday, the mayor's office said in a statement.</p>" * 5
        + "</article></body></html>")
# About a second of attribution work: the candidate loop's own checks stop it part way.
HEAVY = "<p>" + "Officials said, according to Reuters, that the plan was approved. " * 6000 + "</p>"


@pytest.fixture(scope="module")
def resources():
    return load_resources()


def test_the_default_is_a_few_seconds_and_changes_no_report(resources):
    assert 1 <= Settings().score_deadline_s <= 10
    assert score_html(PAGE, url="https://news.example/a", resources=resources).to_dict() == \
        score_html(PAGE, url="https://news.example/a", resources=resources, deadline_s=0).to_dict()


def test_past_the_deadline_scoring_stops_with_its_code(resources):
    with pytest.raises(DeadlineExceededError) as caught:
        score_html(PAGE, resources=resources, deadline_s=1e-9)
    assert caught.value.code == "deadline_exceeded" and "deadline" in str(caught.value)
    with pytest.raises(DeadlineExceededError):
        score_text("The mayor said the plan was approved.", resources=resources, deadline_s=1e-9)


def test_a_long_stage_stops_within_its_loop(resources):
    started = time.perf_counter()
    score_html(HEAVY, resources=resources, deadline_s=0)
    full = time.perf_counter() - started
    started = time.perf_counter()
    with pytest.raises(DeadlineExceededError):
        score_html(HEAVY, resources=resources, deadline_s=0.05)
    stopped = time.perf_counter() - started
    assert stopped < full  # the work was dropped, not finished and then refused


def test_the_deadline_is_per_thread_and_reset_after_use():
    deadline = Deadline(1.0)
    assert current() is NO_DEADLINE
    with active(deadline):
        assert current() is deadline
    assert current() is NO_DEADLINE
    Deadline(0).check("anything")  # 0: no deadline


def test_the_batch_reports_a_record_past_the_deadline(resources):
    settings = dataclasses.replace(resources.settings, score_deadline_s=1e-9)
    result = score_record(Record(id="r1", kind="jsonl", source="x.jsonl:1", html=PAGE),
                          dataclasses.replace(resources, settings=settings))
    assert result.report is None and result.error.code == "deadline_exceeded"


def test_the_setting_comes_from_the_environment():
    assert Settings.from_env({"SCORER_SCORE_DEADLINE_S": "2.5"}).score_deadline_s == 2.5
