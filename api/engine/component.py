"""``quote_attribution``: the engine as a spaCy pipeline component, for pipelines people have.

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("quote_attribution")
    doc = nlp(text)
    doc._.quotes, doc._.speakers

Installing the package is enough: the ``spacy_factories`` entry point (pyproject.toml) tells
spaCy where the factory is. The component runs the engine's rules on the Doc the pipeline
parsed. It stores plain data (offsets and names) in ``doc._.quote_attribution``, so the Doc
still serialises (``Doc.to_bytes``, ``DocBin``, ``nlp.pipe(n_process=...)``); ``doc._.quotes``
and ``doc._.speakers`` build their Spans over the Doc from it when read.

Adding the component prepares the pipeline as the service prepares its own (:func:`prepare_pipeline`),
so that the same text gets the same quotations. The one difference left: the service parses a
``for_parsing`` copy of the text (odd spaces made plain, runs of punctuation blanked), the
component the Doc as its tokenizer made it; the rules read the copy's characters either way,
so on such text only the parse differs, not the offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import lexicon
from .attribution import attribute
from .results import Attribution, QuoteType, SpeakerKind
from .text import for_parsing, mark_paragraphs

__all__ = ["DocQuote", "DocSpeaker", "QuoteAttribution", "prepare_pipeline"]

# What the rules read of every token: its dependency (a parser), its coarse tag (a tagger and
# attribute_ruler) and its lemma (every cue is found by its lemma). A trained pipeline sets
# all three on every token; a Doc that lacks one came through a pipeline without it.
REQUIRED = {"DEP": "a parser", "POS": "part-of-speech tags", "LEMMA": "a lemmatizer"}


# A dash against a quotation mark is a token of its own: spaCy keeps '"Hello"--said' one
# word, so the marks and the cue after them are lost to the parse.
_DASH_BY_MARK = r"(?<=[\"”’])(?:--|—|–)|(?:--|—|–)(?=[\"“‘])"


@Language.factory("quote_paragraphs")
def make_paragraphs(nlp: Language, name: str) -> Any:
    """Paragraphs as sentence starts before the parser (``text.mark_paragraphs``)."""
    return mark_paragraphs


def _parser(nlp: Language) -> str | None:
    """The first component that sets dependency labels (``parser`` in spaCy's trained pipelines)."""
    return next((name for name in nlp.pipe_names if "token.dep" in nlp.get_pipe_meta(name).assigns), None)


def prepare_pipeline(nlp: Language) -> None:
    """What the rules expect of a pipeline: titles ("Sgt.", "Gens.") kept whole by the
    tokenizer, a dash against a quotation mark split off ('"We won"--said'), and paragraphs
    as sentence starts before the parser, so that it never links two paragraphs. Idempotent."""
    add_special_case = getattr(nlp.tokenizer, "add_special_case", None)  # a custom tokenizer may lack it
    if add_special_case is not None:
        for title in lexicon.TITLE_ABBREVIATIONS:
            add_special_case(title, [{"ORTH": title}])
    infixes = getattr(nlp.tokenizer, "infix_finditer", None)
    pattern = getattr(getattr(infixes, "__self__", None), "pattern", None)
    if isinstance(pattern, str) and _DASH_BY_MARK not in pattern:
        tokenizer: Any = nlp.tokenizer  # a callable to spaCy's types, a Tokenizer here
        tokenizer.infix_finditer = re.compile(f"{pattern}|{_DASH_BY_MARK}").finditer
    parser = _parser(nlp)
    if parser is not None and "quote_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("quote_paragraphs", before=parser)


@dataclass(frozen=True, slots=True)
class DocQuote:
    """One quotation, as Spans over the Doc. ``speaker`` is the resolved name (the speaker's
    fullest name in the text), ``speaker_mention`` where this quote names or refers to them."""

    id: str
    type: QuoteType
    content: Span
    quoted: tuple[Span, ...]
    cue: Span | None
    cue_lemma: str | None
    speaker: str | None
    speaker_id: str | None
    speaker_mention: Span | None
    confidence: float
    #: The registered rule that found it (``api.engine.rules``), as in the HTTP answer.
    rule: str


@dataclass(frozen=True, slots=True)
class DocSpeaker:
    id: str
    name: str
    kind: SpeakerKind
    mentions: tuple[Span, ...]
    descriptors: tuple[str, ...]
    quote_ids: tuple[str, ...]
    members: tuple[str, ...]  # of a group: the ids of its named members, speakers too


def _span(doc: Doc, start: int, end: int) -> Span:
    """The tokens over characters [start, end): exact where token edges fall there (they do
    when the rules ran on this Doc), else widened to whole tokens."""
    span = doc.char_span(start, end)
    if span is None:
        span = doc.char_span(start, end, alignment_mode="expand")
    assert span is not None, (start, end)  # [start, end) holds a character of a token
    return span


def encode(attribution: Attribution) -> dict[str, Any]:
    """An :class:`Attribution` as lists, strings and numbers (what msgpack carries)."""
    quotes = [
        {
            "id": q.id,
            "type": q.type,
            "content": [q.content.start, q.content.end],
            "quoted": [[p.start, p.end] for p in q.quoted],
            "cue": [q.cue.span.start, q.cue.span.end, q.cue.lemma] if q.cue else None,
            "speaker": [q.speaker.speaker_id, q.speaker.name, q.speaker.mention.start, q.speaker.mention.end]
            if q.speaker
            else None,
            "confidence": q.confidence,
            "rule": q.rule,
        }
        for q in attribution.quotes
    ]
    speakers = [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "mentions": [[m.start, m.end] for m in s.mentions],
            "descriptors": list(s.descriptors),
            "quote_ids": list(s.quote_ids),
            "members": list(s.members),
        }
        for s in attribution.speakers
    ]
    return {"quotes": quotes, "speakers": speakers}


