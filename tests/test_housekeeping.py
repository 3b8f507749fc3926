"""The housekeeper keeps spaCy's tables and caches at their size while new words keep coming."""

from __future__ import annotations

import logging
import random
import string
from concurrent.futures import ThreadPoolExecutor

import pytest
import spacy
from preshed.maps import PreshMap
from spacy.language import Language

from api.engine import Engine, housekeeping
from api.engine.housekeeping import Housekeeper


def new_words(rng: random.Random, count: int) -> str:
    return " ".join("".join(rng.choices(string.ascii_lowercase, k=12)) for _ in range(count))


def feed(nlp: Language, texts: int, tidy: Housekeeper | None = None) -> None:
    """Tokenise texts of never-seen words inside memory zones, as the service does."""
    rng = random.Random(7)
    for _ in range(texts):
        with nlp.memory_zone():
            nlp.make_doc(new_words(rng, 500))
        if tidy is not None:
            tidy.tidy()


def capacities(nlp: Language, keeper: Housekeeper) -> list[int]:
    return [table.map.capacity for table in keeper.tables]


@pytest.fixture()
def blank() -> Language:
    return spacy.blank("en")


def test_tables_keep_their_size_under_new_words(blank: Language) -> None:
    keeper = Housekeeper(blank, min_capacity=1024)
    assert len(keeper.tables) == 2  # the StringStore's and the Vocab's
    before = capacities(blank, keeper)
    feed(blank, 40, keeper)
    assert capacities(blank, keeper) == before


def test_spacy_tables_still_double_without_housekeeping(blank: Language) -> None:
    """The reason for the housekeeper: if this starts failing, spaCy/preshed fixed it upstream."""
    keeper = Housekeeper(blank, min_capacity=1024)
    before = capacities(blank, keeper)
    feed(blank, 40)
    assert all(after >= 4 * size for after, size in zip(capacities(blank, keeper), before, strict=True))


def test_rebuilt_tables_keep_every_string_and_lexeme(blank: Language) -> None:
    blank("Permanent words stay, whatever the zones bring.")
    strings = set(blank.vocab.strings)
    lexemes = {lex.orth for lex in blank.vocab}
    keeper = Housekeeper(blank, min_capacity=1024)
    feed(blank, 40, keeper)
    assert set(blank.vocab.strings) == strings
    assert {lex.orth for lex in blank.vocab} == lexemes
    assert [t.text for t in blank("Permanent words stay.")] == ["Permanent", "words", "stay", "."]
    assert blank.vocab["whatever"].orth == blank.vocab.strings["whatever"]


def test_lemma_cache_is_emptied_past_its_limit(blank: Language) -> None:
    lemmatizer = blank.add_pipe("lemmatizer", config={"mode": "rule"})
    keeper = Housekeeper(blank, lemma_cache_limit=100)
    lemmatizer.cache.update({(n, 0, 0): ["form"] for n in range(100)})
    keeper.tidy()
    assert len(lemmatizer.cache) == 100
    lemmatizer.cache[(100, 0, 0)] = ["form"]
    keeper.tidy()
    assert lemmatizer.cache == {}


def test_preshed_layout_is_the_one_the_rebuild_expects() -> None:
    """Fails on a preshed upgrade that moves PreshMap's fields: re-check housekeeping then."""
    assert housekeeping.map_fields(PreshMap()) is not None


def test_unexpected_layout_turns_rebuilding_off(
    blank: Language, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(housekeeping, "map_fields", lambda table: None)
    with caplog.at_level(logging.WARNING, logger=housekeeping.__name__):
        keeper = Housekeeper(blank)
    assert keeper.tables == []
    assert "cannot rebuild" in caplog.text
    feed(blank, 2, keeper)  # still works, memory just grows


def test_engine_tidies_after_every_call(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(engine.housekeeper.tables) == 2 and engine.housekeeper.lemmatizers
    calls: list[bool] = []
    monkeypatch.setattr(engine.housekeeper, "tidy", lambda: calls.append(engine.nlp.vocab.in_memory_zone))
    engine.analyze('"Hello," she said.')
    list(engine.analyze_many(["One.", "Two."]))
    assert calls == [False, False]  # once per call, outside the zone


def test_engine_calls_from_threads_take_turns(engine: Engine, seed_texts: dict[str, str]) -> None:
    texts = list(seed_texts.values())
    expected = [engine.analyze(text) for text in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(engine.analyze, texts * 2)) == expected * 2
