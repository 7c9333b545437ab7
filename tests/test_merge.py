"""scorer.attribution.merge: one source list a reader would recognise."""
from __future__ import annotations

from scorer.attribution.merge import is_channel, merge_sources
from scorer.types import Attribution, Span


def attribution(source: str | None, cue: str = "said", via: tuple[str, ...] = (), kind: str = "named_person",
                at: int = 0) -> Attribution:
    span = Span(at, at + len(source), source) if source is not None else None
    return Attribution(span, Span(at + 50, at + 54, cue), Span(at + 60, at + 70, "something"), kind,
                       tuple(Span(at + 80, at + 80 + len(v), v) for v in via))


def test_name_title_and_pronoun_meet_under_the_name():
    sources = merge_sources([
        attribution("the leader of the republic, Denis Pushilin", via=("In a post on Telegram",)),
        attribution("Pushilin", cue="For", at=100),
        attribution("he", at=200),
    ])
    assert len(sources) == 1
    assert sources[0].name == "Denis Pushilin" and sources[0].attributions == (0, 1, 2)
    assert sources[0].channels == ("In a post on Telegram",) and sources[0].via == ()


def test_statement_from_the_ministry_and_the_note_are_the_ministry():
    sources = merge_sources([
        attribution("the Ministry of Foreign Affairs of Ukraine", cue="announced", kind="government_body"),
        attribution("spokesman Oleg Nikolenko", cue="says", kind="official", at=100,
                    via=("a statement from the ministry", "the Unian agency")),
        attribution("The Ukrainian government", cue="stresses", kind="government_body", at=200),
        attribution("the note", cue="concludes", kind="document", at=300),
    ])
    assert [s.name for s in sources] == ["the Ministry of Foreign Affairs of Ukraine", "The Ukrainian government"]
    ministry = sources[0]
    assert ministry.attributions == (0, 1, 3) and ministry.via == ("the Unian agency",)
    assert ministry.channels == ("a statement from the ministry",)


def test_pronouns_alone_and_no_source_are_not_sources():
    assert merge_sources([attribution("his"), attribution(None), attribution("they")]) == ()


def test_channels_and_relays():
    assert is_channel(Span(0, 20, "In a post on Telegram")) and is_channel(Span(0, 5, "a statement from X"))
    assert not is_channel(Span(0, 20, "the Tass news agency"))


def test_linear_on_many_attributions():
    many = [attribution(f"Person Number{k}", at=k * 100) for k in range(20000)]
    assert len(merge_sources(many)) == 20000
