"""The rules on any parse: they end, and every span they give is in the text.

Hypothesis builds ``Doc``s by hand with random but valid trees (any token may be a root:
a noun, a punctuation mark, a quotation mark), dependency labels, tags, POS and
morphology from the small model's own label sets, quotation marks of every style, verbs
and nouns of saying, names and pronouns, in one to several sentences and paragraphs. The
rules then run as the engine runs them after parsing, under a time bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from conftest import time_limit
from hypothesis import event, given
from hypothesis import strategies as st
from spacy.tokens import Doc, Span

from api.engine import Engine, attribute
from api.engine.results import Attribution
from api.engine.results import Span as TextSpan

# Quotation marks in pairs as news text writes them, and reversed, mismatched or alone.
PAIRS = [
    ("“", "”"),
    ('"', '"'),
    ("‘", "’"),
    ("'", "'"),
    ("„", "“"),
    ("„", "”"),
    ("‚", "‘"),
    ("«", "»"),
    ("»", "«"),
    ("‹", "›"),
    ("``", "''"),
    ("‘‘", "’’"),
    ("‟", "”"),
    ("‛", "’"),
    ("“", '"'),
    ("`", "'"),
]
MARKS = sorted({mark for pair in PAIRS for mark in pair})

# Words with the analysis the small model would usually give them: (word, POS, tag, lemma).
# Hypothesis may give any of them any other label as well.
CUES = [
    ("said", "VERB", "VBD", "say"),
    ("says", "VERB", "VBZ", "say"),
    ("told", "VERB", "VBD", "tell"),
    ("saying", "VERB", "VBG", "say"),
    ("suggesting", "VERB", "VBG", "suggest"),
    ("promising", "VERB", "VBG", "promise"),
    ("claimed", "VERB", "VBD", "claim"),
    ("asked", "VERB", "VBN", "ask"),
    ("called", "VERB", "VBD", "call"),
    ("pointed", "VERB", "VBD", "point"),
    ("believes", "VERB", "VBZ", "believe"),
    ("cited", "VERB", "VBD", "cite"),
    ("read", "VERB", "VBD", "read"),
    ("put", "VERB", "VBD", "put"),
    ("according", "VERB", "VBG", "accord"),
    ("claims", "NOUN", "NNS", "claim"),
    ("criticism", "NOUN", "NN", "criticism"),
    ("statement", "NOUN", "NN", "statement"),
]
NOUNS = [
    ("report", "NOUN", "NN", "report"),
    ("policy", "NOUN", "NN", "policy"),
    ("plan", "NOUN", "NN", "plan"),
    ("door", "NOUN", "NN", "door"),
    ("jobs", "NOUN", "NNS", "job"),
    ("officials", "NOUN", "NNS", "official"),
    ("mayor", "NOUN", "NN", "mayor"),
    ("agency", "NOUN", "NN", "agency"),
    ("room", "NOUN", "NN", "room"),
    ("%", "NOUN", "NN", "%"),
    ("Reed", "PROPN", "NNP", "Reed"),
    ("Ann", "PROPN", "NNP", "Ann"),
    ("Cole", "PROPN", "NNP", "Cole"),
    ("SANA", "PROPN", "NNP", "SANA"),
    ("Gov.", "PROPN", "NNP", "Gov."),
    ("Friday", "PROPN", "NNP", "Friday"),
    ("UPDATE", "PROPN", "NNP", "UPDATE"),
    ("he", "PRON", "PRP", "he"),
    ("she", "PRON", "PRP", "she"),
    ("it", "PRON", "PRP", "it"),
    ("they", "PRON", "PRP", "they"),
    ("who", "PRON", "WP", "who"),
    ("that", "PRON", "WDT", "that"),
]
OTHER_WORDS = [
    ("out", "ADP", "RP", "out"),
    ("to", "ADP", "IN", "to"),
    ("his", "PRON", "PRP$", "his"),
    ("that", "SCONJ", "IN", "that"),
    ("whether", "SCONJ", "IN", "whether"),
    ("the", "DET", "DT", "the"),
    ("a", "DET", "DT", "a"),
    ("all", "DET", "DT", "all"),
    ("open", "ADJ", "JJ", "open"),
    ("quick", "ADJ", "JJ", "quick"),
    ("is", "AUX", "VBZ", "be"),
    ("has", "AUX", "VBZ", "have"),
    ("been", "AUX", "VBN", "be"),
    ("was", "AUX", "VBD", "be"),
    ("will", "AUX", "MD", "will"),
    ("win", "VERB", "VB", "win"),
    ("there", "PRON", "EX", "there"),
    ("for", "ADP", "IN", "for"),
    ("of", "ADP", "IN", "of"),
    ("by", "ADP", "IN", "by"),
    ("as", "ADP", "IN", "as"),
    ("on", "ADP", "IN", "on"),
    ("and", "CCONJ", "CC", "and"),
    ("'s", "PART", "POS", "'s"),
    ("not", "PART", "RB", "not"),
    ("Meanwhile", "ADV", "RB", "meanwhile"),
    ("2", "NUM", "CD", "2"),
]
WORDS = CUES + NOUNS + OTHER_WORDS


def plausible(child: Token, before: bool, head: Token) -> str:
    """The label a parser would likely give ``child`` under ``head``: half the labels are
    drawn this way, so that cues find speakers and clauses as they do in news text."""
    if child.pos in ("NOUN", "PROPN", "PRON"):
        if head.pos == "ADP":
            return "pobj"
        if head.pos in ("NOUN", "PROPN"):
            return "compound" if before else "appos"
        return "nsubj" if before else "dobj"
    if child.pos == "VERB":
        return "ccomp" if head.pos in ("VERB", "AUX") else "relcl"
    return PLAUSIBLE.get(child.pos, "dep")


PLAUSIBLE = {"PUNCT": "punct", "DET": "det", "ADP": "prep", "SCONJ": "mark", "AUX": "aux", "ADJ": "amod"}
PLAUSIBLE_LABELS = {"pobj", "compound", "appos", "nsubj", "dobj", "ccomp", "relcl", "dep", *PLAUSIBLE.values()}
PUNCTUATION = [".", ",", ":", ";", "?", "!", "—", "-", "--", "(", ")", "…", "...."]
BREAKS = ["\n\n", "\n", " \n\n "]


@dataclass(frozen=True)
class Labels:
    """The small model's own label sets, read from the loaded pipeline."""

    deps: list[str]
    tags: list[str]
    pos: list[str]
    ents: list[str]
    morphs: list[str]


