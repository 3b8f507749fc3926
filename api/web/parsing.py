"""Reading request bodies: JSON, or a plain-text article for ``curl --data-binary``.

A webargs location ``article`` takes ``application/json`` as usual and
``text/plain; charset=utf-8`` as ``{"text": body}``. Anything else is 415; a body that is
empty where JSON is expected, not UTF-8, not JSON, or JSON that Python cannot read (nested
too deep, a number too long to convert) is 400; a JSON string holding a lone surrogate
(valid syntax, but not text) is 422 with a pointer to it. All of it happens before any
schema runs, so whatever the client sends, the answer is a 4xx. An empty text/plain body
is an empty text, which the schema answers with 422.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import flask
import marshmallow as ma
from flask_smorest.blueprint import Blueprint as SmorestBlueprint
from webargs import core
from webargs.flaskparser import FlaskParser, abort

from .problems import json_pointer

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

_UTF8 = ("utf-8", "utf8")
_SURROGATE = re.compile("[\ud800-\udfff]")
NOT_TEXT = "Not text: a string holds a lone surrogate (U+D800 to U+DFFF)."
EMPTY_BODY = 'The request body is empty: send JSON such as {"text": "..."}, or the article as text/plain.'


def lone_surrogates(document: Any) -> Iterator[tuple[str | int, ...]]:
    """Paths to the strings that hold a lone surrogate; for a key, the path to its object.

    Iterative: a document may be nested as deeply as the JSON reader allows.
    """
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                yield path
        elif isinstance(value, dict):
            if any(_SURROGATE.search(key) for key in value):
                yield path
            stack.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, index), item) for index, item in reversed(list(enumerate(value))))


def _not_json(constant: str) -> None:
    raise ValueError(f"{constant} is not JSON")


def read_json(data: bytes) -> Any:
    """Parse a JSON body, or abort: 400 if it cannot be read, 422 if a string is not text."""
    try:
        document = json.loads(data.decode("utf-8"), parse_constant=_not_json)
    except UnicodeDecodeError:
        abort(400, message="The body is not valid UTF-8.")
    except RecursionError:
        abort(400, message="The body is not valid JSON: it is nested too deeply.")
    except json.JSONDecodeError as error:
        # The message names a position, never the body's content.
        abort(400, message=f"The body is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}.")
    except ValueError:
        # NaN or Infinity, or an integer longer than Python converts (sys.get_int_max_str_digits()).
        abort(400, message="The body is not valid JSON: a number is not a JSON number, or has too many digits.")
    errors = [{"pointer": json_pointer(path), "detail": NOT_TEXT} for path in lone_surrogates(document)]
    if errors:
        abort(422, errors=errors)
    return document


class BodyParser(FlaskParser):
    def _raw_load_json(self, req: flask.Request) -> Any:
        if not req.get_data(cache=True):
            abort(400, message=EMPTY_BODY)
        if not core.is_json(req.mimetype):
            abort(415, message=f"Unsupported content type {req.mimetype or '(none)'!r}: send application/json.")
        return read_json(req.get_data(cache=True))


parser = BodyParser()


@parser.location_loader("article")
def _load_article(req: flask.Request, schema: ma.Schema) -> Any:
    if req.mimetype == "text/plain":
        charset = req.mimetype_params.get("charset", "utf-8").lower()
        if charset not in _UTF8:
            abort(415, message=f"Unsupported charset {charset!r}: send UTF-8.")
        try:
            # Python's UTF-8 decoder refuses encoded surrogates: what it returns is text.
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


class SizedBody:
    """WSGI middleware: give a chunked body (sent without a ``Content-Length``) a length.

    Werkzeug reads such a body only up to ``MAX_CONTENT_LENGTH`` and quietly drops the
    rest, so an oversized article was cut and answered 400 or 422. Reading it here, at
    most one byte past the limit, and passing it on with its length makes Werkzeug's own
    check answer 413, as for any other body. Only where the server ends the stream
    (``wsgi.input_terminated``: gunicorn, Werkzeug's dechunking server and test client).
    """

    def __init__(self, app: WSGIApplication, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        # A Content-Length beside chunked is ignored (RFC 9112 6.3), by Werkzeug too.
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if chunked and environ.get("wsgi.input_terminated"):
            body, complete = _read_at_most(environ["wsgi.input"], self.max_bytes + 1)
            environ["wsgi.input"] = io.BytesIO(body)
            # A body the server could not decode is announced one byte longer than what
            # arrived: Werkzeug finds it short, as when a client hangs up, and answers 400.
            environ["CONTENT_LENGTH"] = str(len(body) if complete else len(body) + 1)
            # Now an ordinary sized body: without these Werkzeug would trust its limit instead.
            del environ["HTTP_TRANSFER_ENCODING"], environ["wsgi.input_terminated"]
        return self.app(environ, start_response)


def _read_at_most(stream: Any, size: int) -> tuple[bytes, bool]:
    """Up to ``size`` bytes, and whether the stream could be read: ``read(n)`` may return
    fewer bytes before the end, and a server may raise its own errors on a malformed chunk
    (gunicorn's ``InvalidChunkSize`` is no ``OSError``; it was a 500)."""
    parts: list[bytes] = []
    left = size
    while left > 0:
        try:
            part = stream.read(min(left, 65_536))
        except Exception:  # noqa: BLE001 - whatever the server raises, the body is unreadable
            return b"".join(parts), False
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts), True