def _quote(doc: Doc, q: dict[str, Any]) -> DocQuote:
    cue, speaker = q["cue"], q["speaker"]
    return DocQuote(
        q["id"],
        q["type"],
        _span(doc, *q["content"]),
        tuple(_span(doc, s, e) for s, e in q["quoted"]),
        _span(doc, cue[0], cue[1]) if cue else None,
        cue[2] if cue else None,
        speaker[1] if speaker else None,
        speaker[0] if speaker else None,
        _span(doc, speaker[2], speaker[3]) if speaker else None,
        q["confidence"],
        q["rule"],
    )


def _speaker(doc: Doc, s: dict[str, Any]) -> DocSpeaker:
    mentions = tuple(_span(doc, start, end) for start, end in s["mentions"])
    return DocSpeaker(
        s["id"], s["name"], s["kind"], mentions, tuple(s["descriptors"]), tuple(s["quote_ids"]), tuple(s["members"])
    )


def get_quotes(doc: Doc) -> list[DocQuote] | None:
    """``doc._.quotes``: None on a Doc the component has not seen."""
    data = doc._.quote_attribution
    return None if data is None else [_quote(doc, q) for q in data["quotes"]]


def get_speakers(doc: Doc) -> list[DocSpeaker] | None:
    """``doc._.speakers``: the speakers the quotes are attributed to, in order of first quote."""
    data = doc._.quote_attribution
    return None if data is None else [_speaker(doc, s) for s in data["speakers"]]


if not Doc.has_extension("quote_attribution"):
    Doc.set_extension("quote_attribution", default=None)
    Doc.set_extension("quotes", getter=get_quotes)
    Doc.set_extension("speakers", getter=get_speakers)


class QuoteAttribution:
    """Sets ``doc._.quote_attribution`` on every Doc; see the module's docstring."""

    def __init__(self, name: str = "quote_attribution") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        unset = (doc.to_array(list(REQUIRED)) == 0).any(axis=0) if len(doc) else [False] * len(REQUIRED)
        missing = [what for what, lacking in zip(REQUIRED.values(), unset, strict=True) if lacking]
        if missing:
            raise ValueError(
                f"{self.name} needs {' and '.join(missing)} to run before it, and this Doc has tokens "
                "without them: put it after them in the pipeline (nlp.add_pipe adds it last) "
                "and do not disable them."
            )
        text = doc.text
        doc._.quote_attribution = encode(attribute(doc, text, for_parsing(text)))
        return doc


@Language.factory(
    "quote_attribution",
    assigns=["doc._.quote_attribution", "doc._.quotes", "doc._.speakers"],
    requires=["token.dep", "token.pos", "token.lemma"],
    default_config={"prepare": True},
)
def make_quote_attribution(nlp: Language, name: str, prepare: bool) -> QuoteAttribution:
    """The ``quote_attribution`` factory. ``prepare`` (default true) prepares the pipeline as
    the service's (:func:`prepare_pipeline`); false leaves the tokenizer and the pipeline as they are."""
    if _parser(nlp) is None:
        raise ValueError(
            f"{name} needs a dependency parser earlier in the pipeline, and {nlp.pipe_names} has none "
            "that sets token.dep: start from a trained pipeline such as en_core_web_sm."
        )
    if prepare:
        prepare_pipeline(nlp)
    return QuoteAttribution(name)