@pytest.fixture(scope="session")
def labels(engine: Engine) -> Labels:
    nlp = engine.nlp
    patterns = nlp.get_pipe("attribute_ruler").patterns  # type: ignore[attr-defined]
    found = Labels(
        deps=sorted(nlp.get_pipe("parser").labels),  # type: ignore[attr-defined]
        tags=sorted(nlp.get_pipe("tagger").labels),  # type: ignore[attr-defined]
        pos=sorted({p["attrs"]["POS"] for p in patterns if "POS" in p["attrs"]}),
        ents=sorted(nlp.get_pipe("ner").labels),  # type: ignore[attr-defined]
        morphs=sorted({p["attrs"]["MORPH"] for p in patterns if "MORPH" in p["attrs"]}),
    )
    assert PLAUSIBLE_LABELS <= set(found.deps)
    return found


# What a sentence is made of, as often as it comes.
PIECES = ["cue"] * 4 + ["noun"] * 6 + ["word"] * 6 + ["punct"] * 2 + ["mark"] + ["passage"] * 3


@dataclass
class Token:
    word: str
    space: bool
    pos: str
    tag: str
    lemma: str


@st.composite
def tokens(draw: st.DrawFn, labels: Labels) -> list[Token]:
    """One piece of a sentence: a cue, a noun, another word, a punctuation mark, a stray
    quotation mark, or a passage in a pair of marks written as news text writes them."""
    kind = draw(st.sampled_from(PIECES))
    if kind == "passage":
        opening, closing = draw(st.sampled_from(PAIRS))
        inner = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
        result = [Token(opening, False, "PUNCT", "``", opening)]
        result += [Token(w, True, pos, tag, lemma) for w, pos, tag, lemma in inner]
        result[-1].space = False
        return [*result, Token(closing, draw(st.booleans()), "PUNCT", "''", closing)]
    if kind == "punct":
        word = draw(st.sampled_from(PUNCTUATION))
        return [Token(word, draw(st.booleans()), "PUNCT", draw(st.sampled_from([".", ",", ":"])), word)]
    if kind == "mark":
        word = draw(st.sampled_from(MARKS))
        return [Token(word, draw(st.booleans()), "PUNCT", draw(st.sampled_from(["``", "''"])), word)]
    words = {"cue": CUES, "noun": NOUNS, "word": OTHER_WORDS}[kind]
    word, pos, tag, lemma = draw(st.sampled_from(words))
    if draw(st.integers(0, 7)) == 0:  # any label of the model's, whatever the word
        pos, tag = draw(st.sampled_from(labels.pos)), draw(st.sampled_from(labels.tags))
    return [Token(word, draw(st.integers(0, 9)) > 0, pos, tag, lemma)]


