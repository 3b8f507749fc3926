"""Who is quoted across the corpus: named speakers grouped, and linked to the user's own list.

A speaker counts in ``quoted_people`` only when it is named (``names.named``); descriptions,
pronouns and pairs keep a null ``person_key`` and stay in ``speakers``, per document.
With ``--people FILE`` a named speaker is linked to a person of the list when its key is one
name or alias of exactly one person, or a bare surname that only one person of the list
ends with and only one full name in its document does; its ``person_key`` is then the id.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

from .names import normalise
from .readers import InputError

LINKED, UNMATCHED, AMBIGUOUS = "linked", "unmatched", "ambiguous"


def _surname(key: str | Column) -> Column:
    return F.element_at(F.split(key, " "), -1)


def _one_word(key: str | Column) -> Column:
    return F.size(F.split(key, " ")) == 1


def person_keys(speakers: DataFrame) -> DataFrame:
    """``speakers`` with ``corpus_key``: for a named speaker its ``name_key``, or the one full
    name in the corpus that a bare surname stands for ("trump" -> "donald trump"); else null."""
    named = speakers.where(F.col("named") & F.col("name_key").isNotNull())
    keys = named.groupBy("name_key").agg(F.collect_set("kind").alias("kinds"))
    people = F.array_contains("kinds", "person")
    full = keys.where(~_one_word("name_key") & people).select(
        _surname("name_key").alias("surname"), F.col("name_key").alias("full_key")
    )
    unique = full.groupBy("surname").agg(F.count("*").alias("n"), F.min("full_key").alias("full_key")).where("n = 1")
    bare = keys.where(_one_word("name_key") & people).select("name_key")
    joins = bare.join(unique, bare.name_key == unique.surname).select("name_key", "full_key")
    own = F.when(F.col("named"), F.col("name_key"))
    return speakers.join(joins, "name_key", "left").withColumn("corpus_key", F.coalesce(F.col("full_key"), own))


def read_people(spark: SparkSession, path: str) -> DataFrame:
    """``--people FILE``: CSV (with a header) or Parquet, columns ``id``, ``name``, ``aliases``."""
    if path.lower().endswith(".csv"):
        frame = spark.read.option("header", True).csv(path)
    else:
        frame = spark.read.parquet(path)
    missing = {"id", "name"} - set(frame.columns)
    if missing:
        raise InputError(f"the people list {path} has no column {', '.join(sorted(missing))}")
    aliases = F.col("aliases").cast(StringType()) if "aliases" in frame.columns else F.lit(None).cast(StringType())
    return frame.select(F.col("id").cast(StringType()).alias("id"), F.col("name").cast(StringType()), aliases)


@dataclass(frozen=True)
class Links:
    """What linking to the list gave: the speakers with ``person_id``, and the list's names."""

    speakers: DataFrame
    names: DataFrame  # person_id, person_name


