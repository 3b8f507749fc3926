"""The answer body for one article, shared by the HTTP views and the command line."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..engine import Attribution, DocumentFailure, Engine

#: 500 for a document the engine could not analyse: the document is valid, and the service
#: failed on it; it fails the same way again, so no Retry-After (README, "Errors").
DOCUMENT_FAILURE_STATUS = 500


@dataclass(frozen=True)
class ProblemType:
    """A problem ``type`` of this service's own (RFC 9457 section 3.1.1): its URI, relative
    to the service, serves ``explanation`` to a person who follows it (``/problems/<slug>``)."""

    slug: str
    title: str
    status: int
    explanation: str

    @property
    def uri(self) -> str:
        return f"/problems/{self.slug}"


#: The problem types of a document the engine could not analyse, by its reason.
DOCUMENT_PROBLEMS = {
    "timeout": ProblemType(
        "document-timeout",
        "The document's analysis took longer than its time budget",
        DOCUMENT_FAILURE_STATUS,
        "The article is valid, but its analysis (parse and rules) passed the budget of one "
        "document, QUOTES_DOCUMENT_SECONDS seconds of the worker's CPU time (the limits in "
        "force are at /v1/info), or, in a batch, the batch's own budget ran out first. The "
        "analysis is deterministic, so the same text fails the same way again: do not retry "
        "it unchanged. Send its paragraphs on their own (each has a budget of its own), or "
        "report it with the answer's request_id: the rules are built to answer any article "
        "the limits allow well within the budget, so every such article is a defect of ours.",
    ),
    "error": ProblemType(
        "document-failed",
        "The document's analysis failed",
        DOCUMENT_FAILURE_STATUS,
        "The article is valid, but the service failed on it: a defect of ours, logged with "
        "the answer's request_id (never the text). In a batch, the other articles are "
        "answered all the same. The same text fails the same way again: report it with "
        "the request_id rather than retrying it.",
    ),
}
PROBLEM_TYPES = {problem.slug: problem for problem in DOCUMENT_PROBLEMS.values()}


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
    kind = DOCUMENT_PROBLEMS[failure.reason]
    return {
        "type": kind.uri,
        "title": kind.title,
        "status": kind.status,
        "detail": failure.detail,
        "id": doc_id,
        "characters": failure.characters,
    }
