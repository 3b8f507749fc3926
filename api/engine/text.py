"""Text-level helpers: paragraph blocks and the same-length clean-up before parsing."""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc

# Spaces that spaCy does not split on. Each becomes one ASCII space, so offsets in the
# parsed copy are offsets in the text as sent.
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\r\f\v]")


def for_parsing(text: str) -> str:
    """A copy of ``text`` with the same length whose odd spaces are plain spaces."""
    return _ODD_SPACES.sub(" ", text)


_NEWLINE = re.compile(r"\n\s*")


class Blocks:
    """Paragraphs: a quotation and its attribution never reach across one.

    A line break starts a new block unless the line before clearly runs on (it ends in a
    comma, or in a word with the next line starting in lower case), as in hard-wrapped
    text.
    """

    def __init__(self, text: str) -> None:
        starts = [0]
        for match in _NEWLINE.finditer(text):
            i = match.start() - 1
            while i >= 0 and text[i].isspace():
                i -= 1
            last = text[i] if i >= 0 else ""
            after = text[match.end() : match.end() + 1]
            runs_on = last == "," or ("\n\n" not in match.group() and last.isalnum() and after.islower())
            if not runs_on and match.end() < len(text):
                starts.append(match.end())
        self.starts = starts

    def index(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence at every paragraph, so the parser never links two paragraphs."""
    starts = set(Blocks(doc.text).starts)
    for token in doc[1:]:
        if token.idx in starts:
            token.is_sent_start = True
    return doc
