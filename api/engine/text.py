"""Text-level helpers: paragraph blocks and the same-length clean-up before parsing."""

from __future__ import annotations

import re
from bisect import bisect_right

import numpy
from spacy.tokens import Doc

# Spaces that spaCy does not split on. Each becomes one ASCII space, so offsets in the
# parsed copy are offsets in the text as sent.
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\r\f\v]")


def plain_spaces(text: str) -> str:
    """``text`` with every odd space (no-break, thin, tab, ...) a plain one."""
    return _ODD_SPACES.sub(" ", text)


# spaCy's tokenizer strips prefixes and suffixes one at a time, which is quadratic in
# the length of a run without spaces ('"' * 20_000 takes 30 s). No word is this long.
_LONG_RUN = re.compile(r"\S{301,}")
_RUN_PIECE = 100


def _break_run(match: re.Match[str]) -> str:
    run = match.group()
    return " ".join(run[i + 1 if i else 0 : i + _RUN_PIECE] for i in range(0, len(run), _RUN_PIECE))


# Six or more punctuation characters in a row say nothing to the parser but cost a
# token each: the copy keeps the first and blanks the rest.
_PUNCT_RUN = re.compile(r"[^\w\s]{6,}")


def _blank_run(match: re.Match[str]) -> str:
    run = match.group()
    return run[0] + " " * (len(run) - 1)


# An empty pair of marks standing alone (“” or “ ” between spaces) quotes nothing
# (``marks.py`` skips it or pairs it with nothing inside) but costs the parser two tokens:
# `“” ` over and over gave spaCy 3.5 times the tokens of prose. The copy blanks it.
# Straight marks with a space between stay: either of them may close a quote.
_EMPTY_PAIR = re.compile(r"(?<!\S)(?:[“„‟«]+ *[”»]+|\"{2,}|‘ *’|‹ *›)(?!\S)")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def for_parsing(text: str) -> str:
    """A copy of ``text`` with the same length, safe and cheap to parse.

    Odd spaces become plain spaces, empty pairs of marks standing alone become spaces,
    runs of six or more punctuation characters keep only their first, and runs of over
    300 characters without a space get one every 100 characters. Each change replaces
    one character with one, so offsets into the copy are offsets into the text as sent.
    """
    text = _EMPTY_PAIR.sub(_blank, plain_spaces(text))
    text = _PUNCT_RUN.sub(_blank_run, text)
    return _LONG_RUN.sub(_break_run, text)


_NEWLINE = re.compile(r"\n\s*")


class Blocks:
    """Paragraphs: a quotation and its attribution never reach across one.

    A line break starts a new block unless the line before clearly runs on (it ends in a
    comma, or in a word with the next line starting in lower case), as in hard-wrapped
    text. Across a blank line only a word cut mid-sentence runs on (double-spaced
    hard-wrapped text): a letter, then a lower-case word that is not a name like iPhone.
    The mark scanner (``marks.py``) and the sentence starts share this one definition.
    """

    def __init__(self, text: str) -> None:
        starts = [0]
        for match in _NEWLINE.finditer(text):
            i = match.start() - 1
            while i >= 0 and text[i].isspace():
                i -= 1
            last = text[i] if i >= 0 else ""
            after = text[match.end() : match.end() + 2]
            runs_on = last == "," or (last.isalnum() and after[:1].islower())
            if runs_on and last != "," and match.group().count("\n") > 1:
                runs_on = last.isalpha() and not after[1:].isupper()
            if not runs_on and match.end() < len(text):
                starts.append(match.end())
        self.starts = starts

    def index(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1


def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence at every paragraph, so the parser never links two paragraphs.

    One array write: ``Token.is_sent_start = True`` scans the whole document each time
    (it checks for a parse first), which is quadratic in the number of paragraphs.
    """
    offsets = doc.to_array("IDX").astype(numpy.int64)
    starts = numpy.asarray(Blocks(doc.text).starts, dtype=numpy.int64)
    sent_starts = doc.to_array("SENT_START").astype(numpy.int64)
    sent_starts[numpy.isin(offsets, starts)] = 1
    column = sent_starts.astype(numpy.uint64).reshape(-1, 1)
    doc.from_array(["SENT_START"], column)  # type: ignore[arg-type]  # thinc's Ints2d is this array
    return doc
