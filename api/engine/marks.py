"""Find passages in quotation marks, from the raw text alone.

News text mixes every convention: straight and curly marks, single curly marks that are
also apostrophes, guillemets, German low-high pairs, LaTeX and newswire ````...''``,
doubled or mismatched marks, quotes nested in quotes (in the same marks or the other
family's), quotes whose opening mark is missing at the start of a paragraph, quotes
hard-wrapped over several lines, and quotes that run over several paragraphs with an
opening mark on each.

Whether a mark opens or closes is read from what stands on either side of it, not from
its glyph alone, which is what makes mismatched pairs (``"good thing,”``), reversed
guillemets and same-glyph nesting (``"call it "unfair"... Stop"``) work. Marks are then
paired with a stack, one paragraph at a time (``text.Blocks``): a closing mark closes the
innermost open passage of its family, preferably one opened with its own kind of mark.

This module knows nothing of speech: it returns every marked passage, scare quotes
included; the rules in ``quotes.py`` decide which are quotations. It runs in one pass
over the text, linear in its length (the stack is capped).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from . import tuning
from .text import Blocks

DOUBLE, SINGLE = "double", "single"
OPEN, CLOSE, EITHER = "open", "close", "either"

# glyph -> (family, kind, preferred role when the context does not decide). A closing
# mark prefers an opening mark of its own kind; straight marks are of every kind.
_GLYPHS: dict[str, tuple[str, str, str]] = {
    '"': (DOUBLE, "straight", EITHER),
    "“": (DOUBLE, "curly", OPEN),
    "”": (DOUBLE, "curly", CLOSE),
    "„": (DOUBLE, "curly", OPEN),
    "‟": (DOUBLE, "curly", OPEN),
    "«": (DOUBLE, "angle", OPEN),
    "»": (DOUBLE, "angle", CLOSE),
    "``": (DOUBLE, "latex", OPEN),
    "''": (DOUBLE, "latex", EITHER),
    "‘‘": (DOUBLE, "curly", OPEN),
    "’’": (DOUBLE, "curly", CLOSE),
    "'": (SINGLE, "straight", EITHER),
    "‘": (SINGLE, "curly", OPEN),
    "’": (SINGLE, "curly", CLOSE),
    "‚": (SINGLE, "curly", OPEN),
    "‛": (SINGLE, "curly", OPEN),
    "‹": (SINGLE, "angle", OPEN),
    "›": (SINGLE, "angle", CLOSE),
    "`": (SINGLE, "latex", OPEN),
}
_DOUBLE_GLYPHS = '"“”„‟«»'
_SINGLE_APOSTROPHES = "'’‘`"  # single marks that also serve as apostrophes
# A run of one kind of mark is read as a whole: “” is a typo for one mark, ``'''' `` ends
# two LaTeX quotes, ''this'' is a newswire double mark.
_MARK_RUN = re.compile(r"`+|'+|‘‘|’’|[\"“”„‟«»]+|[‘’‚‛‹›]")
# Words that begin with an apostrophe: 'Tis, 'em, rock 'n' roll, 'cause.
_ELIDED = re.compile(r"(?:tis|twas|twere|twould|twill|em|n|cause|cos|cuz|til|bout|nuff|cept)\b", re.IGNORECASE)
_SENTENCE_END = set(".!?…")  # a mark right after one closes: "stand.“["
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_BEFORE_OPENER = set("([{—–-/") | set(_DOUBLE_GLYPHS) | set("'‘’‚‛‹›`")
_AFTER_CLOSER = set(".,;:!?)]}—–-…") | set(_DOUBLE_GLYPHS) | set("'‘’‚‛‹›`")


@dataclass(frozen=True, slots=True)
class MarkedPassage:
    """One passage in quotation marks.

    ``parts`` are the stretches between the marks, one per paragraph when the passage
    runs over several; ``outer`` runs from the opening mark to the closing one, or to
    where the passage starts or ends when a mark is missing (``opened``, ``closed``).
    ``nested`` are the marked passages inside it (“how “are” you”), each with its own
    ``nested``; in an unclosed passage (an excerpt whose closing mark comes paragraphs
    later, or never) they may be the quotations that matter.
    """

    parts: tuple[tuple[int, int], ...]
    outer: tuple[int, int]
    family: str
    nested: tuple[MarkedPassage, ...] = ()
    opened: bool = True  # False: no opening mark, the passage starts its paragraph
    closed: bool = True  # False: no closing mark, the passage runs to its paragraph's end

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
    kind: str
    role: str  # open, close, either
    glyphs: str  # the run, for closing runs that end several passages at once
    loose: bool = False  # space on both sides: a stray mark unless something closes it
    weak: bool = False  # a single closer between words: maybe an apostrophe (the boys' bikes)


@dataclass(slots=True)
class _Found:
    outer: tuple[int, int]
    parts: list[tuple[int, int]]
    family: str
    opened: bool = True
    closed: bool = True


@dataclass(slots=True)
class _Frame:
    family: str
    kind: str
    outer_start: int
    part_start: int
    parts: list[tuple[int, int]] = field(default_factory=list)


def _context(text: str, start: int, end: int) -> tuple[bool, bool]:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    can_open = (before.isspace() or before in _BEFORE_OPENER) and not after.isspace()
    can_close = not before.isspace() and (
        after.isspace() or after in _AFTER_CLOSER or (before in _SENTENCE_END and not after.isalnum())
    )
    return can_open, can_close


def _spaced(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1].isspace()) and (end == len(text) or text[end].isspace())


def _is_apostrophe(text: str, start: int, end: int) -> bool:
    """A single mark inside a word or starting an elided one: Assad’s, ’90s, 'Tis, rock 'n' roll."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True
    if after.isdigit() and text[start] in "’'":
        return True
    if not before.isalnum() and _ELIDED.match(text, end):
        return True
    # the second mark of 'n'
    return start >= 2 and text[start - 1] in "nN" and text[start - 2] in _SINGLE_APOSTROPHES