def link(speakers: DataFrame, people: DataFrame) -> Links:
    """``speakers`` with ``person_id`` and ``link`` (``linked``, ``unmatched``, ``ambiguous``,
    or null for a speaker that is not named). The list is small: it is broadcast."""
    key = F.udf(normalise, StringType(), useArrow=False)  # a plain UDF: the list is small
    spellings = people.select(
        "id", F.explode(F.concat(F.array("name"), F.split(F.coalesce("aliases", F.lit("")), r"\|"))).alias("spelling")
    )
    keys = spellings.select("id", key(F.trim("spelling")).alias("key")).where(F.col("key").isNotNull()).distinct()
    by_key = F.broadcast(
        keys.groupBy("key").agg(F.countDistinct("id").alias("key_n"), F.min("id").alias("key_id")).cache()
    )
    by_surname = F.broadcast(
        keys.select("id", _surname("key").alias("surname"))
        .distinct()
        .groupBy("surname")
        .agg(F.countDistinct("id").alias("surname_n"), F.min("id").alias("surname_id"))
        .cache()
    )
    named = F.col("named") & F.col("name_key").isNotNull()
    # The full names of each document that a bare surname could stand for, and their links.
    in_document = (
        speakers.where(named & ~_one_word("name_key"))
        .select("document_id", _surname("name_key").alias("bare_key"), F.col("name_key").alias("doc_full"))
        .distinct()
        .groupBy("document_id", "bare_key")
        .agg(F.count("*").alias("doc_n"), F.min("doc_full").alias("doc_full"))
    )
    exact = speakers.join(by_key, speakers.name_key == by_key.key, "left").drop("key")
    full = exact.select(
        "document_id",
        F.col("name_key").alias("doc_full"),
        F.col("key_n").alias("full_n"),
        F.col("key_id").alias("full_id"),
    ).distinct()
    joined = (
        exact.withColumn("bare_key", F.when(named & _one_word("name_key"), F.col("name_key")))
        .join(by_surname, F.col("bare_key") == F.col("surname"), "left")
        .drop("surname")
        .join(in_document, ["document_id", "bare_key"], "left")
        .join(full, ["document_id", "doc_full"], "left")
    )
    one = F.col("key_n") == 1
    # A bare surname: the full name beside it in its document decides, else the list.
    by_document = F.col("doc_n") == 1
    surname_ok = F.col("surname_n") == 1
    person_id = (
        F.when(~named, None)
        .when(one, F.col("key_id"))
        .when(F.col("key_n") > 1, None)
        .when(by_document & (F.col("full_n") == 1), F.col("full_id"))
        .when(by_document, None)
        .when(F.col("doc_n").isNull() & surname_ok, F.col("surname_id"))
    )
    ambiguous = (
        (F.col("key_n") > 1)
        | (F.col("doc_n") > 1)
        | (by_document & (F.col("full_n") > 1))
        | (F.col("doc_n").isNull() & (F.col("surname_n") > 1))
    )
    result = joined.withColumn("person_id", person_id).withColumn(
        "link",
        F.when(~named, None)
        .when(F.col("person_id").isNotNull(), F.lit(LINKED))
        .when(ambiguous, F.lit(AMBIGUOUS))
        .otherwise(F.lit(UNMATCHED)),
    )
    names = people.select(F.col("id").alias("person_id"), F.col("name").alias("person_name")).dropDuplicates(
        ["person_id"]
    )
    extra = ["bare_key", "key_n", "key_id", "surname_n", "surname_id", "doc_n", "doc_full", "full_n", "full_id"]
    return Links(result.drop(*extra), names)


def with_person(speakers: DataFrame, people: DataFrame | None) -> tuple[DataFrame, DataFrame | None]:
    """``speakers`` with ``person_key`` and ``person_id`` (and ``link``), and the list's names."""
    keyed = person_keys(speakers)
    names = None
    if people is None:
        keyed = keyed.withColumn("person_id", F.lit(None).cast(StringType())).withColumn(
            "link", F.lit(None).cast(StringType())
        )
    else:
        links = link(keyed, people)
        keyed, names = links.speakers, links.names
    keyed = keyed.withColumn("person_key", F.coalesce(F.col("person_id"), F.col("corpus_key")))
    return keyed.drop("full_key", "corpus_key"), names


def quoted_people(speakers: DataFrame, names: DataFrame | None = None) -> DataFrame:
    """Speakers grouped across documents by ``person_key``, named by the list's name when
    linked, else by their most quoted full name. ``speakers`` holds each text once."""
    keyed = speakers.where(F.col("person_key").isNotNull())
    by_name = keyed.groupBy("person_key", "name", "name_key").agg(F.sum("quote_count").alias("q"))
    rank = F.struct((F.col("name_key") == F.col("person_key")).cast("int"), "q", F.length("name"), "name")
    counts = keyed.groupBy("person_key").agg(
        F.max("person_id").alias("person_id"),
        F.sum("quote_count").alias("quote_count"),
        F.countDistinct("document_id").alias("document_count"),
        F.array_sort(F.collect_set("name")).alias("names"),
        F.array_sort(F.collect_set("kind")).alias("kinds"),
    )
    most = by_name.groupBy("person_key").agg(F.max_by("name", rank).alias("quoted_name"))
    people = counts.join(most, "person_key")
    if names is None:
        return people.withColumnRenamed("quoted_name", "name")
    people = people.join(F.broadcast(names), "person_id", "left")
    return people.withColumn("name", F.coalesce("person_name", "quoted_name")).drop("person_name", "quoted_name")


def link_counts(speakers: DataFrame) -> dict[str, int]:
    """Named speakers (per document) by how linking went, for the closing log."""
    rows = speakers.where(F.col("link").isNotNull()).groupBy("link").count().collect()
    found = {r["link"]: int(r["count"]) for r in rows}
    return {k: found.get(k, 0) for k in (LINKED, UNMATCHED, AMBIGUOUS)}
