"""The snapshot tool that guards speed-ups: it must catch every change in a report."""
from __future__ import annotations

import json
import math

import pytest

from benchmarks import snapshot_reports as snap

from conftest import FIXTURES


@pytest.fixture()
def one_page(monkeypatch):
    """Snapshot only one of our fixture pages (the full set takes ~10 s)."""
    page = FIXTURES / "well_sourced.html"
    monkeypatch.setattr(snap, "iter_pages", lambda data_root=None: iter([("tests-fixtures/well_sourced.html",
                                                                           page.read_bytes(), None)]))


def _first_float(value, path=()):
    if isinstance(value, float):
        return path
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        found = _first_float(child, (*path, key))
        if found is not None:
            return found
    return None


def _set(value, path, new):
    for key in path[:-1]:
        value = value[key]
    value[path[-1]] = new


def test_compare_of_an_unchanged_snapshot_passes(one_page, tmp_path, capsys):
    path = tmp_path / "before.jsonl"
    assert snap.main(["--out", str(path)]) == 0
    assert snap.main(["--compare", str(path)]) == 0
    assert '"differences": 0' in capsys.readouterr().out


def test_compare_fails_on_a_float_changed_in_its_last_bit(one_page, tmp_path, capsys):
    path = tmp_path / "before.jsonl"
    assert snap.main(["--out", str(path)]) == 0
    record = snap.read_snapshot(path)[0]
    where = _first_float(record)
    assert where is not None, "the report has no float to perturb"
    value = record
    for key in where:
        value = value[key]
    _set(record, where, math.nextafter(value, math.inf))
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert snap.main(["--compare", str(path)]) == 1
    out = capsys.readouterr().out
    assert "tests-fixtures/well_sourced.html" in out and '"differences": 1' in out


@pytest.mark.parametrize("change, expected", [
    (lambda r: r["report"]["signals"].pop(), "length"),
    (lambda r: r["report"]["article"].__setitem__("title", "Another title"), ".report.article.title"),
    (lambda r: r["report"].pop("label"), ".report.label: added"),
    (lambda r: r["report"].__setitem__("extra", 1), ".report.extra: removed"),
    (lambda r: r["report"].__setitem__("score", str(r["report"]["score"])), "type str"),
], ids=["list-shorter", "string-changed", "field-missing", "field-extra", "type-changed"])
def test_compare_reports_each_kind_of_difference(change, expected):
    record = {"id": "p", "report": {"score": 51.5, "label": "mixed", "article": {"title": "A title"},
                                    "signals": [{"id": "a", "impact": -1.25}, {"id": "b", "impact": 0.0}]}}
    before = json.loads(json.dumps(record))
    change(before)
    differences = snap.compare([before], [record])
    assert len(differences) == 1 and expected in differences[0], differences


def test_compare_reports_missing_and_new_pages():
    differences = snap.compare([{"id": "a", "report": {}}], [{"id": "b", "report": {}}])
    assert differences == ["a: missing from the new snapshot", "b: new page, not in the old snapshot"]
