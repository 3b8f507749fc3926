"""Extraction rules, one behaviour each, on sentences written for them."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from api.engine import Engine
from api.engine.cues import is_cue
from api.engine.sources import speaker_token


def quotes(engine: Engine, text: str) -> list[tuple[str, str, str | None]]:
    return [(q.type, q.content.text, q.speaker.name if q.speaker else None) for q in engine.analyze(text).quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # quote, then cue and speaker
        ("“We will win,” Maria Lopez said.", [("direct", "We will win,", "Maria Lopez")]),
        # inverted: cue before the speaker
        ("“We will win,” said Maria Lopez.", [("direct", "We will win,", "Maria Lopez")]),
        # cue and colon before the quote
        ("Maria Lopez told reporters: “We will win.”", [("direct", "We will win.", "Maria Lopez")]),
        # as X noted: "..."
        ("As Tom Reed noted on Monday: “The plan failed.”", [("direct", "The plan failed.", "Tom Reed")]),
        # according to, after the quote
        ("“The town is cleared,” according to Omar Haddad.", [("direct", "The town is cleared,", "Omar Haddad")]),
        # a particle makes the verb a reporting verb
        ("Tom Reed shot back, “The plan failed.”", [("direct", "The plan failed.", "Tom Reed")]),
        # the text that speaks, parsed as the object of "read"
        ("“The plan failed,” read the email.", [("direct", "The plan failed,", "the email")]),
        # cue at the end of the paragraph before
        (
            "Tom Reed said:\n\n“The plan failed. We start again.”",
            [("direct", "The plan failed. We start again.", "Tom Reed")],
        ),
        # a name and a colon, as in transcripts and round-ups
        ("Turnout fell - Tom Reed: “The plan failed.”", [("direct", "The plan failed.", "Tom Reed")]),
        # ... with the party and state in brackets
        ("Rep. Ann Lee (D-Ore.): “The plan failed.”", [("direct", "The plan failed.", "Ann Lee")]),
        # cited X as saying: the cited source speaks
        (
            "“The attack will begin soon,” Reuters cited a military source as saying.",
            [("direct", "The attack will begin soon,", "a military source")],
        ),
    ],
)
def test_quotes_direct_attribution(engine: Engine, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert quotes(engine, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "“We are ready,” Anna Berg said. “The talks start on Monday.”",
            [("direct", "We are ready,", "Anna Berg"), ("direct", "The talks start on Monday.", "Anna Berg")],
            id="two-parts",
        ),
        pytest.param(
            "Jane Cole said that the bridge would reopen in May and noted that the tunnel would stay shut.",
            [
                ("indirect", "that the bridge would reopen in May", "Jane Cole"),
                ("indirect", "that the tunnel would stay shut", "Jane Cole"),
            ],
            id="second-reporting-verb-reports-its-own-clause",
        ),
    ],
)
def test_quotes_two_quotes_one_speaker(engine: Engine, text: str, expected: list[tuple[str, str, str]]) -> None:
    assert quotes(engine, text) == expected


def test_quotes_abbreviation_ends_the_attribution_sentence(engine: Engine) -> None:
    text = "“We are ready,” Anna Berg said in Austin, Tex. “The talks start on Monday.”"
    assert [q[2] for q in quotes(engine, text)] == ["Anna Berg", "Anna Berg"]


def test_quotes_paragraph_continues_previous_speaker(engine: Engine) -> None:
    text = "“We are ready,” Anna Berg said.\n\n“The talks start on Monday and will last a week.”"
    assert [q[2] for q in quotes(engine, text)] == ["Anna Berg", "Anna Berg"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Mayor Jane Cole described the plan as a “bold step” for the city.", "the plan as a “bold step” for the city"),
        (
            "Jane Cole said the council was “deeply worried” about the budget.",
            "the council was “deeply worried” about the budget",
        ),
        # the clause goes on after the closing mark
        (
            "Jane Cole said “it makes me angry” every time the budget is cut.",
            "“it makes me angry” every time the budget is cut",
        ),
        # words before the marks and after them, then ", X said"
        (
            "The old bridge “is perfectly safe” for now, Jane Cole said.",
            "The old bridge “is perfectly safe” for now",
        ),
        # the clause goes on after the closing mark, before ", X said"
        (
            "“The bridge is safe” and will reopen in May, Jane Cole said.",
            "“The bridge is safe” and will reopen in May",
        ),
        # two passages in one reported clause
        (
            "Jane Cole said old towns such as Bath “have more history,” while “Leeds is a newcomer.”",
            "old towns such as Bath “have more history,” while “Leeds is a newcomer.”",
        ),
        # the clause opens before the comma that precedes the marks; "that" is part of it
        (
            "Jane Cole said that if the money arrives, “the bridge will reopen in May.”",
            "that if the money arrives, “the bridge will reopen in May.”",
        ),
        # an infinitive after the one asked: that one is part of the request
        (
            "Jane Cole asked the mayor to “stop the cuts” at once.",
            "the mayor to “stop the cuts” at once",
        ),
        # a second passage in the same clause, with a full stop inside its marks
        (
            "Jane Cole said the plan was “a mess” and the mayor “did nothing. It was sad.”",
            "the plan was “a mess” and the mayor “did nothing. It was sad.”",
        ),
        # the topic of a request, the marks inside it
        (
            "Jane Cole on Tuesday called on voters to “look hard” at the plan and think about its cost.",
            "voters to “look hard” at the plan and think about its cost",
        ),
        (
            "Jane Cole has called for new rules on “payday lending” that hurts the poor.",
            "new rules on “payday lending” that hurts the poor",
        ),
        # a reason after the marks that the parser hung on the cue is part of the claim
        (
            "Jane Cole said on Monday that the plan would “lead to ruin,” because of the cost of the bridge.",
            "that the plan would “lead to ruin,” because of the cost of the bridge",
        ),
        # ... and a purpose
        (
            "Jane Cole has called for a new park and “green spaces” in the city to protect the river.",
            "a new park and “green spaces” in the city to protect the river",
        ),
        # the clause in the marks after "said:" goes on after them, to the sentence's end
        (
            "Jane Cole said: “We have a week to go” until the vote on the budget.",
            "“We have a week to go” until the vote on the budget",
        ),
        # a request: the "for" that marks it is the verb's
        (
            "Jane Cole called again for the mayor to resign over the “disastrous” budget.",
            "the mayor to resign over the “disastrous” budget",
        ),
        # a cue inside the clause of another: what Jane Cole said is all of it
        (
            "Jane Cole said the mayor told her that the cuts were “a mistake.”",
            "the mayor told her that the cuts were “a mistake.”",
        ),
    ],
)
def test_quotes_mixed_is_the_reported_clause(engine: Engine, text: str, content: str) -> None:
    ((kind, found, speaker),) = quotes(engine, text)
    assert (kind, found, speaker) == ("mixed", content, "Jane Cole")


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        ("Jane Cole said that the bridge would reopen in May.", "that the bridge would reopen in May", "Jane Cole"),
        ("The bridge would reopen in May, Jane Cole said.", "The bridge would reopen in May", "Jane Cole"),
        ("Jane Cole told the BBC that the bridge would reopen.", "that the bridge would reopen", "Jane Cole"),
        (
            "According to the ministry, the bridge would reopen in May.",
            "the bridge would reopen in May",
            "the ministry",
        ),
        # a noun of saying with its owner and its that-clause
        (
            "Jane Cole's claim that the bridge would reopen in May angered residents.",
            "that the bridge would reopen in May",
            "Jane Cole",
        ),
        # an infinitive of saying under an adjective: the subject of the verb it hangs on
        ("Farmers in the north were more likely to say the mill should close.", "the mill should close", "Farmers"),
        ("Tom Reed was quick to point out that the vote was close.", "that the vote was close", "Tom Reed"),
        # a noun of saying and its infinitive
        ("Ann Reyes won the race on her promise to rebuild the old bridge.", "to rebuild the old bridge", "Ann Reyes"),
        # a request's infinitive, which the parser hangs on the verb
        ("Washington renewed its calls for the banks to cut their fees.", "the banks to cut their fees", "Washington"),
        # a gerund of saying after a noun: the noun's owner
        ("Tom Reed has built his career on his habit of questioning the budget.", "the budget", "Tom Reed"),
        # criticism received: what drew it is what was criticised, the one it came from spoke
        ("The stadium plan drew sharp criticism from the city council.", "The stadium plan", "the city council"),
        # a document speaks
        ("A petition calling on the council to resign has 5,000 names.", "the council to resign", "A petition"),
    ],
)
def test_quotes_indirect_speech(engine: Engine, text: str, content: str, speaker: str) -> None:
    assert quotes(engine, text) == [("indirect", content, speaker)]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Jane Cole said, “We will win” on Monday.", id="the-time-of-the-saying"),
        pytest.param("Jane Cole said, “We will win” and the crowd cheered.", id="a-clause-of-the-narrative"),
        pytest.param("Jane Cole said, “We will win,” for the third time.", id="marks-that-close-on-a-comma"),
    ],
)
def test_quotes_words_after_marks_that_do_not_go_on_with_them(engine: Engine, text: str) -> None:
    ((kind, _, speaker), *_) = quotes(engine, text)
    assert (kind, speaker) == ("direct", "Jane Cole")


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param(
            "Jane Cole said the cuts were “a grave mistake,” adding that the council was warned.",
            "the cuts were “a grave mistake,”",
            id="adding-after-a-comma-inside-the-marks-is-a-second-report",
        ),
        pytest.param(
            "Jane Cole called the mayor a “fraud” for continuing to insist the bridge was safe.",
            "the mayor a “fraud” for continuing to insist the bridge was safe",
            id="a-participle-inside-what-was-said-stays-in-it",
        ),
    ],
)
def test_quotes_mixed_quote_ends_where_a_second_report_begins(engine: Engine, text: str, content: str) -> None:
    first = engine.analyze(text).quotes[0]
    assert (first.type, first.content.text, first.speaker.name if first.speaker else None) == (
        "mixed",
        content,
        "Jane Cole",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "On Tuesday, Jane Cole said, “The trains will run on Monday.”",
            ("direct", "The trains will run on Monday."),
            id="the-cues-own-time-before-it-is-not-said",
        ),
        pytest.param(
            "When the strike ended, Jane Cole said, “The trains will run on Monday.”",
            ("direct", "The trains will run on Monday."),
            id="the-cues-own-circumstance-before-it-is-not-said",
        ),
    ],
)
def test_quotes_cue_set_off_by_commas_before_marks_keeps_its_own_circumstance_out(
    engine: Engine, text: str, expected: tuple[str, str]
) -> None:
    """What only frames the cue set off before the marks (its time, its occasion) is not said."""
    assert quotes(engine, text) == [(*expected, "Jane Cole")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The factory was a giant, Tom Reed said, until it closed in 1999.",
            ("indirect", "The factory was a giant, Tom Reed said, until it closed in 1999", "Tom Reed"),
            id="cue-set-inside-reports-the-whole-sentence",
        ),
        pytest.param(
            "This town, she says, is different.",
            ("indirect", "This town, she says, is different", "she"),
            id="cue-inside-a-short-sentence",
        ),
        pytest.param(
            "Mr. Lane said earlier on Friday during a news conference that he may wait until March.",
            ("indirect", "that he may wait until March", "Lane"),
            id="adverbials-between-cue-and-clause-are-left-out",
        ),
        pytest.param(
            "Ms. Ortiz tells reporters that turnout will decide it.",
            ("indirect", "that turnout will decide it", "Ortiz"),
            id="addressee-is-not-the-content",
        ),
        pytest.param(
            "She asked workers if they planned to vote.",
            ("indirect", "if they planned to vote", "She"),
            id="question-as-an-if-clause",
        ),
        pytest.param(
            "The union called for all candidates to publish their plans.",
            ("indirect", "all candidates to publish their plans", "The union"),
            id="request-as-a-for-clause-without-its-for",
        ),
        pytest.param(
            "I told the judge that the papers were lost.",
            ("indirect", "that the papers were lost", "I"),
            id="first-person-narrator-is-a-speaker",
        ),
        pytest.param(
            "Polls say voters are tired of the campaign.",
            ("indirect", "voters are tired of the campaign", "Polls"),
            id="generic-source",
        ),
        pytest.param(
            "In an interview with the radio station, she blasted the plan as a giveaway.",
            ("indirect", "the plan as a giveaway", "she"),
            id="object-of-a-speech-act",
        ),
        pytest.param(
            "As Reyes put it, the city has run out of money.",
            ("indirect", "the city has run out of money", "Reyes"),
            id="as-x-put-it",
        ),
        pytest.param(
            "The plant will close next year, according to a new poll by the Tribune.",
            ("indirect", "The plant will close next year", "Tribune"),
            id="according-to-a-document-after-the-content",
        ),
        pytest.param(
            "Analysts said the deal would close in May, which surprised the market.",
            ("indirect", "the deal would close in May", "Analysts"),
            id="loose-relative-clause-after-a-comma-is-left-out",
        ),
        pytest.param(
            "Sales, according to the shop's owner, rose by half in May.",
            ("indirect", "Sales, according to the shop's owner, rose by half in May", "the shop's owner"),
            id="according-to-inside-its-sentence-reports-the-whole-sentence",
        ),
        pytest.param(
            "Meanwhile, prices rose by a third, according to the survey.",
            ("indirect", "prices rose by a third", "the survey"),
            id="a-connective-that-opens-the-sentence-is-the-writers",
        ),
        pytest.param(
            "Aides said the bill would pass, though it had not been read.",
            ("indirect", "the bill would pass, though it had not been read", "Aides"),
            id="concession-after-a-comma-is-part-of-the-clause",
        ),
        pytest.param(
            "But Rhee claims that the rule does not apply to her.",
            ("indirect", "that the rule does not apply to her", "Rhee"),
            id="verb-of-saying-tagged-as-a-noun",
        ),
        pytest.param(
            "Tom Reed made it clear that the plan would fail.",
            ("indirect", "that the plan would fail", "Tom Reed"),
            id="made-it-clear-reports-its-clause",
        ),
        pytest.param(
            "She has made clear she will not run again.",
            ("indirect", "she will not run again", "She"),
            id="made-clear-reports-its-clause",
        ),
        pytest.param(
            "Tom Reed made the case that the plan would fail.",
            ("indirect", "that the plan would fail", "Tom Reed"),
            id="made-the-case-that-reports-its-clause",
        ),
        pytest.param(
            "The real problem, said the mayor, was the cost.",
            ("indirect", "The real problem, said the mayor, was the cost", "the mayor"),
            id="inverted-cue-set-off-inside-its-sentence-is-not-spoken-by-the-words-before-it",
        ),
        pytest.param(
            "The new tax, said the finance minister on Monday, would pay for the schools.",
            (
                "indirect",
                "The new tax, said the finance minister on Monday, would pay for the schools",
                "the finance minister",
            ),
            id="inverted-cue-set-off-with-a-time-after-its-speaker",
        ),
        pytest.param(
            "The hardest part of the repair, say builders such as Ruth Alon, a local mason, is the old stone.",
            (
                "indirect",
                "The hardest part of the repair, say builders such as Ruth Alon, a local mason, is the old stone",
                "builders",
            ),
            id="inverted-cue-whose-speaker-the-parser-made-the-subject-of-the-rest",
        ),
    ],
)
def test_quotes_reported_speech_boundaries(engine: Engine, text: str, expected: tuple[str, str, str]) -> None:
    assert quotes(engine, text) == [expected]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param(
            "She opposed a zoning plan that she said would raise rents across the city.",
            "that she said would raise rents across the city",
            id="a-relative-pronoun-before-the-cue-takes-the-relative-clause-whole",
        ),
        pytest.param(
            "She opposed the zoning plan she said would raise rents across the city.",
            "would raise rents across the city",
            id="without-a-relative-pronoun-what-follows-the-cue",
        ),
        pytest.param(
            "The host asked the senator about the budget cuts.",
            "the budget cuts",
            id="topic-after-the-addressee",
        ),
        pytest.param(
            "She called on the club's owner to sell the team.",
            "the club's owner to sell the team",
            id="called-on-someone-to-act",
        ),
        pytest.param(
            "The coach urged the players to rest before the final.",
            "the players to rest before the final",
            id="the-one-urged-to-act-is-part-of-the-request",
        ),
        pytest.param(
            "The landlord asked his tenants to pay by Friday.",
            "his tenants to pay by Friday",
            id="the-one-asked-to-act-is-part-of-the-request",
        ),
        pytest.param(
            "Lena Ortiz urged him to step aside and back the party's nominee, Tom Hale.",
            "him to step aside and back the party's nominee, Tom Hale",
            id="a-name-in-apposition-inside-the-content-stays-in-it",
        ),
        pytest.param(
            "Reed said on Monday that the talks had failed but that a deal was still possible.",
            "that the talks had failed but that a deal was still possible",
            id="a-second-that-clause-after-a-conjunction-is-the-same-report",
        ),
        pytest.param(
            "Reed said the bridge would reopen, and the crowd cheered.",
            "the bridge would reopen",
            id="a-clause-of-the-narrative-after-a-conjunction-is-not-said",
        ),
        pytest.param(
            "Reed said the town has many voters who, even with Hale in the race, plan to stay home.",
            "the town has many voters who, even with Hale in the race, plan to stay home",
            id="a-comma-that-closes-an-aside-before-the-verb-does-not-end-the-clause",
        ),
        pytest.param(
            "The ferry stopped in Bath, Maine, the captain said.",
            "The ferry stopped in Bath, Maine",
            id="a-place-after-a-comma-is-part-of-the-name",
        ),
        pytest.param(
            "Nina Ruiz said she picked the route by the map and thought drivers would avoid the bridge.",
            "she picked the route by the map and thought drivers would avoid the bridge",
            id="a-belief-verb-inside-the-clause-does-not-split-it",
        ),
    ],
)
def test_quotes_reported_content(engine: Engine, text: str, content: str) -> None:
    assert [q[1] for q in quotes(engine, text)] == [content]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param(
            "Economists: Rates will fall by the summer\n\nThe bank meets in May.", "Economists", id="group-noun"
        ),
        pytest.param("Reed camp: The count was wrong from the start\n\nThe count ended.", "Reed camp", id="camp"),
        pytest.param(
            "Farm groups to Ann Lee: Fix the grain roads first\n\nThe groups wrote to Ann Lee on Monday.",
            "Farm groups",
            id="the-one-told-is-not-the-speaker",
        ),
        pytest.param(
            "Berg: The audit found no missing funds\n\nAuditor General Anna Berg spoke on Monday.",
            "Anna Berg",
            id="name-the-article-gives-in-full",
        ),
    ],
)
def test_quotes_headline_name_colon_claim(engine: Engine, text: str, speaker: str) -> None:
    assert [(q[0], q[2]) for q in quotes(engine, text)] == [("indirect", speaker)]


def test_quotes_transcript_lines_are_their_speakers_words(engine: Engine) -> None:
    text = (
        "The two spoke on the radio.\n\nANN REYES: Why not build it? We have the money.\n\n"
        "TOM REED: Because nobody asked for it. Not once.\n\nUPDATE: The station has since closed."
    )
    assert quotes(engine, text) == [
        ("indirect", "Why not build it? We have the money", "ANN REYES"),
        ("indirect", "Because nobody asked for it. Not once", "TOM REED"),
    ]


def test_quotes_headline_colon_after_a_word_that_names_nobody(engine: Engine) -> None:
    assert quotes(engine, "Read: Aid convoys reach the northern towns\n\nThe roads reopened.") == []


def test_quotes_conjoined_speakers_are_one_speaker(engine: Engine) -> None:
    assert quotes(engine, "“The bridge is open!” said Ana Ruiz and Lucas Moreau.") == [
        ("direct", "The bridge is open!", "Ana Ruiz and Lucas Moreau")
    ]


def test_quotes_line_of_dialogue_on_its_own_is_speech(engine: Engine) -> None:
    text = "“Now?”\n\n“Not yet, wait for the bell!”\n\n“It rang, go on!” the coach shouted."
    assert [q[1] for q in quotes(engine, text)] == ["Now?", "Not yet, wait for the bell!", "It rang, go on!"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('"The Smiths\' dog is louder!"', "The Smiths' dog is louder!"),  # no quote attributed anywhere
        ("“Never say that again!”—and she left the room.", "Never say that again!"),
        ('"Is anybody there?"--The hall stayed dark.', "Is anybody there?"),
    ],
    ids=["alone-in-a-text-without-attributions", "curly-marks-then-a-dash", "straight-marks-then-two-hyphens"],
)
def test_quotes_line_of_dialogue_without_a_cue_is_speech(engine: Engine, text: str, line: str) -> None:
    """A paragraph that is a spoken line, or opens with one the narrative breaks off with a
    dash, is speech even where no other quote gives the article's style of marks."""
    assert [q[1] for q in quotes(engine, text)] == [line]


