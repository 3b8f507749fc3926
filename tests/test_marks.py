"""Quotation-mark scanning on raw text: every convention news text uses."""

from __future__ import annotations

import pytest

from api.engine.marks import find_passages


def passages(text: str) -> list[str]:
    return [" | ".join(text[s:e] for s, e in p.parts) for p in find_passages(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "yes, now" and left.', ["yes, now"]),
        ("He said “yes, now” and left.", ["yes, now"]),
        ("He said ‘yes, now’ and left.", ["yes, now"]),
        ("Il a dit « oui, maintenant » hier.", ["oui, maintenant"]),
        ("Er sagte „ja, jetzt“ gestern.", ["ja, jetzt"]),
        ('They described it as a "good thing,” but declined.', ["good thing,"]),
        ("on Monday. “”It feeds into the narrative.”", ["It feeds into the narrative."]),
        ("He said\u00a0“yes\u00a0now”\u00a0today.", ["yes\u00a0now"]),
        ("''It's nonsense,'' Mr. Trump's aide said.", ["It's nonsense,"]),
    ],
)
def test_marks_conventions(text: str, expected: list[str]) -> None:
    assert passages(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Assad’s forces held the town in the ’90s.",
        "ISIS’ heartland and the rebels’ hopes.",
        "Don't say it's over.",
    ],
)
def test_marks_apostrophes_are_not_quotes(text: str) -> None:
    assert passages(text) == []


def test_marks_missing_opening_mark_at_paragraph_start() -> None:
    text = "Intro.\n\nThe government wants to win favour,” according to Khaled Nasser."
    assert passages(text) == ["The government wants to win favour,"]


def test_marks_quote_runs_across_paragraphs() -> None:
    text = "“First paragraph of the speech.\n\n“Second paragraph ends it,” she said."
    (passage,) = find_passages(text)
    assert [text[s:e] for s, e in passage.parts] == ["First paragraph of the speech.", "Second paragraph ends it,"]


def test_marks_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said “this never closes\n\nNext paragraph."
    assert passages(text) == ["this never closes"]


def test_marks_nested_single_inside_double() -> None:
    assert passages("“He called it ‘a farce’ today,” she said.") == ["He called it ‘a farce’ today,"]


@pytest.mark.parametrize("count", [1, 2, 999, 10_000])
def test_marks_many_marks_stay_paired(count: int) -> None:
    text = '"' * count
    for passage in find_passages(text):
        assert 0 <= passage.start <= passage.end <= len(text)
