"""Find passages in quotation marks, from the raw text alone.

News text mixes every convention: straight and curly marks, single curly marks that are
also apostrophes, guillemets, German low-high pairs, doubled or mismatched marks, quotes
whose opening mark is missing at the start of a paragraph, and quotes that run over
several paragraphs with an opening mark on each. Whether a mark opens or closes is read
from what stands on either side of it, not from its glyph alone, which is what makes
mismatched pairs (``"good thing,”``) and reversed guillemets work.

This module knows nothing of speech: it returns every marked passage, scare quotes
included; the rules in ``quotes.py`` decide which are quotations. It runs in one pass
over the text (linear in its length).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# glyph -> (family, preferred role when the context does not decide)
_MARKS: dict[str, tuple[str, str]] = {
    '"': ("double", "either"),
    "“": ("double", "open"),
    "”": ("double", "close"),
    "„": ("double", "open"),
    "‟": ("double", "open"),
    "«": ("double", "open"),
    "»": ("double", "close"),
    "'": ("single", "either"),
    "‘": ("single", "open"),
    "’": ("single", "close"),
    "‚": ("single", "open"),
    "‛": ("single", "open"),
    "‹": ("single", "open"),
    "›": ("single", "close"),
}
# Runs of one family count as one mark: doubled marks such as “” are a typo for one.
# Two single marks in a row are a double mark, as in ''this'' (a newswire convention).
_MARK_RUN = re.compile(r"(?:[\"“”„‟«»]|''|‘‘|’’)+|['‘’‚‛‹›]")
_LINE = re.compile(r"[^\n]*(?:\n|$)")
_BEFORE_OPENER = set("([{—–-/") | set(_MARKS)
_AFTER_CLOSER = set(".,;:!?)]}—–-…") | set(_MARKS)


@dataclass(frozen=True, slots=True)
class MarkedPassage:
    """One passage in quotation marks.

    ``parts`` are the stretches between the marks, one per paragraph when the passage
    runs over several; ``outer`` runs from the opening mark to the closing one, or to
    where the passage starts or ends when a mark is missing.
    """

    parts: tuple[tuple[int, int], ...]
    outer: tuple[int, int]
    family: str

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


@dataclass(slots=True)
class _Mark:
    start: int
    end: int
    family: str
    role: str  # open, close, either, apostrophe


def _role(text: str, start: int, end: int, glyph: str) -> str:
    family, preferred = _MARKS[glyph]
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if family == "single" and before.isalnum() and after.isalnum():
        return "apostrophe"  # Assad’s, don't
    if family == "single" and glyph in "’'" and after.isdigit():
        return "apostrophe"  # ’90s
    can_open = (before.isspace() or before in _BEFORE_OPENER) and not after.isspace()
    can_close = not before.isspace() and (after.isspace() or after in _AFTER_CLOSER)
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return preferred


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str) -> list[tuple[int, int]]:
    """Line spans without their newline; blank lines are dropped."""
    spans = []
    for match in _LINE.finditer(text):
        start, end = _strip(text, match.start(), match.end())
        if start < end:
            spans.append((start, end))
        if match.end() >= len(text):
            break
    return spans


def find_passages(text: str) -> list[MarkedPassage]:
    """Every passage in quotation marks, in text order."""
    lines = _lines(text)
    marks_by_line: list[list[_Mark]] = [[] for _ in lines]
    line_index = 0
    for match in _MARK_RUN.finditer(text):
        while line_index < len(lines) and lines[line_index][1] <= match.start():
            line_index += 1
        if line_index == len(lines):
            break
        run = match.group()
        glyph = '"' if run.startswith(("''", "‘‘", "’’")) and len(run) == 2 and run[0] == "'" else run[0]
        role = _role(text, match.start(), match.end(), glyph)
        if role == "apostrophe":
            continue
        family = "double" if len(run) > 1 else _MARKS[glyph][0]
        marks_by_line[line_index].append(_Mark(match.start(), match.end(), family, role))

    passages: list[MarkedPassage] = []
    # A double-marked passage still open at the end of a line whose next line opens
    # again: the parts found so far and its opening mark.
    carried: tuple[list[tuple[int, int]], _Mark] | None = None
    for index, (line_start, line_end) in enumerate(lines):
        marks = marks_by_line[index]
        opener: _Mark | None = None
        parts: list[tuple[int, int]] = []
        part_start = line_start
        if carried is not None:
            (parts, opener), carried = carried, None
            part_start, marks = marks[0].end, marks[1:]
        for position, mark in enumerate(marks):
            if opener is None:
                if mark.role in ("open", "either"):
                    opener, part_start, parts = mark, mark.end, []
                elif mark.family == "double" and position == 0 and " " in text[line_start : mark.start]:
                    # A closing mark with none before it in the paragraph: the opening
                    # mark was left out where the paragraph starts.
                    passages.append(_passage(text, [(line_start, mark.start)], line_start, mark.end, "double"))
                continue
            if mark.family != opener.family:
                continue  # a nested quotation in the other family's marks
            parts.append((part_start, mark.start))
            passages.append(_passage(text, parts, opener.start, mark.end, opener.family))
            opener = None
        if opener is None or opener.family == "single":
            continue  # an unmatched single mark is most often an apostrophe
        parts.append((part_start, line_end))
        if index + 1 < len(lines) and _opens_line(lines[index + 1], marks_by_line[index + 1]):
            carried = (parts, opener)
        else:
            passages.append(_passage(text, parts, opener.start, line_end, opener.family))
    return [p for p in passages if p.parts]


def _opens_line(line: tuple[int, int], marks: list[_Mark]) -> bool:
    return bool(marks) and marks[0].start == line[0] and marks[0].role in ("open", "either")


def _passage(text: str, parts: list[tuple[int, int]], outer_start: int, outer_end: int, family: str) -> MarkedPassage:
    stripped = tuple(span for span in (_strip(text, start, end) for start, end in parts) if span[0] < span[1])
    return MarkedPassage(stripped, (outer_start, outer_end), family)
