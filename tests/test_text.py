"""The same-length copy the parser sees, and paragraph blocks."""

from __future__ import annotations

import re

import pytest
import spacy

from api.engine.marks import find_passages
from api.engine.text import Blocks, for_parsing, mark_paragraphs


@pytest.mark.parametrize(
    "text",
    [
        "plain text",
        "a\u00a0b\u2009c\td",
        '"' * 20_000,
        "“‘«„" * 5_000,
        "x" * 1_000,
        "ok?!”) then",
        "“a,” he said. " * 50,
    ],
)
def test_text_parse_copy_keeps_every_offset(text: str) -> None:
    copy = for_parsing(text)
    assert len(copy) == len(text)
    assert all(a == b for a, b in zip(text, copy, strict=True) if not b.isspace())


def test_text_long_runs_without_spaces_are_broken_for_the_tokenizer() -> None:
    """spaCy's tokenizer is quadratic in such runs: '"' * 20_000 took 30 s."""
    copy = for_parsing('"' * 20_000 + " " + "y" * 5_000)
    assert max(len(run) for run in re.findall(r"\S+", copy)) <= 100


def test_text_short_punctuation_is_untouched() -> None:
    text = "He asked “why?!”) and left… Then: ‘no’.”"
    assert for_parsing(text) == text


@pytest.mark.parametrize(
    ("text", "blocks"),
    [
        ("One.\n\nTwo.", 2),
        ("Headline\nBody starts here.", 2),
        ("As Fred Hof, a former adviser,\nnoted on Monday: yes.", 1),
        ("a hard-wrapped line that\ncontinues in lower case.", 1),
        ("a double-spaced line that\n\ncontinues in lower case.", 1),
        ("Phones on sale\n\niPhone sales rose.", 2),
        ("One ends here.\n\nlower case after a full stop.", 2),
    ],
)
def test_text_blocks(text: str, blocks: int) -> None:
    assert len(Blocks(text).starts) == blocks


def test_mark_paragraphs_starts_a_sentence_at_each_paragraph_only() -> None:
    nlp = spacy.blank("en")
    doc = mark_paragraphs(nlp("One line,\nruns on here.\n\nA new paragraph. Then more.\n‘Heading’"))
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["One", "A", "‘"]
    assert next(t for t in doc if t.text == "Then").is_sent_start is None  # left to the parser


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        ("“” “” “”", "        "),
        ('a "" b «» c ‘’ d', "a    b    c    d"),
        ("“”It stays.” He said “” twice.", "“”It stays.” He said    twice."),
        ("He said “ ” twice, « » and ‘  ’ too.", "He said     twice,     and      too."),
        ('He said " " twice.', 'He said " " twice.'),
    ],
)
def test_text_parse_copy_blanks_empty_pairs_standing_alone(text: str, copy: str) -> None:
    """`“” ` repeated gave spaCy 3.5 times the tokens of prose, and took 3.9 times as long."""
    assert for_parsing(text) == copy


@pytest.mark.parametrize(
    "text",
    [
        "He said “” and “yes.”",
        "“” “”It works,” she said “” “”.",
        '"" "yes" ""',
        "“Outer “ ” and ‘ ’ text,” she said “ ” twice.",
        "“ ” “ ” “ ” “ ”",
    ],
)
def test_text_parse_copy_blanks_only_marks_the_scanner_skips(text: str) -> None:
    def spans(t: str) -> list[tuple[int, int]]:
        return [p.outer for p in find_passages(t)]

    assert spans(for_parsing(text)) == spans(text)
