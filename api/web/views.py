"""HTTP views: validate, call the engine, dump. Nothing else happens here."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from flask import Response, current_app, g
from flask.views import MethodView

from .. import __version__
from ..contract.answers import answer, document_problem, model_info
from ..contract.schemas import (
    NOT_BLANK,
    AttributionSchema,
    BatchResultSchema,
    InfoSchema,
    ProblemSchema,
    RequestSchemas,
    StatusSchema,
)
from ..engine import Attribution, DocumentFailure, Engine
from ..server.drain import DrainFlag
from ..settings import Settings
from .api_keys import SECURITY
from .observability import Metrics
from .parsing import Blueprint
from .problems import PROBLEM_JSON, problem

READY_PROBE = "“It works,” she said."
log = logging.getLogger("api")


@dataclass(frozen=True)
class Service:
    """What the views need, kept in ``app.extensions["quotes"]``."""

    engine: Engine
    settings: Settings
    metrics: Metrics
    #: Set by the gunicorn master on SIGTERM (``api.server.drain``): /readyz then answers 503.
    drain: DrainFlag = field(default_factory=DrainFlag)


def service() -> Service:
    found: Service = current_app.extensions["quotes"]
    return found


_ERRORS = {
    400: "Malformed JSON, an empty body, or a body that is not UTF-8",
    401: "No API key, or one the service does not know (only where the service has keys)",
    413: "The body is larger than the limit",
    415: "Neither JSON nor UTF-8 plain text",
    422: "The body does not fit the schema or a limit",
    429: "Too many requests from this client address: nginx's per-client limits (quotes-serve), with Retry-After",
    500: "The service failed on this valid article: its analysis passed the time budget (type "
    "`/problems/document-timeout`) or hit a defect (`/problems/document-failed`); the same text fails "
    "the same way again",
}


def _document_errors(blp: Blueprint, *statuses: int) -> Any:
    def decorate(view: Any) -> Any:
        for status in statuses:
            view = blp.alt_response(
                status, schema=ProblemSchema, description=_ERRORS[status], content_type=PROBLEM_JSON
            )(view)
        return view

    return decorate


def _failed(svc: Service, failure: DocumentFailure, index: int | None = None) -> None:
    """Count and log a document answered with a problem: its length and the request id, never its text."""
    svc.metrics.document_failures.labels(failure.reason).inc()
    extra: dict[str, Any] = {
        "request_id": g.get("request_id"),
        "characters": failure.characters,
        "reason": failure.reason,
        "budget_seconds": svc.engine.document_seconds,
    }
    if index is not None:
        extra["document"] = index  # its place in the batch
    message = "document over its time budget" if failure.reason == "timeout" else "document failed"
    # the frames say which step the budget stopped or what failed; the formatter withholds messages
    log.error(message, extra=extra, exc_info=failure.error)


def _plain_text(settings: Settings) -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": settings.max_characters, "pattern": NOT_BLANK}


def attribution_blueprint(schemas: RequestSchemas, settings: Settings) -> Blueprint:
    blp = Blueprint("attributions", __name__, url_prefix="/v1", description="Quotations and their speakers")

    @blp.route("/attributions")
    class Attributions(MethodView):
        @blp.arguments(schemas.article, location="article")
        @blp.doc(requestBody={"content": {"text/plain": {"schema": _plain_text(settings)}}})
        @blp.doc(security=SECURITY)
        @blp.response(200, AttributionSchema)
        @_document_errors(blp, 400, 401, 413, 415, 422, 429, 500)
        def post(self, article: dict[str, Any]) -> dict[str, Any] | Response:
            """Attribute the quotations of one article

            Send JSON `{"text": ..., "id": ...}`, or the article itself as
            `text/plain; charset=utf-8`.
            """
            svc = service()
            started = time.perf_counter()
            (found,) = svc.engine.analyze_many([article["text"]], 1)
            if isinstance(found, DocumentFailure):
                _failed(svc, found)
                body = document_problem(article.get("id"), found)
                return problem(body["status"], body["title"], body["detail"], kind=body["type"])
            g.characters = found.characters
            return answer(article.get("id"), found, time.perf_counter() - started, svc.engine)

    @blp.route("/attributions/batch")
    class Batch(MethodView):
        @blp.arguments(schemas.batch, location="json")
        @blp.doc(security=SECURITY)
        @blp.response(200, BatchResultSchema)
        @_document_errors(blp, 400, 401, 413, 415, 422, 429)
        def post(self, batch: dict[str, Any]) -> dict[str, Any]:
            """Attribute several articles in one request

            Results come in the order of `documents`, each with its `id`: the article's
            attribution, or, for an article the service failed on (over its time budget,
            or a defect), a problem object with that article's `status`, `type`, `title`
            and `detail`. One article's failure never fails the others.
            """
            svc = service()
            documents = batch["documents"]
            started = time.perf_counter()
            found = list(svc.engine.analyze_many((d["text"] for d in documents), svc.settings.pipe_batch_size))
            elapsed = (time.perf_counter() - started) / len(documents)
            results = []
            for index, (document, item) in enumerate(zip(documents, found, strict=True)):
                if isinstance(item, Attribution):
                    results.append(answer(document.get("id"), item, elapsed, svc.engine))
                else:
                    _failed(svc, item, index)
                    results.append(document_problem(document.get("id"), item))
            g.characters = sum(a.characters for a in found if isinstance(a, Attribution))
            return {"results": results}

    @blp.route("/info")
    class Info(MethodView):
        @blp.response(200, InfoSchema)
        def get(self) -> dict[str, Any]:
            """Service and model versions, and the limits in force"""
            svc = service()
            return {"service_version": __version__, "model": model_info(svc.engine), "limits": svc.settings.limits()}

    return blp


def health_blueprint() -> Blueprint:
    blp = Blueprint("health", __name__, description="Liveness, readiness and metrics")

    @blp.route("/livez")
    class Live(MethodView):
        @blp.response(200, StatusSchema)
        def get(self) -> dict[str, str]:
            """The process is up"""
            return {"status": "ok"}

    @blp.route("/readyz")
    class Ready(MethodView):
        @blp.response(200, StatusSchema)
        @blp.alt_response(503, schema=ProblemSchema, content_type=PROBLEM_JSON, description="Not ready")
        def get(self) -> dict[str, str] | Response:
            """The model is loaded and answers"""
            if service().drain.is_set():
                return problem(503, "Service Unavailable", "The service is shutting down.")
            try:
                answered = service().engine.analyze(READY_PROBE).quotes
            except Exception:  # noqa: BLE001 - any failure means not ready
                answered = ()
            if not answered:
                return problem(503, "Service Unavailable", "The model did not answer the probe.")
            return {"status": "ready"}

    @blp.route("/metrics")
    class MetricsView(MethodView):
        @blp.doc(responses={"200": {"description": "Prometheus text format", "content": {"text/plain": {}}}})
        def get(self) -> Response:
            """Prometheus metrics"""
            return service().metrics.exposition()

    return blp
