"""The registry of rules: every way the engine finds a quote, by name.

Each rule is one entry: its name (the ``rule`` of every quote in the answer), its family,
how sure it is, its place in the precedence, what it is for and one sentence of our own
that it exists for (the test suite runs every entry on its sentence, end to end). A quote
says which rule found it, so a reader who doubts an attribution can see why it was made,
and ``quotes-eval --by-rule`` measures each rule on its own.

Precedence is one order, lower first, over the passes of ``quotes.py``: the steps of
pass 1 try each marked passage in it (the first that attributes it wins), pass 2 (quotes
with no cue of their own) comes after them, then reported speech, whose overlapping
candidates ``candidates.resolve`` settles in it (a clause and ``according to`` share a
place, the earlier cue first: "According to X, ... leaving some to question if ..." is X's
sentence, "Y said ..., according to X" Y's clause; then a verb's object, a noun's, a
headline); a quote in marks is never dropped for reported speech. Rules that one step
gives share its place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

RuleName = Literal[
    "said-colon",
    "said-before",
    "said-after",
    "introduced",
    "labelled",
    "mixed-report",
    "mixed-lead-in",
    "mixed-run-on",
    "mixed-same-clause",
    "belief-marked",
    "continued",
    "continued-report",
    "repeated",
    "unattributed",
    "reported-clause",
    "block-quote",
    "belief",
    "asked-whether",
    "according-to",
    "speech-object",
    "speech-topic",
    "asked-about",
    "noun-claim",
    "noun-topic",
    "headline-claim",
    "transcript",
]
Family = Literal[
    "marked", "mixed", "carried", "unattributed", "reported", "according-to", "object", "noun", "headline", "transcript"
]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One registered rule."""

    name: RuleName
    family: Family
    confidence: float
    precedence: int
    doc: str
    example: str  # a sentence of our own the rule fires on
    quote: str  # the words of ``example`` the rule finds (content span)


