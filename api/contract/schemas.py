"""The contract: marshmallow schemas for every request and response body.

``openapi.yaml`` is generated from these. Request schemas carry the size limits, so they
are built per app from its settings (:func:`request_schemas`); response schemas dump the
engine's frozen dataclasses directly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from ..settings import Settings

#: The one definition of a text that is not blank, for the validator and the spec alike: it
#: holds a character that is neither white space (Python's ``str.isspace()``) nor invisible
#: (Unicode's Default_Ignorable_Code_Point: zero-width space and joiners, the byte order
#: mark, soft hyphen, direction marks, variation selectors, Hangul fillers ...), in the Basic
#: Multilingual Plane. Written with ``\uXXXX`` escapes only, it means the same in Python's
#: ``re`` and in the ECMA-262 regexes that JSON Schema validators use; JSON Schema's
#: ``pattern`` searches, so it matches anywhere in the text.
NOT_BLANK = (
    r"[^\u0009-\u000d\u001c-\u0020\u0085\u00a0\u00ad\u034f\u061c\u115f\u1160\u1680\u17b4\u17b5"
    r"\u180b-\u180f\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]"
)
NOT_BLANK_DESCRIPTION = "at least one character that is neither white space nor invisible (zero-width, format)"


class _NotBlank(validate.Validator):
    error = f"Text must contain {NOT_BLANK_DESCRIPTION}."
    _pattern = re.compile(NOT_BLANK)

    def __call__(self, value: str) -> str:
        if not self._pattern.search(value):
            raise ma.ValidationError(self.error)
        return value


class _Strict(ma.Schema):
    class Meta:
        unknown = ma.RAISE


@dataclass(frozen=True)
class RequestSchemas:
    article: type[ma.Schema]
    batch: type[ma.Schema]


def request_schemas(settings: Settings) -> RequestSchemas:
    """Request schemas whose limits are the app's settings."""

    class ArticleSchema(_Strict):
        text = fields.String(
            required=True,
            validate=[validate.Length(min=1, max=settings.max_characters), _NotBlank()],
            metadata={
                "description": f"The article, as plain text: {NOT_BLANK_DESCRIPTION}.",
                "example": "“It is a good thing,” Kirby said.",
                "pattern": NOT_BLANK,
            },
        )
        id = fields.String(
            load_default=None,
            allow_none=True,
            validate=validate.Length(max=256),
            metadata={"description": "The caller's own id, echoed in the answer."},
        )

    count = validate.Length(min=1, max=settings.max_batch_documents)

    class BatchSchema(_Strict):
        documents = fields.List(
            fields.Nested(ArticleSchema),
            required=True,
            validate=count,
            metadata={"description": f"At most {settings.max_batch_documents} articles."},
        )

        @ma.pre_load
        def _count_first(self, data: object, **_: object) -> object:
            """Count the documents before reading each: 600,000 took 15 s and 45 MB of errors."""
            if isinstance(data, dict) and isinstance(data.get("documents"), list):
                try:
                    count(data["documents"])
                except ma.ValidationError as error:
                    raise ma.ValidationError(error.messages, "documents") from None
            return data

        @ma.validates_schema(skip_on_field_errors=True)
        def _total_characters(self, data: dict[str, list[dict[str, str]]], **_: object) -> None:
            total = sum(len(d["text"]) for d in data["documents"])
            if total > settings.max_batch_characters:
                raise ma.ValidationError(
                    f"The documents hold {total} characters together; the limit is {settings.max_batch_characters}.",
                    "documents",
                )

    return RequestSchemas(ArticleSchema, BatchSchema)


class SpanSchema(ma.Schema):
    start = fields.Integer(required=True, metadata={"description": "First code point, from 0."})
    end = fields.Integer(required=True, metadata={"description": "One past the last code point."})
    text = fields.String(required=True, metadata={"description": "text[start:end] of the text as sent."})


class CueSchema(ma.Schema):
    start = fields.Integer(required=True, attribute="span.start")
    end = fields.Integer(required=True, attribute="span.end")
    text = fields.String(required=True, attribute="span.text")
    lemma = fields.String(required=True, metadata={"description": "say, tell, according to, ..."})


