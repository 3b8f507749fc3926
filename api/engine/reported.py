"""Reported speech without quotation marks: "Lister said that ...", "according to SANA".

Every cue outside the marks that no marked quote used proposes what it reports
(``content.py`` draws the boundaries) with its source (``sources.py``); headlines of the
form ``Name: claim`` propose theirs. ``candidates.resolve`` settles the overlaps.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Token

from . import lexicon, tuning
from .article import Article
from .candidates import Found, Offsets, resolve
from .content import AccordingKind, ReportedKind, according, marked, noun, reported, trim
from .cues import cue_of, is_cue, is_noun_cue, put_to
from .rules import RuleName
from .sources import according_over, owner, speaker_of
from .speakers import relative_antecedent

_SHORTEST = tuning.SHORTEST_REPORT_CHARACTERS
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_HEADLINE_COLON = re.compile(rf"[^\n:]{{1,{tuning.HEADLINE_LABEL_CHARACTERS}}}:[ \t]")
# A short line "Name: claim" with no sentence end, as in headlines and transcripts.
_NAME = rf"[A-Z][\w.’'-]*(?: [A-Za-z][\w.’'-]*){{0,{tuning.HEADLINE_NAME_WORDS}}}"
_CLAIM = "{{{},{}}}".format(*tuning.HEADLINE_CLAIM_CHARACTERS)
# "Berg: The audit found nothing", "Farm groups to Ann Lee: Fix the roads" (the one told
# is no part of the speaker).
_HEADLINE = re.compile(
    rf"(?P<name>{_NAME})(?: to {_NAME})?:[ \t]+(?P<claim>[A-Z‘'“\"][^\n.!?]{_CLAIM}?)[.!?]?[ \t]*(?:\n|$)"
)


def find_reported(article: Article, taken: list[Found], used_cues: set[int]) -> list[Found]:
    """Indirect quotes that overlap none of ``taken``, from cues not in ``used_cues``."""
    candidates: list[Found] = []
    titles: dict[int, bool] = {}
    for token in article.doc:
        article.deadline.check()
        if article.inside[token.i] != -1 or token.i in used_cues:
            continue
        block = article.token_block[token.i]
        if block not in titles:
            titles[block] = bool(block) and _title_line(article, block)
        if titles[block]:
            continue  # "Desert Falcons Thank Putin for Support": a link or subheading, not a sentence
        if is_cue(token):
            found = _from_verb(article, token)
        elif token.tag_ == "VBN" and token.lemma_.lower() in lexicon.JUDGEMENT_VERBS:
            found = _judged(article, token)
        elif is_noun_cue(token):
            found = _from_noun(article, token)
        else:
            continue
        if found is not None:
            candidates.append(found)
    candidates += _headline_claims(article)
    candidates += _block_quotes(article, used_cues)
    return resolve(taken, candidates)


def _from_verb(article: Article, cue: Token) -> Found | None:
    is_according = cue.lower_ == "according"
    span = according(article, cue) if is_according else reported(article, cue)
    if span is None:
        return None
    start, end, kind = span
    if kind in ("object", "topic") and cue.dep_ == "relcl" and cue.tag_ in ("VBZ", "VBP"):
        return None  # "a group that reports on the war" says what it does, not what it said
    content = trim(article, start, end)
    if put_to(cue):
        # "Reed was asked whether ...": the one who asked is not named, Reed only answers
        if content[1] - content[0] < _SHORTEST:
            return None
        return _reported(content, cue_of(cue), None, "asked-whether" if kind == "clause" else "asked-about")
    if _obliged(cue):
        return None
    speaker = speaker_of(article, cue, article.sentence_start[cue.i])
    if speaker is not None and content[0] < speaker.idx < content[1] and not start <= cue.i < end:
        content = trim(article, start, min(speaker.left_edge.i, speaker.i))
    vouched = according_over(cue)
    if vouched is not None and article.inside[vouched.i] == -1:
        phrase = article.doc[vouched.left_edge.i : vouched.right_edge.i + 1]
        if content[0] < phrase.start_char < content[1] <= phrase.end_char:
            content = trim(article, start, vouched.left_edge.i)  # the phrase is no part of what was said
        if cue.dep_ == "advcl" and marked(cue, "as"):
            # "As we noted, the ferry costs ..., according to its budget": the budget is the
            # source; "Lee said ..., according to aides" stays Lee's (the aides report his saying)
            speaker = speaker_of(article, vouched, article.sentence_start[vouched.i]) or speaker
    if speaker is None or not _speaks(speaker, cue):
        return None
    if content[1] - content[0] < _SHORTEST:
        return None
    rule: RuleName
    if cue.lemma_.lower() in lexicon.BELIEF_VERBS:
        holder = relative_antecedent(speaker) or speaker  # "lawmakers who think ...": the lawmakers
        if not _names_a_source(holder) or _generic(holder) or any(c.dep_ == "neg" for c in cue.children):
            return None  # "I think ...", "many fear", "few doubt": opinion, not a report
        rule = "belief"
    else:
        rule = _VERB_RULES[kind]
    return _reported(content, cue_of(cue), speaker.i, rule)


def _speaks(subject: Token, cue: Token) -> bool:
    """Whether the cue's subject is a source, not the point a demonstrative stands for,
    nor the "it" of "it is fair to say", the writer's own hedge.

    "This suggests that ...", "these show ...": the evidence just given, no one's words;
    "those" only with what makes it people ("those at the hearing said"); "that" but for
    the concession "That said, ..." ("That implied ..." may still sum up a document).
    """
    word = subject.lower_
    if _restrictive_perfect(subject, cue):
        return False
    if (
        word == "it"
        and cue.lemma_ == "say"
        and cue.dep_ == "xcomp"
        and any(c.dep_ == "acomp" for c in cue.head.children)
    ):
        return False  # "it is fair to say that ...": the writer's hedge
    if subject.tag_ != "DT" or word not in _DEMONSTRATIVES:
        return True
    if word == "that":
        return not _that_said(cue)
    return word == "those" and any(c.dep_ in _PEOPLE_MODIFIERS for c in subject.children)


def _restrictive_perfect(subject: Token, cue: Token) -> bool:
    """ "activists who have demanded reform", "a candidate who has pledged to cut taxes": a
    relative clause with no comma before its "who", in the perfect, says which people the
    noun means by what they have said, not what one of them said; "Reed, who has said ..."
    reports it."""
    if subject.lower_ != "who" or cue.dep_ != "relcl" or not subject.i or subject.doc[subject.i - 1].is_punct:
        return False
    return cue.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in cue.children)


def _obliged(cue: Token) -> bool:
    """ "Candidates must disclose their donors", "the law requires them to report it": a duty
    to speak, not a report that anyone has; nor is an intent ("plans to announce ...")."""
    if any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in cue.children):
        return True
    if cue.dep_ != "xcomp":
        return False
    head, lemma = cue.head, cue.head.lemma_.lower()
    if lemma in ("require", "oblige"):
        return True
    if lemma in lexicon.INTENT_VERBS:
        return True  # "plans to announce", "hopes to persuade": not yet said
    # "have to disclose", a duty now; "had to concede": they did
    return lemma == "have" and head.tag_ in ("VBP", "VBZ") and any(c.lower_ == "to" for c in cue.children)


def _that_said(cue: Token) -> bool:
    """ "That said, the plan stands": a concession, no one's words."""
    doc = cue.doc
    return cue.lower_ == "said" and cue.i + 1 < len(doc) and doc[cue.i + 1].text == ","