@pytest.mark.parametrize(
    "text",
    ["“A new dawn”—the campaign's slogan—was everywhere.", "The town has a motto, “Onward!”—painted on every wall."],
)
def test_quotes_marks_before_a_dash_that_are_no_line_of_dialogue(engine: Engine, text: str) -> None:
    """A title with no sentence end in its marks, or marks inside a paragraph, stay unquoted."""
    assert quotes(engine, text) == []


def test_quotes_headline_in_marks_is_not_a_line_of_dialogue(engine: Engine) -> None:
    assert quotes(engine, "‘Roads reopen’\n\nThe town reopened its roads on Monday.") == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        pytest.param(
            "In a dry year, the engineers argued, the dam would hold.",
            "In a dry year, the engineers argued, the dam would hold",
            id="root-cue-between-commas-reports-the-sentence",
        ),
        pytest.param(
            "Ana Ruiz said that the plan was costly but that the city needed it.",
            "that the plan was costly but that the city needed it",
            id="two-that-clauses-of-one-cue",
        ),
    ],
)
def test_quotes_reported_sentence_boundaries(engine: Engine, text: str, content: str) -> None:
    assert [q[1] for q in quotes(engine, text)] == [content]


def test_quotes_as_clause_with_its_own_topic_is_not_an_attribution_of_the_sentence(engine: Engine) -> None:
    text = "Fans stood in the rain as the coach boasted about the new stadium."
    assert not [q for q in quotes(engine, text) if q[1].startswith("Fans")]


