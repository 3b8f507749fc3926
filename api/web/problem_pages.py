"""``/problems/<slug>``: the page behind each problem ``type`` of the service's own.

RFC 9457 asks that a problem type URI, when followed, give people its documentation; a
``type`` such as ``/problems/document-timeout`` (relative: resolved against the service's
own address) would otherwise lead to a 404. The texts live with the types in
``contract/answers.py``.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from ..contract.answers import PROBLEM_TYPES
from .frontpage import CONTENT_SECURITY_POLICY


def problem_pages_blueprint() -> Blueprint:
    blp = Blueprint("problem_pages", __name__)

    @blp.get("/problems/<slug>")
    def page(slug: str) -> Response:
        kind = PROBLEM_TYPES.get(slug)
        if kind is None:
            abort(404)
        response = Response(render_template("problem.html", problem=kind), mimetype="text/html")
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response

    return blp
