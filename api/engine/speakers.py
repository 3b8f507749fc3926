"""Speaker mentions, and their resolution to one speaker per person or organisation.

A mention is the noun phrase a cue points at. Proper names are grouped by surname
("Lister" is "Charles Lister", "Assad" is "Bashar al-Assad"); ``he``/``she`` go to the
latest person speaker nearby, ``it`` and ``they`` to the latest organisation or group;
a definite role ("the U.S. official") to the latest named person. Each speaker is named
by the fullest proper name among its mentions.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Literal

from spacy.tokens import Doc, Span, Token

from . import lexicon, tuning
from .results import SpeakerKind
from .sources import named
from .text import plain_spaces

_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
Gender = Literal["female", "male"]
_PERSON_WINDOW = tuning.PERSON_WINDOW_PARAGRAPHS


@dataclass
class Mention:
    start: int
    end: int
    name: str
    kind: SpeakerKind
    proper: bool
    pronoun: bool
    definite_role: bool
    descriptors: list[str]
    block: int
    members: list[int] = field(default_factory=list)  # head tokens of a coordination's names
    member: bool = False  # a name inside a coordination: "Lee" in "Lee and Ross said"
    gender: Gender | None = None  # what the mention itself says: "she", "Mrs. Lee", "the spokesman"

    def __post_init__(self) -> None:
        # Names and descriptors are labels, not spans: a no-break space in the text reads as
        # a space, in the Doc of the text as sent (the spaCy component) as in its copy.
        self.name = plain_spaces(self.name)
        self.descriptors = [plain_spaces(d) for d in self.descriptors]


@dataclass
class Entity:
    """One speaker: its mentions, and what is known of it, kept up to date as they come."""

    mentions: list[Mention] = field(default_factory=list)
    last: int = -1  # offset of the latest mention
    last_block: int = -1
    keys: set[str] = field(default_factory=set)  # surnames of its proper names
    proper_names: set[str] = field(default_factory=set)  # lower case
    plain_names: set[str] = field(default_factory=set)  # other noun phrases, lower case, no "the"
    members: list[Entity] = field(default_factory=list)  # a group's named members, in text order
    _name: str = ""
    _name_rank: tuple[int, int, int] = (-1, 0, 0)
    _kind: SpeakerKind = "unknown"
    _kind_rank: int = -1
    _gender: Gender | None = None
    _gender_rank: int = -1

    @property
    def gender(self) -> Gender | None:
        """Woman or man, as the text says it of one of the mentions; else as a pronoun took it."""
        return self._gender

    @property
    def kind(self) -> SpeakerKind:
        return self._kind

    @property
    def name(self) -> str:
        return self._name

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        if not mention.member:  # a name inside "Lee and Ross said" is no antecedent of "she"
            self.last = max(self.last, mention.start)
            self.last_block = max(self.last_block, mention.block)
        if mention.proper:
            self.keys.add(_surname(mention.name))
            self.proper_names.add(mention.name.lower())
        elif not mention.pronoun:
            self.plain_names.add(mention.name.lower().removeprefix("the "))
        # The fullest proper name, else the first other phrase, else the first pronoun.
        words = len(mention.name.split())
        rank = (2, words, len(mention.name)) if mention.proper else (1 if not mention.pronoun else 0, 0, 0)
        if rank > self._name_rank and (mention.proper or rank[0] > self._name_rank[0]):
            self._name, self._name_rank = mention.name, rank
        # A gender said by a title or a role noun beats one a pronoun resolved to it gave.
        if mention.gender is not None:
            gender_rank = 0 if mention.pronoun else 1
            if gender_rank > self._gender_rank:
                self._gender, self._gender_rank = mention.gender, gender_rank
        # A kind said by a name or phrase beats one guessed from a pronoun.
        if mention.kind != "unknown":
            kind_rank = 0 if mention.pronoun else 1
            if kind_rank > self._kind_rank:
                self._kind, self._kind_rank = mention.kind, kind_rank


def _first_name(name: str) -> str:
    """The first name of a full name in lower case ("ann" of "ann lee"); "" for a surname alone
    or a name that opens with a title or a role ("president obama")."""
    words = name.split()
    if len(words) < 2 or not words[0].isalpha() or words[0] in lexicon.TITLES or words[0] in lexicon.PERSON_ROLES:
        return ""
    return words[0]


def _disagree(gender: Gender | None, other: Gender | None) -> bool:
    """Both known, and not the same: "he" and Mrs. Lee."""
    return gender is not None and other is not None and gender != other


def _surname(name: str) -> str:
    last = name.split()[-1] if name.split() else name
    for particle in lexicon.NAME_PARTICLES:
        if last.startswith(particle):
            last = last[len(particle) :]
    return last.lower().removesuffix("’s").removesuffix("'s")


def _noun_phrase(token: Token) -> tuple[int, int]:
    """Token range of the phrase headed by ``token``: its modifiers, and ``of ...``."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in ("punct", "cc", "preconj") or child.is_space:
            continue
        start = min(start, child.left_edge.i)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "nummod") and child.i == end:
            end = child.right_edge.i + 1
        elif (
            child.dep_ == "prep"
            and child.i == end
            and (
                child.lower_ in ("of", "for") or (child.lower_ == "to" and token.lemma_.lower() in lexicon.PERSON_ROLES)
            )
        ):
            end = child.right_edge.i + 1  # "a member of X", "Syria's envoy to Geneva"
        else:
            break
    doc = token.doc
    while start < token.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


