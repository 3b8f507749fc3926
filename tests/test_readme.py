"""The README's "Use it from Python" examples, run as written and compared with the output shown."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def examples(section: str) -> list[tuple[str, str]]:
    """Each ```python block of a README section with the ```text block after it."""
    body = README.split(f"\n## {section}\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```\s*```text\n(.*?)```", body, re.DOTALL)


def test_readme_use_it_from_python_has_both_examples() -> None:
    found = examples("Use it from Python")
    assert [("Engine.load" in code, "add_pipe" in code) for code, _ in found] == [(True, False), (False, True)]
    for code, _ in found:  # five lines, the import included
        assert len([line for line in code.splitlines() if line.strip()]) == 5


@pytest.mark.parametrize(("code", "shown"), examples("Use it from Python"))
def test_readme_python_examples_print_what_they_show(tmp_path: Path, code: str, shown: str) -> None:
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == shown
