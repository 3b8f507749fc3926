"""Golden tests: the five founding articles, expected quotes written by reading them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.engine import Engine

GOLDEN = json.loads((Path(__file__).parent / "golden" / "seeds.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_seeds_golden(engine: Engine, seed_texts: dict[str, str], name: str) -> None:
    result = engine.analyze(seed_texts[name])
    quotes = [
        {
            "type": q.type,
            "content": q.content.text,
            "speaker": q.speaker.name if q.speaker else None,
            "mention": q.speaker.mention.text if q.speaker else None,
            "cue": q.cue.lemma if q.cue else None,
            "rule": q.rule,
        }
        for q in result.quotes
    ]
    speakers = [{"name": s.name, "kind": s.kind, "descriptors": list(s.descriptors)} for s in result.speakers]
    assert quotes == GOLDEN[name]["quotes"]
    assert speakers == GOLDEN[name]["speakers"]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_seeds_offsets_index_the_text_as_sent(engine: Engine, seed_texts: dict[str, str], name: str) -> None:
    text = seed_texts[name]
    result = engine.analyze(text)
    spans = [q.content for q in result.quotes] + [p for q in result.quotes for p in q.quoted]
    spans += [q.cue.span for q in result.quotes if q.cue] + [q.speaker.mention for q in result.quotes if q.speaker]
    spans += [m for s in result.speakers for m in s.mentions]
    for span in spans:
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("fragment", "speaker"),
    [
        ("good thing", "John Kirby"),
        ("Al Qaeda has sealed its future", "Charles Lister"),
        ("By proclaiming itself", "Charles Lister"),
        ("The general and known viewpoint", "Maamoun Abdulkarim"),
        ("This battle is really", "Kamal Alam"),
        ("In order to\u00a0survive", "Gregory Copley"),
        ("Now there is a convergence", "Fawaz Gerges"),
        ("Assad provided the essential context", "Kyle Orton"),
        ("Those who now possess Palmyra", "Fred Hof"),
        ("The government wants through this operation", "Khaled Nasser"),
        ("UNESCO will send a supervising mission", "Maamun Abdulkarim"),
    ],
)
def test_seeds_mission_speakers(engine: Engine, seed_texts: dict[str, str], fragment: str, speaker: str) -> None:
    found = [q for text in seed_texts.values() for q in engine.analyze(text).quotes if fragment in q.content.text]
    assert found and all(q.speaker and q.speaker.name == speaker for q in found)


def test_seeds_jsonl_holds_the_seed_articles(seed_texts: dict[str, str]) -> None:
    """seeds/seeds.jsonl, the README's `quotes --jsonl` example, is the .txt seeds as JSON lines."""
    lines = (Path(__file__).parent.parent / "seeds" / "seeds.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [
        {"id": name.removesuffix(".txt"), "text": text} for name, text in sorted(seed_texts.items())
    ]
