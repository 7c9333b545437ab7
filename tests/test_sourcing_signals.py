"""The sourcing signals: each a pure function of an Analysis, with evidence offsets into the text."""
from __future__ import annotations

from pathlib import Path

import pytest

from scorer.scoring.points import POINTS
from scorer.signals import SIGNALS, sourcing
from scorer.types import Analysis, Attribution, Link, ParsedPage, Span

SEED_HTML = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "seed-article.html"
ALL = (sourcing.compute_attributed_share, sourcing.compute_named_sources, sourcing.compute_independent_sources,
       sourcing.compute_relayed, sourcing.compute_direct_quotes, sourcing.compute_linked_sources,
       sourcing.compute_single_source)


def _span(text: str, part: str, after: int = 0) -> Span:
    start = text.index(part, after)
    return Span(start, start + len(part), part)


def _attribution(text: str, source: str | None, cue: str, content: str, kind: str = "named_person",
                 via: tuple[str, ...] = (), direct: bool = False) -> Attribution:
    cue_span = _span(text, cue)
    return Attribution(source=_span(text, source) if source else None, cue=cue_span,
                       content=_span(text, content), source_type=kind,
                       via=tuple(_span(text, v) for v in via), direct_quote=direct)


def _analysis(paragraphs: list[str], attributions: list[tuple], *, links: tuple[Link, ...] = (),
              has_html: bool = True) -> Analysis:
    page = ParsedPage(url="https://example.com/a", domain="example.com", title="t",
                      paragraphs=tuple(paragraphs), links=links, has_html=has_html)
    return Analysis(page=page, attributions=tuple(_attribution(page.text, *a) for a in attributions))


WIRE = [
    "The army withdrew from the city on Monday, Tass reported.",
    "Officials who asked not to be named said the talks had failed.",
    "The minister said the decision was final.",
    '"We will not give up," the mayor said.',
    "Prices rose sharply in the city last month.",
]
WIRE_ATTRIBUTIONS = [
    ("Tass", "reported", "The army withdrew from the city on Monday", "news_agency"),
    ("Officials who asked not to be named", "said", "the talks had failed", "anonymous"),
    ("The minister", "said", "the decision was final", "official"),
    ("the mayor", "said", '"We will not give up,"', "official", (), True),
]


def _assert_evidence_slices(analysis: Analysis, signal) -> None:
    text = analysis.page.text
    for e in signal.evidence:
        if e.start is not None:
            assert 0 <= e.start < e.end <= len(text)


def test_every_signal_is_registered_and_has_points():
    for fn in ALL:
        assert fn in [compute for _, compute in SIGNALS]
    for key in ("attributed_high", "sources_named", "independent_several", "relayed_mostly_relayed",
                "quotes_present", "linked_none", "single_single"):
        assert key in POINTS["sourcing"]


def test_attributed_share_counts_sentences_with_evidence():
    analysis = _analysis(WIRE, WIRE_ATTRIBUTIONS)
    signal = sourcing.compute_attributed_share(analysis)
    assert signal.value == pytest.approx(4 / 5)
    assert signal.impact == POINTS["sourcing"]["attributed_high"]
    assert all(e.locator == "sentence:attributed" for e in signal.evidence)
    _assert_evidence_slices(analysis, signal)


def test_unattributed_text_is_flagged_with_its_sentences():
    paragraphs = ["The vaccine changes your DNA forever and everyone knows it.",
                  "Doctors are hiding the truth from the public every day.",
                  "The government plans to make it mandatory next year.",
                  "Nobody will be allowed to travel without the shot."]
    analysis = _analysis(paragraphs, [])
    signal = sourcing.compute_attributed_share(analysis)
    assert signal.value == 0 and signal.impact == POINTS["sourcing"]["attributed_none"]
    text = analysis.page.text
    assert text[signal.evidence[0].start:signal.evidence[0].end] == paragraphs[0]


def test_short_text_is_not_judged():
    signal = sourcing.compute_attributed_share(_analysis(["One short line here today."], []))
    assert not signal.applicable


def test_named_and_anonymous_sources():
    signal = sourcing.compute_named_sources(_analysis(WIRE, WIRE_ATTRIBUTIONS))
    assert signal.value == "some_anonymous"
    assert "Officials who asked not to be named" in signal.evidence[0].text
    anonymous = _analysis(["Sources said the plan was dead and buried for good."],
                          [("Sources", "said", "the plan was dead and buried for good", "anonymous")])
    assert sourcing.compute_named_sources(anonymous).value == "mostly_anonymous"


def test_independent_sources_merge_mentions_of_one_source():
    text = ["Tass reported the army withdrew from the city.",
            "The withdrawal was complete, the Tass news agency said.",
            "Russian news agency Tass added that talks would follow."]
    analysis = _analysis(text, [
        ("Tass", "reported", "the army withdrew from the city", "news_agency"),
        ("the Tass news agency", "said", "The withdrawal was complete", "news_agency"),
        ("Russian news agency Tass", "added", "that talks would follow", "news_agency"),
    ])
    signal = sourcing.compute_independent_sources(analysis)
    assert signal.value == 1 and signal.impact == POINTS["sourcing"]["independent_one"]
    # two agencies on opposite sides are two sources
    two = _analysis(["Tass reported a victory in the east.", "Unian reported a defeat in the east."], [
        ("Tass", "reported", "a victory in the east", "news_agency"),
        ("Unian", "reported", "a defeat in the east", "news_agency")])
    assert sourcing.compute_independent_sources(two).value == 2


