"""The command line prints what the service returns, for a file, stdin or JSON lines."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from api.contract.schemas import AttributionSchema
from api.engine import Engine
from api.tools.cli import main, run_jsonl

ROOT = Path(__file__).resolve().parent.parent
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


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### Command line", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split("  #", 1)[0].strip() for line in block.splitlines() if line.strip()]


@pytest.mark.slow
@pytest.mark.parametrize("command", readme_commands())
def test_cli_readme_examples_run_as_written(command: str, tmp_path: Path) -> None:
    """They used to read article.txt and articles.jsonl, which no checkout has."""
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    (tmp_path / ".venv").symlink_to(Path(sys.executable).parent.parent)
    done = subprocess.run(command, shell=True, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    out = done.stdout or next(tmp_path.glob("*.jsonl")).read_text(encoding="utf-8")
    assert AttributionSchema().validate(json.loads(out.splitlines()[0] if "--jsonl" in command else out)) == {}


def test_cli_readme_files_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in re.findall(r"(?:@|\s)(seeds/[\w./-]+)", readme):
        assert (ROOT / path).is_file(), path
