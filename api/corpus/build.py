"""The tables from the workers' rows, and from an earlier run's tables on ``--incremental``.

The per-document tables (``documents``, ``quotes``, ``speakers``) are the workers' rows
flattened; the corpus columns (``duplicate_of``, ``person_key``, ``person_id``,
``quotation_id``) and the corpus tables (``quoted_people``, ``quotations``) are computed
again from all rows on every run, since a new document can change them for old ones.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import StringType, StructType

from . import people, quotations, tables
from .readers import InputError


@dataclass(frozen=True)
class Plan:
    """What the tables are built with, from the command line."""

    carry: StructType  # the user's carried columns, in the order given
    date_column: str | None = None
    outlet_column: str | None = None
    run_words: int = quotations.RUN_WORDS
    people: DataFrame | None = None


@dataclass(frozen=True)
class Rows:
    """The per-document tables without their corpus columns."""

    documents: DataFrame  # with _rank, _file, _row for "first", and duplicate_of of earlier runs
    quotes: DataFrame
    speakers: DataFrame


_BASE_DOCUMENTS = [f.name for f in tables.documents_schema(StructType()).fields if f.name != "duplicate_of"]
_BASE_QUOTES = ["document_id", *(f.name for f in tables.QUOTE_FIELDS.fields)]
_BASE_SPEAKERS = ["document_id", *(f.name for f in tables.SPEAKER_FIELDS.fields), "quote_count"]
# How "first" is decided among copies: an earlier run's original, its copies, then this run's.
_ORIGINAL, _COPY, _NEW = 0, 1, 2


def flatten(staged: DataFrame, carry: StructType) -> Rows:
    """The workers' nested rows as one row per document, per quote and per speaker."""
    carried = [f.name for f in carry.fields]
    documents = staged.select(
        *(c for c in staged.columns if c not in ("quotes", "speakers")),
        F.size("quotes").alias("quote_count"),
        F.size("speakers").alias("speaker_count"),
    ).select(
        *_BASE_DOCUMENTS,
        *carried,
        F.lit(None).cast(StringType()).alias("duplicate_of"),
        F.lit(_NEW).alias("_rank"),
        *tables.ORDER,
    )
    quotes = staged.select("document_id", F.explode("quotes").alias("q"), *carried).select(
        "document_id", "q.*", *carried
    )
    speakers = staged.select("document_id", F.explode("speakers").alias("s")).select(
        "document_id", "s.*", F.size("s.quote_ids").alias("quote_count")
    )
    return Rows(documents, quotes, speakers)


def previous(spark: SparkSession, output: str, carry: StructType) -> Rows:
    """An earlier run's tables, as ``flatten`` gives them; a record without an id is dropped
    (it cannot be told from this run's), and this run's say what became of it."""
    carried = [f.name for f in carry.fields]
    documents = spark.read.parquet(f"{output}/documents")
    expected = [f.name for f in tables.documents_schema(carry).fields]
    if documents.columns != expected:
        raise InputError(
            f"{output} has the documents columns {documents.columns}, not {expected}: "
            "the same --carry, --date-column and --outlet-column as its first run, or a run without --incremental"
        )
    rank = F.when(F.col("duplicate_of").isNull(), _ORIGINAL).otherwise(_COPY)
    documents = documents.where(F.col("document_id").isNotNull()).select(
        *_BASE_DOCUMENTS,
        *carried,
        "duplicate_of",
        rank.alias("_rank"),
        F.lit(None).cast(StringType()).alias("_file"),
        F.lit(None).cast("long").alias("_row"),
    )
    quotes = spark.read.parquet(f"{output}/quotes").select(*_BASE_QUOTES, *carried)
    speakers = spark.read.parquet(f"{output}/speakers").select(*_BASE_SPEAKERS)
    return Rows(documents, quotes, speakers)


def union(new: Rows, old: Rows | None) -> Rows:
    if old is None:
        return new
    return Rows(
        new.documents.unionByName(old.documents),
        new.quotes.unionByName(old.quotes),
        new.speakers.unionByName(old.speakers),
    )


def mark_copies(documents: DataFrame) -> DataFrame:
    """``duplicate_of``: the first document with the same text (white space aside), for each
    later one. An earlier run's documents keep theirs and come first."""
    first = Window.partitionBy("text_hash").orderBy("_rank", "_file", "_row", "document_id")
    original = F.first("document_id").over(first.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing))
    copy = (F.col("_rank") == _NEW) & F.col("text_hash").isNotNull() & (original != F.col("document_id"))
    marked = F.when(F.col("_rank") != _NEW, F.col("duplicate_of")).when(copy, original)
    return documents.withColumn("duplicate_of", marked)


def originals(frame: DataFrame, documents: DataFrame) -> DataFrame:
    """The rows of ``frame`` whose document is not a syndicated copy: each text counts once."""
    copies = documents.where(F.col("duplicate_of").isNotNull()).select("document_id")
    return frame.join(copies, "document_id", "left_anti")


def write(spark: SparkSession, rows: Rows, plan: Plan, target: str) -> dict[str, int]:
    """Every table into ``target``; the people list's link counts (empty without a list)."""
    tables.conform(mark_copies(rows.documents), tables.documents_schema(plan.carry)).write.parquet(
        f"{target}/documents"
    )
    documents = spark.read.parquet(f"{target}/documents")

    keyed, names = people.with_person(rows.speakers, plan.people)
    keyed = keyed.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        tables.conform(keyed, tables.SPEAKERS).write.parquet(f"{target}/speakers")
        links = people.link_counts(keyed) if plan.people is not None else {}
    finally:
        keyed.unpersist()
    speakers = spark.read.parquet(f"{target}/speakers")
    tables.conform(people.quoted_people(originals(speakers, documents), names), tables.QUOTED_PEOPLE).write.parquet(
        f"{target}/quoted_people"
    )

    found = quotations.occurrences(rows.quotes, speakers, documents)
    assigned = quotations.assign(found, plan.run_words).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        tables.conform(assigned, tables.quotes_schema(plan.carry)).write.parquet(f"{target}/quotes")
        date = plan.carry[plan.date_column].dataType if plan.date_column else StringType()
        distinct = quotations.quotations(assigned, plan.date_column, plan.outlet_column)
        tables.conform(distinct, tables.quotations_schema(date)).write.parquet(f"{target}/quotations")
    finally:
        assigned.unpersist()
    return links
