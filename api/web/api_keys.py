"""Optional API keys: with ``QUOTES_API_KEYS_FILE`` set, ``/v1/attributions*`` needs one.

The file holds one key a line (blank lines and ``#`` comments are skipped). Only the keys'
SHA-256 digests are kept, and a presented key's digest is compared with every one of them
by ``hmac.compare_digest``, so the time an answer takes says nothing about how much of a
key was right. No key, good or bad, is ever logged: the access log has no headers. The
file is read when the app is built: at start, and under ``quotes-serve`` at SIGHUP, which
starts a new gunicorn (README "Limits and API keys").
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from pathlib import Path

from apispec import APISpec
from flask import Flask, Response, request

from .problems import problem

#: Every path under this prefix needs a key; the probes, ``/v1/info``, the spec, the docs
#: and the front page's own files stay open.
PROTECTED = "/v1/attributions"
#: RFC 6750's ``b64token``: what a client can send in ``Authorization: Bearer``.
_TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_BEARER = re.compile(r"Bearer +(\S+) *", re.IGNORECASE)
REALM = 'Bearer realm="quotes"'
#: The spec's name for the scheme; an operation takes a key, or none where the service has none.
SCHEME = "bearer"
SECURITY: list[dict[str, list[str]]] = [{SCHEME: []}, {}]
SCHEME_DESCRIPTION = (
    "An API key, where the service is run with keys (QUOTES_API_KEYS_FILE): "
    "`Authorization: Bearer <key>` on every /v1/attributions request, else 401. "
    "Without keys the service takes requests without one."
)


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode()).digest()


@dataclass(frozen=True)
class ApiKeys:
    """The digests of the keys the service accepts."""

    digests: tuple[bytes, ...]

    @classmethod
    def read(cls, path: str) -> ApiKeys:
        """The keys of ``path``; an unreadable file, a malformed key or none at all stops the start."""
        # The messages reach the log: they name the file and the line, never a key's bytes
        # (a UnicodeDecodeError's own message quotes one).
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as error:
            raise ValueError(f"QUOTES_API_KEYS_FILE {path!r} cannot be read: {error.strerror}") from None
        except UnicodeDecodeError:
            raise ValueError(f"QUOTES_API_KEYS_FILE {path!r} cannot be read: it is not UTF-8") from None
        digests = []
        for number, line in enumerate(lines, 1):
            key = line.strip()
            if not key or key.startswith("#"):
                continue
            if not _TOKEN.fullmatch(key):
                raise ValueError(f"QUOTES_API_KEYS_FILE {path!r}, line {number}: a key is letters, digits and -._~+/")
            digests.append(_digest(key))
        if not digests:
            raise ValueError(f"QUOTES_API_KEYS_FILE {path!r} holds no keys: unset it to run without keys")
        return cls(tuple(digests))

    def accepts(self, key: str) -> bool:
        """Whether ``key`` is one of the keys, comparing with every one (no early exit)."""
        presented = _digest(key)
        found = False
        for digest in self.digests:
            found |= hmac.compare_digest(presented, digest)
        return found


def _unauthorized(detail: str, challenge: str) -> Response:
    response = problem(401, "Unauthorized", detail)
    response.headers["WWW-Authenticate"] = challenge
    return response


def require_keys(app: Flask, keys: ApiKeys) -> None:
    """Answer 401 to a protected request without a key the service knows, before its body is read."""

    @app.before_request
    def _check_key() -> Response | None:
        if not request.path.startswith(PROTECTED):
            return None
        found = _BEARER.fullmatch(request.headers.get("Authorization", ""))
        if found is None:
            return _unauthorized("Send an API key: Authorization: Bearer <key>.", REALM)
        if not keys.accepts(found.group(1)):
            return _unauthorized("The API key is not valid.", f'{REALM}, error="invalid_token"')
        return None


def declare_scheme(spec: APISpec) -> None:
    """The bearer scheme in the spec, whatever the settings: ``openapi.yaml`` is one file."""
    spec.components.security_scheme(SCHEME, {"type": "http", "scheme": "bearer", "description": SCHEME_DESCRIPTION})