def test_quotes_title_case_link_in_the_body_is_not_reported_speech(engine: Engine) -> None:
    text = "The town reopened on Monday.\n\nRiver Pilots Thank Mayor Cole for Support in the Flood\n\nRoads are open."
    assert quotes(engine, text) == []


def test_quotes_all_told_is_no_cue(engine: Engine) -> None:
    text = "All told, the two teams scored 90 points, according to the league's count."
    assert [q[2] for q in quotes(engine, text)] == ["the league's count"]


def test_quotes_phone_call_is_not_a_request(engine: Engine) -> None:
    assert quotes(engine, "The mayor called the governor on Sunday to arrange a visit.") == []


def test_quotes_sentence_ends_at_a_closing_mark_before_a_capital(engine: Engine) -> None:
    text = "Ann Lee said she still “hopes for the best.” The town, she says, will recover."
    assert quotes(engine, text)[-1] == ("indirect", "The town, she says, will recover", "Ann Lee")


def test_quotes_marks_in_the_clause_of_a_first_cue_are_not_the_second_cues(engine: Engine) -> None:
    text = "After Ann Reyes said that the old school was “far too small,” Tom Reed said the town would build a new one."
    assert quotes(engine, text) == [
        ("mixed", "that the old school was “far too small,”", "Ann Reyes"),
        ("indirect", "the town would build a new one", "Tom Reed"),
    ]


