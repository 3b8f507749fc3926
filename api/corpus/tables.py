"""The output tables' schemas, explicit rather than inferred.

A quote and a speaker have the shape the HTTP API answers with (spans are
``{start, end, text}``); the tables add the document id, and the corpus keys.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    BooleanType,
    DataType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

# A document's status: ``ok`` or why it was not attributed.
OK, EMPTY, TOO_LONG, NOT_TEXT, NO_ID, MALFORMED, FAILED, TIMEOUT, DUPLICATE_ID = (
    "ok",
    "empty",
    "too_long",
    "not_text",
    "missing_id",
    "malformed",
    "failed",
    "timeout",
    "duplicate_id",
)
STATUSES = (OK, EMPTY, TOO_LONG, NOT_TEXT, NO_ID, MALFORMED, FAILED, TIMEOUT, DUPLICATE_ID)
#: Columns the reader adds for the input's own order (file, then row); never written out.
ORDER = ("_file", "_row")


def _struct(*fields: tuple[str, DataType]) -> StructType:
    return StructType([StructField(name, kind, nullable=True) for name, kind in fields])


SPAN = _struct(("start", IntegerType()), ("end", IntegerType()), ("text", StringType()))
CUE = _struct(("start", IntegerType()), ("end", IntegerType()), ("text", StringType()), ("lemma", StringType()))
QUOTE_SPEAKER = _struct(("id", StringType()), ("name", StringType()), ("mention", SPAN))
MODEL = _struct(("name", StringType()), ("version", StringType()))

QUOTE_FIELDS = _struct(
    ("quote_id", StringType()),
    ("type", StringType()),
    ("content", SPAN),
    ("quoted", ArrayType(SPAN)),
    ("cue", CUE),
    ("speaker", QUOTE_SPEAKER),
    ("confidence", DoubleType()),
    ("rule", StringType()),
)
SPEAKER_FIELDS = _struct(
    ("speaker_id", StringType()),
    ("name", StringType()),
    ("kind", StringType()),
    ("mentions", ArrayType(SPAN)),
    ("descriptors", ArrayType(StringType())),
    ("quote_ids", ArrayType(StringType())),
    ("members", ArrayType(StringType())),
    ("name_key", StringType()),
    ("named", BooleanType()),
)

#: What the Python workers are sent: one row per input record, plus the carried columns.
WORKER_INPUT = _struct(
    ("document_id", StringType()),
    ("text", StringType()),
    ("data", BinaryType()),  # bytes still to decode (.txt files, binary Parquet columns)
    ("status", StringType()),  # set when the record was already found bad
)
#: What they send back: one row per input record, in the same order.
RESULT = _struct(
    ("document_id", StringType()),
    ("status", StringType()),
    ("characters", IntegerType()),
    ("model", MODEL),
    ("service_version", StringType()),
    ("text_hash", StringType()),
    ("quotes", ArrayType(QUOTE_FIELDS)),
    ("speakers", ArrayType(SPEAKER_FIELDS)),
)


def quotes_schema(carry: StructType) -> StructType:
    corpus = _struct(("person_id", StringType()), ("quotation_id", StringType()))
    return StructType([StructField("document_id", StringType()), *QUOTE_FIELDS.fields, *corpus.fields, *carry.fields])


SPEAKERS = StructType(
    [
        StructField("document_id", StringType()),
        *SPEAKER_FIELDS.fields,
        StructField("quote_count", IntegerType()),
        StructField("person_key", StringType()),  # the row of quoted_people it counts in
        StructField("person_id", StringType()),  # the --people list's id
    ]
)


def documents_schema(carry: StructType) -> StructType:
    own = _struct(
        ("document_id", StringType()),
        ("status", StringType()),
        ("characters", IntegerType()),
        ("quote_count", IntegerType()),
        ("speaker_count", IntegerType()),
        ("model", MODEL),
        ("service_version", StringType()),
        ("text_hash", StringType()),
        ("duplicate_of", StringType()),
    )
    return StructType([*own.fields, *carry.fields])


QUOTED_PEOPLE = _struct(
    ("person_key", StringType()),
    ("person_id", StringType()),
    ("name", StringType()),
    ("quote_count", LongType()),
    ("document_count", LongType()),
    ("names", ArrayType(StringType())),
    ("kinds", ArrayType(StringType())),
)

QUOTE_REF = _struct(("document_id", StringType()), ("quote_id", StringType()))


def quotations_schema(date: DataType) -> StructType:
    """``date`` is the type of ``--date-column`` (a string when there is none)."""
    return _struct(
        ("quotation_id", StringType()),
        ("text", StringType()),
        ("speaker", StringType()),
        ("person_id", StringType()),
        ("document_count", LongType()),
        ("outlet_count", LongType()),
        ("first_seen", date),
        ("last_seen", date),
        ("outlets", ArrayType(StringType())),
        ("quotes", ArrayType(QUOTE_REF)),
    )


def conform(frame: DataFrame, schema: StructType) -> DataFrame:
    """The columns of ``schema``, in its order and with its types."""
    columns: list[Column] = [F.col(f.name).cast(f.dataType).alias(f.name) for f in schema.fields]
    return frame.select(*columns)