def test_relayed_sourcing_counts_chains_and_agency_reports():
    text = ["The embassy confirmed the decision, according to Tass.", "The mayor said the roads were open."]
    analysis = _analysis(text, [
        ("The embassy", "confirmed", "the decision", "government_body", ("Tass",)),
        ("The mayor", "said", "the roads were open", "official"),
    ])
    signal = sourcing.compute_relayed(analysis)
    assert signal.value == 0.5 and signal.impact == POINTS["sourcing"]["relayed_mostly_relayed"]
    assert "via Tass" in signal.evidence[0].text


def test_direct_quotes():
    signal = sourcing.compute_direct_quotes(_analysis(WIRE, WIRE_ATTRIBUTIONS))
    assert signal.value == 1 and signal.impact == POINTS["sourcing"]["quotes_present"]
    none = sourcing.compute_direct_quotes(_analysis(WIRE, WIRE_ATTRIBUTIONS[:3]))
    assert none.value == 0 and none.impact == POINTS["sourcing"]["quotes_none"]


def test_linked_sources_at_the_point_of_use():
    unlinked = sourcing.compute_linked_sources(_analysis(WIRE, WIRE_ATTRIBUTIONS))
    assert unlinked.value == 0 and unlinked.impact == POINTS["sourcing"]["linked_none"]
    linked = sourcing.compute_linked_sources(_analysis(WIRE, WIRE_ATTRIBUTIONS, links=(
        Link("https://tass.com/world/1", "Tass reported", "tass.com"),)))
    assert linked.value == 1.0 and linked.impact == POINTS["sourcing"]["linked_most"]
    text_only = sourcing.compute_linked_sources(_analysis(WIRE, WIRE_ATTRIBUTIONS, has_html=False))
    assert not text_only.applicable


def test_reliance_on_a_single_source():
    text = ["Tass reported the army withdrew.", "The city fell, Tass said.", "Tass added that talks would follow.",
            "The mayor said the roads were open."]
    analysis = _analysis(text, [
        ("Tass", "reported", "the army withdrew", "news_agency"),
        ("Tass", "said", "The city fell", "news_agency"),
        ("Tass", "added", "that talks would follow", "news_agency"),
        ("The mayor", "said", "the roads were open", "official"),
    ])
    signal = sourcing.compute_single_source(analysis)
    assert signal.value == pytest.approx(0.75) and signal.impact == POINTS["sourcing"]["single_single"]
    spread = sourcing.compute_single_source(_analysis(WIRE, WIRE_ATTRIBUTIONS))
    assert spread.value == pytest.approx(0.25) and spread.impact == POINTS["sourcing"]["single_spread"]


@pytest.mark.parametrize("fn", ALL, ids=lambda f: f.__name__)
def test_no_attributions_and_empty_pages_do_not_crash(fn):
    for analysis in (_analysis([], []), _analysis(["A."], []), _analysis(WIRE, [])):
        signal = fn(analysis)
        assert signal.id and isinstance(signal.impact, float)


def test_source_key_merges_names():
    assert sourcing.source_key("the Tass news agency") == sourcing.source_key("Russian news agency Tass") == "tass"
    assert sourcing.source_key("spokesman Oleg Nikolenko") == sourcing.source_key("Nikolenko")
    assert sourcing.source_key("he") is None


@pytest.mark.shared
@pytest.mark.skipif(not SEED_HTML.exists(), reason="needs ../shared/fixtures/seed-article.html")
def test_seed_sourcing_signals():
    from scorer.pipeline import score_html

    report = score_html(SEED_HTML.read_bytes(), "https://dailyworldbrief.example/north-korea")
    signals = {s.id: s for s in report.signals}
    assert signals["named_sources"].value == "named"  # no anonymous sources
    # Tass's report, the embassy via Tass, Nikolenko via Unian: second-hand; Pushilin's Telegram post
    # and the ministry's statement are channels (how the source spoke), not relays.
    assert 0.3 <= signals["relayed_sourcing"].value < 0.5
    assert signals["linked_sources"].value == 0  # nothing it cites is linked
    assert signals["direct_quotes"].value >= 1
    # One list: Tass; Pushilin (Telegram post); the embassy via Tass; the foreign ministry with its
    # spokesman Nikolenko and its note, via Unian; the Ukrainian government.
    sources = report.sources
    assert report.to_dict()["sources"][0]["name"] == sources[0].name
    assert 5 <= len(sources) <= 6 and signals["independent_sources"].value == len(sources)
    names = " | ".join(s.name for s in sources)
    for name in ("Tass", "Pushilin", "embassy in Moscow", "Ministry of Foreign Affairs", "Ukrainian government"):
        assert name in names
    ministry = next(s for s in sources if "Ministry" in s.name)
    assert any("Unian" in v for v in ministry.via) and any("Nikolenko" in m.text for m in ministry.mentions)
    embassy = next(s for s in sources if "embassy" in s.name)
    assert any("Tass" in v for v in embassy.via)
    pushilin = next(s for s in sources if "Pushilin" in s.name)
    assert any("Telegram" in c for c in pushilin.channels) and not pushilin.via
    assert f"over {len(sources)} sources" in signals["single_source"].detail
    assert f"{len(sources)} distinct sources" in signals["independent_sources"].detail
    assert all("[" not in e.text for s in signals.values() for e in s.evidence if e.locator.startswith("attri"))
    text = report.page.text
    for s in signals.values():
        for e in s.evidence:
            if e.start is not None:
                assert 0 <= e.start < e.end <= len(text)
