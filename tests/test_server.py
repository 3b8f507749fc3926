"""The real service, started as the Dockerfile starts it (nginx in front of gunicorn), on loopback."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import requests

from api.schemas import AttributionSchema

if TYPE_CHECKING:
    from conftest import Stack

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((ROOT / "tests" / "golden" / "seeds.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def server(stack: Stack) -> str:
    return stack.url


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