_DEMONSTRATIVES = frozenset("this that these those".split())
_PEOPLE_MODIFIERS = frozenset("acl relcl prep appos amod".split())

# A verb of saying's rule by what it reports (content.reported).
_VERB_RULES: dict[ReportedKind | AccordingKind, RuleName] = {
    "according": "according-to",
    "clause": "reported-clause",
    "object": "speech-object",
    "topic": "speech-topic",
}


def _reported(content: Offsets, cue: tuple[int, int, str], speaker: int | None, rule: RuleName) -> Found:
    """Reported speech: no marks, so nothing in it is quoted word for word."""
    return Found(type="indirect", content=content, quoted=(), cue=cue, speaker=speaker, rule=rule)


def _judged(article: Article, cue: Token) -> Found | None:
    """ "Reed has been criticized for his silence": a judgement passed on the subject, in the
    passive, by critics the text does not name; the clause is what they said, no one speaks."""
    deps = {c.dep_ for c in cue.children}
    if "auxpass" not in deps or "agent" in deps:
        return None
    subjects = [c for c in cue.lefts if c.dep_ == "nsubjpass" and c.tag_ not in ("WP", "WDT")]
    if not subjects:
        return None
    why = [
        c
        for c in cue.rights
        if c.dep_ in ("prep", "oprd", "xcomp", "advcl")
        and c.lower_ != "by"
        and not any(o.ent_type_ in ("DATE", "TIME") or o.lower_ in lexicon.MEDIUM_NOUNS for o in c.children)
    ]
    if not why:
        return None  # "Reed was criticized.": what for is not said
    start = max(subjects[0].left_edge.i, article.sentence_start[cue.i])
    end = min(max(c.right_edge.i for c in why) + 1, article.sentence_end[cue.i])
    if not article.same_block(start, end - 1):
        return None
    content = trim(article, start, end)
    if content[1] - content[0] < _SHORTEST:
        return None
    return _reported(content, cue_of(cue), None, "speech-object")


