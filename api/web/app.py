"""The application factory. Importing this module does nothing; calling it builds an app."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response
from werkzeug.exceptions import HTTPException, InternalServerError

from .. import __version__
from ..contract.schemas import DocumentProblemSchema, request_schemas
from ..engine import Engine
from ..settings import Settings
from .api_keys import ApiKeys, declare_scheme, require_keys
from .docs import docs_blueprint
from .frontpage import frontpage_blueprint
from .observability import Metrics, configure_logging, install
from .parsing import SizedBody
from .problem_pages import problem_pages_blueprint
from .problems import Api, from_http_exception
from .views import Service, attribution_blueprint, health_blueprint


def create_app(
    config: Mapping[str, Any] | None = None,
    *,
    settings: Settings | None = None,
    engine: Engine | None = None,
) -> Flask:
    """Build the service.

    ``settings`` default to the ``QUOTES_*`` environment; ``config`` overlays Flask
    config (tests pass ``TESTING``); ``engine`` lets tests share one loaded model, and
    keeps its own time budget (``Engine.document_seconds``).
    """
    settings = settings or Settings.from_env()
    keys = ApiKeys.read(settings.api_keys_file) if settings.api_keys_file else None  # before the model
    app = Flask(__name__, static_folder=None)  # the front page's blueprint serves /static/
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        API_TITLE="Quote attribution",
        API_VERSION=__version__,
        OPENAPI_VERSION="3.1.0",
        OPENAPI_URL_PREFIX="/",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "info": {
                "description": "Finds every quotation in a news article - direct, mixed and reported "
                "speech - and attributes each to its resolved speaker. All offsets are code points "
                "into the text exactly as sent, end exclusive."
            }
        },
    )
    app.config.update(config or {})
    app.json.sort_keys = False  # type: ignore[attr-defined]  # keep the schemas' order
    if engine is None:
        engine = Engine.load(settings.model, settings.max_characters, settings.document_seconds)
    else:
        engine.nlp.max_length = max(engine.nlp.max_length, settings.max_characters)
    log = configure_logging(settings.log_level)
    metrics = Metrics()
    app.extensions["quotes"] = Service(engine, settings, metrics)

    api = Api(app)
    api.spec.components.schema("DocumentProblem", schema=DocumentProblemSchema)  # a batch result's oneOf
    declare_scheme(api.spec)
    api.register_blueprint(attribution_blueprint(request_schemas(settings), settings))
    api.register_blueprint(health_blueprint())
    app.register_blueprint(docs_blueprint(app.config["API_TITLE"]))
    app.register_blueprint(frontpage_blueprint())
    app.register_blueprint(problem_pages_blueprint())
    app.register_error_handler(Exception, _unexpected)
    install(app, metrics, log)
    if keys is not None:
        require_keys(app, keys)  # after install: a 401 has the request id
    app.after_request(_no_sniffing)
    app.wsgi_app = SizedBody(app.wsgi_app, settings.max_body_bytes)  # type: ignore[method-assign]
    return app


def _no_sniffing(response: Response) -> Response:
    """Browsers take every answer, errors included, as the Content-Type it says it is."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _unexpected(error: Exception) -> Any:
    """Anything a view did not expect: a logged 500, never a traceback in the body."""
    if isinstance(error, HTTPException):
        return from_http_exception(error)
    wrapped = InternalServerError(original_exception=error)
    return from_http_exception(wrapped)