class QuoteSpeakerSchema(ma.Schema):
    id = fields.String(required=True, attribute="speaker_id", metadata={"description": "A speaker in `speakers`."})
    name = fields.String(required=True, metadata={"description": "The speaker's fullest name in the text."})
    mention = fields.Nested(
        SpanSchema, required=True, metadata={"description": "Where this quote names or refers to the speaker."}
    )


class QuoteSchema(ma.Schema):
    id = fields.String(required=True)
    type = fields.String(required=True, validate=validate.OneOf(["direct", "mixed", "indirect"]))
    content = fields.Nested(
        SpanSchema,
        required=True,
        metadata={"description": "Between the marks for a direct quote; the whole reported clause otherwise."},
    )
    quoted = fields.List(
        fields.Nested(SpanSchema), required=True, metadata={"description": "The parts inside quotation marks."}
    )
    cue = fields.Nested(CueSchema, required=True, allow_none=True)
    speaker = fields.Nested(QuoteSpeakerSchema, required=True, allow_none=True)
    confidence = fields.Float(required=True, validate=validate.Range(0, 1))


class SpeakerSchema(ma.Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["person", "organization", "group", "unknown"]))
    mentions = fields.List(fields.Nested(SpanSchema), required=True)
    descriptors = fields.List(fields.String(), required=True)
    quote_ids = fields.List(fields.String(), required=True)


class ModelSchema(ma.Schema):
    name = fields.String(required=True)
    version = fields.String(required=True)


class MetaSchema(ma.Schema):
    model = fields.Nested(ModelSchema, required=True)
    service_version = fields.String(required=True)
    characters = fields.Integer(required=True)
    elapsed_ms = fields.Float(required=True)


class AttributionSchema(ma.Schema):
    id = fields.String(required=True, allow_none=True)
    quotes = fields.List(fields.Nested(QuoteSchema), required=True)
    speakers = fields.List(fields.Nested(SpeakerSchema), required=True)
    meta = fields.Nested(MetaSchema, required=True)


class DocumentProblemSchema(ma.Schema):
    """RFC 9457 problem details of one document of a batch that has no attribution."""

    type = fields.String(
        required=True,
        metadata={
            "description": "`/problems/document-timeout`: its analysis passed the time budget "
            "(`QUOTES_DOCUMENT_SECONDS`); `/problems/document-failed`: the service failed on it."
        },
    )
    title = fields.String(required=True)
    status = fields.Integer(required=True, metadata={"description": "500: the service failed on a valid document."})
    detail = fields.String(required=True)
    id = fields.String(required=True, allow_none=True, metadata={"description": "The document's `id`, echoed."})
    characters = fields.Integer(required=True, metadata={"description": "The document's length in code points."})


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


class _AttributionOrProblem(fields.Field[Any]):
    """One document's entry in a batch's results: its attribution, or its problem (which has a
    ``type``), as bulk APIs answer per item. Dump only: results are never read back in."""

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        schema = DocumentProblemSchema() if "type" in value else AttributionSchema()
        return schema.dump(value)


class LimitsSchema(ma.Schema):
    max_characters = fields.Integer(required=True)
    max_batch_documents = fields.Integer(required=True)
    max_batch_characters = fields.Integer(required=True)
    max_body_bytes = fields.Integer(required=True)


class InfoSchema(ma.Schema):
    service_version = fields.String(required=True)
    model = fields.Nested(ModelSchema, required=True)
    limits = fields.Nested(LimitsSchema, required=True)


class StatusSchema(ma.Schema):
    status = fields.String(required=True)


class InvalidParamSchema(ma.Schema):
    pointer = fields.String(required=True, metadata={"description": "JSON pointer into the request body."})
    detail = fields.String(required=True)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)
    errors = fields.List(fields.Nested(InvalidParamSchema))
    request_id = fields.String()


class BatchResultSchema(ma.Schema):
    results = fields.List(
        _AttributionOrProblem(metadata={"oneOf": [_ref("Attribution"), _ref("DocumentProblem")]}),
        required=True,
        metadata={
            "description": "One entry per document, in order: its attribution, or its problem when the "
            "service failed on it (the others are answered all the same)."
        },
    )
