"""Optional API keys (``QUOTES_API_KEYS_FILE``): who needs one, what a client without one gets,
and that no key reaches a log."""

from __future__ import annotations

import hmac
import json
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from api.engine import Engine
from api.settings import Settings
from api.web import api_keys
from api.web.api_keys import ApiKeys
from api.web.app import create_app

KEYS = ("k3y-for-the-newsroom", "second.key_with~all+sorts/of=")
SENTENCE = "“We will build it,” Mayor Ann Berg said."
PROTECTED = [
    ("/v1/attributions", {"text": SENTENCE}),
    ("/v1/attributions/batch", {"documents": [{"text": SENTENCE}]}),
]


@pytest.fixture()
def keys_file(tmp_path: Path) -> Path:
    path = tmp_path / "keys"
    path.write_text(f"# the newsroom\n{KEYS[0]}\n\n  {KEYS[1]}  \n", encoding="utf-8")
    return path


@pytest.fixture()
def keyed_app(engine: Engine, settings: Settings, keys_file: Path) -> Flask:
    keyed = replace(settings, api_keys_file=str(keys_file))
    return create_app({"TESTING": True}, settings=keyed, engine=engine)


@pytest.fixture()
def keyed(keyed_app: Flask) -> FlaskClient:
    return keyed_app.test_client()


@pytest.mark.parametrize(("path", "body"), PROTECTED)
@pytest.mark.parametrize(
    ("authorization", "error"),
    [
        (None, None),
        ("", None),
        ("Bearer", None),
        ("Basic dXNlcjpwYXNz", None),
        (f"Bearer {KEYS[0]} extra", None),
        ("Bearer not-a-key", "invalid_token"),
        (f"Bearer {KEYS[0]}x", "invalid_token"),
        (f"Bearer {KEYS[0][:-1]}", "invalid_token"),
    ],
)
def test_keys_protected_routes_answer_401_without_a_known_key(
    keyed: FlaskClient, path: str, body: dict[str, object], authorization: str | None, error: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = keyed.post(path, json=body, headers=headers)
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    problem = response.get_json()
    assert (problem["status"], problem["title"]) == (401, "Unauthorized") and problem["detail"]
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer ")
    assert ('error="invalid_token"' in challenge) == (error is not None)


@pytest.mark.parametrize(("path", "body"), PROTECTED)
@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("scheme", ["Bearer", "bearer"])
def test_keys_a_known_key_is_served(
    keyed: FlaskClient, path: str, body: dict[str, object], key: str, scheme: str
) -> None:
    response = keyed.post(path, json=body, headers={"Authorization": f"{scheme} {key}"})
    assert response.status_code == 200, response.get_data(as_text=True)


def test_keys_are_checked_before_the_body_is_read(keyed: FlaskClient) -> None:
    """A client without a key learns nothing about its body: not 400, not 413, 401."""
    malformed = keyed.post("/v1/attributions", data=b"{not json", content_type="application/json")
    too_large = keyed.post("/v1/attributions", data=b"a" * 50_000, content_type="text/plain; charset=utf-8")
    assert (malformed.status_code, too_large.status_code) == (401, 401)


@pytest.mark.parametrize("path", ["/livez", "/readyz", "/metrics", "/openapi.json", "/v1/info", "/", "/docs"])
def test_keys_probes_spec_and_pages_stay_open(keyed: FlaskClient, path: str) -> None:
    assert keyed.get(path).status_code == 200


@pytest.mark.parametrize(("path", "body"), PROTECTED)
def test_keys_unset_means_no_keys(client: FlaskClient, path: str, body: dict[str, object]) -> None:
    assert client.post(path, json=body).status_code == 200


def test_keys_never_reach_the_log(keyed: FlaskClient, capsys: pytest.CaptureFixture[str]) -> None:
    wrong = "wrong-key-that-must-not-be-logged"
    for key in (KEYS[0], wrong):
        keyed.post("/v1/attributions", json={"text": SENTENCE}, headers={"Authorization": f"Bearer {key}"})
    logged = capsys.readouterr()
    lines = [json.loads(line) for line in logged.out.splitlines() if line.startswith("{")]
    assert [line["status"] for line in lines if line.get("route") == "/v1/attributions"] == [200, 401]
    for key in (KEYS[0], wrong):
        assert key not in logged.out and key not in logged.err


def test_keys_every_digest_is_compared(keys_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No early exit: the first key costs as many comparisons as an unknown one."""
    keys = ApiKeys.read(str(keys_file))
    calls: list[int] = []
    compare = hmac.compare_digest

    def counting(a: bytes, b: bytes) -> bool:
        calls.append(1)
        return compare(a, b)

    monkeypatch.setattr(api_keys.hmac, "compare_digest", counting)
    assert keys.accepts(KEYS[0]) and keys.accepts(KEYS[1]) and not keys.accepts("other")
    assert len(calls) == 3 * len(KEYS)
    assert all(len(digest) == 32 for digest in keys.digests)  # SHA-256 digests, not the keys


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot be read"),
        ("", "holds no keys"),
        ("# only a comment\n\n", "holds no keys"),
        ("good-key\nsecret with spaces\n", "line 2"),
        ("caf\u00e9-secret\n", "line 1"),
        ("secret-caf\u00e9\n".encode("latin-1"), "not UTF-8"),
    ],
)
def test_keys_file_that_cannot_serve_stops_the_start(
    tmp_path: Path, engine: Engine, content: str | bytes | None, message: str
) -> None:
    path = tmp_path / "keys"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as raised:
        create_app({"TESTING": True}, settings=Settings(api_keys_file=str(path)), engine=engine)
    assert "secret" not in str(raised.value) and "0xe9" not in str(raised.value)  # never a key, nor a byte of one


def test_keys_spec_declares_the_bearer_scheme(client: FlaskClient) -> None:
    spec = client.get("/openapi.json").get_json()
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": api_keys.SCHEME_DESCRIPTION,
    }
    for path in ("/v1/attributions", "/v1/attributions/batch"):
        operation = spec["paths"][path]["post"]
        assert operation["security"] == [{"bearer": []}, {}]  # a key, or none where none are set
        assert operation["responses"]["401"]["content"]["application/problem+json"]
    for path, item in spec["paths"].items():
        if not path.startswith("/v1/attributions"):
            assert all("security" not in operation for operation in item.values()), path