_RULES = (
    Rule(
        name="said-colon",
        family="marked",
        confidence=0.95,
        precedence=0,
        doc="A cue before the marks that a colon or comma closes introduces them.",
        example="The mayor said: “We will rebuild the bridge by spring.”",
        quote="We will rebuild the bridge by spring.",
    ),
    Rule(
        name="said-before",
        family="marked",
        confidence=0.95,
        precedence=3,
        doc="The marks hold all that a cue before them reports.",
        example="The mayor told us “the bridge will be rebuilt by spring.”",
        quote="the bridge will be rebuilt by spring.",
    ),
    Rule(
        name="said-after",
        family="marked",
        confidence=0.95,
        precedence=1,
        doc="A cue after the marks and its speaker: the commonest attribution in news.",
        example="“We will rebuild the bridge by spring,” the mayor said.",
        quote="We will rebuild the bridge by spring,",
    ),
    Rule(
        name="introduced",
        family="marked",
        confidence=0.95,
        precedence=4,
        doc="A paragraph that opens with marks after a paragraph that ends with a cue and a colon.",
        example="The mayor spoke to the crowd and said:\n\n“We will rebuild the bridge by spring.”",
        quote="We will rebuild the bridge by spring.",
    ),
    Rule(
        name="labelled",
        family="marked",
        confidence=0.8,
        precedence=5,
        doc="A name (or a clause about the speaker) and a colon before the marks, as in round-ups.",
        example="Mayor Lena Ortiz: “We will rebuild the bridge by spring.”",
        quote="We will rebuild the bridge by spring.",
    ),
    Rule(
        name="mixed-report",
        family="mixed",
        confidence=0.85,
        precedence=3,
        doc="Marks inside the clause a cue before them reports: the clause is the quote.",
        example="The mayor said the bridge would be “rebuilt by spring, whatever it costs.”",
        quote="the bridge would be “rebuilt by spring, whatever it costs.”",
    ),
    Rule(
        name="mixed-lead-in",
        family="mixed",
        confidence=0.85,
        precedence=1,
        doc="Words of the sentence before the marks (and perhaps after them) and a cue after them: one mixed quote.",
        example="The new bridge will be “the finest in the state,” the mayor said.",
        quote="The new bridge will be “the finest in the state,”",
    ),
    Rule(
        name="mixed-run-on",
        family="mixed",
        confidence=0.85,
        precedence=2,
        doc="Marks that open a clause going on after them, then a cue: the whole clause.",
        example="“The old bridge will close” and a new one will open in May, the mayor said.",
        quote="“The old bridge will close” and a new one will open in May",
    ),
    Rule(
        name="mixed-same-clause",
        family="mixed",
        confidence=0.85,
        precedence=6,
        doc="A second passage inside the clause the previous passage's cue reports.",
        example="Lena Ortiz said old ports such as Dover “have more trade,” while “Hull is quieter.”",
        quote="old ports such as Dover “have more trade,” while “Hull is quieter.”",
    ),
    Rule(
        name="belief-marked",
        family="marked",
        confidence=0.4,
        precedence=3,
        doc="Marks attributed through a verb of belief: what someone thinks, less sure than speech.",
        example="The mayor believes the new bridge will be “a landmark for the whole region.”",
        quote="the new bridge will be “a landmark for the whole region.”",
    ),
    Rule(
        name="continued",
        family="carried",
        confidence=0.8,
        precedence=7,
        doc="Marks with no cue right after a speaker's quote go on with that speaker.",
        example="“We will rebuild the bridge,” the mayor said. “It will take a year.”",
        quote="It will take a year.",
    ),
    Rule(
        name="continued-report",
        family="carried",
        confidence=0.8,
        precedence=15,
        doc="Marks with no cue right after a reported clause go on with its speaker.",
        example="The bridge will reopen, the mayor says. “But it will not happen before the spring.”",
        quote="But it will not happen before the spring.",
    ),
    Rule(
        name="repeated",
        family="carried",
        confidence=0.7,
        precedence=8,
        doc="A headline in marks that repeats words a speaker says in the body.",
        example="‘A bridge for everyone’\n\n“A bridge for everyone is what we promised,” the mayor said.",
        quote="A bridge for everyone",
    ),
    Rule(
        name="unattributed",
        family="unattributed",
        confidence=0.3,
        precedence=9,
        doc="Marked speech with no speaker in sight: a clause, or a line of dialogue alone or broken off by a dash.",
        example="A banner hung from the bridge: “We will not let the bridge close without a fight.”",
        quote="We will not let the bridge close without a fight.",
    ),
    Rule(
        name="reported-clause",
        family="reported",
        confidence=0.7,
        precedence=10,
        doc="The clause a verb of saying reports, without marks: the core of reported speech.",
        example="The mayor said on Tuesday that the bridge would reopen in May.",
        quote="that the bridge would reopen in May",
    ),
    Rule(
        name="block-quote",
        family="reported",
        confidence=0.7,
        precedence=10,
        doc="A paragraph after one that ends with a cue and a colon, its marks lost in copying.",
        example="In a statement, the mayor wrote:\n\nThe bridge will reopen in May after the repairs.",
        quote="The bridge will reopen in May after the repairs",
    ),
    Rule(
        name="belief",
        family="reported",
        confidence=0.4,
        precedence=10,
        doc="The clause a verb of belief reports, when a named source holds it.",
        example="Mayor Lena Ortiz believes that the bridge will reopen in May.",
        quote="that the bridge will reopen in May",
    ),
    Rule(
        name="asked-whether",
        family="reported",
        confidence=0.6,
        precedence=10,
        doc="The question put to someone in the passive: the asker is unnamed, so no speaker.",
        example="The mayor was asked whether the bridge would reopen in May.",
        quote="whether the bridge would reopen in May",
    ),
    Rule(
        name="according-to",
        family="according-to",
        confidence=0.75,
        precedence=10,
        doc="The clause an ``according to`` phrase qualifies.",
        example="The bridge will reopen in May, according to the mayor.",
        quote="The bridge will reopen in May",
    ),
    Rule(
        name="speech-object",
        family="object",
        confidence=0.6,
        precedence=12,
        doc=(
            "The object of a speech act and what follows it: praise, blame, naming; in the passive, the subject "
            "it was passed on (by its agent, or by no one named: 'was criticized for ...')."
        ),
        example="The mayor accused the contractor of hiding the cost of the repairs.",
        quote="the contractor of hiding the cost of the repairs",
    ),
    Rule(
        name="speech-topic",
        family="object",
        confidence=0.6,
        precedence=12,
        doc="The topic of a verb of saying: what someone spoke about.",
        example="The mayor spoke about the cost of the repairs to the bridge.",
        quote="the cost of the repairs to the bridge",
    ),
    Rule(
        name="asked-about",
        family="object",
        confidence=0.6,
        precedence=12,
        doc="The topic of a question put to someone in the passive: no speaker.",
        example="Asked about the cost of the repairs, the mayor smiled.",
        quote="the cost of the repairs",
    ),
    Rule(
        name="noun-claim",
        family="noun",
        confidence=0.7,
        precedence=13,
        doc="The that-clause or infinitive of a noun of saying.",
        example="The mayor's promise to rebuild the bridge by spring won her votes.",
        quote="to rebuild the bridge by spring",
    ),
    Rule(
        name="noun-topic",
        family="noun",
        confidence=0.7,
        precedence=13,
        doc="The topic of a noun of saying: what the criticism or praise was of.",
        example="The mayor's criticism of the contractor surprised the council.",
        quote="the contractor",
    ),
    Rule(
        name="headline-claim",
        family="headline",
        confidence=0.7,
        precedence=14,
        doc="A short line ``Name: claim``, as headlines give a speaker.",
        example="Ortiz: Bridge will reopen in May\n\nMayor Lena Ortiz spoke on Tuesday.",
        quote="Bridge will reopen in May",
    ),
    Rule(
        name="transcript",
        family="transcript",
        confidence=0.7,
        precedence=14,
        doc="Two or more lines that open with a name in capitals and a colon: each that speaker's.",
        example="LENA ORTIZ: The bridge will reopen. We promise.\nTOM HALE: We will see about that.",
        quote="The bridge will reopen. We promise",
    ),
)

REGISTRY: dict[RuleName, Rule] = {rule.name: rule for rule in _RULES}
NAMES: tuple[RuleName, ...] = get_args(RuleName)


def rule(name: RuleName) -> Rule:
    return REGISTRY[name]
