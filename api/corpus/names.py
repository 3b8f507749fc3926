"""One key per person or organisation across a corpus: speaker names, normalised.

"Mr. Trump", "President Trump" and "Trump's" are one key, ``trump``; "Bashar al-Assad"
and "Bashar Assad" are ``bashar assad`` (the Arabic article inside a name is a spelling).
A bare surname joins the full name later, in Spark, when only one full name of a person
in the whole corpus ends with it (``job.person_keys``).
"""

from __future__ import annotations

import re
import unicodedata

# Titles and honorifics dropped from the front of a name (lower case, without the dot).
# Words that also begin names of things ("General Motors", "State Department", "Justice
# Department") are left out: a title is only dropped when a word follows it anyway.
TITLES = frozenset(
    """
    mr mrs ms miss mx dr prof professor sir dame lord lady rev reverend
    president vice prime minister premier chancellor secretary sen senator rep representative
    congressman congresswoman gov governor lt col gen capt cmdr adm admiral sgt sergeant
    mayor judge ambassador queen prince princess pope sheikh imam rabbi cardinal bishop
    chairman chairwoman former acting deputy spokesman spokeswoman spokesperson
    """.split()
)
# Titles of several words, dropped before the single words above.
TITLE_PHRASES = (("secretary", "of", "state"), ("attorney", "general"), ("secretary", "general"))
ARTICLES = frozenset({"the", "a", "an"})
PRONOUNS = frozenset("i we you he she it they him her them us me".split())
# The Arabic article that some spellings of a name keep and others drop ("al-Assad").
NAME_ARTICLES = frozenset({"al", "el"})

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NOT_WORD = re.compile(r"[^\w']+")


def _plain(name: str) -> str:
    """Without diacritics, apostrophes all alike ("Ja’afari" keeps its apostrophe)."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _word(token: str) -> str:
    """A word without a possessive ending: "Trump's" and "Reuters'" lose it."""
    if token.lower().endswith("'s"):
        token = token[:-2]
    return token.strip("'")


def normalise(name: str) -> str | None:
    """The corpus key of a speaker's name, or None for a bare pronoun or nothing at all.

    A title goes only before a capitalised word: "President Obama" is ``obama``, but
    "a spokesperson of the army" keeps its spokesperson.
    """
    words = [w for w in (_word(t) for t in _NOT_WORD.split(_plain(name))) if w]
    keys = [w.casefold() for w in words]
    if not keys or (len(keys) == 1 and keys[0] in PRONOUNS):
        return None

    def title_at(start: int, size: int) -> bool:
        return start + size < len(keys) and words[start + size][:1].isupper()

    start, moved = 0, True
    while moved:
        moved = False
        if start < len(keys) - 1 and keys[start] in ARTICLES:
            start, moved = start + 1, True
        for phrase in TITLE_PHRASES:
            if tuple(keys[start : start + len(phrase)]) == phrase and title_at(start, len(phrase)):
                start, moved = start + len(phrase), True
        if keys[start] in TITLES and title_at(start, 1):
            start, moved = start + 1, True
    rest = keys[start:]
    return " ".join(k for i, k in enumerate(rest) if not (0 < i < len(rest) - 1 and k in NAME_ARTICLES))