# Possessive pronouns own nouns of saying ("his claim"); they refer as the others do.
_POSSESSIVE_KINDS: dict[str, SpeakerKind] = {"his": "person", "its": "organization", "their": "group"}


def _kind(token: Token, ent: Span | None) -> SpeakerKind:
    lower = token.lower_
    if lower in _POSSESSIVE_KINDS:
        return _POSSESSIVE_KINDS[lower]
    if lower in lexicon.PERSON_PRONOUNS:
        return "person"
    if lower in lexicon.GROUP_PRONOUNS:
        return "group"
    if lower in lexicon.THING_PRONOUNS:
        return "organization"
    if ent is not None:
        return "person" if ent.label_ == "PERSON" else "organization"
    if token.tag_ in ("NNS", "NNPS"):
        return "group"
    lemma = token.lemma_.lower()
    if lemma in lexicon.PERSON_ROLES:
        return "person"
    if lemma in lexicon.ORGANIZATION_NOUNS:
        return "organization"
    return "unknown"


def _descriptors(doc: Doc, token: Token, np_start: int, name_start: int) -> list[str]:
    found = []
    words = [t for t in doc[np_start:name_start] if t.dep_ not in ("det", "poss", "case") and not t.is_punct]
    if words:
        found.append(doc[words[0].i : name_start].text.strip(" ,"))
    for child in token.rights:
        if child.dep_ == "appos":
            found.append(doc[child.left_edge.i : child.right_edge.i + 1].text.strip(" ,—–"))
    if token.dep_ == "appos" and token.head.pos_ == "NOUN" and token.head.i < token.i:
        role = token.head  # "the bank's president, Aisha Bello"
        found.append(doc[role.left_edge.i : role.i + 1].text.strip(" ,—–"))
    return [d for d in found if d]


def make_mention(doc: Doc, token: Token, ents: dict[int, Span], block: int) -> Mention:
    mention = _make_mention(doc, token, ents, block)
    mention.gender = _gender(doc, token, mention)
    return mention


def _gender(doc: Doc, token: Token, mention: Mention) -> Gender | None:
    """What the mention says of a person's sex: "she", "Mrs. Lee", "Lee, a mother of two",
    "the spokesman". Nothing for a name alone, a group or a thing, or words that disagree."""
    if mention.pronoun:
        return _PRONOUN_GENDERS.get(token.lower_)
    if mention.kind == "group" or mention.members or mention.kind == "organization":
        return None
    words = [w for d in mention.descriptors for w in d.split()]
    if mention.proper:
        text = doc.text[mention.start : mention.end]
        words += text[: max(text.find(mention.name), 0)].split()  # its titles: "Mrs.", "Sir"
    else:
        words.append(token.lower_)
    found = {_WORD_GENDERS[w] for w in (w.lower().strip(".,’'") for w in words) if w in _WORD_GENDERS}
    return found.pop() if len(found) == 1 else None