def _role(can_open: bool, can_close: bool, preferred: str) -> str:
    if can_open and not can_close:
        return OPEN
    if can_close and not can_open:
        return CLOSE
    return preferred


def _read_marks(text: str) -> list[_Mark]:
    """Every quotation mark with its role; apostrophes and empty pairs are left out."""
    marks: list[_Mark] = []
    for match in _MARK_RUN.finditer(text):
        start, end = match.span()
        run = match.group()
        if run[0] in _SINGLE_APOSTROPHES:
            if len(run) > 1 and run[0] != "`" and _ELIDED.match(text, end):
                end -= 1  # ''Tis: the last one belongs to the word
                run = run[:-1]
            if len(run) == 1 and _is_apostrophe(text, start, end):
                continue
        can_open, can_close = _context(text, start, end)
        if run[0] == "`":
            glyph = "``" if len(run) > 1 else "`"
        elif run[0] == "'":
            glyph = "''" if len(run) > 1 else "'"
        elif run in ("‘‘", "’’"):
            glyph = run
        else:
            glyph = run[0]
        family, kind, preferred = _GLYPHS[glyph]
        role = _role(can_open, can_close, preferred)
        if run[0] in _DOUBLE_GLYPHS and len(run) > 1 and not (can_open ^ can_close):
            if set(run) == {'"'} or (any(g in "“„‟«" for g in run) and any(g in "”»" for g in run)):
                continue  # “” or "" standing alone: an empty pair, no passage (text.for_parsing blanks it)
        if run[0] == "`" and role == CLOSE:
            continue  # a backtick only ever opens
        loose = role == EITHER and _spaced(text, start, end)
        weak = (
            family == SINGLE
            and len(run) == 1
            and role == CLOSE
            and start > 0
            and text[start - 1].isalnum()
            and end + 1 < len(text)
            and text[end].isspace()
            and text[end + 1].isalnum()
        )
        marks.append(_Mark(start, end, family, kind, role, run, loose, weak))
    return marks


