"""One parsed article as the rules see it: tokens, paragraphs and marked passages."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cached_property

from spacy.tokens import Doc, Token

from .budget import NO_DEADLINE, Deadline
from .marks import MarkedPassage
from .text import Blocks

SENTENCE_END = frozenset({".", "!", "?"})
# The dateline that opens a paragraph: a place in capitals, perhaps a region or date and an
# agency in brackets, then a dash: "WASHINGTON —", "LONDON (Reuters) -", "ST. PAUL, Minn. --".
_CAPITALS = r"[A-Z][A-Z.'’-]*[A-Z.]"
DATELINE = re.compile(
    rf"^[ \t]*{_CAPITALS}(?:[ \t]+{_CAPITALS}){{0,3}}"
    r"(?:,[ \t]+[A-Z][\w.'’-]*(?:[ \t]+[\w.'’-]+){0,2})?"
    r"(?:[ \t]*\([^()\n]{1,30}\))?[ \t]*(?:[—–]|(?:--|-|_)(?=[ \t]))",
    re.MULTILINE,
)


class Article:
    """Index of a parsed ``doc``: which paragraph each token is in, which passage it is inside.

    ``text``: the characters the rules read (``doc.text``, or its ``for_parsing`` copy);
    ``deadline``: the document's time budget, which the rules check in their outer loops.
    """

    def __init__(self, doc: Doc, passages: list[MarkedPassage], text: str, deadline: Deadline = NO_DEADLINE) -> None:
        self.doc = doc
        self.deadline = deadline
        self.text = text
        self.blocks = Blocks(self.text)
        self.passages = passages
        tokens = list(doc)  # one Token object each, read by every loop below
        self.starts = [token.idx for token in tokens]
        self.token_block = [self.blocks.index(start) for start in self.starts]
        self._texts = [token.text for token in tokens]
        # token index -> passage number, for tokens inside marks (marks included)
        self.inside: list[int] = [-1] * len(doc)
        self.bounds: list[tuple[int, int]] = []  # first and last token of each passage
        for number, passage in enumerate(passages):
            first = self.token_at(passage.outer[0])
            last = self.token_at(passage.outer[1] - 1)
            self.bounds.append((first, last))
            for i in range(first, last + 1):
                self.inside[i] = number

        # word_count[i]: words among tokens [0, i), so that counting any range is O(1).
        self.word_count = [0]
        for token in tokens:
            self.word_count.append(self.word_count[-1] + (not token.is_punct and not token.is_space))
        # The sentence of each token by its punctuation and paragraph, whatever the parser
        # joined: [sentence_start[i], sentence_end[i]) holds token i.
        self.sentence_start = [0] * len(doc)
        self.sentence_end = [len(doc)] * len(doc)
        start = 0
        for i in range(len(doc)):
            if i and (self.token_block[i] != self.token_block[i - 1] or self._ends_sentence(i - 1)):
                start = i
            self.sentence_start[i] = start
        end = len(doc)
        for i in range(len(doc) - 1, -1, -1):
            if i + 1 < len(doc) and self.sentence_start[i + 1] == i + 1:
                end = i + 1
            self.sentence_end[i] = end

    @cached_property
    def dateline(self) -> frozenset[int]:
        """Tokens of the datelines that open paragraphs ("WASHINGTON —"): never a source."""
        tokens: set[int] = set()
        for match in DATELINE.finditer(self.text):
            tokens.update(range(self.token_at(match.start()), self.token_at(match.end() - 1) + 1))
        return frozenset(tokens)

    def _ends_sentence(self, i: int) -> bool:
        """A full stop, question or exclamation mark outside quotation marks, or closing them
        before a capital (“... at the convention.” He grows angry ...)."""
        if self._texts[i] not in SENTENCE_END:
            return False
        number = self.inside[i]
        if number == -1:
            return True
        last = self.bounds[number][1]
        return last - i <= 1 and last + 1 < len(self._texts) and self._texts[last + 1][:1].isupper()

    def token_at(self, offset: int) -> int:
        """The token that covers (or last starts before) a character offset."""
        i = bisect_left(self.starts, offset)
        if i == len(self.starts) or self.starts[i] > offset:
            i -= 1
        return max(i, 0)

    def words(self, start: int, end: int) -> list[Token]:
        """Tokens [start, end) that are words, not punctuation or space."""
        return [t for t in self.doc[start:end] if not t.is_punct and not t.is_space]

    def count_words(self, start: int, end: int) -> int:
        """How many of tokens [start, end) are words, in constant time."""
        return self.word_count[max(end, start)] - self.word_count[start]

    def same_block(self, *tokens: int) -> bool:
        return len({self.token_block[i] for i in tokens}) == 1
