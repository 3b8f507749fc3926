"""Walks up the parse that end by construction.

In spaCy a root is its own head, so a hand-written ``while ...: token = token.head``
never ends on a root that meets its condition (a sentence whose root is a noun: a
headline, a caption, a fragment). Every walk up the tree goes through :func:`heads`,
which stops at the root and after at most as many steps as the document has tokens
(a tree is never deeper), so no parse shape can make a rule loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Token


def heads(token: Token) -> Iterator[Token]:
    """The token's head, its head's head, and so on up to the root; never the token itself."""
    for _ in range(len(token.doc)):
        head = token.head
        if head.i == token.i:
            return
        yield head
        token = head


def climb(token: Token, goes_on: Callable[[Token, Token], bool]) -> Token:
    """Up from ``token`` while ``goes_on(current, head)`` holds; the last token reached."""
    for head in heads(token):
        if not goes_on(token, head):
            break
        token = head
    return token
