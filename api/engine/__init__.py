"""The attribution engine: text in, quotations and resolved speakers out.

Plain Python over spaCy, with no web framework: the service and the command line both
call :class:`Engine`. Results are frozen dataclasses (``results.py``) built inside
``nlp.memory_zone()``, so no spaCy object outlives a call. Each document has a time
budget (``budget.py``) over its parse and its rules; past it the analysis stops cleanly.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Iterable, Iterator
from itertools import islice

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import lexicon
from .article import Article
from .budget import NO_DEADLINE, Deadline, DocumentFailure, DocumentTimeout
from .candidates import Found
from .housekeeping import Housekeeper
from .marks import find_passages
from .quotes import Rules
from .results import Attribution, Cue, Quote, Span, Speaker, SpeakerRef
from .speakers import Entity, Mention, Resolver
from .text import for_parsing, mark_paragraphs

Language.component("quote_paragraphs", func=mark_paragraphs)

__all__ = [
    "Attribution",
    "Cue",
    "DocumentFailure",
    "DocumentTimeout",
    "Engine",
    "Quote",
    "Speaker",
    "SpeakerRef",
    "Span",
    "attribute",
    "load_model",
]

# Components the rules never read; leaving them out makes parsing cheaper.
UNUSED_COMPONENTS = ("senter",)


def load_model(name: str, max_length: int | None = None) -> Language:
    """Load a spaCy pipeline by package name or path, without the parts the rules skip."""
    nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    add_special_case = getattr(nlp.tokenizer, "add_special_case", None)  # a custom tokenizer may lack it
    if add_special_case is not None:
        for title in lexicon.TITLE_ABBREVIATIONS:
            add_special_case(title, [{"ORTH": title}])
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("quote_paragraphs", before="parser")
    if max_length is not None:
        nlp.max_length = max_length
    return nlp


class Engine:
    """Finds and attributes the quotations of English news text.

    One call at a time: spaCy's memory zones must not overlap, so calls from several
    threads take turns (a sync gunicorn worker has one thread anyway).

    ``document_seconds``: the time budget of one document, parse and rules (None: none).
    """

    def __init__(self, nlp: Language, document_seconds: float | None = None) -> None:
        self.nlp = nlp
        self.document_seconds = document_seconds
        self.housekeeper = Housekeeper(nlp)
        self._lock = threading.Lock()

    @classmethod
    def load(cls, model: str, max_length: int | None = None, document_seconds: float | None = None) -> Engine:
        return cls(load_model(model, max_length), document_seconds)

    @property
    def model_name(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}"

    @property
    def model_version(self) -> str:
        return str(self.nlp.meta.get("version", "unknown"))

    def analyze(self, text: str) -> Attribution:
        """Attribute the quotations of one text.

        Raises :class:`DocumentTimeout` past the budget, and any defect as it came.
        """
        with self._lock:
            try:
                with self.nlp.memory_zone():
                    return self._analyze(text)
            finally:
                self.housekeeper.tidy()

    def analyze_many(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Attribution | DocumentFailure]:
        """Attribute many texts: per text and in order, its attribution or why there is none.

        One document's timeout or defect is that document's :class:`DocumentFailure`; the
        others are answered all the same. ``batch_size`` texts share a memory zone, so a
        long iterable is answered as it goes, in flat memory.
        """
        pending = iter(texts)
        while chunk := list(islice(pending, batch_size)):
            with self._lock:
                try:
                    with self.nlp.memory_zone():
                        results = [self._attempt(text) for text in chunk]
                finally:
                    self.housekeeper.tidy()
            yield from results

    def _attempt(self, text: str) -> Attribution | DocumentFailure:
        try:
            return self._analyze(text)
        except DocumentTimeout as timeout:
            traceback.clear_frames(timeout.__traceback__)  # no Doc outlives its memory zone
            detail = f"The analysis of this document took longer than its budget of {timeout.seconds:g} s."
            return DocumentFailure("timeout", detail, len(text), timeout)
        except Exception as error:  # noqa: BLE001 - one document's defect is its own answer
            traceback.clear_frames(error.__traceback__)
            detail = f"The analysis of this document failed ({type(error).__name__})."
            return DocumentFailure("error", detail, len(text), error)

    def _analyze(self, text: str) -> Attribution:
        """Parse and attribute one text within its budget, checked between pipeline components.

        The components run one by one, as ``nlp(text)`` runs them: batching them with
        ``nlp.pipe`` wins nothing with the small model (BENCHMARKS.md), and one document's
        clock could not be told from the batch's.
        """
        deadline = Deadline(self.document_seconds, len(text))
        doc = self.nlp.make_doc(for_parsing(text))
        for _, component in self.nlp.pipeline:
            deadline.check()
            doc = component(doc)
        return attribute(doc, text, deadline)


def attribute(doc: Doc, text: str, deadline: Deadline = NO_DEADLINE) -> Attribution:
    """Quotations and speakers of a parsed ``doc`` whose source text is ``text``.

    ``deadline`` is checked between the passes and in their outer loops.
    """
    passages = find_passages(doc.text)
    deadline.check()
    article = Article(doc, passages, deadline)
    found = Rules(article).find()
    resolver = Resolver(doc, article.token_block, [n != -1 for n in article.inside])
    resolved: dict[int, tuple[Entity, Mention]] = {}
    for token in sorted({q.speaker for q in found if q.speaker is not None}):
        deadline.check()
        resolved[token] = resolver.resolve(token)
    return _build(text, found, resolved, resolver.entities)


def _build(
    text: str,
    found: list[Found],
    resolved: dict[int, tuple[Entity, Mention]],
    entities: list[Entity],
) -> Attribution:
    speaker_ids: dict[int, str] = {}
    quote_ids: dict[int, list[str]] = {}
    quotes: list[Quote] = []
    for number, item in enumerate(found, start=1):
        qid = f"q{number}"
        speaker = None
        confidence = item.confidence
        if item.speaker is not None:
            entity, mention = resolved[item.speaker]
            key = id(entity)
            if key not in speaker_ids:
                speaker_ids[key] = f"s{len(speaker_ids) + 1}"
            quote_ids.setdefault(key, []).append(qid)
            speaker = SpeakerRef(speaker_ids[key], entity.name, Span.of(text, mention.start, mention.end))
            if mention.pronoun and entity.name == mention.name:
                confidence *= 0.6  # a pronoun that nothing resolves
        cue = None
        if item.cue is not None:
            start, end, lemma = item.cue
            cue = Cue(Span.of(text, start, end), lemma)
        content = Span.of(text, *item.content)
        quoted = tuple(Span.of(text, s, e) for s, e in item.quoted)
        quotes.append(Quote(qid, item.type, content, quoted, cue, speaker, round(confidence, 3)))  # type: ignore[arg-type]
    speakers = []
    for entity in entities:
        key = id(entity)
        if key not in speaker_ids:
            continue
        mentions = sorted({(m.start, m.end) for m in entity.mentions})
        descriptors: list[str] = []
        for m in entity.mentions:
            descriptors.extend(d for d in m.descriptors if d not in descriptors)
        speakers.append(
            Speaker(
                speaker_ids[key],
                entity.name,
                entity.kind,  # type: ignore[arg-type]
                tuple(Span.of(text, s, e) for s, e in mentions),
                tuple(descriptors),
                tuple(quote_ids[key]),
            )
        )
    speakers.sort(key=lambda s: int(s.id[1:]))
    return Attribution(tuple(quotes), tuple(speakers), len(text))
