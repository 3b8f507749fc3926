"""Sources: who a cue says spoke.

The subject of a verb of saying, the agent of a passive one, the object of ``cited``
or of ``according to`` (the author, for "a report by SANA"), the owner of a noun of
saying; where the parse lost the subject, the noun phrase just before the cue.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum, auto
from itertools import chain, islice
from typing import Literal

from spacy.tokens import Doc, Token

from . import lexicon, tuning
from .article import Article
from .cues import inverted_subject, is_cue, receiver
from .walks import climb, heads


def speaker_token(cue: Token, depth: int = 0, anchor: int | None = None) -> Token | None:
    """The head of the cue's speaker: subject, agent, cited object or ``according to``'s object.

    Each kind of source is one function of :data:`SOURCE_KINDS`, tried in that order; the
    first that recognises the cue's shape answers, with a speaker or with ``None`` (a shape
    it knows and that names no one). ``anchor``: where the cue of saying is, when its
    subject is sought on a verb above it; ``depth`` bounds that climb.
    """
    anchor = cue.i if anchor is None else anchor
    for kind in SOURCE_KINDS:
        found = kind(cue, depth, anchor)
        if found is not NOT_THIS_KIND:
            return found
    return None


class _NotThisKind(Enum):
    """A kind of source that does not recognise the cue's shape: the next kind is tried."""

    NOT_THIS_KIND = auto()


NOT_THIS_KIND = _NotThisKind.NOT_THIS_KIND
# A source found (a token), none named (None), or a shape this kind does not know.
Finding = Token | None | Literal[_NotThisKind.NOT_THIS_KIND]
SourceKind = Callable[[Token, int, int], Finding]


def according_to_source(cue: Token, depth: int, anchor: int) -> Finding:
    """ "according to SANA", "according to a report by SANA": the object, or its author."""
    if cue.lower_ != "according":
        return NOT_THIS_KIND
    for to in cue.children:
        if to.lower_ == "to":
            for obj in to.children:
                if obj.dep_ == "pobj":
                    return author(obj)
    return None


def according_over(cue: Token) -> Token | None:
    """ "Talks failed, Lee said, according to the paper": the ``according`` that qualifies what the cue reports.

    The phrase hangs on the cue ("said, according to Z"), on the clause it reports ("said
    the talks would fail, according to Z"), or, for a cue in an ``as`` clause, on the
    clause the writer says it of ("As Lee noted, talks failed, according to Z"). Then Z
    is who vouches for the report, the source of it; a phrase deeper in ("the bridge,
    which cost $5 million according to the budget, ...") qualifies only its own words.
    """
    places = [cue] + [c for c in cue.children if c.dep_ in ("ccomp", "xcomp")]
    if cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        places.append(cue.head)
    for place in places:
        for child in place.children:
            if child.lower_ == "according" and child.dep_ == "prep" and child is not cue:
                if any(to.lower_ == "to" and any(o.dep_ == "pobj" for o in to.children) for to in child.children):
                    return child
    return None


def cited_source(cue: Token, depth: int, anchor: int) -> Finding:
    """ "The paper cited a city official as saying ...": the one cited speaks, not the paper."""
    children = list(cue.children)
    if cue.lemma_.lower() not in lexicon.CITING_VERBS or not any(c.i > cue.i and _as_saying(c) for c in children):
        return NOT_THIS_KIND
    return next((c for c in children if c.dep_ == "dobj"), NOT_THIS_KIND)


def subject_source(cue: Token, depth: int, anchor: int) -> Finding:
    """ "Ann Lee said ...": the subject; "Lee, who said ...": the relative pronoun, if Lee can speak."""
    subjects = [c for c in cue.children if c.dep_ == "nsubj"]
    if not subjects:
        return NOT_THIS_KIND
    inverted = inverted_subject(cue)
    if inverted is not None:
        return inverted
    child = _nearest(subjects, anchor)
    if child.tag_ in ("WP", "WDT") and cue.dep_ == "relcl":
        return child if can_speak(cue.head) else None  # "who" is the mention, resolved to Lee
    return past_dateline(child)