def _from_noun(article: Article, token: Token) -> Found | None:
    span = noun(article, token)
    source = owner(token)
    if span is None or source is None or article.inside[source.i] != -1:
        return None
    if token.lemma_.lower() in lexicon.ASSAULT_VERBS and not (
        source.ent_type_ in ("PERSON", "ORG") or source.lower_ in ("his", "her", "their")
    ):
        return None  # "the attack on the base by gunmen" is no war of words
    start, end, kind = span
    content = trim(article, start, end)
    if content[1] - content[0] < _SHORTEST:
        return None
    return _reported(content, cue_of(token), source.i, "noun-claim" if kind == "claim" else "noun-topic")


def _block_quotes(article: Article, used_cues: set[int]) -> list[Found]:
    """A paragraph after one that ends ``He added:``, without quotation marks.

    Pages copied from the web lose the indentation of their block quotes; the colon after
    a verb of saying still says the next paragraph is the speaker's.
    """
    doc, starts, text = article.doc, article.blocks.starts, article.text
    result: list[Found] = []
    blanks: list[int] | None = None  # where blank lines are, found once and only if needed
    for block in range(1, len(starts)):
        article.deadline.check()
        first = article.token_at(starts[block])
        colon = first - 1
        while colon >= 0 and doc[colon].is_space:
            colon -= 1
        if colon < 0 or doc[colon].text != ":" or article.inside[colon] != -1 or article.inside[first] != -1:
            continue
        if article.token_block[colon] != block - 1 or doc[first].is_space:
            continue
        sentence = article.sentence_start[colon]
        cues = [t for t in doc[sentence:colon] if t.i not in used_cues and is_cue(t) and t.lower_ != "according"]
        if not cues or cues[-1].lemma_.lower() in lexicon.BELIEF_VERBS:
            continue
        speaker = speaker_of(article, cues[-1], sentence)
        if speaker is None:
            continue
        if blanks is None:
            blanks = [m.start() for m in _BLANK_LINE.finditer(text)]
        after = bisect_left(blanks, starts[block])  # the quote's lines run to a blank line
        end = blanks[after] if after < len(blanks) else len(text)
        content = trim(article, first, article.token_at(end - 1) + 1)
        if content[1] - content[0] >= _SHORTEST:
            result.append(_reported(content, cue_of(cues[-1]), speaker.i, "block-quote"))
    return result