_FEMALE: Gender = "female"
_MALE: Gender = "male"
_PRONOUN_GENDERS: dict[str, Gender] = {w: _MALE for w in ("he", "him", "his", "himself")} | {
    w: _FEMALE for w in ("she", "her", "hers", "herself")
}
_WORD_GENDERS: dict[str, Gender] = {w: _FEMALE for w in lexicon.FEMALE_WORDS} | {w: _MALE for w in lexicon.MALE_WORDS}


def _make_mention(doc: Doc, token: Token, ents: dict[int, Span], block: int) -> Mention:
    if token.pos_ == "PRON":
        kind = _kind(token, None)
        return Mention(token.idx, token.idx + len(token), token.text, kind, False, True, False, [], block)
    ent = ents.get(token.i)
    np_start, np_end = _noun_phrase(token)
    members = coordinated_names(token)
    if members:  # "Ana Ruiz and Lucas Moreau": a group whose members are named
        first = _name_start(doc, members[0])
        last = members[-1]
        span = doc[first : _name_end(doc, last)]
        return Mention(span.start_char, span.end_char, span.text, "group", False, False, False, [], block, members)
    if ent is not None and ent.label_ in _NAME_LABELS:
        start = ent.start + 1 if ent[0].lower_ == "the" else ent.start
        end = headline_name_end(doc, start, ent.end)
        start, name_start = _with_titles(doc, start, end)
        span = doc[start:end]
        name = doc[name_start:end].text.removesuffix("’s").removesuffix("'s")
        descriptors = _descriptors(doc, token, np_start, start)
        return Mention(span.start_char, span.end_char, name, _kind(token, ent), True, False, False, descriptors, block)
    if token.pos_ == "PROPN":  # a name the entity recogniser missed
        start = token.i
        while start > np_start and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ in ("compound", "flat"):
            start -= 1
        end = headline_name_end(doc, start, max(np_end, token.i + 1))
        start, name_start = _with_titles(doc, start, end)
        span = doc[start:end]
        descriptors = _descriptors(doc, token, np_start, start)
        person = _looks_like_person(doc[name_start:end]) or token.lemma_.lower() in lexicon.PERSON_ROLES
        kind = "person" if person or name_start > start else "unknown"
        name = doc[name_start:end].text
        return Mention(span.start_char, span.end_char, name, kind, True, False, False, descriptors, block)
    np_end = headline_name_end(doc, np_start, np_end)
    span = doc[np_start:np_end]
    acronym = [t for t in span if len(t) >= 3 and t.is_upper and t.is_alpha]
    if acronym and token.lemma_.lower() in lexicon.ORGANIZATION_NOUNS:
        # "the state-run SANA news agency" is SANA
        descriptors = [span.text]
        return Mention(
            span.start_char, span.end_char, acronym[0].text, "organization", True, False, False, descriptors, block
        )
    definite = (
        doc[np_start].lower_ == "the"
        and token.tag_ == "NN"
        and token.lemma_.lower() in lexicon.PERSON_ROLES
        and np_end == token.i + 1
    )
    descriptors = _descriptors(doc, token, np_start, np_start)
    return Mention(
        span.start_char, span.end_char, span.text, _kind(token, None), False, False, definite, descriptors, block
    )


_HEADLINE_SMALL_WORDS = frozenset("a an the of in on at to for and or but nor with by from as vs".split())


def headline_name_end(doc: Doc, start: int, end: int) -> int:
    """Where a name in a headline in Title Case ends: "Lee" of "Lee Says He Will Run".

    The parser reads a run of capitalised words as one name; in a headline, a verb of
    saying, a pronoun or an auxiliary ends it, so the fragment after it is no part of the
    speaker. Outside such headlines names are left as they are.
    """
    cut = next((i for i in range(start + 1, end) if _stops_a_name(doc[i])), end)
    return cut if cut < end and _in_title_case_line(doc, start) else end