def compound_of_a_noun_cue(cue: Token, depth: int, anchor: int) -> Finding:
    """ "Lee estimates that ...", the verb tagged as a noun: the name compounded to it."""
    if cue.pos_ != "NOUN":
        return NOT_THIS_KIND
    return next((c for c in cue.lefts if c.dep_ == "compound"), NOT_THIS_KIND)


def text_that_reads(cue: Token, depth: int, anchor: int) -> Finding:
    """'"Doors open at nine," read the sign': the text that speaks, parsed as the object."""
    if cue.lemma_.lower() not in lexicon.READING_VERBS:
        return NOT_THIS_KIND
    return next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), NOT_THIS_KIND)


def passive_agent(cue: Token, depth: int, anchor: int) -> Finding:
    """ "It was announced by the mayor": the agent; "a guard was quoted as saying": the one quoted."""
    citing = cue.lemma_.lower() in lexicon.CITING_VERBS
    for child in cue.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
        if child.dep_ == "nsubjpass" and citing:
            return child
    return NOT_THIS_KIND


def participle_on_a_noun(cue: Token, depth: int, anchor: int) -> Finding:
    """ "nurses telling their stories": the noun; "Lee issued a statement saying": the statement's author."""
    if not (cue.dep_ == "acl" and cue.tag_ == "VBG" and can_speak(cue.head)):
        return NOT_THIS_KIND
    document = cue.head
    if document.lemma_.lower() in lexicon.SOURCE_NOUNS and document.head.lemma_.lower() not in lexicon.CITING_VERBS:
        issuer = owner(document)
        if issuer is not None:
            return issuer
    return document


def infinitive_on_a_word(cue: Token, depth: int, anchor: int) -> Finding:
    """ "Lee was quick to point out", "were likely to say": the subject of the verb the phrase hangs on."""
    if not (cue.dep_ in ("xcomp", "acl") and cue.tag_ == "VB" and cue.head.pos_ in ("ADJ", "NOUN", "PRON")):
        return NOT_THIS_KIND
    if depth >= tuning.SOURCE_CLIMB_VERBS:
        return NOT_THIS_KIND
    above = islice(chain([cue.head], heads(cue.head)), tuning.SOURCE_CLIMB_VERBS + 1)
    verb = next((t for t in above if t.pos_ in ("VERB", "AUX")), None)
    return speaker_token(verb, depth + 1, anchor) if verb is not None else None


def clause_after_a_preposition(cue: Token, depth: int, anchor: int) -> Finding:
    """ "Lee began by calling for a vote": the clause's subject; "his habit of asking": the owner."""
    if not (cue.dep_ == "pcomp" and cue.head.dep_ == "prep") or depth >= tuning.SOURCE_CLIMB_VERBS:
        return NOT_THIS_KIND
    head = cue.head.head
    if head.pos_ in ("VERB", "AUX"):
        return speaker_token(head, depth + 1, anchor)
    if head.pos_ == "NOUN":
        return next((c for c in head.children if c.dep_ == "poss"), None)
    return None


