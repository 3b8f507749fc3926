"""One battery of checks over every registered rule, as scikit-learn runs one over every
estimator: a new rule gets them for free."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from api.engine import Engine, Quote
from api.engine.candidates import Found, resolve
from api.engine.quotes import _PASSAGE_STEPS
from api.engine.rules import NAMES, REGISTRY, Family, Rule, RuleName

# Which types of quote each family can give: marks make direct or mixed quotes, the rest
# report speech without them.
MARKED_FAMILIES: frozenset[Family] = frozenset({"marked", "mixed", "carried", "unattributed"})
_EDGE = re.compile(r"^\s|\s$")


def test_rules_registry_names_every_rule_once() -> None:
    assert tuple(REGISTRY) == NAMES
    assert {rule.family for rule in REGISTRY.values()} == set(get_args(Family))


@pytest.mark.parametrize("rule", REGISTRY.values(), ids=NAMES)
def test_rules_fires_on_its_sentence(engine: Engine, rule: Rule) -> None:
    """The rule's own sentence gives the rule's quote, found by that rule."""
    quotes = engine.analyze(rule.example).quotes
    assert rule.quote in [q.content.text for q in quotes if q.rule == rule.name]


@pytest.mark.parametrize("rule", REGISTRY.values(), ids=NAMES)
def test_rules_output_obeys_the_span_invariants(engine: Engine, rule: Rule) -> None:
    text = rule.example
    quotes = engine.analyze(text).quotes
    for quote in quotes:
        _check_spans(text, quote)
        assert 0 < quote.confidence <= 1
    spans = sorted((q.content.start, q.content.end) for q in quotes)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)), "quotes overlap"
    for quote in quotes:
        marked = REGISTRY[quote.rule].family in MARKED_FAMILIES
        assert (quote.type != "indirect") == marked
        assert bool(quote.quoted) == marked


def _check_spans(text: str, quote: Quote) -> None:
    content = quote.content
    assert 0 <= content.start < content.end <= len(text)
    assert text[content.start : content.end] == content.text
    assert not _EDGE.search(content.text), "content begins or ends with space"
    for part in quote.quoted:
        assert content.start <= part.start < part.end <= content.end
        assert text[part.start : part.end] == part.text
    if quote.cue is not None:
        assert text[quote.cue.span.start : quote.cue.span.end] == quote.cue.span.text
    if quote.speaker is not None:
        mention = quote.speaker.mention
        assert text[mention.start : mention.end] == mention.text
        assert not (content.start <= mention.start and mention.end <= content.end) or quote.type == "indirect"


@pytest.mark.parametrize(
    ("first", "second"),
    [("reported-clause", "speech-object"), ("according-to", "speech-object"), ("noun-topic", "headline-claim")],
)
def test_rules_overlaps_are_settled_by_registry_precedence(first: RuleName, second: RuleName) -> None:
    """Whichever cue comes first, the rule of lower precedence keeps the text."""
    assert REGISTRY[first].precedence < REGISTRY[second].precedence

    def candidate(rule: RuleName, cue: int) -> Found:
        return Found(type="indirect", content=(0, 20), quoted=(), cue=(cue, cue + 4, "say"), speaker=None, rule=rule)

    for cues in ((30, 40), (40, 30)):
        kept = resolve([], [candidate(second, cues[1]), candidate(first, cues[0])])
        assert [q.rule for q in kept] == [first]


def test_rules_a_clause_and_according_to_share_a_place_the_earlier_cue_first() -> None:
    """ "According to X, ..., leaving some to question if ...": X's; "Y said ..., according to X": Y's."""
    assert REGISTRY["reported-clause"].precedence == REGISTRY["according-to"].precedence

    def candidate(rule: RuleName, cue: int) -> Found:
        return Found(type="indirect", content=(0, 20), quoted=(), cue=(cue, cue + 4, "say"), speaker=None, rule=rule)

    for first, second in (("reported-clause", "according-to"), ("according-to", "reported-clause")):
        kept = resolve([], [candidate(second, 40), candidate(first, 30)])
        assert [q.rule for q in kept] == [first]


def test_rules_pass_one_tries_its_steps_in_registry_precedence() -> None:
    assert list(_PASSAGE_STEPS) == sorted(_PASSAGE_STEPS, key=lambda name: REGISTRY[name].precedence)
    assert all(REGISTRY[name].family in MARKED_FAMILIES for name in _PASSAGE_STEPS)
