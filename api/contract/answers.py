"""The answer body for one article, shared by the HTTP views and the command line."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..engine import Attribution, DocumentFailure, Engine

#: The problem types (RFC 9457) of a document the engine could not analyse, by its reason.
#: 500 for both: the document is valid, and the service failed on it; it fails the same way
#: again, so no Retry-After (README, "Errors").
DOCUMENT_PROBLEMS = {
    "timeout": ("/problems/document-timeout", "The document's analysis took longer than its time budget"),
    "error": ("/problems/document-failed", "The document's analysis failed"),
}
DOCUMENT_FAILURE_STATUS = 500


def model_info(engine: Engine) -> dict[str, str]:
    return {"name": engine.model_name, "version": engine.model_version}


def answer(doc_id: str | None, attribution: Attribution, elapsed: float, engine: Engine) -> dict[str, Any]:
    """An object for ``AttributionSchema`` to dump."""
    return {
        "id": doc_id,
        "quotes": attribution.quotes,
        "speakers": attribution.speakers,
        "meta": {
            "model": model_info(engine),
            "service_version": __version__,
            "characters": attribution.characters,
            "elapsed_ms": round(elapsed * 1000, 2),
        },
    }


def document_problem(doc_id: str | None, failure: DocumentFailure) -> dict[str, Any]:
    """The problem object (RFC 9457) that answers for one document that has no attribution."""
    kind, title = DOCUMENT_PROBLEMS[failure.reason]
    return {
        "type": kind,
        "title": title,
        "status": DOCUMENT_FAILURE_STATUS,
        "detail": failure.detail,
        "id": doc_id,
        "characters": failure.characters,
    }
