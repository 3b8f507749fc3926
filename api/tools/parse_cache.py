"""Parsed articles kept on disk for evaluation, so a rule change is measured in seconds.

Parsing dominates a run of ``quotes-eval`` (290 articles, minutes on a shared machine),
and the rules never change the parse. Each parsed text is kept as a spaCy ``DocBin`` in
``build/parse-cache/`` (never committed), in a file named by the SHA-256 of everything
that decides the parse: the model's name and version, its pipeline, the source of
``engine/text.py`` (the clean-up before parsing and the paragraph marks) and of
``load_model`` with the tokenizer's special cases, and the text itself. A change to any of these is a miss, not a
stale hit. The rules then run on the loaded ``Doc`` exactly as on a fresh one.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Iterator, Sequence
from pathlib import Path

from spacy.tokens import Doc, DocBin

from ..engine import Attribution, Engine, attribute, lexicon, load_model, text
from ..engine.text import for_parsing

DEFAULT_FOLDER = Path("build") / "parse-cache"


def _pipeline_key(engine: Engine) -> str:
    parts = [
        engine.model_name,
        engine.model_version,
        ",".join(engine.nlp.pipe_names),
        inspect.getsource(text),
        inspect.getsource(load_model),  # the tokenizer's changes
        " ".join(lexicon.TITLE_ABBREVIATIONS),
    ]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class ParseCache:
    """Parses of texts by one engine's pipeline, read from and written to ``folder``."""

    def __init__(self, engine: Engine, folder: Path = DEFAULT_FOLDER) -> None:
        self.engine = engine
        self.folder = folder
        self._pipeline = _pipeline_key(engine)

    def path(self, source: str) -> Path:
        key = hashlib.sha256(f"{self._pipeline}\0{source}".encode()).hexdigest()
        return self.folder / f"{key[:40]}.spacy"

    def analyze_many(self, texts: Sequence[str], batch_size: int = 16) -> Iterator[Attribution]:
        """What ``Engine.analyze_many`` answers, parsing only the texts not yet on disk."""
        nlp = self.engine.nlp
        missing = [t for t in dict.fromkeys(texts) if not self.path(t).is_file()]
        if missing:
            self.folder.mkdir(parents=True, exist_ok=True)
            for source, doc in zip(
                missing, nlp.pipe((for_parsing(t) for t in missing), batch_size=batch_size), strict=True
            ):
                self._write(source, doc)
        for source in texts:
            (doc,) = DocBin().from_bytes(self.path(source).read_bytes()).get_docs(nlp.vocab)
            yield attribute(doc, source)

    def _write(self, source: str, doc: Doc) -> None:
        target = self.path(source)
        partial = target.with_suffix(".partial")
        bin_ = DocBin(store_user_data=False)
        bin_.add(doc)
        partial.write_bytes(bin_.to_bytes())
        partial.replace(target)  # a run cut short leaves no half-written parse behind
