"""Sources: each kind of source ``speaker_token`` knows, on a parse pinned by hand."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from api.engine.sources import (
    NOT_THIS_KIND,
    SOURCE_KINDS,
    SourceKind,
    according_over,
    according_to_source,
    cited_source,
    clause_after_a_preposition,
    compound_of_a_noun_cue,
    infinitive_on_a_word,
    participle_on_a_noun,
    passive_agent,
    speaker_token,
    subject_source,
    text_that_reads,
    verb_it_depends_on,
)

VOCAB = spacy.blank("en").vocab


def parse(rows: str) -> Doc:
    """One token a line: ``word head dep pos tag lemma [entity]``, heads absolute."""
    tokens = [line.split() for line in rows.strip().splitlines()]
    return Doc(
        VOCAB,
        words=[t[0] for t in tokens],
        heads=[int(t[1]) for t in tokens],
        deps=[t[2] for t in tokens],
        pos=[t[3] for t in tokens],
        tags=[t[4] for t in tokens],
        lemmas=[t[5] for t in tokens],
        ents=[t[6] if len(t) > 6 else "O" for t in tokens],
    )


# kind, the sentence parsed, the cue's index, the speaker's index (None: no one named)
CASES: list[tuple[SourceKind, str, int, int | None]] = [
    (
        according_to_source,
        """
        Prices 1 nsubj NOUN NNS price
        rose 1 ROOT VERB VBD rise
        according 1 prep VERB VBG accord
        to 2 prep ADP IN to
        Lee 3 pobj PROPN NNP Lee
        """,
        2,
        4,
    ),
    (
        cited_source,  # the one cited, not the paper that cites
        """
        The 1 det DET DT the
        paper 2 nsubj NOUN NN paper
        cited 2 ROOT VERB VBD cite
        an 4 det DET DT an
        aide 2 dobj NOUN NN aide
        as 2 prep ADP IN as
        saying 5 pcomp VERB VBG say
        no 6 dobj INTJ UH no
        """,
        2,
        4,
    ),
    (
        subject_source,
        """
        Ann 1 compound PROPN NNP Ann
        Lee 2 nsubj PROPN NNP Lee
        said 2 ROOT VERB VBD say
        no 2 dobj INTJ UH no
        """,
        2,
        1,
    ),
    (
        subject_source,  # the relative pronoun, resolved later to Lee
        """
        Lee 6 nsubj PROPN NNP Lee
        , 0 punct PUNCT , ,
        who 3 nsubj PRON WP who
        said 0 relcl VERB VBD say
        no 3 dobj INTJ UH no
        , 0 punct PUNCT , ,
        left 6 ROOT VERB VBD leave
        """,
        3,
        2,
    ),
    (
        compound_of_a_noun_cue,  # "estimates" tagged as a noun
        """
        Lee 1 compound PROPN NNP Lee
        estimates 1 ROOT NOUN NNS estimate
        that 4 mark SCONJ IN that
        it 4 nsubj PRON PRP it
        fails 1 ccomp VERB VBZ fail
        """,
        1,
        0,
    ),
    (
        text_that_reads,
        """
        Closed 2 ccomp ADJ JJ closed
        , 2 punct PUNCT , ,
        read 2 ROOT VERB VBD read
        the 4 det DET DT the
        sign 2 dobj NOUN NN sign
        """,
        2,
        4,
    ),
    (
        passive_agent,
        """
        It 2 nsubjpass PRON PRP it
        was 2 auxpass AUX VBD be
        announced 2 ROOT VERB VBN announce
        by 2 agent ADP IN by
        the 5 det DET DT the
        mayor 3 pobj NOUN NN mayor
        """,
        2,
        5,
    ),
    (
        passive_agent,  # "was quoted as saying", the one quoted
        """
        An 1 det DET DT an
        aide 3 nsubjpass NOUN NN aide
        was 3 auxpass AUX VBD be
        quoted 3 ROOT VERB VBN quote
        as 3 prep ADP IN as
        saying 4 pcomp VERB VBG say
        no 5 dobj INTJ UH no
        """,
        3,
        1,
    ),
    (
        participle_on_a_noun,
        """
        Nurses 0 ROOT NOUN NNS nurse
        telling 0 acl VERB VBG tell
        their 3 poss PRON PRP$ their
        stories 1 dobj NOUN NNS story
        """,
        1,
        0,
    ),
    (
        participle_on_a_noun,  # the statement's author
        """
        Lee 1 nsubj PROPN NNP Lee
        issued 1 ROOT VERB VBD issue
        a 3 det DET DT a
        statement 1 dobj NOUN NN statement
        saying 3 acl VERB VBG say
        no 4 dobj INTJ UH no
        """,
        4,
        0,
    ),
    (
        infinitive_on_a_word,
        """
        Lee 1 nsubj PROPN NNP Lee
        was 1 ROOT AUX VBD be
        quick 1 acomp ADJ JJ quick
        to 4 aux PART TO to
        add 2 xcomp VERB VB add
        more 4 dobj ADJ JJR more
        """,
        4,
        0,
    ),
    (
        clause_after_a_preposition,
        """
        Lee 1 nsubj PROPN NNP Lee
        began 1 ROOT VERB VBD begin
        by 1 prep ADP IN by
        asking 2 pcomp VERB VBG ask
        why 3 advmod SCONJ WRB why
        """,
        3,
        0,
    ),
    (
        clause_after_a_preposition,  # the habit's owner
        """
        his 1 poss PRON PRP$ his
        habit 1 ROOT NOUN NN habit
        of 1 prep ADP IN of
        asking 2 pcomp VERB VBG ask
        why 3 advmod SCONJ WRB why
        """,
        3,
        0,
    ),
    (
        subject_source,  # an inverted cue set off by a comma, given two subjects: the one after it
        """
        The 1 det DET DT the
        problem 3 nsubj NOUN NN problem
        , 3 punct PUNCT , ,
        said 7 parataxis VERB VBD say
        the 5 det DET DT the
        mayor 3 nsubj NOUN NN mayor
        , 3 punct PUNCT , ,
        was 7 ROOT AUX VBD be
        the 9 det DET DT the
        cost 7 attr NOUN NN cost
        """,
        3,
        5,
    ),
    (
        subject_source,  # "X, say experts, is Y" parsed with the speaker the subject of "is"
        """
        Part 2 nsubj NOUN NN part
        , 2 punct PUNCT , ,
        say 2 ROOT VERB VBP say
        experts 5 nsubj NOUN NNS expert
        , 3 punct PUNCT , ,
        is 2 ccomp AUX VBZ be
        land 5 attr NOUN NN land
        """,
        2,
        3,
    ),
    (
        verb_it_depends_on,
        """
        Lee 1 nsubj PROPN NNP Lee
        smiled 1 ROOT VERB VBD smile
        and 1 cc CCONJ CC and
        said 1 conj VERB VBD say
        no 3 dobj INTJ UH no
        """,
        3,
        0,
    ),
]


@pytest.mark.parametrize(
    ("kind", "rows", "cue", "speaker"),
    CASES,
    ids=[f"{kind.__name__}-{n}" for n, (kind, *_) in enumerate(CASES)],
)
def test_sources_kind_finds_the_speaker_of_its_sentence(
    kind: SourceKind, rows: str, cue: int, speaker: int | None
) -> None:
    doc = parse(rows)
    expected = None if speaker is None else doc[speaker]
    assert kind(doc[cue], 0, cue) == expected  # this kind answers, not a later one
    assert speaker_token(doc[cue]) == expected
    earlier = SOURCE_KINDS[: SOURCE_KINDS.index(kind)]
    assert all(other(doc[cue], 0, cue) is NOT_THIS_KIND for other in earlier)


@pytest.mark.parametrize("kind", SOURCE_KINDS, ids=[k.__name__ for k in SOURCE_KINDS])
def test_sources_every_kind_has_a_sentence_and_a_docstring(kind: SourceKind) -> None:
    assert any(case[0] is kind for case in CASES)
    assert kind.__doc__ and '"' in kind.__doc__  # the sentence it exists for


@pytest.mark.parametrize(
    ("rows", "cue", "according"),
    [
        pytest.param(
            """
            Lee 1 nsubj PROPN NNP Lee
            said 1 ROOT VERB VBD say
            it 3 nsubj PRON PRP it
            failed 1 ccomp VERB VBD fail
            , 1 punct PUNCT , ,
            according 1 prep VERB VBG accord
            to 5 prep ADP IN to
            Reuters 6 pobj PROPN NNP Reuters
            """,
            1,
            5,
            id="on-the-cue",
        ),
        pytest.param(
            """
            Lee 1 nsubj PROPN NNP Lee
            said 1 ROOT VERB VBD say
            it 3 nsubj PRON PRP it
            failed 1 ccomp VERB VBD fail
            according 3 prep VERB VBG accord
            to 4 prep ADP IN to
            Reuters 5 pobj PROPN NNP Reuters
            """,
            1,
            4,
            id="on-the-clause-it-reports",
        ),
        pytest.param(
            """
            As 2 mark SCONJ IN as
            Lee 2 nsubj PROPN NNP Lee
            noted 5 advcl VERB VBD note
            , 5 punct PUNCT , ,
            it 5 nsubj PRON PRP it
            failed 5 ROOT VERB VBD fail
            according 5 prep VERB VBG accord
            to 6 prep ADP IN to
            Reuters 7 pobj PROPN NNP Reuters
            """,
            2,
            6,
            id="on-the-clause-an-as-clause-is-said-of",
        ),
        pytest.param(
            """
            When 2 advmod SCONJ WRB when
            Lee 2 nsubj PROPN NNP Lee
            spoke 5 advcl VERB VBD speak
            , 5 punct PUNCT , ,
            it 5 nsubj PRON PRP it
            failed 5 ROOT VERB VBD fail
            according 5 prep VERB VBG accord
            to 6 prep ADP IN to
            Reuters 7 pobj PROPN NNP Reuters
            """,
            2,
            None,
            id="not-on-the-clause-a-when-clause-is-set-in",
        ),
    ],
)
def test_sources_according_to_that_vouches_for_a_report(rows: str, cue: int, according: int | None) -> None:
    doc = parse(rows)
    expected = None if according is None else doc[according]
    assert according_over(doc[cue]) == expected