def _stops_a_name(token: Token) -> bool:
    word = token.lower_
    stems = (word, word.removesuffix("s"), word.removesuffix("es"), word.removesuffix("ed"), word.removesuffix("d"))
    return word in lexicon.HEADLINE_STOP_WORDS or any(stem in lexicon.SPEECH_VERBS for stem in stems)


def _after_a_hyphen(token: Token) -> bool:
    """The second part of a compound, lower case in Title Case too: "Tram-like"."""
    previous = token.doc[token.i - 1] if token.i else None
    return previous is not None and previous.text == "-" and not previous.whitespace_


def _in_title_case_line(doc: Doc, i: int) -> bool:
    """Token ``i`` is on a short line whose words are all capitalised: a headline."""
    first = i
    while first > 0 and i - first < tuning.HEADLINE_REACH_TOKENS and "\n" not in doc[first - 1].text:
        first -= 1
    last = i
    while last + 1 < len(doc) and last - i < tuning.HEADLINE_REACH_TOKENS and "\n" not in doc[last].text:
        last += 1
    if (first > 0 and "\n" not in doc[first - 1].text) or (last + 1 < len(doc) and "\n" not in doc[last].text):
        return False  # longer than a headline
    words = [
        t.text
        for t in doc[first : last + 1]
        if t.is_alpha and t.lower_ not in _HEADLINE_SMALL_WORDS and not _after_a_hyphen(t)
    ]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def coordinated_names(token: Token) -> list[int]:
    """The names that ``token`` heads a coordination of, itself first: "Ann Lee, Tom Ross and Eva Kim".

    Only names coordinated with names: "Lee and the council" or "federal and state officials"
    is no group of named members. Empty when ``token`` coordinates nothing.
    """
    if token.pos_ != "PROPN":
        return []
    names = [token.i]
    partners = [c for c in token.rights if c.dep_ == "conj"]
    while partners and len(names) < tuning.GROUP_MEMBERS:
        partner = partners.pop(0)
        if partner.pos_ != "PROPN":
            return []
        names.append(partner.i)
        partners = [c for c in partner.rights if c.dep_ == "conj"] + partners
    return sorted(names) if len(names) > 1 else []


def _name_start(doc: Doc, head: int) -> int:
    """Where the name headed by ``head`` starts: its compounds and titles ("Sen. Ann Lee")."""
    start = head
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ in ("compound", "flat"):
        start -= 1
    return _with_titles(doc, start, head + 1)[0]


def _name_end(doc: Doc, head: int) -> int:
    """Where the name headed by ``head`` ends: after its flat parts, before any apposition or clause."""
    end = head + 1
    while end < len(doc) and doc[end].head.i == head and doc[end].dep_ in ("flat", "compound"):
        end += 1
    return end


def member_mention(doc: Doc, head: int, ents: dict[int, Span], block: int) -> Mention:
    """One named member of a coordination, as a mention of its own speaker."""
    token = doc[head]
    start, end = _name_start(doc, head), _name_end(doc, head)
    ent = ents.get(head)
    if ent is not None and ent.start <= start and end <= ent.end and not any(t.dep_ == "cc" for t in ent):
        start, end = max(start, ent.start), ent.end  # the entity, unless it runs over the "and"
    start, name_start = _with_titles(doc, start, end)
    name = doc[name_start:end].text.removesuffix("’s").removesuffix("'s")
    person = ent is not None and ent.label_ == "PERSON" or _looks_like_person(doc[name_start:end])
    kind = "person" if person or name_start > start else _kind(token, ent) if ent is not None else "unknown"
    span = doc[start:end]
    mention = Mention(span.start_char, span.end_char, name, kind, True, False, False, [], block, member=True)
    mention.gender = _gender(doc, token, mention)
    return mention


def relative_antecedent(token: Token) -> Token | None:
    """What a relative pronoun that is a clause's subject stands for: "Reed" in "Reed, who said"."""
    if token.tag_ in ("WP", "WDT") and token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "relcl":
        return token.head.head
    return None


