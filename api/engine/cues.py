"""Cues: the words that say somebody said something.

Four kinds, each found from the parse alone: a verb of saying ("said", "pointed out",
"shot back"), ``according to``, a noun of saying ("her claim that", "his criticism of"),
and a colon after a name ("Jane Cole: ..."), which ``quotes.py`` handles with the marks.
The word lists are in ``lexicon.py``.
"""

from __future__ import annotations

from itertools import chain, islice

from spacy.tokens import Token

from . import lexicon
from .walks import heads


def is_cue(token: Token) -> bool:
    """A reporting verb or ``according`` (of ``according to``)."""
    if token.lower_ == "according":
        return any(child.lower_ == "to" for child in token.children)
    lemma = token.lemma_.lower()
    if token.lower_ == "told" and token.i and token.doc[token.i - 1].lower_ == "all":
        return False  # "All told, the groups spent $2.5 million"
    if token.pos_ == "NOUN" and _verb_tagged_noun(token):
        lemma = _verb_lemma(token)
    elif token.pos_ not in ("VERB", "AUX") or token.dep_ in ("amod", "compound"):
        return False
    elif token.dep_ == "acl" and token.tag_ != "VBG":
        return False  # "the plan announced on Monday", but "voters saying they are tired"
    if lemma in lexicon.PARTICLE_VERBS:
        # "shot back", "spoke out", and "spoke" without its particle only on a topic: "spoke about the war"
        return particle(token) is not None or (
            lemma in lexicon.TOPIC_VERBS
            and any(c.dep_ == "prep" and _topic_preposition(c, lemma) for c in token.rights)
        )
    if lemma == "put":
        return _as_put_it(token)
    if lemma in lexicon.ASSAULT_VERBS:
        return _in_words(token)
    if lemma == "make":
        return bool(made_clear(token))
    if not any(lemma in words for words in _CUE_VERBS):
        return False
    deps = {child.dep_ for child in token.children}
    if token.tag_ == "VBN" and token.i and token.doc[token.i - 1].lower_ == "as" and "agent" not in deps:
        return False  # "failed as predicted", "as expected": the writer's comparison, no one's words
    if "auxpass" in deps and "agent" not in deps and lemma not in lexicon.CITING_VERBS:
        return put_to(token)  # not "it is believed that", "was declared"
    return True


def made_clear(token: Token) -> list[Token]:
    """ "made clear that ...", "made it clear she would run": the clause that "make" with
    "clear" reports, which the parser hangs on either word; none for "made the roads clear"."""
    clear = [c for c in token.rights if c.lower_ == "clear" and c.dep_ in ("ccomp", "acomp", "oprd")]
    if not clear:
        return []
    words = (*clear[0].rights, *token.rights)
    return [
        c
        for c in words
        if c.i > clear[0].i
        and c.pos_ in ("VERB", "AUX")
        and (c.dep_ == "ccomp" or (c.dep_ == "advcl" and _marked_that(c)))
    ]


def _marked_that(clause: Token) -> bool:
    """ "clear that he would run", not "clear so that the trucks pass" nor "clear as they left"."""
    marks = [c for c in clause.children if c.dep_ == "mark"]
    return len(marks) == 1 and marks[0].lower_ == "that"


def inverted_subject(cue: Token) -> Token | None:
    """ "The real problem, said the mayor, was the cost": the subject after a set-off cue.

    An inverted cue set off by a comma inside its sentence, which the parser gave two
    subjects: the one after it speaks, and the one before the comma opens what was said.
    Or the parser made the speaker the subject of the rest of the sentence ("Part of the
    cost, say experts, is the land"), a subject right after the cue and set off by a comma.
    """
    doc = cue.doc
    if cue.i == 0 or doc[cue.i - 1].text != ",":
        return None
    if not any(c.dep_ == "nsubj" for c in cue.lefts):
        return None
    after = [c for c in cue.rights if c.dep_ == "nsubj"]
    if after:
        return after[0]
    for clause in cue.rights:
        if clause.dep_ != "ccomp":
            continue
        for subject in clause.lefts:
            last = subject.right_edge.i
            set_off = doc[last].text == "," or (last + 1 < clause.i and doc[last + 1].text == ",")
            if subject.dep_ == "nsubj" and subject.left_edge.i == cue.i + 1 and set_off:
                return subject
    return None