class _Scanner:
    """Pairs the marks of one text with a stack, paragraph by paragraph."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.marks = _read_marks(text)
        self.starts = Blocks(text).starts
        self.blank_lines = [m.start() for m in _BLANK_LINE.finditer(text)]
        n = len(self.marks)
        self.block_of = [bisect_left(self.starts, m.start + 1) - 1 for m in self.marks]
        # index of the next mark of each family at or after i; of the next single mark
        # after i that opens or closes for sure (what decides a weak closer)
        self.next_of: dict[str, list[int]] = {DOUBLE: [n] * (n + 1), SINGLE: [n] * (n + 1)}
        self.next_single_signal = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            mark = self.marks[i]
            for family, nxt in self.next_of.items():
                nxt[i] = i if mark.family == family else nxt[i + 1]
            after = self.next_single_signal[i + 1]
            self.next_single_signal[i] = after
            if i + 1 < n:
                following = self.marks[i + 1]
                if following.family == SINGLE and not following.weak:
                    self.next_single_signal[i] = i + 1
        self.stack: list[_Frame] = []
        self.found: list[_Found] = []

    # --- the scan --------------------------------------------------------------------
    def scan(self) -> list[_Found]:
        block = 0
        first_in_block = True
        skip = -1
        for i, mark in enumerate(self.marks):
            while self.block_of[i] > block:
                if self.stack:
                    skip = self._end_block(block, i)
                    block += 1
                else:
                    block = self.block_of[i]
                first_in_block = True
            if i == skip:
                first_in_block = False
                continue
            self._step(i, mark, block, first_in_block)
            first_in_block = False
        if self.stack:
            self._end_block(block, len(self.marks))
        return self.found

    def _step(self, i: int, mark: _Mark, block: int, first_in_block: bool) -> None:
        role = mark.role
        if role == EITHER:
            if self._match(mark.family, mark.kind) is not None:
                role = CLOSE
            elif mark.loose and not self._closes_later(i, block):
                return
            else:
                role = OPEN
        if role == OPEN:
            if len(self.stack) < tuning.MARK_NESTING_DEPTH:
                self.stack.append(_Frame(mark.family, mark.kind, mark.start, mark.end))
            return
        if mark.weak and self._apostrophe_after_all(i, block):
            return
        if self._close_run(mark) == 0 and not self.stack and first_in_block and mark.family == DOUBLE:
            # A closing mark with none before it in the paragraph: the opening mark was
            # left out where the paragraph starts.
            start = self.starts[block]
            if " " in self.text[start : mark.start]:
                self.found.append(_Found((start, mark.end), [(start, mark.start)], DOUBLE, opened=False))

    def _closes_later(self, i: int, block: int) -> bool:
        j = self.next_of[self.marks[i].family][i + 1]
        return j < len(self.marks) and self.block_of[j] == block and self.marks[j].role != OPEN

    def _apostrophe_after_all(self, i: int, block: int) -> bool:
        """A single closer between words (the boys' bikes) when a sure closer follows."""
        if not self.stack or self.stack[-1].family != SINGLE:
            return False
        j = self.next_single_signal[i]
        return j < len(self.marks) and self.block_of[j] == block and self.marks[j].role == CLOSE

    def _match(self, family: str, kind: str) -> int | None:
        """The open passage a closer of ``family`` and ``kind`` ends, if any.

        The innermost of its family opened by a mark of its kind, else the innermost of
        its family. A single closer never reaches past an open double passage (it is
        more likely an apostrophe); a double one drops the singles it passes.
        """
        nearest = None
        for index in range(len(self.stack) - 1, -1, -1):
            frame = self.stack[index]
            if frame.family != family:
                if family == SINGLE:
                    return None
                continue
            if nearest is None:
                nearest = index
            if "straight" in (kind, frame.kind) or frame.kind == kind:
                return index
        return nearest

    def _close_run(self, mark: _Mark) -> int:
        """Close as many passages as the run of marks ends; how many it closed."""
        closed = 0
        offset = mark.start
        run = mark.glyphs
        while offset < mark.end:
            if run[0] == "'" and len(run) > 1:
                top = self.stack[-1] if self.stack else None
                width = 2 if top is not None and top.family == DOUBLE else 1
                family, kind = (DOUBLE, "latex") if width == 2 else (SINGLE, "straight")
            elif run in ("’’", "‘‘") or len(run) == 1:
                width, family, kind = len(run), mark.family, mark.kind
            else:
                width = 1
                family, kind, _ = _GLYPHS[self.text[offset]]
            if offset + width > mark.end:
                break
            index = self._match(family, kind)
            if index is None and closed == 0 and self._typo_for_double(mark):
                index = len(self.stack) - 1
            if index is None:
                break
            del self.stack[index + 1 :]
            frame = self.stack.pop()
            frame.parts.append((frame.part_start, mark.start if closed == 0 else offset))
            self.found.append(_Found((frame.outer_start, offset + width), frame.parts, frame.family))
            offset += width
            closed += 1
        return closed

    def _typo_for_double(self, mark: _Mark) -> bool:
        """A single closer after a full stop that can only end a double passage: “Go.’"""
        return (
            mark.family == SINGLE
            and len(mark.glyphs) == 1
            and mark.start > 0
            and self.text[mark.start - 1] in ".!?,;"
            and bool(self.stack)
            and all(frame.family == DOUBLE for frame in self.stack)
        )

    # --- paragraph ends --------------------------------------------------------------
    def _end_block(self, block: int, next_mark: int) -> int:
        """Close, carry or continue what is open at the end of ``block``.

        The outermost open double passage (or, failing one, a single one) goes on when
        the next paragraph reopens it with a mark at its start, or when the text goes on
        over single line breaks to a closing mark of its family (a hard-wrapped quote);
        otherwise a double passage ends with the paragraph and a single one was an
        apostrophe. Returns the index of a reopening mark the scan must skip, or -1.
        """
        end = self.starts[block + 1] if block + 1 < len(self.starts) else len(self.text)
        while end > 0 and self.text[end - 1].isspace():
            end -= 1
        doubles = [f for f in self.stack if f.family == DOUBLE]
        candidates = doubles[:1] if doubles else self.stack
        self.stack = []
        for frame in candidates:
            if self._reopens(frame, block, next_mark):
                frame.parts.append((frame.part_start, end))
                frame.part_start = self.marks[next_mark].end
                self.stack = [frame]
                return next_mark
            if self._wraps(frame, end, next_mark):
                self.stack = [frame]
                return -1
        if doubles:
            frame = doubles[0]
            frame.parts.append((frame.part_start, end))
            self.found.append(_Found((frame.outer_start, end), frame.parts, DOUBLE, closed=False))
        return -1

    def _reopens(self, frame: _Frame, block: int, next_mark: int) -> bool:
        if next_mark >= len(self.marks) or block + 1 >= len(self.starts):
            return False
        mark = self.marks[next_mark]
        # the same kind of mark as the one that opened it: “ after " starts a new quote
        return mark.start == self.starts[block + 1] and mark.kind == frame.kind and mark.role != CLOSE

    def _wraps(self, frame: _Frame, end: int, next_mark: int) -> bool:
        j = self.next_of[frame.family][next_mark] if next_mark < len(self.marks) else len(self.marks)
        if j >= len(self.marks) or self.marks[j].role != CLOSE or self.marks[j].weak:
            return False
        blank = bisect_left(self.blank_lines, end)
        return blank == len(self.blank_lines) or self.blank_lines[blank] >= self.marks[j].start


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_passages(text: str) -> list[MarkedPassage]:
    """Every top-level passage in quotation marks, in text order, with those inside it."""
    found = _Scanner(text).scan()
    # A stack pairs marks, so passages nest or are disjoint: one sweep builds the tree.
    found.sort(key=lambda item: (item.outer[0], -item.outer[1]))
    top: list[MarkedPassage] = []
    open_: list[tuple[_Found, list[MarkedPassage]]] = []

    def finish() -> None:
        item, nested = open_.pop()
        parts = tuple(s for s in (_strip(text, a, b) for a, b in item.parts) if s[0] < s[1])
        if parts:
            passage = MarkedPassage(parts, item.outer, item.family, tuple(nested), item.opened, item.closed)
            (open_[-1][1] if open_ else top).append(passage)

    for item in found:
        while open_ and (item.outer[0] >= open_[-1][0].outer[1] or item.outer[1] > open_[-1][0].outer[1]):
            finish()
        open_.append((item, []))
    while open_:
        finish()
    return top
