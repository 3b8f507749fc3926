"""The scorer, on small hand-made articles."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from api.tools.evaluate import Score, report, score_article, speaker_correct, table

ROOT = Path(__file__).resolve().parent.parent
TEXT = "“We won the vote,” Senator Anna Berg said. She added that the count was fair and final."
SAID = TEXT.index("Senator")


def gold(
    start: int, end: int, kind: str = "direct", speaker: str | None = "Senator Anna Berg", **extra: Any
) -> dict[str, Any]:
    return {
        "start": start,
        "end": end,
        "type": kind,
        "optional": False,
        "speaker": speaker,
        "speaker_start": SAID,
        "speaker_end": SAID + len("Senator Anna Berg"),
        "speaker_names": [speaker] if speaker else [],
    } | extra


def pred(
    start: int, end: int, kind: str = "direct", speaker: str | None = "Anna Berg", at: int = SAID + 8
) -> dict[str, Any]:
    return {"start": start, "end": end, "type": kind, "speaker": speaker, "speaker_start": at, "speaker_end": at + 9}


def test_evaluate_exact_match_counts_everywhere() -> None:
    score = Score()
    score_article(TEXT, [gold(1, 17)], [pred(1, 17)], score)
    figures = report(score)["overall"]
    assert figures["lenient_f1"] == figures["exact_f1"] == figures["e2e_f1"] == figures["attribution_acc"] == 1.0


def test_evaluate_lenient_pairs_need_half_the_words() -> None:
    score = Score()
    end = TEXT.index("fair") - 1
    score_article(
        TEXT, [gold(TEXT.index("that"), len(TEXT) - 1, "indirect")], [pred(TEXT.index("that"), end, "indirect")], score
    )
    assert report(score)["overall"]["lenient_f1"] == 1.0
    assert report(score)["overall"]["exact_f1"] == 0.0


def test_evaluate_optional_gold_neither_helps_nor_hurts() -> None:
    score = Score()
    score_article(TEXT, [gold(1, 17, optional=True)], [pred(1, 17)], score)
    assert (score.overall.predicted, score.overall.gold) == (0, 0)


def test_evaluate_counts_errors_by_category() -> None:
    score = Score()
    score_article(
        TEXT, [gold(1, 17)], [pred(1, 17, speaker="Tom Reed", at=0), pred(TEXT.index("count"), len(TEXT))], score
    )
    assert score.errors == {"wrong speaker: another speaker": 1, "false direct: no quote there": 1}
    assert "overall" in table(report(score))


@pytest.mark.parametrize(
    ("predicted", "correct"),
    [
        ({"speaker": "Anna Berg", "speaker_start": 0, "speaker_end": 1}, True),  # same last name
        ({"speaker": "Berg's", "speaker_start": 0, "speaker_end": 1}, True),  # possessive
        ({"speaker": "Tom Reed", "speaker_start": SAID + 8, "speaker_end": SAID + 12}, True),  # overlapping mention
        ({"speaker": "Tom Reed", "speaker_start": 0, "speaker_end": 1}, False),
        ({"speaker": None, "speaker_start": None, "speaker_end": None}, False),
    ],
)
def test_evaluate_speaker_matching(predicted: dict[str, Any], correct: bool) -> None:
    assert speaker_correct(predicted, gold(1, 17)) is correct


@pytest.mark.parametrize(
    "command",
    [[str(Path(sys.executable).parent / "quotes-eval")], [sys.executable, "-m", "benchmarks.run", "--eval"]],
    ids=["quotes-eval", "benchmarks.run"],
)
def test_evaluate_missing_dev_set_is_one_line_not_a_traceback(command: list[str], tmp_path: Path) -> None:
    """`make eval` and `make bench` on a machine without ../shared/eval/polnear-dev.jsonl."""
    missing = str(tmp_path / "polnear-dev.jsonl")
    done = subprocess.run([*command, missing], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{missing} not found") and "shared" in line