def put_to(token: Token) -> bool:
    """ "Reed was asked whether ...", "Asked about the vote, Reed ...": a question whose
    asker the text does not name; what was asked is still reported, with no speaker.
    """
    if token.lemma_.lower() not in lexicon.QUESTION_VERBS or token.tag_ != "VBN":
        return False
    deps = {child.dep_ for child in token.children}
    passive = "auxpass" in deps or (token.dep_ == "advcl" and "nsubj" not in deps)
    return passive and "agent" not in deps


_CUE_VERBS = (lexicon.SPEECH_VERBS, lexicon.BELIEF_VERBS, lexicon.TOPIC_VERBS, lexicon.OBJECT_SPEECH_VERBS)


def _topic_preposition(prep: Token, lemma: str) -> bool:
    """ "spoke about", "pointed to": a preposition that opens what was spoken of."""
    return prep.lower_ in lexicon.TOPIC_PREPOSITIONS or (prep.lower_ == "to" and lemma in lexicon.TO_TOPIC_VERBS)


def _in_words(token: Token) -> bool:
    """ "Reed attacked Hale": one person attacking another in news is a war of words."""
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    objects = [c for c in token.children if c.dep_ == "dobj"]
    return bool(
        subjects
        and objects
        and (subjects[0].ent_type_ == "PERSON" or subjects[0].lower_ in lexicon.PERSON_PRONOUNS)
        and objects[0].ent_type_ in ("PERSON", "ORG", "NORP", "")
        and objects[0].pos_ in ("PROPN", "NOUN")
    )


def _verb_tagged_noun(token: Token) -> bool:
    """ "Rhee claims that ...", tagged as a plural noun: a subject and a clause make it a verb."""
    if token.tag_ != "NNS":
        return False  # checked first: every noun of the text comes here
    children = {c.dep_ for c in token.children}
    subject = "nsubj" in children or (token.dep_ == "ROOT" and any(c.dep_ == "compound" for c in token.lefts))
    return subject and "ccomp" in children


def _verb_lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    return lemma if lemma in lexicon.SPEECH_VERBS else token.lower_.removesuffix("s")


def _as_put_it(token: Token) -> bool:
    """ "As Reyes put it, ...": "put it" in an as-clause says something."""
    children = list(token.children)
    return any(c.dep_ == "mark" and c.lower_ == "as" for c in children) and any(
        c.dep_ == "dobj" and c.lower_ == "it" for c in children
    )


def particle(token: Token) -> Token | None:
    """The particle that makes the verb a reporting verb: "pointed out", "shot back"."""
    wanted = lexicon.PARTICLE_VERBS.get(token.lemma_.lower())
    for child in token.rights:
        if child.dep_ in ("prt", "advmod") and child.lower_ == wanted:
            return child
    return None


def cue_of(token: Token) -> tuple[int, int, str]:
    """The cue's span and lemma: particles join it ("pointed out"), ``to`` joins according."""
    end_token = token
    lemma = token.lemma_.lower()
    for child in token.rights:
        if child.dep_ == "prt" and child.i == end_token.i + 1:
            end_token = child
            lemma = f"{lemma} {child.lower_}"
    adverb = particle(token) if lemma in lexicon.PARTICLE_VERBS else None
    if adverb is not None and adverb.i == token.i + 1:
        end_token = adverb
        lemma = f"{lemma} {adverb.lower_}"
    if token.lower_ == "according":
        end_token = next(child for child in token.children if child.lower_ == "to")
        lemma = "according to"
    return token.idx, end_token.idx + len(end_token), lemma


def is_noun_cue(token: Token) -> bool:
    """A noun of saying: "claim", "criticism", "call"."""
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and (lemma in lexicon.CLAIM_NOUNS or lemma in lexicon.TOPIC_NOUNS)


def receiver(noun: Token) -> Token | None:
    """Who or what a noun of saying is aimed at when a verb receives it: "the plan" in
    "the plan drew criticism from Reed", "Lopez" in "Lopez will face attacks over it"."""
    if noun.dep_ != "dobj" or noun.head.lemma_.lower() not in lexicon.RECEIVING_VERBS:
        return None
    verb = noun.head
    for above in islice(chain([verb], heads(verb)), 3):  # "will continue to face criticism": "continue"'s subject
        subjects = [c for c in above.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:
            return subjects[0]
        if above.dep_ not in ("xcomp", "conj"):
            return None
    return None
