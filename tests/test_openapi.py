"""The contract: openapi.yaml is what the app serves, valid OpenAPI 3.1, and honoured."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
import schemathesis
import yaml
from conftest import shared_engine
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate

from api.engine import Engine
from api.settings import Settings
from api.web.app import create_app

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

    import api.web.app

    module = importlib.reload(api.web.app)
    assert not any(isinstance(value, Flask) for value in vars(module).values())


def _text_schemas() -> dict[str, dict[str, Any]]:
    """The committed spec's schemas for an article's text: in JSON, and as text/plain."""
    spec = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    body = spec["paths"]["/v1/attributions"]["post"]["requestBody"]["content"]
    return {
        "application/json": spec["components"]["schemas"]["Article"]["properties"]["text"],
        "text/plain": body["text/plain"]["schema"],
    }


def _valid_by_spec(schema: dict[str, Any], text: str) -> bool:
    """What both a Python and an ECMA-262 regex validator say; they must agree."""
    python = jsonschema.Draft202012Validator(schema).is_valid(text)
    ecma = jsonschema_rs.Draft202012Validator(schema).is_valid(text)
    assert python == ecma, f"the validators disagree on {text!r}"
    return python


@pytest.mark.parametrize(
    "text",
    [
        "a",
        " a ",
        "😀",
        "\x00",
        " ",
        " \t\r\n\x0b\x0c",
        "\x1c\x1d\x1e\x1f",  # the spec's \\S took these; Python's str.isspace() does not
        "\x85\xa0\u2007\u202f\u3000",
        "\ufeff",  # the spec refused a lone BOM; the server took it
        "\u200b\u200c\u200d\u2060",
        "\u00ad\u180e\u200e\u200f\u202a\u2066\u3164\ufe0f\uffa0",
        "\ufeffa",
        "\u200ba\u200b",
        "\U000e0001",  # outside the Basic Multilingual Plane: not blank
    ],
)
@pytest.mark.parametrize("media_type", ["application/json", "text/plain"])
def test_openapi_spec_and_server_agree_on_blank_text(client: FlaskClient, media_type: str, text: str) -> None:
    valid = _valid_by_spec(_text_schemas()[media_type], text)
    if media_type == "application/json":
        response = client.post("/v1/attributions", json={"text": text})
    else:
        response = client.post("/v1/attributions", data=text.encode(), content_type="text/plain; charset=utf-8")
    assert response.status_code == (200 if valid else 422), response.get_data(as_text=True)


def test_openapi_blank_pattern_means_the_same_in_python_and_ecma_regex() -> None:
    """Every character of the Basic Multilingual Plane, alone, against both regex engines."""
    schema = _text_schemas()["application/json"]
    pattern = re.compile(schema["pattern"])
    ecma = jsonschema_rs.Draft202012Validator({"type": "string", "pattern": schema["pattern"]})
    characters = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    disagree = [c for c in characters if bool(pattern.search(c)) != ecma.is_valid(c)]
    assert disagree == []
    blank = {c for c in characters if not pattern.search(c)}
    assert blank == {c for c in characters if c.isspace()} | DEFAULT_IGNORABLE


# Default_Ignorable_Code_Point in the Basic Multilingual Plane (Unicode's DerivedCoreProperties.txt).
DEFAULT_IGNORABLE = {
    chr(c)
    for first, last in [
        (0x00AD, 0x00AD),
        (0x034F, 0x034F),
        (0x061C, 0x061C),
        (0x115F, 0x1160),
        (0x17B4, 0x17B5),
        (0x180B, 0x180F),
        (0x200B, 0x200F),
        (0x202A, 0x202E),
        (0x2060, 0x206F),
        (0x3164, 0x3164),
        (0xFE00, 0xFE0F),
        (0xFEFF, 0xFEFF),
        (0xFFA0, 0xFFA0),
        (0xFFF0, 0xFFF8),
    ]  # fmt: skip
    for c in range(first, last + 1)
}


def test_openapi_spec_holds_only_components_a_route_uses() -> None:
    """flask-smorest registers a PaginationMetadata schema that no route here uses."""
    spec = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    components = spec.pop("components")
    text = json.dumps([spec, components])
    schemes = {
        name
        for operations in spec["paths"].values()
        for operation in operations.values()
        for requirement in operation.get("security", [])
        for name in requirement
    }
    for section, entries in components.items():
        for name in entries:
            if section == "securitySchemes":  # referenced by name in an operation's security
                assert name in schemes, f"{section}/{name} is never required"
                continue
            assert f'"#/components/{section}/{name}"' in text, f"{section}/{name} is never referenced"