def verb_it_depends_on(cue: Token, depth: int, anchor: int) -> Finding:
    """ "Lee smiled and said", "Lee left, adding that ...": the subject of the verb above.

    "said that X and noted that Y", "wrote that X knew it, saying ...": the second verb
    goes with "said", not with X ("said X calmed them, telling ..." is X's). "extremists
    like Daesh, claimed to be ...", a comma and no list, is no coordination.
    """
    if (
        cue.dep_ not in ("xcomp", "advcl", "conj", "pcomp")
        or depth >= tuning.SOURCE_CLIMB_VERBS
        or cue.head.pos_ not in ("VERB", "AUX")
    ):
        return NOT_THIS_KIND
    if cue.dep_ == "conj" and cue.i > 0 and cue.doc[cue.i - 1].text == "," and not _in_a_list(cue):
        return None
    head = cue.head
    goes_on = (  # ", adding that ...": no one addressed, so no new act of its own
        cue.dep_ == "advcl"
        and cue.tag_ == "VBG"
        and cue.doc[cue.i - 1].text == ","
        and not any(c.dep_ in ("dobj", "dative") for c in cue.children)
    )
    if (cue.dep_ == "conj" or goes_on) and head.dep_ == "ccomp" and is_cue(head.head):
        head = head.head
    return speaker_token(head, depth + 1, anchor)


# In this order: a shape an earlier kind knows is never looked at by a later one.
SOURCE_KINDS: tuple[SourceKind, ...] = (
    according_to_source,
    cited_source,
    subject_source,
    compound_of_a_noun_cue,
    text_that_reads,
    passive_agent,
    participle_on_a_noun,
    infinitive_on_a_word,
    clause_after_a_preposition,
    verb_it_depends_on,
)


def _nearest(subjects: list[Token], anchor: int) -> Token:
    """Of two subjects the parse gave one verb, the nearer before the cue.

    "Paris (AFP) - Ada Cole said", "Q: Have you said", "His view: '...' he said": what
    comes first is a dateline or a label; "Ada Cole, despite saying ..., voters need" keeps
    the one before the participle of saying.
    """
    before = [s for s in subjects if s.i < anchor]
    return before[-1] if before else subjects[0]


def past_dateline(subject: Token) -> Token:
    """ "DOVER, Del. - Gov. Ada Cole said": the subject is Ada Cole, not the dateline's town.

    A subject that opens its sentence with a place and a dash is a dateline parsed into
    the subject; the phrase after the dash is who spoke.
    """
    if subject.ent_type_ != "GPE":
        return subject
    tokens = list(subject.subtree)
    dashes = [t.i for t in tokens if t.text in ("-", "–", "—", "--") and t.i > subject.i]
    if not dashes or not tokens[0].is_sent_start:
        return subject
    after = [t for t in tokens if t.i > dashes[0]]
    heads = [t for t in after if not dashes[0] < t.head.i <= after[-1].i and t.pos_ in ("PROPN", "NOUN")]
    return heads[0] if heads else subject


def _in_a_list(verb: Token) -> bool:
    """ "praised A, mocked B, and made C": a series the conjunction closes."""
    return any(c.dep_ == "cc" for c in verb.children) or any(
        c.dep_ == "cc" and c.i > verb.i for c in verb.head.children
    )


def _as_saying(child: Token) -> bool:
    """ "cited a source as saying", "quoted him saying": the cited one speaks; not "cited
    the figures from the census", where the subject cites a thing."""
    if child.dep_ == "prep":
        return child.lower_ == "as"
    return child.dep_ in ("advcl", "xcomp") and child.tag_ == "VBG"


def author(obj: Token) -> Token:
    """``a report by SANA`` is SANA's, and so are ``an analysis of data from SANA`` and ``a post by SANA``.

    Any common noun that is not a person hands the voice to who made it, by ``by`` or
    ``from`` (``of`` too for a document: ``a statement of the ministry``), through ``of``.
    """
    if obj.pos_ != "NOUN" or obj.lemma_.lower() in lexicon.PERSON_ROLES:
        return obj
    preps = ("by", "from", "of") if obj.lemma_.lower() in lexicon.SOURCE_NOUNS else ("by", "from")
    noun = obj
    for _ in range(3):
        of = None
        for prep in noun.rights:
            if prep.dep_ != "prep":
                continue
            for maker in prep.children:
                if maker.dep_ != "pobj":
                    continue
                if prep.lower_ in preps and can_speak(maker):
                    return maker
                if prep.lower_ == "of":
                    of = maker
        if of is None:
            break
        noun = of
    return obj


