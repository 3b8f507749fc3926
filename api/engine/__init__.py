"""The attribution engine: text in, quotations and resolved speakers out.

Plain Python over spaCy, with no web framework: the service and the command line both
call :class:`Engine`. Results are frozen dataclasses (``results.py``) built inside
``nlp.memory_zone()``, so no spaCy object outlives a call. A spaCy pipeline of one's own
gets the same rules as a component, ``nlp.add_pipe("quote_attribution")`` (``component.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language

from .attribution import attribute
from .component import DocQuote, DocSpeaker, QuoteAttribution, prepare_pipeline
from .housekeeping import Housekeeper
from .results import Attribution, Cue, Quote, Span, Speaker, SpeakerRef
from .text import for_parsing

__all__ = [
    "Attribution",
    "Cue",
    "DocQuote",
    "DocSpeaker",
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
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.housekeeper = Housekeeper(nlp)
        self._lock = threading.Lock()

    @classmethod
    def load(cls, model: str, max_length: int | None = None) -> Engine:
        return cls(load_model(model, max_length))

    @property
    def model_name(self) -> str:
        meta = self.nlp.meta
        return f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}"

    @property
    def model_version(self) -> str:
        return str(self.nlp.meta.get("version", "unknown"))

    def analyze(self, text: str) -> Attribution:
        """Attribute the quotations of one text."""
        return next(self.analyze_many([text]))

    def analyze_many(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Attribution]:
        """Attribute many texts, parsed together with ``nlp.pipe``; results in order."""
        texts = list(texts)
        with self._lock:
            with self.nlp.memory_zone():
                docs = self.nlp.pipe((for_parsing(t) for t in texts), batch_size=batch_size)
                results = [attribute(doc, text) for doc, text in zip(docs, texts, strict=True)]
            self.housekeeper.tidy()
        yield from results
