"""One key per person or organisation across a corpus: speaker names, normalised.

"Mr. Trump", "President Trump" and "Trump's" are one key, ``trump``; "Bashar al-Assad"
and "Bashar Assad" are ``bashar assad`` (the Arabic article inside a name is a spelling).
A bare surname joins the full name later, in Spark, when only one full name of a person
in the whole corpus ends with it (``people.person_keys``).

Only proper names are grouped across a corpus (:func:`named`): "the governor", "a source",
"those" and "Ann Lee and Tom Fox" are a different person in every article that says them.
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
# Descriptions kept in front of a name ("Billionaire Ann Lee", "Striker Tom Fox"): dropped
# like titles, before a capitalised word, so that the name joins the same name without them.
DESCRIPTORS = frozenset(
    """
    billionaire millionaire tycoon magnate mogul businessman businesswoman entrepreneur investor
    activist author writer novelist poet journalist reporter columnist editor anchor host
    actor actress singer rapper musician comedian director producer star celebrity
    striker coach manager captain player goalkeeper champion
    lawmaker legislator politician candidate nominee incumbent challenger leader official
    economist analyst scientist researcher professor lawyer attorney doctor surgeon
    ceo founder cofounder chief executive boss chair head commissioner officer detective
    inspector superintendent sheriff chief
    """.split()
)
# Titles of several words, dropped before the single words above.
TITLE_PHRASES = (("secretary", "of", "state"), ("attorney", "general"), ("secretary", "general"))
ARTICLES = frozenset({"the", "a", "an"})
PRONOUNS = frozenset("i we you he she it they him her them us me".split())
# Words that stand for people without naming anyone: never a name, even capitalised.
NOT_NAMES = frozenset(
    """
    this that these those some many most few several all both each either neither none one ones
    other others another someone somebody anyone anybody everyone everybody nobody who whom
    which what whoever
    """.split()
)
# Small words that names of people and organisations keep inside, in lower case.
PARTICLES = frozenset("of for the and de del della da das do dos du la le van von der den ter bin ibn al el y".split())
_PAIR = re.compile(r"\s(?:and|or|&)\s|,|\s/\s", re.IGNORECASE)
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


def normalise(name: str, kind: str = "person") -> str | None:
    """The corpus key of a speaker's name, or None for a bare pronoun or nothing at all.

    A title goes only before a capitalised word: "President Obama" is ``obama``, but
    "a spokesperson of the army" keeps its spokesperson. Descriptors go the same way, but
    not from an organisation's name ("Star Alliance" stays whole).
    """
    words = _name_words(name)
    keys = [w.casefold() for w in words]
    if not keys or (len(keys) == 1 and keys[0] in PRONOUNS):
        return None
    rest = keys[_name_start(words, kind != "organization") :]
    return " ".join(k for i, k in enumerate(rest) if not (0 < i < len(rest) - 1 and k in NAME_ARTICLES))


def named(name: str, kind: str) -> bool:
    """Whether a speaker is named by a proper name, which may be grouped across documents.

    What is left after the articles, titles and descriptors must be capitalised words (with
    lower-case particles inside: "Syrian Observatory for Human Rights"); a description ("the
    governor", "a Smith supporter"), a pronoun or a determiner ("those", "Some"), a plural of
    a common noun (the engine's ``group``: "Experts") or a pair ("Ann Lee and Tom Fox", "X, Y")
    is not a name.
    """
    if kind == "group" or (kind != "organization" and _PAIR.search(name)):
        return False
    words = _name_words(name)
    if not words or words[0].casefold() in ("a", "an"):  # "a Reuters reporter" describes
        return False
    rest = words[_name_start(words, kind != "organization") :]
    if not rest or rest[0].casefold() in NOT_NAMES | PRONOUNS | ARTICLES | PARTICLES:
        return False
    if len(rest) == 1 and rest[0].casefold() in TITLES | DESCRIPTORS:  # "The Governor"
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.casefold() in PARTICLES for w in rest)


def _name_words(name: str) -> list[str]:
    return [w for w in (_word(t) for t in _NOT_WORD.split(_plain(name))) if w]


def _name_start(words: list[str], descriptors: bool = True) -> int:
    """Where the name begins after leading articles, titles and descriptors."""
    keys = [w.casefold() for w in words]

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
        title = keys[start] in TITLES or (descriptors and keys[start] in DESCRIPTORS)
        if title and title_at(start, 1):
            start, moved = start + 1, True
    return start
