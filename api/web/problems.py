"""Every error as RFC 9457 ``application/problem+json``, never a stack trace."""

from __future__ import annotations

import http
import logging
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import flask_smorest
from flask import Response, g, json
from flask_smorest.utils import prepare_response
from marshmallow.exceptions import SCHEMA
from werkzeug.exceptions import HTTPException, InternalServerError

from ..contract.schemas import ProblemSchema

PROBLEM_JSON = "application/problem+json"
#: Most errors listed in one answer: a 2 MB body of bad fields answered 8 to 20 MB without it.
MAX_ERRORS = 100
log = logging.getLogger("api")

_DETAILS = {
    400: "The request body could not be read.",
    404: "There is nothing at this address.",
    405: "This address does not take that method.",
    413: "The request body is larger than the limit.",
    415: "Send application/json, or text/plain in UTF-8.",
    422: "The request body is not valid.",
    500: "The service failed to answer; the error is logged.",
}


def json_pointer(path: Iterable[str | int]) -> str:
    """An RFC 6901 JSON pointer: ``~`` and ``/`` inside a key are escaped."""
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def pointers(messages: Any, path: tuple[str | int, ...] = ()) -> Iterator[dict[str, str]]:
    """Flatten marshmallow's nested messages into ``{pointer, detail}`` pairs.

    marshmallow files an error about a whole object under ``_schema``: it points at the object.
    """
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            yield from pointers(value, path if key == SCHEMA else (*path, key))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        for message in messages:
            yield {"pointer": json_pointer(path), "detail": message}
    elif isinstance(messages, list):
        for index, value in enumerate(messages):
            yield from pointers(value, (*path, index))
    else:
        yield {"pointer": json_pointer(path), "detail": str(messages)}


def problem(
    status: int, title: str, detail: str, errors: list[dict[str, str]] | None = None, kind: str = "about:blank"
) -> Response:
    """A problem+json answer; ``kind`` is its ``type`` URI."""
    if errors and len(errors) > MAX_ERRORS:
        detail = f"{detail} There are {len(errors)} errors; the first {MAX_ERRORS} are listed."
        errors = errors[:MAX_ERRORS]
    body: dict[str, Any] = {"type": kind, "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    request_id = g.get("request_id")
    if request_id:
        body["request_id"] = request_id
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_JSON)


def from_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = None
    detail = _DETAILS.get(status, error.description or "")
    messages = data.get("messages")
    if data.get("errors"):
        errors = data["errors"]
    elif status == 422 and messages:
        # webargs nests messages under the location ("json"); pointers start at the body.
        if isinstance(messages, Mapping) and len(messages) == 1:
            messages = next(iter(messages.values()))
        errors = list(pointers(messages))
    elif status == 400 and messages:
        detail = "The body is not valid JSON (or not UTF-8)."
    elif data.get("message"):
        detail = data["message"]
    if isinstance(error, InternalServerError):
        original = error.original_exception
        if original is not None:
            # The traceback names code, not the request: no article text reaches the log.
            log.error("unhandled %s", type(original).__name__, exc_info=original)
    response = problem(status, error.name, detail, errors)
    for key, value in (data.get("headers") or {}).items():
        response.headers[key] = value
    if status == 405 and error.get_headers():
        for key, value in error.get_headers():
            if key.lower() == "allow":
                response.headers["Allow"] = value
    return response


class Api(flask_smorest.Api):
    """flask-smorest's Api with problem+json error bodies, in the answers and the spec."""

    ERROR_SCHEMA = ProblemSchema  # type: ignore[assignment]

    def _register_responses(self) -> None:
        errors = [(status.name, status.phrase) for status in http.HTTPStatus if status >= 400]
        for name, description in [*errors, ("DEFAULT_ERROR", "Default error response")]:
            response = {"description": description, "schema": self.ERROR_SCHEMA}
            prepare_response(response, self.spec, PROBLEM_JSON)
            self.spec.components.response(name, response, lazy=True)

    def _register_pagination_header(self) -> None:
        """No route paginates: keep the pagination header and its schema out of the spec."""

    def handle_http_exception(self, error: HTTPException) -> Response:
        return from_http_exception(error)
