"""quotes-spark: every quotation of a corpus and who said it, as Parquet tables, on Spark.

    quotes-spark INPUT OUTPUT [--format jsonl|parquet|text] [--carry outlet,date] [--overwrite]
                 [--incremental] [--date-column published] [--outlet-column outlet] [--people FILE]
    spark-submit api/corpus/job.py INPUT OUTPUT ...

OUTPUT gets five tables: ``documents``, ``quotes`` and ``speakers`` (per document), and
``quoted_people`` and ``quotations`` (across the corpus).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import partial
from types import FrameType
from typing import Any

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import StructType

from api.corpus import build, people, quotations, readers, tables
from api.corpus.storage import Destination, OutputExists
from api.corpus.worker import Options, attribute_batches
from api.settings import Settings

log = logging.getLogger("api.corpus")

TABLES = ("quotes", "speakers", "documents", "quoted_people", "quotations")


def summary(spark: SparkSession, target: str) -> dict[str, Any]:
    documents = spark.read.parquet(f"{target}/documents")
    by_status = {r["status"]: r["n"] for r in documents.groupBy("status").agg(F.count("*").alias("n")).collect()}
    totals = documents.agg(F.sum("quote_count"), F.count("duplicate_of")).first()
    quotations = spark.read.parquet(f"{target}/quotations").count()
    return {
        "documents": sum(by_status.values()),
        "quotes": int(totals[0] or 0) if totals else 0,
        "copies": int(totals[1] or 0) if totals else 0,
        "quotations": quotations,
        "skipped": {s: by_status[s] for s in sorted(by_status) if s != tables.OK},
    }


def carried(args: argparse.Namespace) -> list[str]:
    """``--carry``, then the date and outlet columns when they are not in it already."""
    carry = [c for c in (args.carry or "").split(",") if c]
    return carry + [c for c in (args.date_column, args.outlet_column) if c and c not in carry]


def run(
    spark: SparkSession, args: argparse.Namespace, settings: Settings, received: Sequence[int] = ()
) -> dict[str, Any]:
    """Attribute INPUT into OUTPUT's tables; the counts for the last log line.

    The workers' rows are written once (``attributions``, nested, one row per record) and
    the tables are read from them, so no article is parsed twice. On ``--incremental`` only
    records whose ids are not in OUTPUT's ``documents`` are attributed, and every table is
    written again from old and new rows: OUTPUT is still replaced whole or not at all.
    """
    started = time.perf_counter()
    destination = Destination(spark, args.output)
    for stale in destination.clean():
        log.warning("removed %s, left by a run that was killed", stale)
    earlier = args.incremental and destination.exists()
    if destination.exists() and not (args.overwrite or args.incremental):
        raise OutputExists(f"{destination} exists; pass --overwrite to replace it")
    carry = carried(args)
    articles = readers.mark_duplicate_ids(
        readers.read(spark, args.input, args.format, args.id_column, args.text_column, carry)
    )
    carry_schema = StructType([articles.schema[c] for c in carry])
    old = build.previous(spark, str(destination), carry_schema) if earlier else None
    already = 0
    if old is not None:
        known = old.documents.select("document_id")
        fresh = articles.join(known, "document_id", "left_anti")
        already = articles.count() - fresh.count()
        articles = fresh
    wanted = args.partitions or 4 * spark.sparkContext.defaultParallelism
    if args.partitions or articles.rdd.getNumPartitions() < wanted:
        articles = articles.repartition(wanted, "document_id")
    passed = StructType([*carry_schema.fields, *(articles.schema[c] for c in tables.ORDER)])
    options = Options(
        args.model or settings.model,
        args.max_characters or settings.max_characters,
        settings.pipe_batch_size,
        document_seconds=args.document_seconds or settings.document_seconds,
    )
    results = articles.mapInArrow(partial(attribute_batches, options), StructType([*tables.RESULT.fields, *passed]))
    plan = build.Plan(
        carry_schema,
        args.date_column,
        args.outlet_column,
        args.run_words,
        people.read_people(spark, args.people) if args.people else None,
    )
    staging = destination.staging
    try:
        attributing = time.perf_counter()
        results.write.parquet(f"{staging}/attributions")
        building = time.perf_counter()
        rows = build.flatten(spark.read.parquet(f"{staging}/attributions"), carry_schema)
        links = build.write(spark, build.union(rows, old), plan, staging)
        log.info(
            "attributed in %.1f s, tables written in %.1f s",
            building - attributing,
            time.perf_counter() - building,
        )
        destination.discard("attributions")
        if received:
            raise Interrupted(received[0])
        destination.commit(args.overwrite or args.incremental)
    except BaseException as error:
        with suppress(Exception):  # no task may write into the staging folder after it is gone
            spark.sparkContext.cancelAllJobs()
        destination.discard()
        if received and not isinstance(error, Interrupted):
            raise Interrupted(received[0]) from error  # the jobs the signal cancelled
        raise
    report = summary(spark, str(destination))
    report["already"] = already
    report["people"] = links
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


def _seconds(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, not {value}")
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
    p.add_argument(
        "--incremental",
        action="store_true",
        help="attribute only records whose ids are not in OUTPUT's documents; rebuild the corpus tables from all",
    )
    p.add_argument(
        "--date-column", default=None, help="input column of the publication date (quotations' first/last seen)"
    )
    p.add_argument("--outlet-column", default=None, help="input column of the outlet (quotations' outlets)")
    p.add_argument("--people", default=None, help="CSV or Parquet of the people to link speakers to: id, name, aliases")
    p.add_argument(
        "--run-words",
        type=_positive,
        default=quotations.RUN_WORDS,
        help=f"fewest words of a run inside a longer quote, same speaker, to be one (default: {quotations.RUN_WORDS})",
    )
    p.add_argument("--partitions", type=_positive, default=None, help="default: 4 per core when the input has fewer")
    p.add_argument("--master", default=None, help="Spark master when not run by spark-submit (default: local[*])")
    p.add_argument("--model", default=None, help="spaCy model (default: QUOTES_MODEL or the embedded one)")
    p.add_argument(
        "--max-characters", type=_positive, default=None, help="longest article (default: QUOTES_MAX_CHARACTERS)"
    )
    p.add_argument(
        "--document-seconds",
        type=_seconds,
        default=None,
        help="time budget of one article, parse and rules; over it: status timeout (default: QUOTES_DOCUMENT_SECONDS)",
    )
    return p


class Interrupted(BaseException):
    """SIGTERM or SIGINT arrived: the run unwinds with its staging folder removed."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextmanager
