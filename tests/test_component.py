"""The spaCy component: ``nlp.add_pipe("quote_attribution")`` gives the service's quotations."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import spacy
from flask.testing import FlaskClient
from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from api.engine import DocQuote, DocSpeaker, Engine, prepare_pipeline
from api.settings import DEFAULT_MODEL, Settings
from api.web.app import create_app

# My own sentences: a title the tokenizer must keep whole, a pronoun, an indirect quote, a
# second paragraph.
TEXT = (
    "“We will rebuild the bridge by spring,” Sgt. Maria Ortiz said on Monday. She added that the "
    "county would pay for it.\n\nThe council, according to its chair, “has not seen a plan.”"
)


@pytest.fixture(scope="module")
def service(engine: Engine) -> FlaskClient:
    """The HTTP service with its default limits (the seeds are longer than the test limits)."""
    return create_app({"TESTING": True}, settings=Settings(), engine=engine).test_client()


def _span(span: Span) -> dict[str, Any]:
    return {"start": span.start_char, "end": span.end_char, "text": span.text}


def as_answer(doc: Doc) -> dict[str, Any]:
    """``doc._.quotes`` and ``doc._.speakers`` in the shape of the HTTP answer."""
    quotes: list[DocQuote] = doc._.quotes
    speakers: list[DocSpeaker] = doc._.speakers
    return {
        "quotes": [
            {
                "id": q.id,
                "type": q.type,
                "content": _span(q.content),
                "quoted": [_span(p) for p in q.quoted],
                "cue": None if q.cue is None else {**_span(q.cue), "lemma": q.cue_lemma},
                "speaker": None
                if q.speaker_mention is None
                else {"id": q.speaker_id, "name": q.speaker, "mention": _span(q.speaker_mention)},
                "confidence": q.confidence,
                "rule": q.rule,
            }
            for q in quotes
        ],
        "speakers": [
            {
                "id": s.id,
                "name": s.name,
                "kind": s.kind,
                "mentions": [_span(m) for m in s.mentions],
                "descriptors": list(s.descriptors),
                "quote_ids": list(s.quote_ids),
                "members": list(s.members),
            }
            for s in speakers
        ],
    }


def served(client: FlaskClient, text: str) -> dict[str, Any]:
    body = client.post("/v1/attributions", json={"text": text}).get_json()
    return {"quotes": body["quotes"], "speakers": body["speakers"]}


@pytest.mark.parametrize("name", [path.name for path in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))])
def test_component_seeds_match_the_service(
    component_nlp: Language, service: FlaskClient, seed_texts: dict[str, str], name: str
) -> None:
    text = seed_texts[name]
    expected = served(service, text)
    assert expected["quotes"]
    assert as_answer(component_nlp(text)) == expected


def test_component_own_text_matches_the_service(component_nlp: Language, service: FlaskClient) -> None:
    doc = component_nlp(TEXT)
    assert as_answer(doc) == served(service, TEXT)
    assert [(q.type, q.speaker, q.speaker_mention and q.speaker_mention.text) for q in doc._.quotes] == [
        ("direct", "Maria Ortiz", "Sgt. Maria Ortiz"),
        ("indirect", "Maria Ortiz", "She"),
        ("direct", "its chair", "its chair"),
    ]
    assert all(isinstance(span, Span) and span.doc is doc for q in doc._.quotes for span in (q.content, q.cue))


def test_component_pipe_batches_match_one_by_one(component_nlp: Language, seed_texts: dict[str, str]) -> None:
    texts = [TEXT, *seed_texts.values(), "", "No quotes here.", TEXT]
    one_by_one = [as_answer(component_nlp(text)) for text in texts]
    for batch_size in (1, 3, 16):
        piped = [as_answer(doc) for doc in component_nlp.pipe(texts, batch_size=batch_size)]
        assert piped == one_by_one
    assert one_by_one[-1] == one_by_one[0] and one_by_one[-2] == {"quotes": [], "speakers": []}


@pytest.mark.parametrize(
    "text",
    [
        # what for_parsing changes: no-break and thin spaces, a tab, an empty pair of marks,
        # a run of punctuation; the rules read the copy, offsets stay those of the text
        "“We will\u00a0rebuild the bridge,” Maria\u00a0Ortiz said\u2009on Monday.\tShe added that it would cost more.",
        "“” “The plan is dead,” said Tom Reed !!!!!!!! “We start again.”",
    ],
)
def test_component_offsets_index_the_text_as_sent(component_nlp: Language, engine: Engine, text: str) -> None:
    doc = component_nlp(text)
    result = engine.analyze(text)
    assert doc._.quotes
    assert [(q.content.start_char, q.content.end_char) for q in doc._.quotes] == [
        (q.content.start, q.content.end) for q in result.quotes
    ]
    for quote in doc._.quotes:
        assert quote.content.text == text[quote.content.start_char : quote.content.end_char]
        assert quote.speaker is None or "\u00a0" not in quote.speaker
    assert [q.speaker for q in doc._.quotes] == [q.speaker and q.speaker.name for q in result.quotes]


def test_component_span_widens_to_whole_tokens(component_nlp: Language) -> None:
    """A mark glued to the next word ('fall,"Ann' is one token): the Span takes the whole
    token, and ``doc._.quote_attribution`` keeps the exact offsets."""
    text = '"We will win the vote in the fall,"Ann Lee said.'
    doc = component_nlp(text)
    (quote,) = doc._.quotes
    assert doc._.quote_attribution["quotes"][0]["content"] == [1, 34]
    assert text[1:34] == "We will win the vote in the fall,"
    assert (quote.content.start_char, quote.content.text) == (1, 'We will win the vote in the fall,"Ann')


def test_component_doc_serialises(component_nlp: Language) -> None:
    """Plain data in ``doc._``: Doc.to_bytes, DocBin and nlp.pipe(n_process=...) carry it."""
    doc = component_nlp(TEXT)
    again = Doc(component_nlp.vocab).from_bytes(doc.to_bytes())
    assert as_answer(again) == as_answer(doc)
    bin_ = DocBin(store_user_data=True, docs=[doc])
    (loaded,) = DocBin().from_bytes(bin_.to_bytes()).get_docs(component_nlp.vocab)
    assert as_answer(loaded) == as_answer(doc)


def test_component_unseen_doc_has_no_quotes(component_nlp: Language) -> None:
    doc = component_nlp.make_doc(TEXT)
    assert doc._.quotes is None and doc._.speakers is None


def test_component_needs_a_parser_at_add_pipe() -> None:
    with pytest.raises(ValueError, match="needs a dependency parser earlier in the pipeline"):
        spacy.blank("en").add_pipe("quote_attribution")


@pytest.mark.parametrize(("disabled", "needed"), [("parser", "a parser"), ("lemmatizer", "a lemmatizer")])
def test_component_needs_annotations_at_call(component_nlp: Language, disabled: str, needed: str) -> None:
    with component_nlp.select_pipes(disable=[disabled]):
        with pytest.raises(ValueError, match=f"needs {needed} to run before it"):
            component_nlp(TEXT)


def test_component_prepares_the_pipeline_once(component_nlp: Language) -> None:
    names = list(component_nlp.pipe_names)
    assert names.index("quote_paragraphs") == names.index("parser") - 1
    assert [t.text for t in component_nlp.make_doc("Sgt. Ortiz")] == ["Sgt.", "Ortiz"]
    prepare_pipeline(component_nlp)
    assert component_nlp.pipe_names == names


def test_component_registered_by_installing_the_package(tmp_path: Path) -> None:
    """spaCy finds the factory through the entry point, with nothing of ours imported; without
    ``prepare`` the pipeline stays as it was (and a quote by "Sgt. Maria Ortiz" loses its speaker)."""
    script = f"""
import json, sys
import spacy
assert not any(name == "api" or name.startswith("api.") for name in sys.modules)
out = []
for config in ({{}}, {{"prepare": False}}):
    nlp = spacy.load({DEFAULT_MODEL!r})
    nlp.add_pipe("quote_attribution", config=config)
    doc = nlp({TEXT!r})
    out.append([nlp.pipe_names, [[q.type, q.content.text, q.speaker] for q in doc._.quotes]])
print(json.dumps(out))
"""
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
    )
    assert run.returncode == 0, run.stderr
    (prepared, quotes), (unprepared, unprepared_quotes) = json.loads(run.stdout)
    stock = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]
    assert prepared == [*stock[:2], "quote_paragraphs", *stock[2:], "quote_attribution"]
    assert quotes == [
        ["direct", "We will rebuild the bridge by spring,", "Maria Ortiz"],
        ["indirect", "that the county would pay for it", "Maria Ortiz"],
        ["direct", "has not seen a plan.", "its chair"],
    ]
    assert unprepared == [*stock, "quote_attribution"]
    assert unprepared_quotes[0] == ["direct", "We will rebuild the bridge by spring,", None]
