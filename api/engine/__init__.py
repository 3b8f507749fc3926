"""The attribution engine: text in, quotations and resolved speakers out.

Plain Python over spaCy, with no web framework: the service and the command line both
call :class:`Engine`. Results are frozen dataclasses (``results.py``) built inside
``nlp.memory_zone()``, so no spaCy object outlives a call. Each document has a time
budget (``budget.py``) over its parse and its rules; past it the analysis stops cleanly.
A spaCy pipeline of one's own gets the same rules as a component,
``nlp.add_pipe("quote_attribution")`` (``component.py``).
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Iterable, Iterator
from itertools import islice

import spacy
from spacy.language import Language

from . import budget
from .attribution import attribute
from .budget import Deadline, DocumentFailure, DocumentTimeout
from .component import DocQuote, DocSpeaker, QuoteAttribution, prepare_pipeline
from .housekeeping import Housekeeper
from .results import Attribution, Cue, Quote, Span, Speaker, SpeakerRef
from .text import for_parsing

__all__ = [
    "Attribution",
    "Cue",
    "DocQuote",
    "DocSpeaker",
    "DocumentFailure",
    "DocumentTimeout",
    "Engine",
    "Quote",
    "QuoteAttribution",
    "Speaker",
    "SpeakerRef",
    "Span",
    "attribute",
    "load_model",
    "prepare_pipeline",
]

# Components the rules never read; leaving them out makes parsing cheaper.
UNUSED_COMPONENTS = ("senter",)


def load_model(name: str, max_length: int | None = None) -> Language:
    """Load a spaCy pipeline by package name or path, without the parts the rules skip."""
    nlp = spacy.load(name, exclude=list(UNUSED_COMPONENTS))
    prepare_pipeline(nlp)
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

    def analyze_many(
        self, texts: Iterable[str], batch_size: int = 16, *, total_seconds: float | None = None
    ) -> Iterator[Attribution | DocumentFailure]:
        """Attribute many texts: per text and in order, its attribution or why there is none.

        One document's timeout or defect is that document's :class:`DocumentFailure`; the
        others are answered all the same. ``batch_size`` texts share a memory zone, so a
        long iterable is answered as it goes, in flat memory. ``total_seconds`` bounds the
        whole call as well (a request's share of the worker timeout): each document stops
        at its own budget or at the call's end, whichever comes first, and a document
        reached after the call's end is a timeout at once.
        """
        until = None if total_seconds is None else budget.wall() + total_seconds
        pending = iter(texts)
        while chunk := list(islice(pending, batch_size)):
            with self._lock:
                try:
                    with self.nlp.memory_zone():
                        results = [self._attempt(text, until) for text in chunk]
                finally:
                    self.housekeeper.tidy()
            yield from results

    def _attempt(self, text: str, until: float | None = None) -> Attribution | DocumentFailure:
        try:
            return self._analyze(text, until)
        except DocumentTimeout as timeout:
            traceback.clear_frames(timeout.__traceback__)  # no Doc outlives its memory zone
            if timeout.batch:
                detail = "The batch's time budget ran out before this document's analysis ended."
            else:
                detail = f"The analysis of this document took longer than its budget of {timeout.seconds:g} s."
            return DocumentFailure("timeout", detail, len(text), timeout)
        except Exception as error:  # noqa: BLE001 - one document's defect is its own answer
            traceback.clear_frames(error.__traceback__)
            detail = f"The analysis of this document failed ({type(error).__name__})."
            return DocumentFailure("error", detail, len(text), error)

    def _analyze(self, text: str, until: float | None = None) -> Attribution:
        """Parse and attribute one text within its budget, checked between pipeline components.

        The components run one by one, as ``nlp(text)`` runs them: batching them with
        ``nlp.pipe`` wins nothing with the small model (BENCHMARKS.md), and one document's
        clock could not be told from the batch's.
        """
        deadline = Deadline(self.document_seconds, len(text), until)
        doc = self.nlp.make_doc(for_parsing(text))
        for _, component in self.nlp.pipeline:
            deadline.check()
            doc = component(doc)
        return attribute(doc, text, deadline=deadline)
