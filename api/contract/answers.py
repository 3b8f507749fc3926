"""The answer body for one article, shared by the HTTP views and the command line."""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..engine import Attribution, Engine


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
