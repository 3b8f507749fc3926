"""The real service, started as the Dockerfile starts it (nginx in front of gunicorn), on loopback."""

from __future__ import annotations

import http.client
import json
import re
import socket
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
import requests

from api.contract.schemas import AttributionSchema

if TYPE_CHECKING:
    from conftest import Stack

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "golden" / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(stack: Stack) -> str:
    return stack.url


@pytest.fixture(scope="module")
def server_log(stack: Stack) -> Path:
    """Everything the stack writes, nginx's and gunicorn's stdout and stderr."""
    return stack.log


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_server_seed_articles(server: str, seed_texts: dict[str, str], name: str) -> None:
    text = seed_texts[name]
    response = requests.post(
        f"{server}/v1/attributions",
        data=text.encode("utf-8"),
        headers={"Content-Type": "text/plain; charset=utf-8"},
        timeout=30,
    )
    assert response.status_code == 200
    body = response.json()
    assert AttributionSchema().validate(body) == {}
    for quote in body["quotes"]:
        for span in [quote["content"], *quote["quoted"]] + ([quote["speaker"]["mention"]] if quote["speaker"] else []):
            assert text[span["start"] : span["end"]] == span["text"]
    expected = [(q["content"], q["speaker"]) for q in GOLDEN[name]["quotes"]]
    assert [(q["content"]["text"], q["speaker"] and q["speaker"]["name"]) for q in body["quotes"]] == expected


@pytest.mark.slow
def test_server_metrics_sum_over_workers(server: str) -> None:
    for _ in range(6):
        requests.get(f"{server}/livez", timeout=5)
    metrics = requests.get(f"{server}/metrics", timeout=5).text
    match = re.search(r'quotes_http_requests_total\{method="GET",route="/livez",status="200"\} (\d+)', metrics)
    assert match and int(match.group(1)) >= 6


@pytest.mark.slow
def test_server_errors_are_problems(server: str) -> None:
    response = requests.post(f"{server}/v1/attributions", data=b"x" * 3_000_000, timeout=30)
    assert response.status_code == 413
    assert response.headers["Content-Type"] == "application/problem+json"


def post_chunked(base: str, body: bytes, content_type: str) -> tuple[int, str, bytes]:
    """POST with Transfer-Encoding: chunked and no Content-Length, in 64 kB chunks."""
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=30)
    try:
        chunks = (body[i : i + 65_536] for i in range(0, len(body), 65_536))
        connection.request(
            "POST", "/v1/attributions", body=chunks, headers={"Content-Type": content_type}, encode_chunked=True
        )
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


@pytest.mark.slow
@pytest.mark.parametrize("content_type", ["application/json", "text/plain; charset=utf-8"])
def test_server_chunked_body_over_the_limit_is_413(server: str, content_type: str) -> None:
    """gunicorn passes a chunked body on without a length; it was cut at the limit and answered 400 or 422."""
    body = b'{"text": "' + b"x" * 2_000_000 + b'"}'
    status, mimetype, payload = post_chunked(server, body, content_type)
    assert (status, mimetype) == (413, "application/problem+json")
    assert json.loads(payload)["status"] == 413


@pytest.mark.slow
def test_server_chunked_body_within_the_limit_is_read_whole(server: str) -> None:
    text = "“We are ready,” Anna Berg said. " + "Nothing else happened. " * 4_000
    status, _, payload = post_chunked(server, text.encode(), "text/plain; charset=utf-8")
    assert status == 200
    assert json.loads(payload)["meta"]["characters"] == len(text)


@pytest.mark.slow
@pytest.mark.parametrize(
    "chunks",
    [
        b"zz\r\n{}\r\n0\r\n\r\n",  # a chunk size that is not hexadecimal
        b"2\r\n{}XX0\r\n\r\n",  # a chunk without its CRLF
        b"5;\x01=x\r\n{...}\r\n0\r\n\r\n",  # a bad chunk extension
    ],
)
def test_server_malformed_chunked_body_is_400(server: str, chunks: bytes) -> None:
    """gunicorn raised its own parse errors while the body was read, and they reached Flask as
    a 500; in front of it nginx answers these itself (or, for a bad chunk extension, which it
    ignores, passes the body on to the app's 400)."""
    address = urlsplit(server)
    head = (
        f"POST /v1/attributions HTTP/1.1\r\nHost: {address.netloc}\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        # No half-close: nginx takes a client that shuts its side as gone and answers nothing.
        sock.sendall(head.encode() + chunks)
        answer = b""
        while part := sock.recv(65_536):
            answer += part
    status_line, _, rest = answer.partition(b"\r\n")
    headers = rest.split(b"\r\n\r\n", 1)[0].lower()
    assert status_line.split()[1] == b"400", answer[:300]
    assert b"content-type: application/problem+json" in headers


SECRET = "Zanzibar-secret"


@pytest.mark.slow
def test_server_logs_nothing_a_client_sent(server: str, server_log: Path) -> None:
    """Bad bodies, a made-up method, odd headers: the log names none of it."""
    url = f"{server}/v1/attributions"
    requests.post(url, json={"text": f"“{SECRET},” she said."}, timeout=30)
    for body in [
        f'{{"text": "\\ud800 {SECRET}"}}',
        f'{{"text": "{SECRET}", "id": {"9" * 5_000}}}',
        f'{{"{SECRET}": 1, "text": "{SECRET}"}}',
        f"{{not json {SECRET}",
        "[" * 1_000 + f'"{SECRET}"' + "]" * 1_000,
    ]:
        status = requests.post(url, data=body.encode(), headers={"Content-Type": "application/json"}, timeout=30)
        assert 400 <= status.status_code < 500
    requests.request("ZANZIBAR", url, timeout=30)
    requests.post(url, data=SECRET, headers={"Content-Type": f"text/{SECRET}", "X-Request-ID": "ok-1"}, timeout=30)
    # Each line is flushed before its answer is sent.
    logged = server_log.read_text(encoding="utf-8", errors="replace")
    assert '"request_id": "ok-1"' in logged
    assert "Zanzibar" not in logged and "ZANZIBAR" not in logged
