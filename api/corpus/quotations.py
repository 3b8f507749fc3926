"""One row per distinct quotation of the corpus, however many outlets carried it.

Two occurrences are one quotation when their content is the same after normalising case,
white space, quotation marks and punctuation, or when one is a contiguous run of at least
``run_words`` words of the other and both have the same speaker. A content shorter than
``run_words`` is matched only with the same speaker too, so that every "No," of a corpus is
not one quotation.

A speaker is the same when its ``person_key`` is (a linked person or a named one); any other
speaker is the same only within one text (a syndicated copy is its original's text). Every
occurrence goes to the longest form that contains it: that form is maximal, since any form
containing it would contain the occurrence too, so one pass needs no iteration; the
occurrences of one form go together, to the longest form that contains it and shares a
speaker with any of them. All of it is
joins and aggregations: nothing is collected to the driver.
"""

from __future__ import annotations

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

from . import tables

#: The default of ``--run-words``: the fewest words of a run that makes it the same quotation.
RUN_WORDS = 8


def normalised(text: str | Column) -> Column:
    """Lower case, no apostrophes, every other run of punctuation, marks or spaces one space."""
    lower = F.lower(text)
    joined = F.regexp_replace(lower, "['\u2019\u2018`\u00b4]", "")
    return F.trim(F.regexp_replace(joined, r"[^\p{L}\p{N}]+", " "))


def occurrences(quotes: DataFrame, speakers: DataFrame, documents: DataFrame) -> DataFrame:
    """``quotes`` with what grouping needs: the speaker's keys, the text it came from
    (``source``: the original of a syndicated copy), the normalised content and its words."""
    who = speakers.select("document_id", F.col("speaker_id").alias("_sid"), "person_key", "person_id", "name_key")
    sources = documents.where(F.col("status") == tables.OK).select(
        "document_id", F.coalesce("duplicate_of", "document_id").alias("source")
    )
    occurrences = (
        quotes.withColumn("_sid", F.col("speaker.id"))
        .join(who, ["document_id", "_sid"], "left")
        .join(sources, "document_id", "left")
        .withColumn("source", F.coalesce("source", "document_id"))
    )
    norm = normalised(F.col("content.text"))
    skey = F.coalesce(F.col("person_key"), F.concat_ws("#", "source", F.coalesce("_sid", F.lit("-"))))
    return (
        occurrences.withColumn("norm", norm)
        .withColumn("n", F.when(F.col("norm") == "", 0).otherwise(F.size(F.split("norm", " "))))
        .withColumn("skey", skey)
    )


def assign(occurrences: DataFrame, run_words: int = RUN_WORDS) -> DataFrame:
    """``occurrences`` with ``quotation_id``: a hash of the form it goes to, the same on every run."""
    form = F.when(F.col("n") >= run_words, F.col("norm")).otherwise(F.concat_ws("\u0000", "norm", "skey"))
    occurrences = occurrences.withColumn("form", form)
    forms = occurrences.select("form", "norm", "n", "skey").distinct()
    words = F.split("norm", " ")
    runs = forms.where(F.col("n") >= run_words).select(
        "form", "norm", "n", "skey", F.array_join(F.slice(words, 1, run_words), " ").alias("gram")
    )
    grams = F.expr(
        f"transform(sequence(1, n - {run_words} + 1), i -> array_join(slice(split(norm, ' '), i, {run_words}), ' '))"
    )
    longer = forms.where(F.col("n") > run_words).select(
        F.col("form").alias("b_form"),
        F.col("norm").alias("b_norm"),
        F.col("n").alias("b_n"),
        F.col("skey").alias("b_skey"),
        F.explode(grams).alias("b_gram"),
    )
    inside = F.instr(F.concat(F.lit(" "), "b_norm", F.lit(" ")), F.concat(F.lit(" "), "norm", F.lit(" "))) > 0
    same = (F.col("gram") == F.col("b_gram")) & (F.col("skey") == F.col("b_skey")) & (F.col("b_n") > F.col("n"))
    pairs = runs.join(longer, same).where(inside)
    # A form goes whole: the same words are one quotation, whoever says them.
    roots = pairs.groupBy("form").agg(F.max_by("b_form", F.struct("b_n", "b_form")).alias("root"))
    placed = occurrences.join(roots, "form", "left").withColumn("root", F.coalesce("root", "form"))
    return placed.withColumn("quotation_id", F.substring(F.sha2("root", 256), 1, 16))


def _most(frame: DataFrame, column: str) -> DataFrame:
    """The value of ``column`` given most often in each quotation (ties: the greatest)."""
    counted = frame.where(F.col(column).isNotNull()).groupBy("quotation_id", column).count()
    return counted.groupBy("quotation_id").agg(F.max_by(column, F.struct("count", column)).alias(column))


def quotations(assigned: DataFrame, date_column: str | None, outlet_column: str | None) -> DataFrame:
    """One row per ``quotation_id`` (``tables.quotations_schema``)."""
    date = F.col(date_column) if date_column else F.lit(None).cast(StringType())
    outlet = F.col(outlet_column).cast(StringType()) if outlet_column else F.lit(None).cast(StringType())
    rows = assigned.select("*", date.alias("_date"), outlet.alias("_outlet"))
    counts = rows.groupBy("quotation_id").agg(
        # the longest form, as the first document that has it wrote it
        F.min_by("content.text", F.struct(-F.col("n"), "_date", "document_id", "quote_id")).alias("text"),
        F.countDistinct("source").alias("document_count"),
        F.array_sort(F.collect_set("_outlet")).alias("outlets"),
        F.min("_date").alias("first_seen"),
        F.max("_date").alias("last_seen"),
        F.array_sort(F.collect_list(F.struct("document_id", "quote_id"))).alias("quotes"),
    )
    speaker = _most(rows, "name_key").withColumnRenamed("name_key", "speaker")
    person = _most(rows, "person_id")
    return (
        counts.join(speaker, "quotation_id", "left")
        .join(person, "quotation_id", "left")
        .withColumn("outlet_count", F.size("outlets").cast("long"))
    )
