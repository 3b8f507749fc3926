"""Quotation-mark scanning on raw text: every convention news text uses."""

from __future__ import annotations

import pytest

from api.engine.marks import find_passages


def passages(text: str) -> list[str]:
    return [" | ".join(text[s:e] for s, e in p.parts) for p in find_passages(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "yes, now" and left.', ["yes, now"]),
        ("He said “yes, now” and left.", ["yes, now"]),
        ("He said ‘yes, now’ and left.", ["yes, now"]),
        ("Il a dit « oui, maintenant » hier.", ["oui, maintenant"]),
        ("Er sagte „ja, jetzt“ gestern.", ["ja, jetzt"]),
        ('They described it as a "good thing,” but declined.', ["good thing,"]),
        ("on Monday. “”It feeds into the narrative.”", ["It feeds into the narrative."]),
        ("He said\u00a0“yes\u00a0now”\u00a0today.", ["yes\u00a0now"]),
        ("''It's nonsense,'' Mr. Trump's aide said.", ["It's nonsense,"]),
    ],
)
def test_marks_conventions(text: str, expected: list[str]) -> None:
    assert passages(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Assad’s forces held the town in the ’90s.",
        "ISIS’ heartland and the rebels’ hopes.",
        "Don't say it's over.",
    ],
)
def test_marks_apostrophes_are_not_quotes(text: str) -> None:
    assert passages(text) == []


def test_marks_missing_opening_mark_at_paragraph_start() -> None:
    text = "Intro.\n\nThe government wants to win favour,” according to Khaled Nasser."
    assert passages(text) == ["The government wants to win favour,"]


def test_marks_quote_runs_across_paragraphs() -> None:
    text = "“First paragraph of the speech.\n\n“Second paragraph ends it,” she said."
    (passage,) = find_passages(text)
    assert [text[s:e] for s, e in passage.parts] == ["First paragraph of the speech.", "Second paragraph ends it,"]


def test_marks_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said “this never closes\n\nNext paragraph."
    assert passages(text) == ["this never closes"]


def test_marks_nested_single_inside_double() -> None:
    assert passages("“He called it ‘a farce’ today,” she said.") == ["He called it ‘a farce’ today,"]


@pytest.mark.parametrize("count", [1, 2, 999, 10_000])
def test_marks_many_marks_stay_paired(count: int) -> None:
    text = '"' * count
    for passage in find_passages(text):
        assert 0 <= passage.start <= passage.end <= len(text)


def nested(text: str) -> list[list[str]]:
    """Each top-level passage's nested passages, as text."""
    return [[" | ".join(text[s:e] for s, e in q.parts) for q in p.nested] for p in find_passages(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("``We won,'' the coach said, `and we earned it.'", ["We won,", "and we earned it."]),
        ("The memo said ``delay the vote'' twice.", ["delay the vote"]),
        ("Her note read `back soon' on the door.", ["back soon"]),
        ("Mary`s bike, he said, ``is gone.''", ["is gone."]),
    ],
)
def test_marks_latex_and_newswire_quotes(text: str, expected: list[str]) -> None:
    assert passages(text) == expected


@pytest.mark.parametrize(
    ("text", "expected", "inner"),
    [
        ("“Hi,” she said, “why “fix” it now?”", ["Hi,", "why “fix” it now?"], [[], ["fix"]]),
        (
            '"Nobody calls the plan "fair"... Nobody," the mayor said.',
            ['Nobody calls the plan "fair"... Nobody,'],
            [["fair"]],
        ),
        (
            "“He said ‘the “new” deal’ was dead,” she said.",
            ["He said ‘the “new” deal’ was dead,"],
            [["the “new” deal"]],
        ),
        ("‘They called it “a joke” today,’ he said.", ["They called it “a joke” today,"], [["a joke"]]),
        ("``One ``two ``three'' two'' one''", ["One ``two ``three'' two'' one"], [["two ``three'' two"]]),
        ("“One «two “three” two» one”", ["One «two “three” two» one"], [["two “three” two"]]),
    ],
)
def test_marks_nested_quotes_are_one_passage(text: str, expected: list[str], inner: list[list[str]]) -> None:
    assert passages(text) == expected
    assert nested(text) == inner


def test_marks_closing_run_ends_every_level() -> None:
    """Four LaTeX quotes that end at the same place: the run of closing marks ends them all."""
    text = "``a ``b `c ``d e'''''''"
    (passage,) = find_passages(text)
    assert text[passage.start : passage.end] == "a ``b `c ``d e'''''"
    assert passage.outer == (0, len(text))


