"""Whatever a client sends, the answer is a 4xx problem+json or a 200: never a 500.

Hypothesis generates raw request bodies, not only schema-valid ones (schemathesis covers
those in test_openapi.py): arbitrary bytes, JSON-ish text, JSON with lone surrogates, NaN
and long numbers, deep nesting, odd Unicode, any content type, chunked or not, to both
POST endpoints, through the app with the real model; and any method, path and headers.
"""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from api.contract.schemas import ProblemSchema

FUNCTION_FIXTURE = HealthCheck.function_scoped_fixture

# Any code point, lone surrogates included: json.dumps writes those as \udXXX escapes.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40) | st.sampled_from(
    ["\ud800", "\udfff he said", "“Yes,” she said.\udc00", "\ufeff", "\x1d", "\u200b", "\x00", "😀"]
)
# Hypothesis prefers small integers: the sizes where the parser used to break are named.
SIZES = st.sampled_from([900, 990, 1_000, 1_500, 3_000, 4_300, 4_301, 5_000, 10_000]) | st.integers(1, 10_000)
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | ANY_TEXT | st.just("")
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4), max_leaves=12
)
ARTICLES = st.fixed_dictionaries({"text": ANY_TEXT | VALUES}, optional={"id": ANY_TEXT | VALUES, "extra": VALUES})
DOCUMENTS = ARTICLES | st.fixed_dictionaries({"documents": st.lists(ARTICLES | VALUES, max_size=5) | VALUES})


@st.composite
def serialised(draw: st.DrawFn) -> bytes:
    """A JSON value as a client might write it: either escaping, surrogates passed through."""
    text = json.dumps(draw(DOCUMENTS | VALUES), ensure_ascii=draw(st.booleans()))
    return text.encode("utf-8", "surrogatepass")


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    """Valid JSON cut short, or with a byte changed."""
    body = draw(serialised())
    if not body:
        return body
    at = draw(st.integers(0, len(body) - 1))
    if draw(st.booleans()):
        return body[:at]
    return body[:at] + bytes([draw(st.integers(0, 255))]) + body[at + 1 :]


@st.composite
def nested(draw: st.DrawFn) -> bytes:
    depth = draw(SIZES)
    opening, closing = draw(st.sampled_from([("[", "]"), ('{"a":', "}"), ('{"text":', "}"), ('{"documents":[', "]}")]))
    inner = draw(st.sampled_from(["1", '"x"', "[]", "{}", ""]))
    close = closing * (depth if draw(st.booleans()) else draw(st.integers(0, depth)))
    return (opening * depth + inner + close).encode()


@st.composite
def numbers(draw: st.DrawFn) -> bytes:
    digits = "9" * draw(SIZES)
    literal = draw(st.sampled_from([digits, "-" + digits, "0." + digits, digits + "e" + digits[:6], "1e999999"]))
    where = draw(
        st.sampled_from(['{"text": "a", "id": %s}', '{"text": %s}', '{"documents": [{"text": "a", "id": %s}]}'])
    )
    return (where % literal).encode()


JSONISH = st.text(st.sampled_from('{}[]",:0123456789.eE+-\\/ truefalsnNaIiy\t\nud8fxé“”\u2028\ufeff'), max_size=80)
BODIES = (
    st.binary(max_size=200)
    | JSONISH.map(str.encode)
    | serialised()
    | mangled()
    | nested()
    | numbers()
    | ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))
)
JSON_TYPES = st.sampled_from(
    ["application/json", "application/json; charset=utf-8", "application/vnd.api+json", "application/problem+json"]
)
TEXT_TYPES = st.sampled_from(["text/plain", "text/plain; charset=utf-8", "text/plain; charset=UTF8"])
OTHER_TYPES = st.sampled_from(
    [
        "application/json; charset=latin-1",
        "text/plain; charset=latin-1",
        "text/plain; charset=",
        "text/html",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "*/*",
        "",
    ]
) | st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=40)
# Mostly JSON, since that is where the parser has most to do.
CONTENT_TYPES = st.sampled_from([JSON_TYPES] * 3 + [TEXT_TYPES, OTHER_TYPES]).flatmap(lambda types: types)


@pytest.mark.slow
@settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(["/v1/attributions", "/v1/attributions/batch"]),
    body=BODIES,
    content_type=CONTENT_TYPES,
    chunked=st.booleans(),
)
def test_raw_bodies_never_fail_the_server(
    client: FlaskClient, path: str, body: bytes, content_type: str, chunked: bool
) -> None:
    headers = {"Content-Type": content_type}
    environ: dict[str, object] = {}
    if chunked:  # as gunicorn passes a chunked body on: no length, the stream ended by the server
        headers["Transfer-Encoding"] = "chunked"
        environ["wsgi.input_terminated"] = True
    response = client.post(path, data=body, headers=headers, environ_overrides=environ)
    event(f"{response.status_code}")
    assert response.status_code < 500, response.get_data(as_text=True)
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json"
        problem = response.get_json(force=True)
        assert ProblemSchema().validate(problem) == {} and problem["status"] == response.status_code
    else:
        assert response.status_code == 200 and response.mimetype == "application/json"


TOKEN = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~"), min_size=1
)
ROUTES = st.sampled_from(
    [
        "/v1/attributions",
        "/v1/attributions/batch",
        "/v1/info",
        "/livez",
        "/readyz",
        "/metrics",
        "/docs",
        "/openapi.json",
    ]
)
ODD_PATHS = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E) | st.sampled_from("é“\u2028%"), max_size=60)
PATHS = st.sampled_from([ROUTES, ROUTES, ODD_PATHS.map(lambda path: "/" + path)]).flatmap(lambda paths: paths)
HEADER_VALUES = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=60)


@pytest.mark.slow
@settings(
    max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    method=st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"]) | TOKEN,
    path=PATHS,
    headers=st.dictionaries(
        st.sampled_from(["Content-Type", "Accept", "X-Request-ID", "Content-Encoding", "Accept-Charset", "Range"])
        | TOKEN,
        HEADER_VALUES,
        max_size=4,
    ),
    body=st.binary(max_size=60),
)
def test_raw_requests_never_fail_the_server(
    client: FlaskClient, method: str, path: str, headers: dict[str, str], body: bytes
) -> None:
    response = client.open(path, method=method, headers=headers, data=body)
    event(f"{response.status_code}")
    assert response.status_code < 500, response.get_data(as_text=True)
    if response.status_code >= 400:
        assert response.mimetype == "application/problem+json"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