def test_quotes_participle_of_saying_after_a_clause_reports_its_own(engine: Engine) -> None:
    text = "Tom Reed announced that he had filed his taxes early, saying it set an example for the town."
    assert quotes(engine, text) == [
        ("indirect", "that he had filed his taxes early", "Tom Reed"),
        ("indirect", "it set an example for the town", "Tom Reed"),
    ]


def test_quotes_coordinated_cues_each_report_their_own_clause(engine: Engine) -> None:
    text = "He says he respects the senator and calls her “a formidable woman.”"
    assert [q[:2] for q in quotes(engine, text)] == [
        ("indirect", "he respects the senator"),
        ("mixed", "her “a formidable woman.”"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Government forces attacked the rebels all along the front line.",
        "After the attack on the depot by gunmen, the roads were closed.",
        # how one spoke, to whom, or a visit: no topic
        "An aide, who spoke on condition of anonymity, left early.",
        "Tom Reed spoke on behalf of the union.",
        "At the town hall, Ann Reyes had a question for the mayor.",
        "The company called on a law firm in Denver.",
        # verbs of naming need what the thing is named
        "Reed cast his vote for the bridge.",
        "The report referred to the plan twice.",
        "They painted the old barn red.",
        # criticism received from no one named is no one's words; nor is the mayor its author
        "The mayor faced criticism for the closures from shop owners.",
        "Voters endorsed the plan by a wide margin.",
        "The Tiller family pledged $5 million to the hospital.",
        # a time or a medium is not what was talked about
        "The two rivals talked on Monday.",
        "The senator spoke on television.",
        "The senator spoke to reporters on her plane.",
        "Ann Reyes spoke on her YouTube channel.",
        "Tom Reed commented on his campaign's Facebook page.",
        # what a group does, not what it said
        "The Vale Trust, a charity that reports on the drought, opened an office.",
        # opinions of the writer or of a crowd are no report
        "I think the bridge will reopen in May.",
        "Many voters fear the plant will close.",
        "Few doubt that the mayor will run again.",
        # a demonstrative stands for the evidence just given, not for a source
        "This suggests that the council will raise taxes again.",
        "All this indicates that the council will raise taxes again.",
        "These show that the bridge is unsafe, and these suggest that the repairs failed.",
        "That said, the council will raise taxes again.",
        # the writer's own hedge and comparison
        "Although it's fair to say that the plan failed, the mayor stayed.",
        "It is safe to say that the bridge will reopen in May.",
        "But in July, the firm failed as predicted.",
        # giving up a race is no point granted
        "Tom Reed conceded the race to Ann Reyes late on Tuesday.",
        # that words were said, not which
        "If the mayor says the wrong thing, the deal is off.",
        "Tom Reed said all the right things.",
        # a duty to speak is no report that anyone has
        "Candidates must disclose their donors by May.",
        "The law requires firms to report their emissions.",
        "Candidates have to disclose the names of their donors.",
        # nor is an intent
        "The mayor plans to announce her bid for a second term next week.",
        "Tom Reed wants to tell the council that the bridge is safe.",
        # a restrictive relative clause in the perfect says which people, by what they have said
        "Activists who have demanded that the plant close were at the meeting.",
        "The mayor is a candidate who has pledged to cut taxes.",
        # "make clear" and "case" that report nothing
        "The storm made the roads clear again.",
        "Crews made the roads clear so that the trucks could pass.",
        "The case that went to trial cost the city millions.",
    ],
)
def test_quotes_acts_that_are_not_speech(engine: Engine, text: str) -> None:
    assert quotes(engine, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a noun of saying and a colon label the quote with the noun's owner
        (
            "At the hearing, the mayor’s reply was short. The mayor’s reply: “Not now.”",
            ("direct", "Not now.", "The mayor"),
        ),
        # verbs of the manner of speaking
        ("“We won the cup!” boomed Tom Reed from the stage.", ("direct", "We won the cup!", "Tom Reed")),
        ("The fans chanted “One more year!” as the mayor left.", ("direct", "One more year!", "The fans")),
    ],
)
def test_quotes_other_ways_to_introduce_a_quote(engine: Engine, text: str, expected: tuple[str, str, str]) -> None:
    assert quotes(engine, text)[-1:] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an agent makes "as reported" a report, and "easy to criticize" is still a criticism
        (
            "As reported by the Times, the bridge reopened in May.",
            ("indirect", "the bridge reopened in May", "Times"),
        ),
        (
            "It is easy to criticize the length of the campaign.",
            ("indirect", "the length of the campaign", "It"),
        ),
        # declining to comment is a reply
        ("A spokeswoman declined to comment on the new budget.", ("indirect", "the new budget", "A spokeswoman")),
        # a point granted is reported
        ("Tom Reed conceded the point about the bridge.", ("indirect", "the point about the bridge", "Tom Reed")),
        # what one had to concede, one conceded
        ("Tom Reed had to concede that the plan had failed.", ("indirect", "that the plan had failed", "Tom Reed")),
        # set off by a comma, the same clause reports; so does one that is still going on
        (
            "Tom Reed, who has demanded that the plant close, was at the meeting.",
            ("indirect", "that the plant close", "Tom Reed"),
        ),
        ("Reporters who have been asking about the budget got no answer.", ("indirect", "the budget", "Reporters")),
        # "those" with what makes it people, and "that" summing up a document, still speak
        (
            "Those at the hearing said the bridge would reopen in May.",
            ("indirect", "the bridge would reopen in May", "Those"),
        ),
        (
            "The audit came out on Monday. That suggested the council would raise taxes again.",
            ("indirect", "the council would raise taxes again", "That"),
        ),
    ],
)
def test_quotes_lookalikes_of_a_hedge_still_report(engine: Engine, text: str, expected: tuple[str, str, str]) -> None:
    assert quotes(engine, text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The new budget was praised by the mayor on Monday.",
            [("indirect", "The new budget", "the mayor")],
        ),
        # judged by critics the text does not name: the clause is what they said, no one speaks
        (
            "Tom Reed has been criticized for his silence on the bridge.",
            [("indirect", "Tom Reed has been criticized for his silence on the bridge", None)],
        ),
        (
            "His plan was widely condemned as reckless.",
            [("indirect", "His plan was widely condemned as reckless", None)],
        ),
        # ... but only for something
        ("Tom Reed was criticized.", []),
        ("Tom Reed was criticized on Monday.", []),
        # a pronoun or a relative pronoun for a subject says nothing itself
        ("It was praised by the mayor on Monday.", []),
        ("The plan, which was praised by the mayor, failed.", []),
    ],
)
def test_quotes_passive_speech_act_is_its_agents(engine: Engine, text: str, expected: list[object]) -> None:
    assert quotes(engine, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a fronted "according to" reports its whole sentence, a cue inside it included
        (
            "According to Ann Reyes, the firm has been moving the workers to Phoenix, leaving some to question"
            " if they were vetted.",
            [
                (
                    "indirect",
                    "the firm has been moving the workers to Phoenix, leaving some to question if they were vetted",
                    "Ann Reyes",
                )
            ],
        ),
        # after the clause, the one who said it keeps it
        (
            "Tom Reed said the council would raise taxes, according to two people at the meeting.",
            [("indirect", "the council would raise taxes", "Tom Reed")],
        ),
    ],
)
def test_quotes_according_to_and_a_clause_the_earlier_cue_first(
    engine: Engine, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert quotes(engine, text) == expected


def test_quotes_name_given_by_a_verb_of_naming_is_quoted_though_in_title_case(engine: Engine) -> None:
    text = "Ann Reyes calls Ashford “Everytown England” in her new book."
    assert quotes(engine, text) == [("mixed", "Ashford “Everytown England”", "Ann Reyes")]
    assert quotes(engine, "Ann Reyes wrote “Everytown England” in 2019.") == []  # a title


def test_quotes_relative_cue_of_a_thing_that_cannot_speak(engine: Engine) -> None:
    text = "The city softened its housing policy, which demanded owners to sell by May."
    assert quotes(engine, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Tom Reed said his favourite film is “The Last Picture Show”.",
        "Tom Reed thinks that dogs are “heroes”.",
    ],
)
def test_quotes_titles_and_scare_quotes_in_a_clause_are_not_quoted(engine: Engine, text: str) -> None:
    assert all(q.quoted == () for q in engine.analyze(text).quotes)


