"""The front page: an article with its quotations and speakers, drawn from ``POST /v1/attributions``.

Plain HTML, CSS and JavaScript from the package (``templates/``, ``static/``): no build
step, no CDN, so the page works on a closed network as ``/docs`` does. The page is a
client of the public API like any other; nothing here touches the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, render_template

STATIC = Path(__file__).parent / "static"
SEEDS = STATIC / "seeds"

# The page's own files satisfy this: no inline script or style, no other origin.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)


@dataclass(frozen=True)
class Seed:
    """One of the example articles: its file name and headline, for its button."""

    name: str
    headline: str


def headline(text: str) -> str:
    """The article's headline, guessed: pages saved from the web open with a site name or
    a date, so take the first short line of four words or more with no digit that is not
    a sentence; failing that, the first line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:8]:
        short = len(line.split()) >= 4 and len(line) <= 120
        if short and not line.endswith(".") and not any(c.isdigit() for c in line):
            return line
    return lines[0] if lines else ""


@cache
def seeds() -> tuple[Seed, ...]:
    """The example articles shipped in the package (copies of the repository's ``seeds/``)."""
    return tuple(Seed(path.name, headline(path.read_text(encoding="utf-8"))) for path in sorted(SEEDS.glob("*.txt")))


def frontpage_blueprint() -> Blueprint:
    """``GET /`` and the page's assets under ``/static/``."""
    blp = Blueprint("frontpage", __name__, static_folder="static", static_url_path="/static")

    @blp.get("/")
    def index() -> Response:
        html = render_template("index.html", seeds=seeds())
        response = Response(html, mimetype="text/html")
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response

    @blp.after_request
    def _no_sniffing(response: Response) -> Response:
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return blp