def _is_title(token: Token) -> bool:
    """An abbreviated title: "Sgt.", "Gov.", "Dr", "Mrs." (not "President", a descriptor)."""
    word = token.lower_
    return (word.endswith(".") or word in ("mr", "mrs", "ms", "dr")) and word.rstrip(".") in lexicon.TITLES


def _with_titles(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The mention's start, titles before the name included, and where the name itself starts."""
    while start > 0 and _is_title(doc[start - 1]):
        start -= 1
    name_start = start
    while name_start < end - 1 and _is_title(doc[name_start]):
        name_start += 1
    return start, name_start


def _looks_like_person(span: Span) -> bool:
    """First and last name, capitalised, no organisation word: "Maamun Abdulkarim"."""
    words = span.text.split()
    return (
        2 <= len(words) <= 3
        and all(w[:1].isupper() and w[1:].islower() for w in words)
        and not any(w.lower() in lexicon.ORGANIZATION_NOUNS for w in words)
    )


class Resolver:
    """Groups mentions into entities, in text order."""

    def __init__(
        self, doc: Doc, block_of: list[int], quoted: list[bool], dateline: frozenset[int] = frozenset()
    ) -> None:
        self.doc = doc
        self.block_of = block_of
        self.ents = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
        self.entities: list[Entity] = []
        # Subjects of the narrative (not of quoted speech, not a dateline), as antecedents for pronouns.
        self.subjects = [
            t
            for t in doc
            if t.dep_ in ("nsubj", "nsubjpass")
            and t.pos_ in ("NOUN", "PROPN")
            and not quoted[t.i]
            and t.i not in dateline
        ]
        self.subject_indexes = [t.i for t in self.subjects]
        self.resolved: dict[int, tuple[Entity, Mention]] = {}  # head token -> its mention
        self.groups: dict[frozenset[int], Entity] = {}  # the ids of its members' entities -> a group
        # First and last names of the people the article names in full, for "Maya" and "Berg".
        self.full_names: dict[str, set[str]] = {}
        for ent in doc.ents:
            name = doc[ent.start : headline_name_end(doc, ent.start, ent.end)].text  # "Lee" of "Lee Says ..."
            words = name.removesuffix("’s").removesuffix("'s").split()
            if ent.label_ == "PERSON" and 2 <= len(words) <= 4:
                for word in (words[0], words[-1]):
                    self.full_names.setdefault(word.lower(), set()).add(" ".join(words))

    def resolve(self, token_index: int) -> tuple[Entity, Mention]:
        token = self.doc[token_index]
        mention = make_mention(self.doc, token, self.ents, self.block_of[token_index])
        antecedent = relative_antecedent(token)
        if antecedent is not None:
            # "Reed, who said ...": the relative pronoun is Reed, whatever its kind
            entity, _ = self._from_subject(named(antecedent))
            mention.pronoun, mention.kind = True, entity.kind
            entity.add(mention)
            self.resolved[token_index] = (entity, mention)
            return entity, mention
        if mention.proper and mention.kind in ("person", "unknown") and " " not in mention.name:
            full = self.full_names.get(mention.name.lower(), set())
            if len(full) == 1 and not self._other_gender(mention, next(iter(full))):
                # "Maya said", where the article names one Maya Patel (and "Mr. Patel" is not her)
                mention.name, mention.kind = next(iter(full)), "person"
        if mention.members:
            entity = self._group(mention)
        else:
            entity = self._antecedent(mention, token) or self._new()
        entity.add(mention)
        self.resolved[token_index] = (entity, mention)
        return entity, mention

    def _group(self, mention: Mention) -> Entity:
        """The group of a coordination: each named member is a speaker of its own, found
        where the text names it elsewhere; the same members named again are the same group."""
        members: list[Entity] = []
        for head in mention.members:
            part = member_mention(self.doc, head, self.ents, mention.block)
            member = self._antecedent(part, self.doc[head]) or self._new()
            member.add(part)
            if member not in members:
                members.append(member)
        key = frozenset(id(m) for m in members)
        group = self.groups.get(key)
        if group is None:
            group = self.groups[key] = self._new()
            group.members = members
        return group

    def _new(self) -> Entity:
        entity = Entity()
        self.entities.append(entity)
        return entity

    def _latest(
        self,
        kinds: tuple[str, ...],
        before: int,
        block: int,
        window: int | None,
        named_only: bool = False,
        gender: Gender | None = None,
    ) -> Entity | None:
        best: Entity | None = None
        for entity in self.entities:
            if entity.kind in kinds and 0 <= entity.last < before and (entity.proper_names or not named_only):
                if window is not None and block - entity.last_block > window:
                    continue
                if _disagree(gender, entity.gender):
                    continue  # "she" is not Mr. Lee
                if best is None or entity.last > best.last:
                    best = entity
        return best

    def _antecedent(self, mention: Mention, token: Token) -> Entity | None:
        if mention.pronoun:
            kinds = {"person": ("person",), "group": ("group", "organization"), "organization": ("organization",)}
            wanted = kinds.get(mention.kind)
            if wanted is None:
                return None
            gender = mention.gender
            found = self._latest(wanted, mention.start, mention.block, _PERSON_WINDOW, gender=gender)
            subject = self._subject_before(token, wanted, gender)
            if subject is not None and (found is None or subject.idx > found.last):
                entity, _ = self._from_subject(subject)
                return entity
            return found or self._latest(wanted, mention.start, mention.block, None, gender=gender)
        if mention.proper:
            return self._same_name(mention)
        if mention.definite_role:
            # "the mayor" goes back to the latest person named, not to "an aide"
            return self._latest(
                ("person",), mention.start, mention.block, _PERSON_WINDOW, named_only=True, gender=mention.gender
            )
        lowered = mention.name.lower().removeprefix("the ")
        for entity in self.entities:
            if lowered in entity.plain_names:
                return entity
        return None

    def _same_name(self, mention: Mention) -> Entity | None:
        """The latest speaker a proper name names again, by surname; "Mr. Lee" is no Mrs. Lee."""
        key = _surname(mention.name)
        lowered = mention.name.lower()
        first = _first_name(lowered)
        for entity in sorted(self.entities, key=lambda e: -e.last):
            if key in entity.keys or any(lowered in n or n in lowered for n in entity.proper_names):
                if _disagree(mention.gender, entity.gender):
                    continue
                given = {w for n in entity.proper_names if _first_name(n) for w in n.split()[:-1]}
                if first and given and first not in given:
                    continue  # "Tom Lee" is not Ann Lee (but "Rose Lee" may be Ann Rose Lee)
                return entity
        return None

    def _other_gender(self, mention: Mention, full_name: str) -> bool:
        """Whether the speaker named ``full_name`` so far is of another gender than the mention."""
        lowered = full_name.lower()
        return any(lowered in e.proper_names and _disagree(mention.gender, e.gender) for e in self.entities)

    def _gender_of(self, subject: Token) -> Gender | None:
        """The gender of the one a subject names, as far as the text has said it yet."""
        known = self.resolved.get(subject.i)
        if known is not None:
            return known[0].gender
        mention = make_mention(self.doc, subject, self.ents, self.block_of[subject.i])
        if mention.gender is not None or not mention.proper:
            return mention.gender
        same = self._same_name(mention)
        return same.gender if same is not None else None

    def _subject_before(self, token: Token, kinds: tuple[str, ...], gender: Gender | None = None) -> Token | None:
        """The latest subject of that kind (and of no other gender) in this or the previous paragraph."""
        block = self.block_of[token.i]
        for index in range(bisect_left(self.subject_indexes, token.i) - 1, -1, -1):
            subject = self.subjects[index]
            if block - self.block_of[subject.i] > 1:
                return None
            ent = self.ents.get(subject.i)
            if coordinated_names(subject):  # "Lee and Ross said": a group, never "she"
                if "group" in kinds:
                    return subject
            elif kinds == ("person",):
                if ent is not None and ent.label_ == "PERSON" and not _disagree(gender, self._gender_of(subject)):
                    return subject
            elif _kind(subject, ent) in kinds:
                return subject
        return None

    def _from_subject(self, subject: Token) -> tuple[Entity, Mention]:
        return self.resolved.get(subject.i) or self.resolve(subject.i)