def test_quotes_colon_after_a_clause_without_a_verb_of_saying(engine: Engine) -> None:
    assert quotes(engine, "The mayor was blunt: “We will not pay.”") == [("direct", "We will not pay.", "The mayor")]


def test_quotes_short_passage_after_a_quote_in_the_same_paragraph_continues_it(engine: Engine) -> None:
    text = "“The storm hit us hard,” said Chief Ana Cole of the fire service. “We lost two trucks in an hour”"
    assert [q[2] for q in quotes(engine, text)] == ["Chief Ana Cole", "Chief Ana Cole"]


def test_quotes_reported_clause_wins_over_a_topic_inside_it(engine: Engine) -> None:
    text = "Though Republicans boast of stronger turnout, there is no link between turnout and victory, experts say."
    assert [(kind, speaker) for kind, _, speaker in quotes(engine, text)] == [("indirect", "experts")]


@pytest.mark.parametrize(
    "text",
    [
        "The city is known to its people as the “Pearl of the Coast,” and tourists love it.",
        "It was the biggest defeat since its “caliphate” was declared in 2014.",
        "The rebels captured an area called the “western triangle” last week.",
    ],
)
def test_quotes_scare_quotes_are_not_quotations(engine: Engine, text: str) -> None:
    assert quotes(engine, text) == []


