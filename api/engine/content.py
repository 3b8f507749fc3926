"""What a cue reports: one boundary policy for every reported span.

A content span is what was said, as a reader would underline it:

1. A reported clause runs from its first word to its last, its complementizer
   included: "that the bridge would reopen", "whether they would vote", "to publish
   their plans"; the "for" of a request is the verb's ("called for *the city to act*").
2. The addressee is not part of it ("told *reporters* that ..."), nor are adverbs,
   times, places and appositions between the cue and the clause ("said *on Friday,
   during a news conference,* that ...").
3. It ends where a loose modifier set off by a comma begins (", which ...",
   ", according to ...", a participle the cue itself governs: "said X, implying Y"),
   or a second report (", adding that ..."), unless that comma is inside quotation
   marks; a concession (", though ..."), examples (", including ..."), a place or name
   (", Ohio") and a second clause of the same cue ("that A but that B") stay in.
4. A cue set inside its sentence ("X, she said, Y") reports the whole sentence; a cue
   that ends it ("X, she said.") reports everything before it.
5. When the cue has no clause, the object of a speech act and what follows it is the
   content ("accused *Reed of lying*", "called *the plan a failure*"), else the topic
   of a verb or noun of saying ("spoke *about the war*", "criticism *of the plan*").
6. Punctuation at either edge is trimmed; quotation marks are not, so a closing mark
   stays with the quote it closes.
7. A cue inside a relative clause whose pronoun is the subject of what was said ("a plan
   *which she said would raise rents*") reports the relative clause from its pronoun,
   the cue and its speaker inside it, as a cue set inside its sentence does (rule 4).

Everything here works on token ranges ``[start, end)`` and returns character spans.
"""

from __future__ import annotations

from typing import Literal

from spacy.tokens import Doc, Token

from . import lexicon, tuning
from .article import Article
from .cues import inverted_subject, is_cue, made_clear, receiver
from .walks import heads

# What a verb of saying reports: its clause, the object of its speech act, or its topic.
ReportedKind = Literal["clause", "object", "topic"]
AccordingKind = Literal["according"]
# What a noun of saying reports: its that-clause or infinitive, or its topic.
NounKind = Literal["claim", "topic"]

_EDGE_PUNCT = frozenset({",", ".", ";", ":", "—", "–", "-", "--", "(", ")"})
# Dependents that, after a comma, modify rather than continue the clause (rule 3).
_LOOSE = frozenset({"relcl", "acl", "appos", "npadvmod", "parataxis", "prep"})
# Words that open a loose modifier after a comma, whatever the parse made of them.
_LOOSE_OPENERS = frozenset("which who whom whose where unlike despite compared according".split())
# What a small clause after a verb of naming opens with: "calls *Reed* unqualified".
_NAMED = frozenset({"NOUN", "PROPN", "PRON", "DET", "ADJ"})
_PREDICATION = frozenset({"nsubj", "attr", "appos", "acomp", "oprd", "dobj", "amod"})
_QUESTION_MARKS = frozenset({"if", "whether"})
# Children that give a cue a content of its own.
_OWN_CONTENT = frozenset({"ccomp", "xcomp", "dobj", "prep"})
_CLAUSES = frozenset({"ccomp", "xcomp", "advcl"})
# What a second, coordinated cue reports: "says he respects her and calls her a friend".
_REPORTED = frozenset({"ccomp", "xcomp", "advcl", "dobj", "oprd"})
# Verbs that ask for something: "called for candidates to publish", "pressed for a vote".
_REQUESTS = frozenset("call press push appeal plead lobby argue ask".split())


