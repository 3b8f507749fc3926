"""The contract: openapi.yaml is what the app serves, valid OpenAPI 3.1, and honoured."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
import yaml
from conftest import shared_engine
from flask import Flask
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from api.app import create_app
from api.engine import Engine
from api.settings import Settings

COMMITTED = Path(__file__).resolve().parent.parent / "openapi.yaml"


def test_openapi_committed_spec_matches_the_app(engine: Engine) -> None:
    """Regenerate with `make openapi` when this fails."""
    served = create_app({"TESTING": True}, settings=Settings(), engine=engine).test_client().get("/openapi.json")
    assert yaml.safe_load(COMMITTED.read_text(encoding="utf-8")) == served.get_json()


def test_openapi_committed_spec_is_valid() -> None:
    spec = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert spec["openapi"] == "3.1.0"
    validate(spec)


FUZZED_APP = create_app(
    {"TESTING": True}, settings=Settings(max_characters=2_000, max_batch_documents=4), engine=shared_engine()
)
schema = schemathesis.openapi.from_wsgi("/openapi.json", FUZZED_APP)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_openapi_fuzzed_requests_never_fail_the_server(case: schemathesis.Case) -> None:
    """Bounded: 40 generated cases per operation (about 300 in all); no 5xx, answers fit the spec."""
    response = case.call()
    assert response.status_code < 500, response.text
    case.validate_response(response)


def test_openapi_app_factory_has_no_import_side_effects() -> None:
    import importlib

    import api.app

    module = importlib.reload(api.app)
    assert not any(isinstance(value, Flask) for value in vars(module).values())


def test_openapi_spec_holds_only_components_a_route_uses() -> None:
    """flask-smorest registers a PaginationMetadata schema that no route here uses."""
    spec = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    components = spec.pop("components")
    text = json.dumps([spec, components])
    for section, entries in components.items():
        for name in entries:
            assert f'"#/components/{section}/{name}"' in text, f"{section}/{name} is never referenced"