def test_quotes_headline_goes_to_whoever_says_the_words(engine: Engine) -> None:
    text = "‘The war is over’: a new era begins\n\n“The war is over,” General Sam Hill said on Monday."
    assert [q[2] for q in quotes(engine, text)] == ["Sam Hill", "Sam Hill"]


def test_quotes_words_of_a_quote_reused_in_the_body_are_not_a_repeat(engine: Engine) -> None:
    text = (
        "“We reject the gig economy,” Anna Berg said.\n\n"
        "Young voters are wary of the “gig economy” that their generation built, and their "
        "numbers keep growing in every state of the country from one year to the next."
    )
    assert quotes(engine, text) == [("direct", "We reject the gig economy,", "Anna Berg")]


def test_quotes_subheading_in_the_other_marks_is_not_more_speech(engine: Engine) -> None:
    text = "“The mine will close,” Tom Reed said.\n\n‘Coal is not the villain.’\n\nThe town has 900 people."
    assert quotes(engine, text) == [("direct", "The mine will close,", "Tom Reed")]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Mayor Ann Reyes praised Lopez.", "Lopez"),
        ("Tom Reed spoke about taxes on Monday.", "taxes"),
        # the medium of the saying, hung on the object by the parser, is not what was said
        ("Tom Reed criticised Lena Ortiz on Fox News.", "Lena Ortiz"),
        ("Tom Reed praised the firm from the Senate floor.", "the firm"),
        # ... nor is its occasion
        ("Tom Reed criticised the mayor in an interview published on Saturday.", "the mayor"),
        ("The union repeated its call for the city to raise wages.", "its call for the city to raise wages"),
        # a colon after the object spells it out
        (
            "Tom Reed reiterated his three pledges: a new school, a wider road and lower taxes.",
            "his three pledges: a new school, a wider road and lower taxes",
        ),
        # a list is no apposition
        (
            "Tom Reed says Ann was joined by her husband, Lonnie, and other family members.",
            "Ann was joined by her husband, Lonnie, and other family members",
        ),
        # examples after a comma stay with what they illustrate
        (
            "Tom Reed blamed several factors, including the rain and the new road.",
            "several factors, including the rain and the new road",
        ),
        ("Senator Ann Reyes attacked Lopez over the budget.", "Lopez over the budget"),
        ("Only a year ago, Tom Reed was saying the opposite.", "the opposite"),
        # a verb of naming and the small clause after it
        ("Tensions rise after Reed calls Lopez unqualified.", "Lopez unqualified"),
        ("In her speech, Ann Reyes portrayed Tom Reed as a danger to the town.", "Tom Reed as a danger to the town"),
        ("On Monday Ann Reyes referred to the protesters as rude guests.", "the protesters as rude guests"),
        (
            "After Tom Reed described rival bakers as thieves and liars in his speech, sales fell.",
            "rival bakers as thieves and liars",
        ),
        # "called out" is a rebuke, not a phone call
        ("Senator Ann Reyes called out Tom Reed for ignoring the farmers.", "Tom Reed for ignoring the farmers"),
        # what is told, not the one told
        ("The ad shows farmers telling their family stories.", "their family stories"),
        ("Tom Reed told reporters a story about the bridge.", "a story about the bridge"),
        # the passive with its agent: the subject is what was said, the agent said it
        ("The new budget was first reported by the Times.", "The new budget"),
        ("The new budget was praised by the mayor on Monday.", "The new budget"),
        # "Pres." abbreviates a title and ends no sentence
        ("Tom Reed praised Pres. Lee's plan for the bridge.", "Pres. Lee's plan for the bridge"),
        # nor is the place it was said from
        ("Tom Reed attacked the mayor from the Senate floor.", "the mayor"),
        # the occasion it was said on is no part of it
        ("The senator praised the new budget in an interview with the local paper.", "the new budget"),
        ("Tom Reed attacked the mayor during the debate on Tuesday.", "the mayor"),
        ("Ann Reyes criticized the council at a rally in the park.", "the council"),
        # the subject cites a thing; only "cited X as saying" makes X the speaker
        ("Tom Reed cited the falling prices of grain on Tuesday.", "the falling prices of grain"),
        ("The mayor echoed the warning of the fire chief.", "the warning of the fire chief"),
        ("Tom Reed pointed to the falling prices of grain.", "the falling prices of grain"),
    ],
)
def test_quotes_short_object_of_a_speech_act_is_reported(engine: Engine, text: str, content: str) -> None:
    assert [q[1] for q in quotes(engine, text)] == [content]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("When Tom Reed was asked whether he would run again, he laughed.", "whether he would run again"),
        ("Asked about the new stadium, the mayor shrugged.", "the new stadium"),
    ],
)
def test_quotes_question_put_by_someone_unnamed_has_no_speaker(engine: Engine, text: str, content: str) -> None:
    assert quotes(engine, text) == [("indirect", content, None)]