def leading_phrase(doc: Doc, start: int, end: int) -> Token | None:
    """The head of the noun phrase that opens tokens [start, end)."""
    for token in doc[start:end]:
        if token.pos_ in ("NOUN", "PROPN", "PRON"):
            # up to the phrase's head; a noun that is the root stops the walk ("A “clean
            # slate” plan that has been promising ...": "plan" is its own head)
            return climb(
                token,
                lambda t, head: (
                    start <= head.i < end and t.dep_ not in ("nsubj", "nsubjpass") and head.pos_ in ("NOUN", "PROPN")
                ),
            )
        if token.pos_ not in ("DET", "ADJ", "PUNCT", "SPACE", "NUM"):
            return None
    return None


def nearest_subject(doc: Doc, cue: Token, floor: int) -> Token | None:
    """The noun phrase just left of a cue whose parse lost its subject."""
    # A subject the parser hung on an adjective or noun: "Syrian forces loyal to X claimed"
    stray = [t for t in doc[floor : cue.i] if t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ not in ("VERB", "AUX")]
    if stray:
        return stray[-1]
    i = cue.i - 1
    while i >= floor and (doc[i].pos_ in ("ADV", "AUX", "PART", "SPACE") or doc[i].text in (",", "—")):
        i -= 1
    if i < floor or doc[i].pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    reported = {t.i for c in cue.children if c.dep_ == "ccomp" for t in c.subtree}
    token = found = doc[i]
    for head in heads(token):
        if token.dep_ not in ("pobj", "prep", "compound", "flat", "appos") or not floor <= head.i < token.i:
            break
        if token.dep_ == "appos" and head.i in reported:
            break  # "... in Palmyra, a spokesperson of the army commented"
        token = head
        if token.pos_ in ("NOUN", "PROPN", "PRON"):
            found = token
    return found


def speaker_of(article: Article, cue: Token, floor: int, leading: bool = False) -> Token | None:
    """The cue's speaker; when the parse lost it, the phrase before the cue.

    ``leading``: the cue follows a passage, so the phrase that opens the range up
    to the cue is the speaker (``"...," a member of X — a coalition — told Reuters``).
    Nothing inside quotation marks speaks for the narrative, nor does a dateline.
    """
    inside = article.inside
    if inside[cue.i] != -1:
        return None
    found = speaker_token(cue)
    attached_to_quote = found is not None and inside[found.i] != -1
    if attached_to_quote:
        # '"Ca va," said Zoe Unal' parsed with two subjects: the one outside the marks
        outside = [c for c in cue.children if c.dep_ == "nsubj" and inside[c.i] == -1]
        if outside:
            found, attached_to_quote = outside[0], False
    if leading and (found is None or attached_to_quote) and _right_after_marks(article, cue):
        # '"We love cats!" reply Burton and Nick', the speaker parsed as the object
        found = next((c for c in cue.rights if c.dep_ == "dobj" and c.pos_ == "PROPN"), found)
        attached_to_quote = found is not None and inside[found.i] != -1
    if (found is None or attached_to_quote) and cue.lower_ != "according":
        found = leading_phrase(article.doc, floor, cue.i) if leading else None
        if found is None and (leading or attached_to_quote or cue.dep_ == "ROOT"):
            # only where the parse plainly lost the subject, not for a verb it
            # attached inside a noun phrase ("forces loyal to X claimed")
            found = nearest_subject(article.doc, cue, floor)
    if found is None or inside[found.i] != -1 or found.i in article.dateline:
        return None  # "WASHINGTON — Said to be ...": the dateline's city speaks for no one
    if _writer_quoting(cue, found):
        return None  # "Lee said, and I quote, '...'": the writer vouches for the words, Lee speaks
    return named(found)


