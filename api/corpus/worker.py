"""What runs in Spark's Python workers: the engine over Arrow batches of articles.

The engine is loaded once per Python worker process, on its first batch, and kept in a
module global: Spark reuses its Python workers (``spark.python.worker.reuse``), so every
later task in that process finds it loaded. Answers are the HTTP API's own
(:func:`api.contract.answers.answer` dumped by :class:`api.contract.schemas.AttributionSchema`), reshaped
into rows.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from ..contract.answers import answer
from ..contract.schemas import AttributionSchema
from ..engine import Attribution, DocumentFailure, DocumentTimeout, Engine
from . import tables
from .names import named, normalise

log = logging.getLogger("api.corpus")

_SCHEMA = AttributionSchema()
_ENGINES: dict[tuple[str, int, float | None], Engine] = {}
# What a document the engine could not analyse becomes in ``documents``.
_FAILURE_STATUS = {"timeout": tables.TIMEOUT, "error": tables.FAILED}


@dataclass(frozen=True)
class Options:
    """What every worker needs to know; pickled with the task."""

    model: str
    max_characters: int
    batch_size: int = 16  # texts spaCy parses together (``nlp.pipe``)
    chunk: int = 64  # articles per Arrow batch sent back
    document_seconds: float | None = None  # the budget of one article (QUOTES_DOCUMENT_SECONDS)


@dataclass
class Tally:
    """What one task did, for the executor's log."""

    records: int = 0
    attributed: int = 0
    engine_s: float = 0.0


def _log_to_stderr() -> None:
    """A Spark Python worker's stderr is the executor's log; its root logger has no handler."""
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")


def engine_for(model: str, max_characters: int, document_seconds: float | None = None) -> Engine:
    """This process's engine, loaded on first use."""
    key = (model, max_characters, document_seconds)
    if key not in _ENGINES:
        _log_to_stderr()
        started = time.perf_counter()
        _ENGINES[key] = Engine.load(model, max_characters, document_seconds)
        log.info("engine %s loaded in %.1f s by Python worker %d", model, time.perf_counter() - started, os.getpid())
    return _ENGINES[key]


def check(record: dict[str, Any], max_characters: int) -> tuple[str, str | None, int | None]:
    """A record's status, its text when it is to be attributed, and its length."""
    if record["status"] is not None:
        return record["status"], None, None
    text: str | None = record["text"]
    if text is None and record["data"] is not None:
        try:
            text = bytes(record["data"]).decode("utf-8")
        except UnicodeDecodeError:
            return tables.NOT_TEXT, None, None
    if text is None:
        return tables.EMPTY, None, None
    if "\x00" in text:  # binary data that happens to decode
        return tables.NOT_TEXT, None, len(text)
    if not text.strip():
        return tables.EMPTY, None, len(text)
    if len(text) > max_characters:
        return tables.TOO_LONG, None, len(text)
    return tables.OK, text, len(text)


def _analyze(engine: Engine, ids: Sequence[str], texts: Sequence[str], batch_size: int) -> list[Attribution | str]:
    """Per article, in order, its attribution or the status it gets instead (``timeout``
    past the budget, ``failed`` for a defect); each failure logged with the id and the
    length, never the text. Should the batch itself fail, the articles go one by one."""
    try:
        found: list[Attribution | DocumentFailure] = list(engine.analyze_many(texts, batch_size))
    except Exception:  # noqa: BLE001 - one bad article must not fail the job
        found = []
        for text in texts:
            try:
                found.append(engine.analyze(text))
            except DocumentTimeout as error:
                found.append(DocumentFailure("timeout", str(error), len(text)))
            except Exception as error:  # noqa: BLE001
                found.append(DocumentFailure("error", type(error).__name__, len(text)))
    results: list[Attribution | str] = []
    for doc_id, result in zip(ids, found, strict=True):
        if isinstance(result, DocumentFailure):
            log.error("document %r (%d characters): %s", doc_id, result.characters, result.detail)
            results.append(_FAILURE_STATUS[result.reason])
        else:
            results.append(result)
    return results


def text_hash(text: str) -> str:
    """The same for two texts that differ only in white space: syndicated copies."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def row(
    doc_id: str | None,
    status: str,
    characters: int | None,
    engine: Engine,
    found: Attribution | None,
    text: str | None = None,
) -> dict[str, Any]:
    """One row of ``tables.RESULT``: the API's answer for the article, reshaped."""
    body = _SCHEMA.dump(answer(doc_id, found or Attribution((), (), characters or 0), 0.0, engine))
    quotes = [{"quote_id": q.pop("id"), **q} for q in body["quotes"]]
    speakers = [
        {
            "speaker_id": s.pop("id"),
            **s,
            "name_key": normalise(s["name"], s["kind"]),
            "named": named(s["name"], s["kind"]),
        }
        for s in body["speakers"]
    ]
    return {
        "document_id": doc_id,
        "status": status,
        "characters": characters,
        "model": body["meta"]["model"],
        "service_version": body["meta"]["service_version"],
        "text_hash": text_hash(text) if text is not None and status == tables.OK else None,
        "quotes": quotes,
        "speakers": speakers,
    }


def attribute_batch(
    engine: Engine, batch: pa.RecordBatch, options: Options, schema: pa.Schema, tally: Tally
) -> pa.RecordBatch:
    records = batch.select([f.name for f in tables.WORKER_INPUT.fields]).to_pylist()
    checked = [check(r, options.max_characters) for r in records]
    todo = [i for i, (status, _, _) in enumerate(checked) if status == tables.OK]
    started = time.perf_counter()
    found = _analyze(
        engine,
        [records[i]["document_id"] for i in todo],
        [checked[i][1] or "" for i in todo],
        options.batch_size,
    )
    tally.engine_s += time.perf_counter() - started
    tally.records += len(records)
    tally.attributed += len(todo)
    attributions: dict[int, Attribution | str] = dict(zip(todo, found, strict=True))
    rows = []
    for i, (record, (status, text, characters)) in enumerate(zip(records, checked, strict=True)):
        result = attributions.get(i)
        if isinstance(result, str):
            status, result = result, None
        rows.append(row(record["document_id"], status, characters, engine, result, text))
    results = pa.RecordBatch.from_pylist(rows, schema=schema)
    carried = batch.drop_columns([f.name for f in tables.WORKER_INPUT.fields])
    return pa.RecordBatch.from_arrays(
        [*results.columns, *carried.columns], names=[*results.schema.names, *carried.schema.names]
    )


def attribute_batches(options: Options, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """``DataFrame.mapInArrow`` function: ``tables.WORKER_INPUT`` (plus carried columns) in,
    ``tables.RESULT`` (plus the same columns) out, one row per record, in order."""
    from pyspark.sql.pandas.types import to_arrow_schema

    schema = to_arrow_schema(tables.RESULT)
    engine = engine_for(options.model, options.max_characters, options.document_seconds)
    tally, started = Tally(), time.perf_counter()
    for batch in batches:
        for start in range(0, batch.num_rows, options.chunk):
            yield attribute_batch(engine, batch.slice(start, options.chunk), options, schema, tally)
    log.info(
        "task done: %d records, %d attributed, %.1f s in the engine of %.1f s, Python worker %d",
        tally.records,
        tally.attributed,
        tally.engine_s,
        time.perf_counter() - started,
        os.getpid(),
    )
