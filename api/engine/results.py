"""The engine's results: plain frozen dataclasses, safe to keep after the spaCy Doc is gone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

QuoteType = Literal["direct", "mixed", "indirect"]
SpeakerKind = Literal["person", "organization", "group", "unknown"]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the text as sent: ``text[start:end] == span.text`` (code points)."""

    start: int
    end: int
    text: str

    @classmethod
    def of(cls, source: str, start: int, end: int) -> Span:
        return cls(start, end, source[start:end])


@dataclass(frozen=True, slots=True)
class Cue:
    """The reporting verb or phrase ("said", "according to") and its lemma."""

    span: Span
    lemma: str


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """Who a quote is attributed to, and where in the text that is said."""

    speaker_id: str
    name: str
    mention: Span


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    type: QuoteType
    content: Span
    quoted: tuple[Span, ...]
    cue: Cue | None
    speaker: SpeakerRef | None
    confidence: float


@dataclass(frozen=True, slots=True)
class Speaker:
    id: str
    name: str
    kind: SpeakerKind
    mentions: tuple[Span, ...]
    descriptors: tuple[str, ...]
    quote_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    """Every quotation of one text and the speakers they are attributed to."""

    quotes: tuple[Quote, ...]
    speakers: tuple[Speaker, ...]
    characters: int
