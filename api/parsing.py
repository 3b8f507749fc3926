"""Reading request bodies: JSON, or a plain-text article for ``curl --data-binary``.

A webargs location ``article`` takes ``application/json`` as usual and
``text/plain; charset=utf-8`` as ``{"text": body}``. Anything else is 415; a body
that is not UTF-8, or an empty body where JSON is expected (no JSON value at all), is
400; all of these happen before any schema runs. An empty text/plain body is an empty
text, which the schema answers with 422.
"""

from __future__ import annotations

from typing import Any

import flask
import marshmallow as ma
from flask_smorest.blueprint import Blueprint as SmorestBlueprint
from webargs import core
from webargs.flaskparser import FlaskParser, abort

_UTF8 = ("utf-8", "utf8")
EMPTY_BODY = 'The request body is empty: send JSON such as {"text": "..."}, or the article as text/plain.'


class BodyParser(FlaskParser):
    def _raw_load_json(self, req: flask.Request) -> Any:
        if not req.get_data(cache=True):
            abort(400, message=EMPTY_BODY)
        if not core.is_json(req.mimetype):
            abort(415, message=f"Unsupported content type {req.mimetype or '(none)'!r}: send application/json.")
        return core.parse_json(req.get_data(cache=True))


parser = BodyParser()


@parser.location_loader("article")
def _load_article(req: flask.Request, schema: ma.Schema) -> Any:
    if req.mimetype == "text/plain":
        charset = req.mimetype_params.get("charset", "utf-8").lower()
        if charset not in _UTF8:
            abort(415, message=f"Unsupported charset {charset!r}: send UTF-8.")
        try:
            return {"text": req.get_data(cache=True).decode("utf-8")}
        except UnicodeDecodeError:
            abort(400, message="The body is not valid UTF-8.")
    if req.get_data(cache=True) and not core.is_json(req.mimetype):
        abort(
            415, message=f"Unsupported content type {req.mimetype or '(none)'!r}: send application/json or text/plain."
        )
    return parser.load_json(req, schema)


class Blueprint(SmorestBlueprint):
    """A flask-smorest Blueprint that knows the ``article`` body location."""

    ARGUMENTS_PARSER = parser
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **SmorestBlueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "article": "application/json",
    }