def _headline_claims(article: Article) -> list[Found]:
    """``Berg: The audit found no missing funds`` - a headline that gives a speaker - and
    the lines of a transcript (``ANN ROSS: Why not? We asked twice.``)."""
    text, starts, doc = article.text, article.blocks.starts, article.doc
    result: list[Found] = []
    if not any(_HEADLINE_COLON.search(text, start, start + tuning.HEADLINE_SCAN_CHARACTERS) for start in starts):
        return result
    named = {t.lower_ for ent in doc.ents if ent.label_ in ("PERSON", "ORG") for t in ent}
    # two or more lines labelled with names in capitals are a transcript: each label speaks
    labels = [m.group("name") for start in starts if (m := _TRANSCRIPT.match(text, start))]
    transcript = len([label for label in labels if label.lower() not in _SECTION_LABELS]) > 1
    for block, start in enumerate(starts):
        article.deadline.check()
        end = starts[block + 1] if block + 1 < len(starts) else len(text)
        match = _HEADLINE.match(text, start, end) or _TRANSCRIPT.match(text, start, end)
        if match is None:
            continue
        name = article.token_at(match.end("name") - 1)
        turns = transcript and doc[name].is_upper
        if not _names_a_source(doc[name]) and doc[name].lower_ not in named and not turns:
            continue  # "Berg: ..." where the article names Anna Berg; "Reed camp: ..."
        if match.group("name").lower() in _SECTION_LABELS:
            continue  # "UPDATE: ...", "CORRECTION: ..." label the text, no one says it
        at = text.index(":", match.end("name"))
        cue = (at, at + 1, ":")
        if match.re is _HEADLINE:
            content = (match.start("claim"), match.end("claim"))
        else:  # the whole line, sentences and all
            content = trim(article, article.token_at(match.start("claim")), article.token_at(end - 1) + 1)
        # a line of a transcript is a turn, whichever pattern read it
        rule: RuleName = "transcript" if turns or match.re is _TRANSCRIPT else "headline-claim"
        result.append(_reported(content, cue, name, rule))
    return result


# A line of a transcript: a speaker's name in capitals and a colon, then what they said,
# sentences and all: "KATE ROSS: Why not debate? We asked twice."
_TRANSCRIPT = re.compile(
    rf"(?P<name>[A-Z][A-Z.’'-]+(?: [A-Z][A-Z.’'-]+){{0,{tuning.HEADLINE_NAME_WORDS}}}):[ \t]+(?P<claim>\S[^\n]*)"
)
# Labels of a section, not of a speaker: "UPDATE: ...", "EDITOR'S NOTE: ...".
_SECTION_LABELS = frozenset(
    "update|correction|clarification|note|editor's note|editor’s note|watch|video|photos|look|read|related"
    "|breaking|exclusive|abstract|full text|source|sources".split("|")
)


def _names_a_source(token: Token) -> bool:
    """A person or organisation by name, or a noun for one ("Report", "Reed camp")."""
    if token.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    lemma = token.lemma_.lower()
    return token.pos_ in ("NOUN", "PROPN") and (
        lemma in lexicon.PERSON_ROLES or lemma in lexicon.ORGANIZATION_NOUNS or lemma in lexicon.SOURCE_NOUNS
    )


def _generic(token: Token) -> bool:
    """ "Many voters", "some experts", "those insiders who think": a crowd's opinion, no one's statement."""
    return any(c.dep_ in ("amod", "det") and c.lower_ in _QUANTIFIERS for c in token.children)


_QUANTIFIERS = frozenset("many some most few several all more fewer those".split())
_TITLE_SMALL_WORDS = frozenset("a an the of in on at to for and or but nor with by from as vs".split())
_TITLE_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def _title_line(article: Article, block: int) -> bool:
    """A short paragraph in Title Case with no full stop: a link or a subheading."""
    starts = article.blocks.starts
    start = starts[block]
    end = starts[block + 1] if block + 1 < len(starts) else len(article.text)
    if end - start > tuning.TITLE_LINE_CHARACTERS:
        return False
    line = article.text[start:end].strip()
    words = [w for w in _TITLE_WORD.findall(line) if w.lower() not in _TITLE_SMALL_WORDS]
    return len(words) >= tuning.TITLE_LINE_WORDS and not line.endswith(".") and all(w[0].isupper() for w in words)