@pytest.mark.parametrize(
    "text",
    [
        '"Keep the bridge open,\nit is our only road," she said.',
        "'Keep the bridge open.\nIt is our only road.' she said.",
        "“Keep the bridge open.\nIt is our only road.” she said.",
    ],
)
def test_marks_quote_hard_wrapped_over_a_line_break_is_one_passage(text: str) -> None:
    (passage,) = find_passages(text)
    assert text[passage.start : passage.end].replace("\n", " ").startswith("Keep the bridge open")
    assert text[passage.end - 5 : passage.end] == "road," or text[passage.end - 5 : passage.end] == "road."


def test_marks_double_spaced_hard_wrapped_quote_is_one_passage() -> None:
    text = '"We kept the\n\nbridge open all\n\nwinter long," she said.'
    (passage,) = find_passages(text)
    assert text[passage.start : passage.end] == "We kept the\n\nbridge open all\n\nwinter long,"


def test_marks_single_marks_run_across_paragraphs() -> None:
    text = "She wrote: ‘The first part.\n\n‘The second part.\n\n‘The end.’ Then nothing."
    (passage,) = find_passages(text)
    assert [text[s:e] for s, e in passage.parts] == ["The first part.", "The second part.", "The end."]


def test_marks_line_break_after_a_closed_quote_still_separates() -> None:
    text = "“The first,” he said.\nThe next line has “a second” one."
    assert passages(text) == ["The first,", "a second"]


@pytest.mark.parametrize(
    "text",
    ['"Hello"--said the man.', '"Hello"—said the man.', "“Hello”–he said.", "“Hello” - he said."],
)
def test_marks_closing_mark_before_a_dash_closes(text: str) -> None:
    assert passages(text) == ["Hello"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'Tis the season, they say.", []),
        ("Tell 'em to go home.", []),
        ("We played rock 'n' roll all night.", []),
        ("They were goin' home.", []),
        ("The '90s were loud.", []),
        ("“'Tis the season,” she said.", ["'Tis the season,"]),
        ("''Twas cold' Words here 'and it was late,' he said", ["'Twas cold", "and it was late,"]),
        ("'The boys' bikes were the teachers' pride,' he said.", ["The boys' bikes were the teachers' pride,"]),
        ("'We were goin' home,' she said.", ["We were goin' home,"]),
        ("'We love rock 'n' roll,' she said.", ["We love rock 'n' roll,"]),
        ("He called it 'fake' but said 'it is fine.'", ["fake", "it is fine."]),
        ("“The students’ union,” he said, ‘will vote.’", ["The students’ union,", "will vote."]),
    ],
)
def test_marks_apostrophes_inside_and_outside_single_quotes(text: str, expected: list[str]) -> None:
    assert passages(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello,   \" he said, 'how are you?'", ["how are you?"]),  # a stray mark between spaces
        ("Yes “” no “” maybe.", []),  # empty pairs
        ("He said “yes and “no” then left", ["yes and “no” then left"]),  # unclosed outer
        ("He said ‘the boys “no” then left", ["no"]),  # an unclosed single opener is dropped
        ("“Unclosed at the end\n\nA new paragraph with “a quote”.", ["Unclosed at the end", "a quote"]),
    ],
)
def test_marks_stray_and_unclosed_marks(text: str, expected: list[str]) -> None:
    assert passages(text) == expected


@pytest.mark.parametrize(
    "text",
    ["“” " * 5_000, "“" * 3_000 + "”" * 3_000, "“a " * 3_000, "``'' `' " * 2_000, "'\n\n" * 3_000, "x'y " * 3_000],
)
def test_marks_pathological_input_pairs_sensibly(text: str) -> None:
    for passage in find_passages(text):
        assert 0 <= passage.outer[0] <= passage.start <= passage.end <= passage.outer[1] <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a closing mark typed as the other family's, or as an opening glyph
        ("She wrote: “We can win.’ Then she left for “Paris.”", ["We can win.", "Paris."]),
        ("He ended: “That is all.“[Radio] Then came “more.”", ["That is all.", "more."]),
        # newswire marks with a space before the closer
        ("''We will stay, '' he said. ''We must.''", ["We will stay,", "We must."]),
    ],
)
def test_marks_typed_closers(text: str, expected: list[str]) -> None:
    assert passages(text) == expected


def test_marks_paragraph_opening_with_other_marks_is_a_new_quote() -> None:
    """An excerpt in straight marks, then a paragraph that opens in curly ones."""
    text = '"The excerpt starts here.\n\n“A new quote,” she said.'
    assert passages(text) == ["The excerpt starts here.", "A new quote,"]


@pytest.mark.parametrize(
    ("text", "opened", "closed"),
    [
        ("He said “yes.”", True, True),
        ("He said “yes and left\n\nNext.", True, False),
        ("Intro.\n\nThe start was lost,” he said.", False, True),
    ],
)
def test_marks_passage_says_which_marks_it_has(text: str, opened: bool, closed: bool) -> None:
    (passage, *_) = find_passages(text)
    assert (passage.opened, passage.closed) == (opened, closed)
