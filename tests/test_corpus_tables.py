"""quotes-spark's corpus tables (local[2]): quotations once across outlets, syndicated
copies and duplicate ids, speakers linked to a people list, only people in quoted_people,
incremental runs and interrupted ones. The articles are written here."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.testing import assertDataFrameEqual

from api.corpus import job, quotations, tables
from api.corpus.names import named
from api.settings import Settings

LIBRARY = "We will open the new library on the north side of the river"
MAYOR = (
    f"“{LIBRARY} next spring,” Mayor Maria Lopez said on Monday.\n\n"
    "The council approved the plan. “It is the best use of the money we have,” said council member Tom Fox."
)
FOLLOW_UP = f"“{LIBRARY},” Maria Lopez told reporters on Friday."
VOICES = (
    "“The new rules will cost us dearly,” the governor said.\n\n"
    "“We are still counting the votes,” a source said.\n\n"
    "“It was a fair fight,” said a Smith supporter.\n\n"
    "“Prices will rise,” said a supporter.\n\n"
    "“We won,” said Billionaire Ann Lee.\n\n"
    "“Ann Lee and Tom Fox will lead the talks,” said Ann Lee and Tom Fox.\n\n"
    "“Nothing changes,” those said.\n\n"
    "“Experts agree,” said Experts."
)
PAIR = "“Ann Lee and Tom Fox will lead the talks,” said Ann Lee and Tom Fox.\n\n"
VOICES_AGAIN = VOICES.replace("Billionaire Ann Lee", "Ann Lee").replace(PAIR, "")
HARBOUR = (
    "“We will rebuild the harbour before the next storm season,” said Ann Lee.\n\n“The harbour is safe,” said Lee."
)
STREETS = (
    "“The roads are a disgrace,” Fox said on Tuesday.\n\n"
    "“We have waited long enough,” Lopez said.\n\n"
    "“Nobody asked us,” said Peter Grant."
)
# The same article under two ids and three outlets (a copy differing only in white space,
# and a follow-up that quotes a run of it), one id used twice, and other articles.
RECORDS = [
    {"id": "a1", "text": MAYOR, "outlet": "Daily", "published": "2024-05-01"},
    {
        "id": "a2",
        "text": MAYOR.replace(" ", "  ").replace("\n\n", "\n \n"),
        "outlet": "Herald",
        "published": "2024-05-02",
    },
    {"id": "a3", "text": FOLLOW_UP, "outlet": "Gazette", "published": "2024-05-03"},
    {"id": "a1", "text": HARBOUR, "outlet": "Wire", "published": "2024-05-04"},
    {"id": "v1", "text": VOICES, "outlet": "Daily", "published": "2024-05-05"},
    {
        "id": "v2",
        "text": VOICES_AGAIN,  # without the pair, which the engine makes Ann Lee's speaker too
        "outlet": "Herald",
        "published": "2024-05-06",
    },
    {"id": "h1", "text": HARBOUR, "outlet": "Gazette", "published": "2024-05-07"},
    {"id": "s1", "text": STREETS, "outlet": "Daily", "published": "2024-05-08"},
]
PEOPLE = (
    "id,name,aliases\n"
    "Q1,Maria Lopez,Mayor Lopez|M. Lopez\n"
    "Q2,Tom Fox,\n"
    "Q3,Anna Fox,Ann Fox\n"  # a second Fox: "Fox" alone is ambiguous
    "Q4,Ann Lee,Annie Lee\n"
)
OPTIONS = ("--date-column", "published", "--outlet-column", "outlet", "--people")


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run_job(spark: SparkSession, *argv: str | Path) -> dict[str, Any]:
    return job.run(spark, job.parser().parse_args([str(a) for a in argv]), Settings())


def read(spark: SparkSession, output: Path, name: str) -> DataFrame:
    return spark.read.parquet(str(output / name))


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("newsroom")
    write_jsonl(folder / "articles.jsonl", RECORDS)
    (folder / "people.csv").write_text(PEOPLE, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def corpus(spark: SparkSession, newsroom: Path) -> tuple[Path, dict[str, Any]]:
    report = run_job(spark, newsroom / "articles.jsonl", newsroom / "out", *OPTIONS, newsroom / "people.csv")
    return newsroom / "out", report


def quotation_of(spark: SparkSession, output: Path, words: str) -> dict[str, Any]:
    rows = read(spark, output, "quotations").where(F.col("text").contains(words)).collect()
    assert len(rows) == 1, [r.asDict() for r in rows]
    return rows[0].asDict(recursive=True)


def test_corpus_quotation_once_across_copies_outlets_and_a_follow_up(
    spark: SparkSession, corpus: tuple[Path, dict[str, Any]]
) -> None:
    output, _ = corpus
    library = quotation_of(spark, output, "library")
    assert library["text"] == f"{LIBRARY} next spring,"  # the longest form
    assert (library["document_count"], library["outlet_count"]) == (2, 3)  # a2 is a1's text
    assert library["outlets"] == ["Daily", "Gazette", "Herald"]
    assert (library["first_seen"], library["last_seen"]) == ("2024-05-01", "2024-05-03")
    assert library["quotes"] == [
        {"document_id": "a1", "quote_id": "q1"},
        {"document_id": "a2", "quote_id": "q1"},
        {"document_id": "a3", "quote_id": "q1"},
    ]
    assert (library["speaker"], library["person_id"]) == ("maria lopez", "Q1")
    money = quotation_of(spark, output, "money")
    assert (money["document_count"], money["outlet_count"], len(money["quotes"])) == (1, 2, 2)
    assert (money["speaker"], money["person_id"]) == ("tom fox", "Q2")


def test_corpus_every_quote_has_its_quotation(spark: SparkSession, corpus: tuple[Path, dict[str, Any]]) -> None:
    output, _ = corpus
    quotes = read(spark, output, "quotes")
    assert quotes.where(F.col("quotation_id").isNull()).count() == 0
    assert quotes.select("document_id", "quote_id").distinct().count() == quotes.count()  # ids unique
    listed = read(spark, output, "quotations").select("quotation_id", F.explode("quotes").alias("r"))
    assertDataFrameEqual(
        listed.select("quotation_id", "r.document_id", "r.quote_id"),
        quotes.select("quotation_id", "document_id", "quote_id"),
    )


def test_corpus_copies_and_duplicate_ids_in_documents(spark: SparkSession, corpus: tuple[Path, dict[str, Any]]) -> None:
    output, report = corpus
    rows = read(spark, output, "documents").select("document_id", "status", "duplicate_of", "outlet", "quote_count")
    found = sorted(tuple(r) for r in rows.collect())
    assert found == [
        ("a1", "duplicate_id", None, "Wire", 0),
        ("a1", "ok", None, "Daily", 2),
        ("a2", "ok", "a1", "Herald", 2),
        ("a3", "ok", None, "Gazette", 1),
        ("h1", "ok", None, "Gazette", 2),
        ("s1", "ok", None, "Daily", 3),
        ("v1", "ok", None, "Daily", 8),
        ("v2", "ok", None, "Herald", 7),
    ]
    assert report["copies"] == 1 and report["skipped"] == {"duplicate_id": 1}
    # the harbour article under a1 was not attributed: its quotes are h1's alone
    harbour = quotation_of(spark, output, "harbour before")
    assert harbour["quotes"] == [{"document_id": "h1", "quote_id": "q1"}]


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("Maria Lopez", "person", True),
        ("Billionaire Ann Lee", "person", True),
        ("Lopez", "unknown", True),
        ("Syrian Observatory for Human Rights", "organization", True),
        ("the governor", "person", False),
        ("The Governor", "person", False),
        ("a source", "person", False),
        ("a Smith supporter", "person", False),
        ("his campaign", "unknown", False),
        ("those", "unknown", False),
        ("Some", "unknown", False),
        ("Experts", "group", False),
        ("Ann Lee and Tom Fox", "person", False),
        ("Ann Lee, Tom Fox", "person", False),
        ("Procter and Gamble", "organization", True),
    ],
)
def test_corpus_names_named_only_for_proper_names(name: str, kind: str, expected: bool) -> None:
    assert named(name, kind) is expected


def test_corpus_quoted_people_holds_people(spark: SparkSession, corpus: tuple[Path, dict[str, Any]]) -> None:
    output, _ = corpus
    people = {r["person_key"]: r.asDict() for r in read(spark, output, "quoted_people").collect()}
    # Descriptions, pronouns, pairs and plurals stay per document, in speakers.
    # "Fox" alone could be either Fox of the list: a named speaker of its own, unlinked
    assert set(people) == {"Q1", "Q2", "Q4", "fox", "peter grant"}
    lee = people["Q4"]  # "Billionaire Ann Lee", "Ann Lee" and "Lee" beside it: one person
    assert (lee["name"], lee["document_count"], lee["quote_count"]) == ("Ann Lee", 3, 4)
    assert lee["names"] == ["Ann Lee", "Billionaire Ann Lee"]
    lopez = people["Q1"]  # a2 is a1's copy: counted once
    assert (lopez["name"], lopez["document_count"], lopez["quote_count"]) == ("Maria Lopez", 3, 3)
    speakers = {r["name"]: r for r in read(spark, output, "speakers").where("document_id = 'v1'").collect()}
    # The pair is a group; its members are speakers of their own, linked where the list names them.
    pair, fox = speakers["Ann Lee and Tom Fox"], speakers["Tom Fox"]
    assert (pair["kind"], pair["person_key"]) == ("group", None)
    assert pair["members"] == [speakers["Billionaire Ann Lee"]["speaker_id"], fox["speaker_id"]]
    assert (fox["person_id"], fox["quote_count"]) == ("Q2", 0)
    unnamed = {name: r["person_key"] for name, r in speakers.items() if name not in {"Billionaire Ann Lee", "Tom Fox"}}
    assert len(unnamed) == 7 and set(unnamed.values()) == {None}


def test_corpus_people_list_links_and_leaves_an_ambiguous_surname(
    spark: SparkSession, corpus: tuple[Path, dict[str, Any]]
) -> None:
    output, report = corpus
    streets = read(spark, output, "speakers").where("document_id = 's1'").select("name", "person_id", "person_key")
    assert sorted(tuple(r) for r in streets.collect()) == [
        ("Fox", None, "fox"),  # Tom Fox and Anna Fox on the list: ambiguous, a person of its own
        ("Lopez", "Q1", "Q1"),  # the one Lopez on the list, and the only one in its document
        ("Peter Grant", None, "peter grant"),  # not on the list: unmatched, still a person
    ]
    quotes = read(spark, output, "quotes").where("document_id = 's1'").select("quote_id", "person_id")
    assert sorted(tuple(r) for r in quotes.collect()) == [("q1", None), ("q2", "Q1"), ("q3", None)]
    # named speakers, one row per document: a1's and a2's two each, a3's, h1's, v1's two (Ann Lee,
    # and Tom Fox as a member of the pair) and v2's one, s1's three
    assert report["people"] == {"linked": 10, "unmatched": 1, "ambiguous": 1}


def test_corpus_incremental_run_equals_one_run_over_all(
    spark: SparkSession, newsroom: Path, corpus: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    output, _ = corpus
    people = newsroom / "people.csv"
    first = write_jsonl(tmp_path / "monday.jsonl", RECORDS[:4] + RECORDS[6:7])
    run_job(spark, first, tmp_path / "out", *OPTIONS, people)
    everything = write_jsonl(tmp_path / "all.jsonl", RECORDS)  # the crawl has grown
    report = run_job(spark, everything, tmp_path / "out", "--incremental", *OPTIONS, people)
    assert report["already"] == 5  # a1 twice, a2, a3, h1
    for name in job.TABLES:
        assertDataFrameEqual(read(spark, tmp_path / "out", name), read(spark, output, name))


def test_corpus_incremental_refuses_other_columns(spark: SparkSession, newsroom: Path, tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", RECORDS[:1])
    run_job(spark, first, tmp_path / "out")
    with pytest.raises(job.readers.InputError, match="--carry"):
        run_job(spark, first, tmp_path / "out", "--incremental", "--carry", "outlet")


def test_corpus_rerun_removes_what_a_killed_run_left(spark: SparkSession, tmp_path: Path) -> None:
    stale = tmp_path / ".out.writing-0123456789ab"
    (stale / "attributions").mkdir(parents=True)
    run_job(spark, write_jsonl(tmp_path / "a.jsonl", RECORDS[:1]), tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "out"]


def test_corpus_rerun_puts_back_an_output_a_killed_commit_moved_aside(spark: SparkSession, tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "a.jsonl", RECORDS[:1])
    run_job(spark, source, tmp_path / "out")
    (tmp_path / "out").rename(tmp_path / ".out.replaced-0123456789ab")  # killed before the new one moved in
    with pytest.raises(job.OutputExists):
        run_job(spark, source, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "out"]


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_corpus_interrupted_run_removes_its_staging_folder(tmp_path: Path, signum: int) -> None:
    source = write_jsonl(tmp_path / "a.jsonl", RECORDS * 20)
    command = [sys.executable, "-m", "api.corpus.job", str(source), str(tmp_path / "out"), "--master", "local[1]"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240
        while not list(tmp_path.glob(".out.writing-*/attributions")):
            assert process.poll() is None and time.monotonic() < deadline, "the job ended before it wrote anything"
            time.sleep(0.2)
        process.send_signal(signum)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 128 + signum, err[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl"]


def test_corpus_contiguous_run_needs_the_same_speaker(spark: SparkSession) -> None:
    run = "one two three four five six seven eight"
    rows = [
        ("d1", "q1", f"{run} nine ten", "ann lee"),
        ("d2", "q1", run, "ann lee"),  # a run of d1's, same speaker: one quotation
        ("d3", "q1", run.upper() + "!", "tom fox"),  # the same words: one quotation, whoever says them
        ("d4", "q1", "three four five six seven eight nine ten", "tom fox"),  # a run, another speaker
        ("d5", "q1", "No.", "ann lee"),
        ("d6", "q1", "no", "tom fox"),  # short: the same only with the same speaker
        ("d7", "q1", "“No”", "ann lee"),
    ]
    frame = spark.createDataFrame(rows, "document_id string, quote_id string, text string, skey string")
    found = frame.select(
        "document_id",
        "quote_id",
        F.struct(F.col("text")).alias("content"),
        "skey",
        quotations.normalised(F.col("text")).alias("norm"),
    ).withColumn("n", F.size(F.split("norm", " ")))
    groups: dict[str, list[str]] = {}
    for r in quotations.assign(found, run_words=8).collect():
        groups.setdefault(r["quotation_id"], []).append(r["document_id"])
    assert sorted(sorted(g) for g in groups.values()) == [["d1", "d2", "d3"], ["d4"], ["d5", "d7"], ["d6"]]


def test_corpus_tables_list_the_statuses() -> None:
    assert {tables.TIMEOUT, tables.DUPLICATE_ID} <= set(tables.STATUSES)


def test_corpus_document_over_its_budget_is_a_timeout_row_and_the_job_finishes(
    spark: SparkSession, tmp_path: Path
) -> None:
    # A budget no analysis can keep: every article stops at the engine's first check.
    source = write_jsonl(tmp_path / "a.jsonl", RECORDS[:3])
    report = run_job(spark, source, tmp_path / "out", "--document-seconds", "1e-9")
    assert report["skipped"] == {tables.TIMEOUT: 3} and report["quotes"] == 0
    documents = read(spark, tmp_path / "out", "documents").select("document_id", "status", "quote_count")
    assert sorted(tuple(r) for r in documents.collect()) == [(d, tables.TIMEOUT, 0) for d in ("a1", "a2", "a3")]
    assert read(spark, tmp_path / "out", "quotations").count() == 0
