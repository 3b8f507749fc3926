"""The command line prints what the service returns, for a file, stdin or JSON lines."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from api.cli import main, run_jsonl
from api.engine import Engine
from api.schemas import AttributionSchema

TEXT = "“We are ready,” Anna Berg said."


def test_cli_file_prints_the_service_answer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert main([str(article), "--id", "x"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert AttributionSchema().validate(body) == {}
    assert body["id"] == "x" and body["quotes"][0]["speaker"]["name"] == "Anna Berg"


def test_cli_jsonl_keeps_order_and_ids(engine: Engine) -> None:
    lines = "".join(json.dumps({"id": str(i), "text": TEXT if i % 2 else "Nothing said."}) + "\n" for i in range(7))
    sink = io.StringIO()
    assert run_jsonl(engine, io.StringIO(lines), sink, batch_size=2, progress=False) == 7
    answers = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert [a["id"] for a in answers] == [str(i) for i in range(7)]
    assert [len(a["quotes"]) for a in answers] == [0, 1, 0, 1, 0, 1, 0]


def test_cli_module_reads_stdin() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "api"], input=TEXT, capture_output=True, text=True, check=True, timeout=120
    )
    assert json.loads(done.stdout)["quotes"][0]["content"]["text"] == "We are ready,"