def test_quotes_block_quote_without_marks_after_a_cue_and_colon(engine: Engine) -> None:
    text = "Mayor Ann Reyes wrote:\n\nThe budget is a mess. The roads are worse.\nWe will fix both.\n\nShe left."
    assert quotes(engine, text) == [
        ("indirect", "The budget is a mess. The roads are worse.\nWe will fix both", "Ann Reyes"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Senator Ann Reyes, who believes the bill will fail, voted against it.",
            [("indirect", "the bill will fail", "Ann Reyes")],
        ),
        ("Many senators who believe the bill will fail voted against it.", []),
        ("Those insiders who think the mayor will win were wrong.", []),
    ],
)
def test_quotes_belief_held_through_a_relative_pronoun(engine: Engine, text: str, expected: list[object]) -> None:
    assert quotes(engine, text) == expected


def test_quotes_belief_is_less_sure_than_speech(engine: Engine) -> None:
    result = engine.analyze("Jane Cole said that the bridge would reopen. Tom Reed believes that it will not.")
    said, believed = result.quotes
    assert said.confidence > believed.confidence


def test_quotes_passive_belief_without_agent_is_left_out(engine: Engine) -> None:
    assert quotes(engine, "It is believed that 150,000 tourists visited the ruins every year.") == []


# Hand-built parses pin one analysis, whatever the statistical model does:
# (words, heads, deps, pos, lemmas), the cue's index, the speaker's index.
FIXED_PARSES = {
    "subject of the cue": (
        ["Lister", "wrote", "that", "it", "failed"],
        [1, 1, 4, 4, 1],
        ["nsubj", "ROOT", "mark", "nsubj", "ccomp"],
        ["PROPN", "VERB", "SCONJ", "PRON", "VERB"],
        ["Lister", "write", "that", "it", "fail"],
        1,
        0,
    ),
    "according to a report by its author": (
        ["It", "fell", "according", "to", "a", "report", "by", "SANA"],
        [1, 1, 1, 2, 5, 3, 5, 6],
        ["nsubj", "ROOT", "prep", "prep", "det", "pobj", "prep", "pobj"],
        ["PRON", "VERB", "VERB", "ADP", "DET", "NOUN", "ADP", "PROPN"],
        ["it", "fall", "accord", "to", "a", "report", "by", "SANA"],
        2,
        7,
    ),
    "subject inherited through coordination": (
        ["Kirby", "smiled", "and", "said", "no"],
        [1, 1, 1, 1, 3],
        ["nsubj", "ROOT", "cc", "conj", "dobj"],
        ["PROPN", "VERB", "CCONJ", "VERB", "INTJ"],
        ["Kirby", "smile", "and", "say", "no"],
        3,
        0,
    ),
}