@st.composite
def tree(draw: st.DrawFn, sentence: list[Token]) -> tuple[int, list[int]]:
    """A random tree over the sentence: its root, and each token's head (the root its own).

    Tokens join in a random order, each under one that joined before it, so every token
    reaches the root and there is no cycle; the tree may be non-projective. Any token may
    be the root; often it is a noun, as the small model parses headlines and fragments.
    """
    size = len(sentence)
    order = draw(st.permutations(range(size)))
    nouns = [i for i, t in enumerate(sentence) if t.pos in ("NOUN", "PROPN")]
    if nouns and draw(st.booleans()):
        root = draw(st.sampled_from(nouns))
        order = [root, *(i for i in order if i != root)]
    heads = [0] * size
    root = order[0]
    heads[root] = root
    for n, token in enumerate(order[1:], start=1):
        heads[token] = order[draw(st.integers(0, n - 1))]
    return root, heads


@st.composite
def documents(draw: st.DrawFn, labels: Labels, vocab: object) -> Doc:
    """One to several paragraphs of one to several sentences, each its own random tree."""
    words: list[str] = []
    spaces: list[bool] = []
    heads: list[int] = []
    deps: list[str] = []
    pos: list[str] = []
    tags: list[str] = []
    lemmas: list[str] = []
    morphs: list[str] = []
    paragraphs = draw(st.integers(1, 3))
    for paragraph in range(paragraphs):
        for _ in range(draw(st.integers(1, 3))):
            sentence = [t for piece in draw(st.lists(tokens(labels), min_size=1, max_size=8)) for t in piece]
            if draw(st.booleans()):
                sentence.append(Token(draw(st.sampled_from([".", "?", "!"])), True, "PUNCT", ".", "."))
            sentence[-1].space = True
            root, tree_heads = draw(tree(sentence))
            offset = len(words)
            for i, token in enumerate(sentence):
                words.append(token.word)
                spaces.append(token.space)
                heads.append(offset + tree_heads[i])
                head = sentence[tree_heads[i]]
                label = plausible(token, i < tree_heads[i], head)
                if draw(st.booleans()):
                    label = draw(st.sampled_from(labels.deps))
                deps.append(draw(st.sampled_from(["ROOT", label])) if i == root else label)
                pos.append(token.pos)
                tags.append(token.tag)
                lemmas.append(token.lemma)
                morphs.append(draw(st.sampled_from(["", "VerbForm=Fin", *labels.morphs[:20]])))
        if paragraph + 1 < paragraphs:
            # a paragraph break is a space token, which the parser attaches to the word before
            spaces[-1] = False
            words.append(draw(st.sampled_from(BREAKS)).strip(" "))
            spaces.append(False)
            heads.append(len(words) - 2)
            deps.append("dep")
            pos.append("SPACE")
            tags.append("_SP")
            lemmas.append("\n")
            morphs.append("")
    spaces[-1] = False
    doc = Doc(
        vocab,  # type: ignore[arg-type]
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        tags=tags,
        lemmas=lemmas,
        morphs=morphs,
    )
    names = [t.i for t in doc if t.pos_ == "PROPN"]
    if names:
        picked = draw(st.lists(st.sampled_from(names), unique=True, max_size=3))
        doc.ents = [Span(doc, i, i + 1, label=draw(st.sampled_from(labels.ents))) for i in sorted(picked)]
    return doc


def spans(result: Attribution) -> list[TextSpan]:
    """Every span of an answer: contents, quoted parts, cues, mentions."""
    found: list[TextSpan] = []
    for quote in result.quotes:
        found += [quote.content, *quote.quoted]
        if quote.cue is not None:
            found.append(quote.cue.span)
        if quote.speaker is not None:
            found.append(quote.speaker.mention)
    for speaker in result.speakers:
        found += speaker.mentions
    return found


@pytest.mark.slow
@given(data=st.data())
def test_rules_end_and_keep_their_spans_in_the_text_on_any_parse(
    engine: Engine, labels: Labels, data: st.DataObject
) -> None:
    doc = data.draw(documents(labels, engine.nlp.vocab), label="doc")
    text = doc.text
    with time_limit(2):  # milliseconds of work: 2 s is a hang
        result = attribute(doc, text)
    event("quotes found" if result.quotes else "no quote")
    assert result.characters == len(text)
    for span in spans(result):
        assert 0 <= span.start <= span.end <= len(text), span
        assert text[span.start : span.end] == span.text
    speaker_ids = {s.id for s in result.speakers}
    quote_ids = {q.id for q in result.quotes}
    for quote in result.quotes:
        assert quote.speaker is None or quote.speaker.speaker_id in speaker_ids
    for speaker in result.speakers:
        assert set(speaker.quote_ids) <= quote_ids
