"""Extraction rules, one behaviour each, on sentences written for them."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from api.engine import Engine
from api.engine.quotes import is_cue, speaker_token


def quotes(engine: Engine, text: str) -> list[tuple[str, str, str | None]]:
    return [(q.type, q.content.text, q.speaker.name if q.speaker else None) for q in engine.analyze(text).quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # quote, then cue and speaker
        ("“We will win,” Maria Lopez said.", [("direct", "We will win,", "Maria Lopez")]),
        # inverted: cue before the speaker
        ("“We will win,” said Maria Lopez.", [("direct", "We will win,", "Maria Lopez")]),
        # cue and colon before the quote
        ("Maria Lopez told reporters: “We will win.”", [("direct", "We will win.", "Maria Lopez")]),
        # as X noted: "..."
        ("As Tom Reed noted on Monday: “The plan failed.”", [("direct", "The plan failed.", "Tom Reed")]),
        # according to, after the quote
        ("“The town is cleared,” according to Omar Haddad.", [("direct", "The town is cleared,", "Omar Haddad")]),
        # cited X as saying: the cited source speaks
        (
            "“The attack will begin soon,” Reuters cited a military source as saying.",
            [("direct", "The attack will begin soon,", "a military source")],
        ),
    ],
)
def test_quotes_direct_attribution(engine: Engine, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert quotes(engine, text) == expected


def test_quotes_two_parts_one_speaker(engine: Engine) -> None:
    text = "“We are ready,” Anna Berg said. “The talks start on Monday.”"
    assert quotes(engine, text) == [
        ("direct", "We are ready,", "Anna Berg"),
        ("direct", "The talks start on Monday.", "Anna Berg"),
    ]


def test_quotes_paragraph_continues_previous_speaker(engine: Engine) -> None:
    text = "“We are ready,” Anna Berg said.\n\n“The talks start on Monday and will last a week.”"
    assert [q[2] for q in quotes(engine, text)] == ["Anna Berg", "Anna Berg"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Mayor Jane Cole described the plan as a “bold step” for the city.", "the plan as a “bold step” for the city"),
        (
            "Jane Cole said the council was “deeply worried” about the budget.",
            "the council was “deeply worried” about the budget",
        ),
    ],
)
def test_quotes_mixed_is_the_reported_clause(engine: Engine, text: str, content: str) -> None:
    ((kind, found, speaker),) = quotes(engine, text)
    assert (kind, found, speaker) == ("mixed", content, "Jane Cole")


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Jane Cole said that the bridge would reopen in May.", "that the bridge would reopen in May", "Jane Cole"),
        ("The bridge would reopen in May, Jane Cole said.", "The bridge would reopen in May", "Jane Cole"),
        ("Jane Cole told the BBC that the bridge would reopen.", "that the bridge would reopen", "Jane Cole"),
        (
            "According to the ministry, the bridge would reopen in May.",
            "the bridge would reopen in May",
            "the ministry",
        ),
    ],
)
def test_quotes_indirect_speech(engine: Engine, text: str, content: str, speaker: str) -> None:
    assert quotes(engine, text) == [("indirect", content, speaker)]


@pytest.mark.parametrize(
    "text",
    [
        "The city is known to its people as the “Pearl of the Coast,” and tourists love it.",
        "It was the biggest defeat since its “caliphate” was declared in 2014.",
        "The rebels captured an area called the “western triangle” last week.",
    ],
)
def test_quotes_scare_quotes_are_not_quotations(engine: Engine, text: str) -> None:
    assert quotes(engine, text) == []


def test_quotes_headline_goes_to_whoever_says_the_words(engine: Engine) -> None:
    text = "‘The war is over’: a new era begins\n\n“The war is over,” General Sam Hill said on Monday."
    assert [q[2] for q in quotes(engine, text)] == ["Sam Hill", "Sam Hill"]


def test_quotes_belief_is_less_sure_than_speech(engine: Engine) -> None:
    result = engine.analyze("Jane Cole said that the bridge would reopen. Tom Reed believes that it will not.")
    said, believed = result.quotes
    assert said.confidence > believed.confidence


def test_quotes_passive_belief_without_agent_is_left_out(engine: Engine) -> None:
    assert quotes(engine, "It is believed that 150,000 tourists visited the ruins every year.") == []


# Hand-built parses pin one analysis, whatever the statistical model does.
def _doc(words: list[str], heads: list[int], deps: list[str], pos: list[str], lemmas: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_quotes_speaker_is_the_cue_subject_on_a_fixed_parse() -> None:
    doc = _doc(
        ["Lister", "wrote", "that", "it", "failed"],
        [1, 1, 4, 4, 1],
        ["nsubj", "ROOT", "mark", "nsubj", "ccomp"],
        ["PROPN", "VERB", "SCONJ", "PRON", "VERB"],
        ["Lister", "write", "that", "it", "fail"],
    )
    assert is_cue(doc[1])
    assert speaker_token(doc[1]) == doc[0]


def test_quotes_according_to_report_by_names_the_author() -> None:
    doc = _doc(
        ["It", "fell", "according", "to", "a", "report", "by", "SANA"],
        [1, 1, 1, 2, 5, 3, 5, 6],
        ["nsubj", "ROOT", "prep", "prep", "det", "pobj", "prep", "pobj"],
        ["PRON", "VERB", "VERB", "ADP", "DET", "NOUN", "ADP", "PROPN"],
        ["it", "fall", "accord", "to", "a", "report", "by", "SANA"],
    )
    assert is_cue(doc[2])
    assert speaker_token(doc[2]) == doc[7]


def test_quotes_inherited_subject_through_coordination() -> None:
    doc = _doc(
        ["Kirby", "smiled", "and", "said", "no"],
        [1, 1, 1, 1, 3],
        ["nsubj", "ROOT", "cc", "conj", "dobj"],
        ["PROPN", "VERB", "CCONJ", "VERB", "INTJ"],
        ["Kirby", "smile", "and", "say", "no"],
    )
    assert speaker_token(doc[3]) == doc[0]