def _writer_quoting(cue: Token, subject: Token) -> bool:
    """ "and I quote," set off between a cue and the marks: the writer's aside."""
    doc = cue.doc
    return (
        cue.lemma_.lower() == "quote"
        and subject.lower_ in ("i", "we")
        and cue.dep_ in ("conj", "parataxis")
        and cue.i + 1 < len(doc)
        and doc[cue.i + 1].text == ","
    )


def _right_after_marks(article: Article, cue: Token) -> bool:
    """Only punctuation between the closing mark and the cue: '"...," said X'."""
    i = cue.i - 1
    while i >= 0 and (article.doc[i].is_punct or article.doc[i].is_space) and article.inside[i] == -1:
        i -= 1
    return i >= 0 and article.inside[i] != -1


def named(token: Token) -> Token:
    """The name in apposition to a role: "the bank's president, Aisha Bello" is Aisha Bello."""
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ == "PERSON":
        return token
    for child in token.rights:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.ent_type_ in ("PERSON", "ORG"):
            return child
    return token


def owner(noun: Token) -> Token | None:
    """Whose a noun of saying is: "Reed's claim", "criticism by Reed", "Reed made the claim"."""
    received = receiver(noun) is not None  # "the plan drew criticism from Reed"
    for child in noun.children:
        if child.dep_ == "poss" and not received:
            subject = _binding_subject(noun, child)
            return subject if subject is not None else child
    places = [noun, noun.head] if received else [noun]  # "drew criticism from Reed", either way
    for place in places:
        for prep in place.rights:
            if prep.dep_ == "prep" and (prep.lower_ in ("by", "from") or (received and prep.lower_ == "of")):
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return obj
    if received:
        return None  # "the plan drew criticism": no one named
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        for child in noun.head.children:
            if child.dep_ == "nsubj" and child.pos_ in ("PROPN", "NOUN", "PRON"):
                return child  # "Reed repeated the claim that ..."
    return None


def _binding_subject(noun: Token, possessive: Token) -> Token | None:
    """ "Reed stepped up his attacks on X": "his" is the clause's subject, the mention to give.

    A possessive pronoun in the object of a clause refers to that clause's named subject
    when the two agree, as readers take it. A pronoun subject ("He stepped up his attacks")
    is the same one as the possessive: the possessive stays.
    """
    word = possessive.lower_
    if possessive.pos_ != "PRON" or word not in ("his", "her", "its", "their"):
        return None
    head = noun
    for above in heads(noun):
        if head.dep_ not in ("dobj", "pobj", "prep"):
            break
        head = above
        if head.pos_ in ("VERB", "AUX"):
            break
    if head.pos_ not in ("VERB", "AUX"):
        return None
    subjects = [c for c in head.children if c.dep_ == "nsubj" and c.i < possessive.i]
    if not subjects:
        return None
    subject = past_dateline(_nearest(subjects, possessive.i))
    if subject.pos_ not in ("NOUN", "PROPN"):
        return None
    plural = subject.tag_ in ("NNS", "NNPS")
    person = subject.ent_type_ == "PERSON" or subject.lemma_.lower() in lexicon.PERSON_ROLES
    if word == "their":
        agrees = plural or subject.lemma_.lower() in lexicon.ORGANIZATION_NOUNS
    else:
        agrees = not plural and person == (word != "its")
    return subject if agrees else None


def can_speak(noun: Token) -> bool:
    """A noun that can say things: a name, a person, a group, an organisation, a document."""
    lemma = noun.lemma_.lower()
    return (
        noun.pos_ in ("PROPN", "PRON", "NUM")
        or noun.tag_ in ("NNS", "NNPS")
        or noun.lower_ in ("%", "percent", "majority", "minority", "half", "third", "quarter")
        or lemma in lexicon.PERSON_ROLES
        or lemma in lexicon.ORGANIZATION_NOUNS
        or lemma in lexicon.SOURCE_NOUNS
    )
