"""Walks up the parse end: a root is its own head (issue #17)."""

from __future__ import annotations

import pytest
import spacy
from conftest import time_limit
from spacy.tokens import Doc

from api.engine import Engine
from api.engine.sources import leading_phrase
from api.engine.walks import climb, heads

# Marks inside a noun phrase whose noun the small model makes the root, then a relative
# clause with a verb of saying: the walk up from the noun to its phrase's head never ended.
NOUN_ROOTS = [
    "An “open door” policy that has been suggesting there is room for all.",  # the issue's
    "A “clean slate” plan that has been promising there would be jobs.",  # the issue's
    "A “fair share” rule that has been claiming there is money for roads.",
    "The “quiet street” scheme that has been saying there will be parking.",
]


def vocab_doc(words: list[str], heads_: list[int], deps: list[str], pos: list[str]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, heads=heads_, deps=deps, pos=pos)


@pytest.mark.parametrize("text", NOUN_ROOTS)
def test_sources_leading_phrase_ends_at_a_noun_root(engine: Engine, text: str) -> None:
    with time_limit(20):  # milliseconds of work; it used to run forever
        result = engine.analyze(text)
    # the marks are part of the phrase that would speak: a name, not a quotation of it
    assert result.quotes == ()


def test_sources_leading_phrase_on_a_fixed_noun_root() -> None:
    # “open door” policy suggesting: "policy" is the root and a noun, its own head
    doc = vocab_doc(
        ["“", "open", "door", "”", "policy", "suggesting", "it"],
        [4, 2, 4, 4, 4, 4, 5],
        ["punct", "amod", "nmod", "punct", "ROOT", "acl", "dobj"],
        ["PUNCT", "ADJ", "NOUN", "PUNCT", "NOUN", "VERB", "PRON"],
    )
    with time_limit(5):
        assert leading_phrase(doc, 4, 5) == doc[4]
        assert leading_phrase(doc, 1, 5) == doc[4]


def test_walks_heads_stop_at_the_root() -> None:
    doc = vocab_doc(["big", "red", "door"], [2, 2, 2], ["amod", "amod", "ROOT"], ["ADJ", "ADJ", "NOUN"])
    assert [t.i for t in heads(doc[0])] == [2]
    assert list(heads(doc[2])) == []
    assert climb(doc[0], lambda _, head: head.pos_ == "NOUN") == doc[2]
    assert climb(doc[2], lambda _, head: True) == doc[2]  # the root is its own head: no step
