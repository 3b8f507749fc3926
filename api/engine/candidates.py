"""Candidate quotations, and the one rule that settles overlaps between them.

Every rule proposes ``Found`` candidates; :func:`resolve` keeps, in this order of
precedence, quotes with marks (direct and mixed, which the marks make sure of), then
reported clauses (``said that ...``), then ``according to``, then the objects and topics
of verbs of saying (``praised the plan``, ``spoke about the war``), then those of nouns of
saying (``her criticism of the plan``, which a verb's object may hold: ``echoed the criticism
of the plan``), then headline claims;
within a rank the earlier cue first. A candidate that overlaps one already kept is
dropped, so no stretch of text is reported twice.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

# How sure each rule is; the product of these orders the quotes from surest to least sure.
CONFIDENCE = {
    "direct": 0.95,
    "mixed": 0.85,
    "continued": 0.8,
    "labelled": 0.8,
    "repeated": 0.7,
    "unattributed": 0.3,
    "indirect": 0.7,
    "according": 0.75,
    "object": 0.6,
    "belief": 0.4,
}
# Lower goes first when candidates overlap.
PRECEDENCE = {"clause": 0, "according": 1, "object": 2, "noun": 3, "headline": 4}


@dataclass
class Found:
    """A quotation found by the rules, before speakers are resolved."""

    type: str
    content: tuple[int, int]
    quoted: list[tuple[int, int]]
    cue: tuple[int, int, str] | None  # start, end, lemma
    speaker: int | None  # token index of the speaker's head
    rule: str
    kind: str = "clause"  # what the cue reports: clause, according, noun, object, headline

    @property
    def confidence(self) -> float:
        return CONFIDENCE[self.rule]


def resolve(taken: list[Found], candidates: list[Found]) -> list[Found]:
    """``candidates`` that overlap neither ``taken`` nor a candidate of higher precedence."""
    spans = sorted(q.content for q in taken)
    kept: list[Found] = []
    ordered = sorted(candidates, key=lambda q: (PRECEDENCE[q.kind], q.cue[0] if q.cue else q.content[0]))
    for quote in ordered:
        if quote.content[1] <= quote.content[0] or overlaps(spans, quote.content):
            continue
        kept.append(quote)
        spans.insert(bisect_left(spans, quote.content), quote.content)
    return sorted(kept, key=lambda q: q.content)


def overlaps(spans: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    """Whether ``span`` overlaps one of the sorted, non-overlapping ``spans``."""
    i = bisect_left(spans, span)
    for j in (i - 1, i):
        if 0 <= j < len(spans):
            other = spans[j]
            if other[0] < span[1] and span[0] < other[1]:
                return True
    return False


def merge(quotes: list[Found]) -> list[Found]:
    """Passages that fall in one reported clause are one mixed quote."""
    merged: list[Found] = []
    for quote in quotes:
        last = merged[-1] if merged else None
        if last is not None and last.cue is not None and last.cue == quote.cue and last.content[1] > quote.content[0]:
            last.content = (last.content[0], max(last.content[1], quote.content[1]))
            last.quoted.extend(q for q in quote.quoted if q not in last.quoted)
            last.type = "mixed"
            continue
        merged.append(quote)
    return merged
