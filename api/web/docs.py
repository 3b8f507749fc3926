"""``/docs``: Swagger UI from flask-swagger-ui's bundled assets, under a strict
Content-Security-Policy.

flask-smorest's own page starts Swagger UI with an inline script, which a policy without
``'unsafe-inline'`` blocks; this page loads the same bundle and a small script of its own
(``docs_ui/``; its template is ``docs.html``: the front page's ``index.html``, in the app's
own template folder, would shadow an ``index.html`` here). The policy is set on these
routes only: other pages set their own.
"""

from __future__ import annotations

from pathlib import Path

import flask_swagger_ui
from flask import Blueprint, Response, render_template, send_from_directory, url_for

SWAGGER_ASSETS = Path(flask_swagger_ui.__file__).parent / "dist"
PAGE = Path(__file__).parent / "docs_ui"

#: Everything the page loads comes from this service; Swagger UI's CSS draws its icons
#: from ``data:`` URLs, and the page fetches the spec (and "Try it out" requests) itself.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


def docs_blueprint(title: str) -> Blueprint:
    blp = Blueprint(
        "docs",
        __name__,
        url_prefix="/docs",
        static_folder=SWAGGER_ASSETS,
        static_url_path="/assets",
        template_folder=PAGE,
    )

    @blp.get("")
    def page() -> str:
        return render_template("docs.html", title=title, spec_url=url_for("api-docs.openapi_json"))

    @blp.get("/start.js")
    def start() -> Response:
        return send_from_directory(PAGE, "start.js", mimetype="text/javascript")

    @blp.after_request
    def _policy(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response

    return blp