@pytest.mark.parametrize("case", sorted(FIXED_PARSES))
def test_quotes_speaker_of_the_cue_on_a_fixed_parse(case: str) -> None:
    words, heads, deps, pos, lemmas, cue, speaker = FIXED_PARSES[case]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)
    assert is_cue(doc[cue])
    assert speaker_token(doc[cue]) == doc[speaker]


def test_quotes_headline_matches_words_of_one_quote_not_across_two(engine: Engine) -> None:
    text = (
        "‘Roads reopen, schools stay shut’\n\n"
        "“The roads reopen,” Anna Berg said.\n\n"
        "“Schools stay shut,” Tom Reed said.\n\n"
        "‘Schools stay shut’"
    )
    found = quotes(engine, text)
    assert not [q for q in found if q[1] == "Roads reopen, schools stay shut" and q[2]]  # words of two speakers
    assert found[-1] == ("direct", "Schools stay shut", "Tom Reed")


@pytest.mark.parametrize(
    "text",
    ['"We won"--said the mayor.', "“We won”—said the mayor.", "“We won”–said the mayor."],
    ids=["double-hyphen", "em-dash", "en-dash"],
)
def test_quotes_dash_against_a_mark_is_a_token_of_its_own(engine: Engine, text: str) -> None:
    """spaCy kept 'won"--said' one word, and the quote and its cue were lost."""
    assert quotes(engine, text) == [("direct", "We won", "the mayor")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Later Tom Ross complained about the rules: “It is a mess,” Ann Lee said.",
            [("direct", "It is a mess,", "Ann Lee")],
            id="the-cue-after-names-who-said-it",
        ),
        pytest.param(
            "Tom Ross summed up the rules in one line: “It is a mess,” he said.",
            [("direct", "It is a mess,", "Tom Ross")],
            id="the-words-before-the-colon-are-no-part-of-the-quote",
        ),
        pytest.param(
            "His verdict on the rules: “It is a mess,” Ann Lee said.",
            [("direct", "It is a mess,", "Ann Lee")],
            id="a-label-before-the-colon-is-no-part-of-the-quote",
        ),
        pytest.param(
            "Tom Ross complained about the rules: “It is a mess.”",
            [("direct", "It is a mess.", "Tom Ross")],
            id="no-cue-after-the-colon-cue-speaks",
        ),
    ],
)
def test_quotes_colon_before_marks_and_a_cue_after_them(
    engine: Engine, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert quotes(engine, text) == expected


def test_quotes_and_i_quote_is_the_writers_aside(engine: Engine) -> None:
    text = "At the rally the mayor said, and I quote, “Nobody builds bridges like we do.”"
    assert quotes(engine, text) == [("direct", "Nobody builds bridges like we do.", "the mayor")]
