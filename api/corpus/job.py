"""quotes-spark: every quotation of a corpus and who said it, as Parquet tables, on Spark.

    quotes-spark INPUT OUTPUT [--format jsonl|parquet|text] [--carry outlet,date] [--overwrite]
    spark-submit api/corpus/job.py INPUT OUTPUT ...

OUTPUT gets four tables: ``quotes``, ``speakers``, ``documents`` and ``quoted_people``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from collections.abc import Sequence
from functools import partial

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StructType

from api.corpus import readers, tables
from api.corpus.storage import Destination, OutputExists
from api.corpus.worker import Options, attribute_batches
from api.settings import Settings

log = logging.getLogger("api.corpus")

TABLES = ("quotes", "speakers", "documents", "quoted_people")


def person_keys(speakers: DataFrame) -> DataFrame:
    """``speakers`` with ``person_key``: its ``name_key``, or the one full name in the
    corpus that a bare surname stands for ("trump" -> "donald trump")."""
    keys = speakers.where(F.col("name_key").isNotNull()).groupBy("name_key").agg(F.collect_set("kind").alias("kinds"))
    words = F.split("name_key", " ")
    full = keys.where((F.size(words) > 1) & F.array_contains("kinds", "person")).select(
        F.element_at(words, -1).alias("surname"), F.col("name_key").alias("full_key")
    )
    unique = full.groupBy("surname").agg(F.count("*").alias("n"), F.min("full_key").alias("full_key")).where("n = 1")
    bare = keys.where((F.size(words) == 1) & F.array_contains("kinds", "person")).select("name_key")
    joins = bare.join(unique, bare.name_key == unique.surname).select("name_key", "full_key")
    return speakers.join(joins, "name_key", "left").withColumn(
        "person_key", F.coalesce(F.col("full_key"), F.col("name_key"))
    )


def quoted_people(speakers: DataFrame) -> DataFrame:
    """Speakers grouped across documents by ``person_key``, named by their most quoted full name."""
    by_name = (
        speakers.where(F.col("person_key").isNotNull())
        .groupBy("person_key", "name", "name_key")
        .agg(F.sum("quote_count").alias("q"))
    )
    rank = F.struct((F.col("name_key") == F.col("person_key")).cast("int"), "q", F.length("name"), "name")
    people = speakers.where(F.col("person_key").isNotNull()).groupBy("person_key")
    counts = people.agg(
        F.sum("quote_count").alias("quote_count"),
        F.countDistinct("document_id").alias("document_count"),
        F.array_sort(F.collect_set("name")).alias("names"),
        F.array_sort(F.collect_set("kind")).alias("kinds"),
    )
    names = by_name.groupBy("person_key").agg(F.max_by("name", rank).alias("name"))
    return counts.join(names, "person_key")


def write_tables(spark: SparkSession, staged_path: str, carry: StructType, target: str) -> None:
    staged = spark.read.parquet(staged_path)
    carried = [f.name for f in carry.fields]
    documents = staged.select(
        "*", F.size("quotes").alias("quote_count"), F.size("speakers").alias("speaker_count")
    ).drop("quotes", "speakers")
    quotes = staged.select("document_id", F.explode("quotes").alias("q"), *carried).select(
        "document_id", "q.*", *carried
    )
    speakers = staged.select("document_id", F.explode("speakers").alias("s")).select(
        "document_id", "s.*", F.size("s.quote_ids").alias("quote_count")
    )
    speakers = person_keys(speakers)
    out = {
        "documents": tables.conform(documents, tables.documents_schema(carry)),
        "quotes": tables.conform(quotes, tables.quotes_schema(carry)),
        "speakers": tables.conform(speakers, tables.SPEAKERS),
    }
    for name, frame in out.items():
        frame.write.parquet(f"{target}/{name}")
    people = quoted_people(spark.read.parquet(f"{target}/speakers"))
    tables.conform(people, tables.QUOTED_PEOPLE).write.parquet(f"{target}/quoted_people")


def summary(spark: SparkSession, target: str) -> dict[str, object]:
    documents = spark.read.parquet(f"{target}/documents")
    by_status = {r["status"]: r["n"] for r in documents.groupBy("status").agg(F.count("*").alias("n")).collect()}
    quotes = documents.agg(F.sum("quote_count")).first()
    return {
        "documents": sum(by_status.values()),
        "quotes": int(quotes[0] or 0) if quotes else 0,
        "skipped": {s: by_status[s] for s in sorted(by_status) if s != tables.OK},
    }


def run(spark: SparkSession, args: argparse.Namespace, settings: Settings) -> dict[str, object]:
    """Attribute INPUT into OUTPUT's tables; the counts for the last log line.

    The workers' rows are written once (``attributions``, nested, one row per record) and
    the tables are read from them, so no article is parsed twice.
    """
    started = time.perf_counter()
    destination = Destination(spark, args.output)
    if destination.exists() and not args.overwrite:
        raise OutputExists(f"{destination} exists; pass --overwrite to replace it")
    carry = [c for c in (args.carry or "").split(",") if c]
    articles = readers.read(spark, args.input, args.format, args.id_column, args.text_column, carry)
    wanted = args.partitions or 4 * spark.sparkContext.defaultParallelism
    if args.partitions or articles.rdd.getNumPartitions() < wanted:
        articles = articles.repartition(wanted, "document_id")
    carry_schema = StructType([articles.schema[c] for c in carry])
    options = Options(
        args.model or settings.model, args.max_characters or settings.max_characters, settings.pipe_batch_size
    )
    results = articles.mapInArrow(
        partial(attribute_batches, options), StructType([*tables.RESULT.fields, *carry_schema.fields])
    )
    staging = destination.staging
    try:
        results.write.parquet(f"{staging}/attributions")
        write_tables(spark, f"{staging}/attributions", carry_schema, staging)
        destination.discard("attributions")
        destination.commit(args.overwrite)
    except BaseException:
        destination.discard()
        raise
    report = summary(spark, str(destination))
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report


def session(master: str | None) -> SparkSession:
    # numpy and thinc must not start a thread per core in each of Spark's Python workers.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    if "PYSPARK_GATEWAY_PORT" not in os.environ:  # not started by spark-submit
        # Python workers run this interpreter (the one with the engine installed), not python3 on PATH.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("quotes-spark").config("spark.executorEnv.OMP_NUM_THREADS", "1")
    if master:
        builder = builder.master(master)
    return builder.getOrCreate()


def _positive(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, not {number}")
    return number


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="quotes-spark", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("input", help="JSON lines, Parquet, or a folder of .txt files (any path Spark reads)")
    p.add_argument("output", help="folder for the Parquet tables (any path Spark writes)")
    p.add_argument("--format", choices=readers.FORMATS, default=None, help="default: from the file names")
    p.add_argument("--id-column", default="id", help="the id field or column (default: id)")
    p.add_argument("--text-column", default="text", help="the text field or column (default: text)")
    p.add_argument("--carry", default=None, help="input columns to copy to quotes and documents, comma-separated")
    p.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists (else: an error)")
    p.add_argument("--partitions", type=_positive, default=None, help="default: 4 per core when the input has fewer")
    p.add_argument("--master", default=None, help="Spark master when not run by spark-submit (default: local[*])")
    p.add_argument("--model", default=None, help="spaCy model (default: QUOTES_MODEL or the embedded one)")
    p.add_argument(
        "--max-characters", type=_positive, default=None, help="longest article (default: QUOTES_MAX_CHARACTERS)"
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = Settings.from_env()
    ours = SparkSession.getActiveSession() is None
    spark = session(args.master)
    try:
        report = run(spark, args, settings)
    except (OutputExists, readers.InputError) as error:
        log.error("%s", error)
        return 2
    finally:
        if ours:
            spark.stop()
    skipped = ", ".join(f"{k} {v}" for k, v in report["skipped"].items()) or "none"  # type: ignore[attr-defined]
    log.info(
        "done: %s documents, %s quotes, skipped: %s; %s s; tables in %s",
        report["documents"],
        report["quotes"],
        skipped,
        report["seconds"],
        args.output,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