def trim(article: Article, start: int, end: int) -> tuple[int, int]:
    """Character span of tokens [start, end), edge punctuation trimmed (rule 6)."""
    doc = article.doc
    while start < end and (doc[start].text in _EDGE_PUNCT or doc[start].is_space or start in article.dateline):
        start += 1  # "WASHINGTON — Talks failed, she said": the dateline is no part of what she said
    while end > start and (doc[end - 1].text in _EDGE_PUNCT or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return (doc[start].idx, doc[start].idx) if start < len(doc) else (0, 0)
    last = doc[end - 1]
    return doc[start].idx, last.idx + len(last)


def clause_parts(cue: Token) -> list[Token]:
    """The clause a verb of saying reports: a that-clause, an if-clause, an infinitive."""
    lemma = cue.lemma_.lower()
    if lemma == "make":
        return made_clear(cue)
    parts = []
    for child in cue.children:
        if child.dep_ == "ccomp":
            parts.append(child)
        elif child.dep_ == "xcomp" and child.i > cue.i and lemma in lexicon.INFINITIVE_SPEECH_VERBS:
            parts.append(child)
        elif child.dep_ == "advcl" and child.i > cue.i and _opens_question(child):
            parts.append(child)  # "asked workers if they planned to vote"
        elif child.dep_ == "advcl" and child.i > cue.i and marked(child, "for") and lemma in _REQUESTS:
            parts.append(child)  # "called for all candidates to publish their plans"
        elif child.dep_ == "conj" and parts and any(marked(child, w) for w in ("that", "if", "whether")):
            parts.append(child)  # "said that A but that B", the second clause hung on the cue
    if not parts:
        parts = _clause_after_adverbials(cue)
    return parts


def _set_off(article: Article, cue: Token) -> bool:
    """A cue set inside or after the clause it reports: "X, Tom Reed said, Y", "As Reyes put it, X".

    The parser marks the first as parataxis or, as often, makes the cue the root; the commas
    around the attribution and words before it in the sentence say the same.
    """
    if cue.dep_ == "parataxis" or inverted_subject(cue) is not None:
        return True
    if cue.dep_ == "advcl" and marked(cue, "as"):
        # "as Reyes put it", "as she said" - not "as he boasted about the course"
        return not any(c.dep_ in _OWN_CONTENT and c.lower_ != "it" for c in cue.children)
    subjects = [c for c in cue.lefts if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or cue.dep_ != "ROOT":
        return False
    before = subjects[0].left_edge.i - 1
    after = cue.i + 1
    doc = article.doc
    return (
        before > article.sentence_start[cue.i]
        and doc[before].text == ","
        and after < len(doc)
        and doc[after].text == ","
        and article.inside[before] == -1
    )


def _opens_question(clause: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in _QUESTION_MARKS for c in clause.children)


def marked(clause: Token, word: str) -> bool:
    """The clause opens with ``word`` as its marker: "*that* ...", "*if* ..."."""
    return any(c.dep_ == "mark" and c.lower_ == word for c in clause.children)


def _clause_after_adverbials(cue: Token) -> list[Token]:
    """A that-clause the parser hung on a phrase between the cue and it (rule 2).

    "said earlier on Friday during a news conference that he may wait": the clause is
    often attached to "conference"; it still reports what was said.
    """
    for child in cue.rights:
        if child.dep_ not in ("prep", "npadvmod", "advmod", "dobj", "dative"):
            continue
        if child.dep_ in ("dobj", "dative") and cue.lemma_.lower() not in lexicon.ADDRESSEE_VERBS:
            continue
        for token in child.subtree:
            if token.dep_ in ("acl", "relcl", "ccomp", "advcl") and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
                if token.head.lemma_.lower() in lexicon.CLAIM_NOUNS:
                    continue
                if any(m.dep_ == "mark" and m.lower_ == "that" and m.i == token.left_edge.i for m in token.children):
                    return [token]
    return []


def object_parts(cue: Token) -> list[Token]:
    """The object of a speech act and what follows it (rule 5); in the passive with an agent,
    its subject ("the plan was praised by the mayor")."""
    lemma = cue.lemma_.lower()
    if lemma == "tell":  # "told their stories", "told a different tale": what was told, not to whom
        return [c for c in cue.rights if c.dep_ == "dobj" and c.lemma_.lower() in lexicon.TOLD_NOUNS][:1]
    if lemma not in lexicon.OBJECT_SPEECH_VERBS and lemma not in lexicon.ASSAULT_VERBS:
        return []
    if lemma == "refer":  # "referred to the protesters as “my friends”": naming, with "to"
        to = [o for p in cue.rights if p.dep_ == "prep" and p.lower_ == "to" for o in p.children if o.dep_ == "pobj"]
        as_phrase = [p for p in cue.rights if p.dep_ == "prep" and p.lower_ == "as"]
        if to and (as_phrase or any(t.lower_ == "as" for t in to[0].rights)):
            return to[:1] + as_phrase
        return []
    objects = [c for c in cue.rights if c.dep_ == "dobj"]
    if not objects and any(c.dep_ == "agent" for c in cue.rights):
        # the passive, its agent named: "the plan was first reported by the Times"
        objects = [c for c in cue.lefts if c.dep_ == "nsubjpass"]
    if not objects:
        # a gerund for an object: "reported earning $132 million", "admitted using the code"
        objects = [c for c in cue.rights if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG"]
    if not objects and lemma in lexicon.NAMING_VERBS and cue.tag_ != "VBN":
        # "calls Reed unqualified", parsed as one small clause after the verb; not "called
        # on Reed to act" (a request) nor "called Ann Reyes" (a phone call, no predicate)
        if any(c.dep_ == "prep" for c in cue.rights):
            return []
        objects = [
            c
            for c in cue.rights
            if c.dep_ in ("oprd", "xcomp", "ccomp")
            and c.left_edge.i > cue.i
            and c.left_edge.pos_ in _NAMED
            and any(t.dep_ in _PREDICATION for t in c.subtree if t.i != c.i)
        ]
        return objects[:1]
    if not objects:
        return []
    # the object and what follows it: "accused Reed of hiding the figures"
    rest = [
        c
        for c in cue.rights
        if c.i > objects[0].i and c.dep_ in ("prep", "oprd", "ccomp", "xcomp") and not circumstance(c)
    ]
    rest += _infinitive_after(cue, objects[0].right_edge.i + 1)  # "repeated its call for X to act"
    named_as = any(c.lower_ == "as" for c in objects[0].rights)  # "described them as heroes"
    called_out = any(c.dep_ == "prt" and c.lower_ == "out" for c in cue.children)  # "called out Reed for ..."
    if (
        lemma in lexicon.NAMING_VERBS
        and not named_as
        and not called_out
        and not any(c.dep_ != "prep" or c.lower_ == "as" for c in rest)
    ):
        return []  # "called Smith on Sunday" is a phone call
    if lemma == "concede" and objects[0].lemma_.lower() in lexicon.CONTEST_NOUNS:
        return []  # "conceded the race": gave up, no words reported
    if _vague(objects[0]) and not rest:
        return []  # "said the wrong thing", "says all the right things": that words were said, not which
    if objects[0].pos_ == "PRON" and not rest:
        return []  # "said it", "denied this"
    if lemma in lexicon.ADDRESSEE_VERBS and not rest:
        return []  # "warned voters", "urged calm" are not what was said
    # a gerund the parser coordinated with the cue belongs to the object:
    # "accused Assad of building and maintaining a presence"
    rest += [c for c in cue.rights if c.dep_ == "conj" and c.tag_ == "VBG" and cue.tag_ != "VBG"]
    return objects + rest


def _vague(obj: Token) -> bool:
    """ "thing" or "things" with nothing that says what they were ("the things that matter" does)."""
    return obj.lemma_.lower() == "thing" and not any(c.dep_ in ("relcl", "acl", "prep") for c in obj.children)


def topic_parts(head: Token) -> list[Token]:
    """The topic of a verb or noun of saying: "spoke about the war", "criticism of X".

    An addressee may stand between ("asked the senator about the war", "called on Congress to
    act", "asked the court for a ruling"); the one called on is part of the request.
    """
    addressed = head.lemma_.lower() in lexicon.ADDRESSEE_VERBS
    blocking = ("ccomp", "xcomp") if addressed else ("dobj", "ccomp", "xcomp")
    if head.lemma_.lower() == "call":  # not "called Assad on Sunday to congratulate him"
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ == "on" and prep.i == head.i + 1:
                objects = [o for o in prep.children if o.dep_ == "pobj"]
                verbs = [v for v in head.rights if v.dep_ in ("xcomp", "advcl") and v.i > prep.i]
                if objects and verbs:
                    return objects[:1] + verbs[:1]  # "called on Congress to act"
                return []  # "called on the firm" is a visit
    if any(c.dep_ in blocking for c in head.children):
        return []
    lemma = head.lemma_.lower()
    to_topic = lemma in lexicon.TO_TOPIC_VERBS
    for prep in head.rights:
        if prep.dep_ == "prep" and (prep.lower_ in lexicon.TOPIC_PREPOSITIONS or (to_topic and prep.lower_ == "to")):
            if prep.lower_ == "for" and lemma in lexicon.ADDRESSED_NOUNS:
                continue  # "a question for the president": the one asked
            for obj in prep.children:
                if obj.dep_ in ("pobj", "pcomp") and not _when_or_where(obj) and obj.lemma_.lower() not in _MANNER:
                    return [obj]
    return []


# "spoke on condition of anonymity", "on behalf of", "on background": how, not what about.
_MANNER = frozenset("condition behalf background record".split())


def _infinitive_after(verb: Token, at: int) -> list[Token]:
    """An infinitive the parser hung on ``verb`` that starts right at token ``at``: the rest of
    "called for the banks *to cut fees*", split from its subject by the parse."""
    return [
        c
        for c in verb.rights
        if c.dep_ in ("advcl", "xcomp")
        and c.left_edge.i == at
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
    ]


def circumstance(prep: Token) -> bool:
    """ "on Tuesday", "on Twitter", "in an interview" after the object: when, where or on
    what occasion, not part of what was said."""
    return prep.dep_ == "prep" and any(o.dep_ == "pobj" and _when_or_where(o) for o in prep.children)


def _when_or_where(obj: Token) -> bool:
    """ "spoke on Monday", "wrote on Twitter", "repeated for decades", "said in an interview":
    a time, a medium or an occasion, no topic."""
    if obj.ent_type_ == "ORG" and obj.head.lower_ == "on":
        return True  # "on CNN", "on Fox News": a broadcaster
    if obj.lemma_.lower() in lexicon.OCCASION_NOUNS and obj.head.lower_ in lexicon.OCCASION_PREPOSITIONS:
        return True  # "in an interview", "at a rally": the occasion of the saying
    return obj.ent_type_ in ("DATE", "TIME") or obj.lower_ in lexicon.MEDIUM_NOUNS


def reported(article: Article, cue: Token) -> tuple[int, int, ReportedKind] | None:
    """Token range and kind (clause, object, topic) of what a verb of saying reports."""
    if cue.lemma_.lower() in lexicon.NEEDS_MARKS:
        return None
    if _set_off(article, cue):
        return _around(article, cue)
    parts = clause_parts(cue)
    if parts and all(p.i < cue.i for p in parts):
        return _around(article, cue)
    kind, parts = reported_parts(cue)
    if not parts:
        return None
    start = max(first_word(parts), article.sentence_start[cue.i])
    if start < cue.i < min(p.i for p in parts):
        # "a change that he said would help": a relative pronoun that the clause opens with
        # takes the relative clause whole, cue and all (rule 7); with none ("the probe he said
        # was over"), the words after the cue
        relative = any(t.tag_ in ("WDT", "WP") for t in article.doc[start : cue.i])
        start = min(start, cue.left_edge.i) if relative else cue.i + 1
    end = min(max(c.right_edge.i for c in parts) + 1, article.sentence_end[cue.i])
    if not article.same_block(start, cue.i, end - 1):
        return None
    end = _before_second_cue(article, cue, parts, start, end)
    end = loose_end(article, start, end)
    if kind != "clause":
        end = _said_where(parts, start, end)
        end = _spelled_out(article, end)
    return (start, end, kind) if end > start else None


def _said_where(parts: list[Token], start: int, end: int) -> int:
    """ "criticised the plan on Fox News", "praised the firm from the Senate floor": a time
    or medium that ends the object, which the parser hung on it, is the saying's, not what
    was said (rule 2)."""
    for part in parts:
        for prep in part.rights:
            if prep.right_edge.i + 1 == end and prep.i > start and circumstance(prep):
                return prep.i
    return end


def first_word(parts: list[Token]) -> int:
    """Where what ``parts`` report begins: "called for *the city* to raise wages", the
    "for" that marks the request is the verb's, as "for" after a noun is ("its call for")."""
    start = min(c.left_edge.i for c in parts)
    first = parts[0].doc[start]
    if first.dep_ == "mark" and first.lower_ == "for" and first.head.dep_ == "advcl" and start + 1 < first.head.i:
        return start + 1
    return start


def _spelled_out(article: Article, end: int) -> int:
    """ "reiterated his pledges: a wall, a tax cut and more troops": a colon or a dash after
    the object opens what it consists of, which is part of what was said (rule 5)."""
    doc, sentence_end = article.doc, article.sentence_end[end - 1]
    if end < sentence_end and doc[end].text in (":", "--", "—", "–") and article.inside[end] == -1:
        if article.count_words(end + 1, sentence_end) and article.same_block(end, sentence_end - 1):
            return sentence_end
    return end


def reported_parts(cue: Token) -> tuple[ReportedKind, list[Token]]:
    """What a verb of saying reports after it, and its kind: its clause ("said that ..."),
    else the object of its speech act ("praised the plan"), else its topic ("spoke about
    the war"). Quotes in marks and reported speech share this one order."""
    parts = _with_agent(cue, [p for p in clause_parts(cue) if p.i > cue.i])
    if parts:
        return "clause", parts
    parts = object_parts(cue)
    lemma = cue.lemma_.lower()
    if not parts and (lemma in lexicon.SPEECH_VERBS or lemma in lexicon.TOPIC_VERBS):
        return "topic", topic_parts(cue)
    return "object", parts


def _with_agent(cue: Token, parts: list[Token]) -> list[Token]:
    """ "urged voters to register": the one asked to act is part of the request (rule 2).

    An infinitive after an object has that object for its subject, so "voters to register"
    is what was asked; a that-clause has a subject of its own, and "told reporters that"
    keeps the addressee out.
    """
    clauses = [p for p in parts if p.dep_ == "xcomp"]
    if not clauses:
        return parts
    agents = [c for c in cue.rights if c.dep_ in ("dobj", "dative") and c.i < clauses[0].i]
    return agents[:1] + parts if agents else parts


def _before_second_cue(article: Article, cue: Token, parts: list[Token], start: int, end: int) -> int:
    """ "said that X and noted that Y", parsed with "noted" under X: Y is the second cue's.

    Only the parts' own children are looked at, which keeps this linear overall.
    """
    doc = article.doc
    second = [
        c
        for part in parts
        for c in part.children
        if c.dep_ == "conj"
        and c.i > cue.i
        and is_cue(c)
        and c.lemma_.lower() not in lexicon.BELIEF_VERBS  # "said she decided X and thought Y": one clause
        and any(g.dep_ in _REPORTED for g in c.children)
    ]
    if second:
        end = min(c.left_edge.i for c in second)
        while end > start and (doc[end - 1].dep_ == "cc" or doc[end - 1].is_punct):
            end -= 1
    return end


def loose_end(article: Article, start: int, end: int) -> int:
    """Where a loose modifier after a comma cuts the content short (rule 3)."""
    doc = article.doc
    # No clause runs this long; looking further would make a run-on text quadratic.
    for i in range(start + 1, min(end - 1, start + tuning.LONGEST_CLAUSE_TOKENS)):
        if doc[i].text != "," or article.inside[i] != -1:
            continue
        if _loose_at(article, start, end, i):
            return i
    return end


def _loose_at(article: Article, start: int, end: int, i: int) -> bool:
    """Whether a loose modifier begins after the comma at token ``i`` (rule 3)."""
    doc = article.doc
    nxt = doc[i + 1]
    phrase = nxt
    for head in heads(nxt):
        if head.left_edge.i != nxt.i or not start <= head.i < end:
            break
        phrase = head
    if phrase.right_edge.i < end - 2:
        return False  # a modifier in the middle ("the victory, while significant, serves")
    if nxt.lower_ in _LOOSE_OPENERS and article.inside[i + 1] == -1:
        return True
    if nxt.tag_ == "VBG" and phrase.dep_ in ("advcl", "xcomp", "conj") and not start <= phrase.head.i < end:
        return True  # "said X, implying Y": what the speaker did, not what was said
    if nxt.tag_ == "VBG" and is_cue(nxt):
        return True  # "said X, adding that Y": a second report, wherever the parser hung it
    if phrase.dep_ in _LOOSE and phrase.head.i < i and not _subject_before(phrase, i):
        if phrase.dep_ == "prep" and phrase.lower_ not in ("compared", "unlike", "despite"):
            return False
        if phrase.dep_ == "appos" and phrase.pos_ == "PROPN" and phrase.head.pos_ in ("PROPN", "NOUN"):
            return False  # "in Salem, Ore.", "the party's nominee, Ann Reyes": one name, not a modifier
        if phrase.dep_ == "appos" and _a_list(doc, i, phrase.right_edge.i + 1):
            return False  # "thanked his parents, his sisters and his staff": a list
        return True
    return False


def _subject_before(verb: Token, comma: int) -> bool:
    """ "voters who, even with Reed in the race, stay home": the verb after the comma has its
    subject before it, so the comma closes an aside and the clause goes on."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.i < comma for c in verb.lefts)


def _a_list(doc: Doc, comma: int, end: int) -> bool:
    """Items after ``comma`` up to ``end`` that a final "and" or "or" closes: a list.

    Lists in news run a few words an item; looking further would cost time for nothing.
    """
    items = doc[comma + 1 : min(end, comma + tuning.LONGEST_LIST_TOKENS)]
    return any(t.lower_ in ("and", "or") for t in items) and not any(t.dep_ in ("relcl", "acl") for t in items)


def _around(article: Article, cue: Token) -> tuple[int, int, ReportedKind] | None:
    """A cue after the clause it reports: the sentence around it, less the attribution (rule 4)."""
    doc = article.doc
    start, sentence_end = article.sentence_start[cue.i], article.sentence_end[cue.i]
    while start < cue.i and (doc[start].dep_ == "cc" or doc[start].is_punct or doc[start].is_space):
        start += 1
    # "The real problem, said the mayor, was ...": the subject before an inverted cue is what was said
    speaker = inverted_subject(cue)
    stray = speaker is not None
    attribution = min(
        [cue.i] + [c.left_edge.i for c in cue.lefts if c.dep_ not in _CLAUSES and not (stray and c.dep_ == "nsubj")]
    )
    rights = [c for c in cue.rights if c.dep_ not in _CLAUSES]
    tail = max([cue.i] + [c.right_edge.i for c in rights])
    if speaker is not None:  # the attribution ends at the comma after its speaker: "said the mayor,"
        closing = next((c.i for c in rights if c.text == "," and c.i >= speaker.right_edge.i), len(doc))
        inner = [c.right_edge.i for c in rights if c.i < closing and c.dep_ != "punct"]
        tail = max([speaker.right_edge.i] + inner)
    end = sentence_end
    if not article.count_words(tail + 1, end):
        end = attribution  # "X, she said."
    elif not article.count_words(start, attribution):
        start = tail + 1  # "As Reyes put it, X."
    if not article.count_words(start, end) or not article.same_block(start, end - 1):
        return None
    return start, end, "clause"


def according(article: Article, according_token: Token) -> tuple[int, int, AccordingKind] | None:
    """The clause ``according to X`` qualifies: its sentence less the phrase, or all of it
    when the phrase stands inside it between commas ("Sales, according to X, rose") as a
    cue set inside its sentence does (rule 4); a connective that opens the sentence
    ("But", "Meanwhile,") is the writer's, not the source's."""
    doc = article.doc
    i = according_token.i
    phrase_start, phrase_end = according_token.left_edge.i, according_token.right_edge.i + 1
    sentence_start, sentence_end = article.sentence_start[i], article.sentence_end[i]
    left = (sentence_start, phrase_start)
    right = (phrase_end, sentence_end)
    inside = (
        phrase_start > sentence_start
        and doc[phrase_start - 1].text == ","
        and phrase_end < sentence_end
        and doc[phrase_end].text == ","
        and article.count_words(*left)
        and article.count_words(phrase_end, sentence_end) > 1
    )
    start, end = (sentence_start, sentence_end) if inside else max(left, right, key=lambda r: article.count_words(*r))
    while start < end and (doc[start].dep_ == "cc" or doc[start].is_punct or _connective(doc, start)):
        start += 1  # "But ...", "Meanwhile, ..."
    if end - start > 1 and doc[end - 1].lower_ in ("’s", "'s") and doc[end - 1].pos_ == "AUX":
        end -= 1  # "That's according to ..."
    if not article.count_words(start, end):
        return None
    return start, end, "according"


def _connective(doc: Doc, i: int) -> bool:
    """An adverb and a comma that open a sentence: "Meanwhile,", "However,", "Still,"."""
    return doc[i].pos_ == "ADV" and i + 1 < len(doc) and doc[i + 1].text == ","


def noun(article: Article, token: Token) -> tuple[int, int, NounKind] | None:
    """What a noun of saying reports: its that-clause ("the claim that ..."), else its topic."""
    lemma = token.lemma_.lower()
    clauses = [
        c
        for c in token.rights
        if c.dep_ in ("acl", "ccomp", "relcl")
        and any(m.dep_ == "mark" and m.lower_ == "that" and m.i == c.left_edge.i for m in c.children)
    ]
    target = receiver(token)
    if not clauses and lemma in lexicon.INFINITIVE_NOUNS:
        # "his call to bring the parties together", "her promise to cut taxes"
        clauses = [
            c
            for c in token.rights
            if c.dep_ in ("acl", "relcl")
            and any(a.dep_ == "aux" and a.lower_ == "to" and a.i == c.left_edge.i for a in c.children)
        ]
    kind: NounKind = "topic"
    if lemma in lexicon.CLAIM_NOUNS and clauses:
        start, end = clauses[0].left_edge.i, clauses[0].right_edge.i + 1
        kind = "claim"
    elif target is not None and lemma in lexicon.TOPIC_NOUNS:
        # "the plan drew criticism from Reed": what was criticised is the subject, unless a
        # reason follows ("faced criticism for the move")
        reasons = [p for p in token.rights if p.dep_ == "prep" and p.lower_ in ("for", "over")]
        topic = [o for p in reasons for o in p.children if o.dep_ in ("pobj", "pcomp")][:1] or [target]
        start, end = topic[0].left_edge.i, topic[0].right_edge.i + 1
    elif lemma in lexicon.TOPIC_NOUNS and (topic := topic_parts(token)):
        start, end = topic[0].left_edge.i, topic[0].right_edge.i + 1
        if token.head.pos_ in ("VERB", "AUX"):  # "its call for the city to raise wages"
            end = max([end] + [c.right_edge.i + 1 for c in _infinitive_after(token.head, end)])
    elif (
        lemma in lexicon.TOPIC_NOUNS
        and token.head.pos_ in ("VERB", "AUX")
        and (request := [c for c in _infinitive_after(token.head, token.right_edge.i + 1) if marked(c, "for")])
    ):  # "its calls for the banks to cut fees", parsed as a for-clause of the verb
        start, end = request[0].left_edge.i + 1, request[0].right_edge.i + 1
    else:
        return None
    if not article.same_block(token.i, end - 1):
        return None
    end = loose_end(article, start, end)
    return start, end, kind
