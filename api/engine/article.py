"""One parsed article as the rules see it: tokens, paragraphs and marked passages."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Token

from .marks import MarkedPassage
from .text import Blocks

SENTENCE_END = frozenset({".", "!", "?"})


class Article:
    """Index of a parsed ``doc``: which paragraph each token is in, which passage it is inside."""

    def __init__(self, doc: Doc, passages: list[MarkedPassage]) -> None:
        self.doc = doc
        self.text = doc.text
        self.blocks = Blocks(self.text)
        self.passages = passages
        self.starts = [token.idx for token in doc]
        self.token_block = [self.blocks.index(token.idx) for token in doc]
        # token index -> passage number, for tokens inside marks (marks included)
        self.inside: list[int] = [-1] * len(doc)
        self.bounds: list[tuple[int, int]] = []  # first and last token of each passage
        for number, passage in enumerate(passages):
            first = self.token_at(passage.outer[0])
            last = self.token_at(passage.outer[1] - 1)
            self.bounds.append((first, last))
            for i in range(first, last + 1):
                self.inside[i] = number

    def token_at(self, offset: int) -> int:
        """The token that covers (or last starts before) a character offset."""
        i = bisect_left(self.starts, offset)
        if i == len(self.starts) or self.starts[i] > offset:
            i -= 1
        return max(i, 0)

    def words(self, start: int, end: int) -> list[Token]:
        """Tokens [start, end) that are words, not punctuation or space."""
        return [t for t in self.doc[start:end] if not t.is_punct and not t.is_space]

    def same_block(self, *tokens: int) -> bool:
        return len({self.token_block[i] for i in tokens}) == 1
