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

#: The clock a document's budget is measured by: CPU time of the thread that analyses it,
#: so that the same text gets the same answer on a busy machine as on a quiet one (a
#: deterministic analysis over its budget fails the same way again). A batch's budget is
#: in wall time (``wall``), since it bounds the request against the worker timeout. Tests
#: put clocks of their own here.
clock = time.thread_time
wall = time.perf_counter


class DocumentTimeout(Exception):
    """One document's analysis passed its budget."""

    def __init__(self, characters: int, seconds: float, batch: bool = False) -> None:
        super().__init__(f"the analysis of a document of {characters:,} characters passed its budget of {seconds:g} s")
        self.characters = characters
        self.seconds = seconds
        #: The budget was what was left of a batch's, not the document's own.
        self.batch = batch


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
    """When the analysis of one document must end: after ``seconds`` of :data:`clock`, and
    no later than ``until`` (a time of :data:`wall`: the end of its batch); None: never."""

    __slots__ = ("_end", "_until", "characters", "seconds")

    def __init__(self, seconds: float | None, characters: int, until: float | None = None) -> None:
        self.characters = characters
        self.seconds = seconds
        self._end = None if seconds is None else clock() + seconds
        self._until = until

    def check(self) -> None:
        """Raise :class:`DocumentTimeout` once the budget, or the batch's, is spent."""
        if self._end is not None and clock() > self._end:
            raise DocumentTimeout(self.characters, self.seconds or 0.0)
        if self._until is not None and wall() > self._until:
            raise DocumentTimeout(self.characters, self.seconds or 0.0, batch=True)


#: For callers that run the rules without a budget (tests, tools).
NO_DEADLINE = Deadline(None, 0)