def stopped_by_signals(spark: SparkSession) -> Iterator[list[int]]:
    """SIGTERM and SIGINT cancel the running Spark jobs and end the run as a failure, so
    that ``run`` removes its staging folder (Python's default SIGTERM would end the process
    without it). The cancel is sent from a thread of its own: the main thread is usually in
    a Py4J call, whose connection must not be used again from inside it; it cancels again
    every half second until the run ends, since the next job may start after a cancel. The
    list gets the signal's number, for ``run`` to raise :class:`Interrupted`."""
    received: list[int] = []
    finished = threading.Event()

    def cancel() -> None:  # until the run ends: a job may start after the first cancel
        while True:
            with suppress(Exception):
                spark.sparkContext.cancelAllJobs()
            if finished.wait(0.5):
                return

    def handler(signum: int, frame: FrameType | None) -> None:
        if not received:
            received.append(signum)
            threading.Thread(target=cancel, daemon=True).start()

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield received
    finally:
        finished.set()
        for signum, old in previous.items():
            signal.signal(signum, old)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = Settings.from_env()
    ours = SparkSession.getActiveSession() is None
    spark = session(args.master)
    try:
        with stopped_by_signals(spark) as received:
            report = run(spark, args, settings, received)
    except (OutputExists, readers.InputError) as error:
        log.error("%s", error)
        return 2
    except Interrupted as stop:
        log.error("stopped by %s; OUTPUT is as it was", signal.Signals(stop.signum).name)
        return 128 + stop.signum
    finally:
        if ours:
            spark.stop()
    skipped = ", ".join(f"{k} {v}" for k, v in report["skipped"].items()) or "none"
    log.info(
        "done: %s documents, %s quotes, %s quotations, %s syndicated copies, skipped: %s%s%s; %s s; tables in %s",
        report["documents"],
        report["quotes"],
        report["quotations"],
        report["copies"],
        skipped,
        f"; {report['already']} already in OUTPUT" if args.incremental else "",
        "; speakers linked {linked}, unmatched {unmatched}, ambiguous {ambiguous}".format(**report["people"])
        if args.people
        else "",
        report["seconds"],
        args.output,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
