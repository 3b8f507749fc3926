"""Articles from JSON lines, Parquet or a folder of .txt files, as ``tables.WORKER_INPUT`` rows.

Records that cannot be attributed are marked here when Spark can tell (a line that is not
JSON, no id, a text that is a number or an object); the workers judge the rest (empty, too
long, bytes that are not UTF-8).
"""

from __future__ import annotations

from collections.abc import Sequence

from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import BinaryType, StringType, StructField, StructType, VariantType

from . import tables

FORMATS = ("jsonl", "parquet", "text")
_CORRUPT = "_corrupt_record"
_SUFFIXES = {".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".txt": "text"}


class InputError(ValueError):
    """INPUT cannot be read as asked (no such column, unknown format)."""


def guess_format(spark: SparkSession, path: str) -> str:
    """The format by INPUT's name, or by the names of the files in the folder."""
    names = [path]
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)  # type: ignore[union-attr]
    fs = hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if fs.exists(hadoop_path) and fs.getFileStatus(hadoop_path).isDirectory():
        names = [str(s.getPath().getName()) for s in fs.listStatus(hadoop_path)]
    found = set()
    for name in names:
        for compression in (".gz", ".bz2", ".zst", ".snappy"):
            name = name.removesuffix(compression)
        found |= {kind for suffix, kind in _SUFFIXES.items() if name.lower().endswith(suffix)}
    if len(found) != 1:
        raise InputError(f"cannot tell the format of {path}: pass --format ({', '.join(FORMATS)})")
    return found.pop()


def _status(*cases: tuple[Column, str]) -> Column:
    status = F.lit(None).cast(StringType())
    for condition, value in reversed(cases):
        status = F.when(condition, F.lit(value)).otherwise(status)
    return status


def _columns(frame: DataFrame, names: Sequence[str]) -> StructType:
    missing = [n for n in names if n not in frame.columns]
    if missing:
        raise InputError(f"no column {', '.join(map(repr, missing))} in INPUT (it has {', '.join(frame.columns)})")
    return StructType([frame.schema[n] for n in names])


def read_jsonl(spark: SparkSession, path: str, id_column: str, text_column: str, carry: Sequence[str]) -> DataFrame:
    inferred = spark.read.json(path).schema
    if id_column not in inferred.names:
        raise InputError(f"no {id_column!r} field in any record of {path}")
    # The text is read as a VARIANT, so that a number or an object is not turned into text.
    fields = [f for f in inferred.fields if f.name != text_column] + [StructField(text_column, VariantType())]
    frame = spark.read.schema(StructType(fields)).json(path)
    _columns(frame, carry)
    kind = F.expr(f"schema_of_variant(`{text_column}`)")
    corrupt = F.col(_CORRUPT).isNotNull() if _CORRUPT in frame.columns else F.lit(False)
    document_id = F.col(id_column).cast(StringType())
    return frame.select(
        document_id.alias("document_id"),
        F.when(kind == "STRING", F.expr(f"variant_get(`{text_column}`, '$', 'string')")).alias("text"),
        F.lit(None).cast(BinaryType()).alias("data"),
        _status(
            (corrupt, tables.MALFORMED),
            (document_id.isNull(), tables.NO_ID),
            (kind.isNull() | (kind == "VOID"), tables.EMPTY),
            (kind != "STRING", tables.NOT_TEXT),
        ).alias("status"),
        *carry,
    )


def read_parquet(spark: SparkSession, path: str, id_column: str, text_column: str, carry: Sequence[str]) -> DataFrame:
    frame = spark.read.parquet(path)
    kind = _columns(frame, [text_column])[text_column].dataType
    _columns(frame, [id_column, *carry])
    text, data = F.lit(None).cast(StringType()), F.lit(None).cast(BinaryType())
    if isinstance(kind, StringType):
        text = F.col(text_column)
    elif isinstance(kind, BinaryType):
        data = F.col(text_column)
    document_id = F.col(id_column).cast(StringType())
    return frame.select(
        document_id.alias("document_id"),
        text.alias("text"),
        data.alias("data"),
        _status(
            (document_id.isNull(), tables.NO_ID),
            (F.lit(not isinstance(kind, StringType | BinaryType)), tables.NOT_TEXT),
        ).alias("status"),
        *carry,
    )


def read_text_files(spark: SparkSession, path: str, carry: Sequence[str]) -> DataFrame:
    """One article per .txt file in the folder; its name without ``.txt`` is the id."""
    if carry:
        raise InputError("a folder of .txt files has no columns to carry")
    frame = spark.read.format("binaryFile").option("pathGlobFilter", "*.txt").load(path)
    name = F.regexp_extract(F.col("path"), r"([^/]*)\.txt$", 1)
    return frame.select(
        F.url_decode(name).alias("document_id"),
        F.lit(None).cast(StringType()).alias("text"),
        F.col("content").alias("data"),
        F.lit(None).cast(StringType()).alias("status"),
    )


def with_order(frame: DataFrame) -> DataFrame:
    """The input's own order as two columns, ``tables.ORDER``: the file, then the row in it.

    Taken before any shuffle, where a partition is a run of one file's rows in file order
    (or whole small files), so "the first" of two records is the same in every mode.
    """
    return frame.select("*", F.input_file_name().alias("_file"), F.monotonically_increasing_id().alias("_row"))


def mark_duplicate_ids(frame: DataFrame) -> DataFrame:
    """Every record after the first with the same id gets ``duplicate_id``: ids stay unique."""
    first = Window.partitionBy("document_id").orderBy(*tables.ORDER)
    later = F.col("document_id").isNotNull() & (F.row_number().over(first) > 1)
    return frame.withColumn("status", F.when(later, F.lit(tables.DUPLICATE_ID)).otherwise(F.col("status")))


def read(
    spark: SparkSession, path: str, fmt: str | None, id_column: str, text_column: str, carry: Sequence[str]
) -> DataFrame:
    """``tables.WORKER_INPUT`` columns, then the carried ones, then ``tables.ORDER``."""
    return with_order(_read(spark, path, fmt, id_column, text_column, carry))


def _read(
    spark: SparkSession, path: str, fmt: str | None, id_column: str, text_column: str, carry: Sequence[str]
) -> DataFrame:
    own = (*tables.RESULT.fields, *tables.documents_schema(StructType()).fields, *tables.quotes_schema(StructType()))
    clash = set(carry) & ({f.name for f in (*own, *tables.SPEAKERS)} | set(tables.ORDER))
    if clash:
        raise InputError(f"cannot carry {', '.join(sorted(clash))}: the output tables have columns of that name")
    fmt = fmt or guess_format(spark, path)
    if fmt == "jsonl":
        return read_jsonl(spark, path, id_column, text_column, carry)
    if fmt == "parquet":
        return read_parquet(spark, path, id_column, text_column, carry)
    return read_text_files(spark, path, carry)
