"""A time budget per document, checked between steps: no signals, any thread.

The engine starts a :class:`Deadline` for each document and checks it between spaCy's
pipeline components; the rules check it in their outer loops (per passage, per token of
the reported-speech pass, per speaker). Past it, :class:`DocumentTimeout` unwinds the
analysis, so the memory zone around it is left as after any exception. The check costs a
clock read; a step is never cut short, so a document can overrun by at most one step
(one pipeline component, or one token's rules).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Literal

#: The clock budgets are measured by: wall time, since the budget bounds how long a worker
#: is taken (tests put a clock of their own here).
clock = time.perf_counter


class DocumentTimeout(Exception):
    """One document's analysis passed its budget."""

    def __init__(self, characters: int, seconds: float) -> None:
        super().__init__(f"the analysis of a document of {characters:,} characters passed its budget of {seconds:g} s")
        self.characters = characters
        self.seconds = seconds


@dataclass(frozen=True, slots=True)
class DocumentFailure:
    """What ``Engine.analyze_many`` gives for a document it could not analyse.

    ``reason`` is ``timeout`` (over the budget) or ``error`` (a defect: an exception in
    the parser or the rules); ``detail`` says which, in words safe to log and to show,
    never the text. ``error`` is the exception, its frames cleared, for the caller's log.
    """

    reason: Literal["timeout", "error"]
    detail: str
    characters: int
    error: BaseException | None = field(default=None, compare=False, repr=False)


class Deadline:
    """When the analysis of one document must end; ``seconds=None``: never."""

    __slots__ = ("_end", "characters", "seconds")

    def __init__(self, seconds: float | None, characters: int) -> None:
        self.seconds = seconds
        self.characters = characters
        self._end = None if seconds is None else clock() + seconds

    def check(self) -> None:
        """Raise :class:`DocumentTimeout` once the budget is spent."""
        if self._end is not None and clock() > self._end:
            raise DocumentTimeout(self.characters, self.seconds or 0.0)


#: For callers that run the rules without a budget (tests, tools).
NO_DEADLINE = Deadline(None, 0)
