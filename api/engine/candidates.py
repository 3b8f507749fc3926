"""Candidate quotations, and the one rule that settles overlaps between them.

Every rule proposes ``Found`` candidates; :func:`resolve` keeps them in the precedence the
registry gives each rule (``rules.py``): quotes with marks, which the marks make sure of,
are taken before any candidate here; then reported clauses (``said that ...``) and
``according to``, the earlier cue first, then the objects and topics of verbs of saying (``praised the plan``,
``spoke about the war``), then those of nouns of saying (``her criticism of the plan``,
which a verb's object may hold: ``echoed the criticism of the plan``), then headline
claims; within a rank the earlier cue first. A candidate that overlaps one already kept
is dropped, so no stretch of text is reported twice.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace

from .results import QuoteType
from .rules import REGISTRY, RuleName

Offsets = tuple[int, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class Found:
    """A quotation found by one rule, before speakers are resolved."""

    type: QuoteType
    content: Offsets
    quoted: tuple[Offsets, ...]
    cue: tuple[int, int, str] | None  # start, end, lemma
    speaker: int | None  # token index of the speaker's head
    rule: RuleName

    @property
    def confidence(self) -> float:
        return REGISTRY[self.rule].confidence

    @property
    def precedence(self) -> int:
        return REGISTRY[self.rule].precedence


def resolve(taken: list[Found], candidates: list[Found]) -> list[Found]:
    """``candidates`` that overlap neither ``taken`` nor a candidate of higher precedence."""
    spans = sorted(q.content for q in taken)
    kept: list[Found] = []
    ordered = sorted(candidates, key=lambda q: (q.precedence, q.cue[0] if q.cue else q.content[0]))
    for quote in ordered:
        if quote.content[1] <= quote.content[0] or overlaps(spans, quote.content):
            continue
        kept.append(quote)
        spans.insert(bisect_left(spans, quote.content), quote.content)
    return sorted(kept, key=lambda q: q.content)


def overlaps(spans: list[Offsets], span: Offsets) -> bool:
    """Whether ``span`` overlaps one of the sorted, non-overlapping ``spans``."""
    i = bisect_left(spans, span)
    for j in (i - 1, i):
        if 0 <= j < len(spans):
            other = spans[j]
            if other[0] < span[1] and span[0] < other[1]:
                return True
    return False


def merge(quotes: list[Found]) -> list[Found]:
    """Passages that fall in one reported clause are one mixed quote.

    It keeps the first passage's rule, unless the second joined it by ``mixed-same-clause``,
    which is then the reason the quote holds both.
    """
    merged: list[Found] = []
    for quote in quotes:
        last = merged[-1] if merged else None
        if last is not None and last.cue is not None and last.cue == quote.cue and last.content[1] > quote.content[0]:
            merged[-1] = replace(
                last,
                type="mixed",
                rule="mixed-same-clause" if quote.rule == "mixed-same-clause" else last.rule,
                content=(last.content[0], max(last.content[1], quote.content[1])),
                quoted=last.quoted + tuple(q for q in quote.quoted if q not in last.quoted),
            )
            continue
        merged.append(quote)
    return merged
