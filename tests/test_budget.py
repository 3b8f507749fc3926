"""A time budget per document, and batches that answer every document (issue #17).

A clock of the tests' own makes a document go over its budget deterministically: it
stands still, or steps on each reading, or jumps while a rule runs on a marked text.
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from api.contract.schemas import AttributionSchema, DocumentProblemSchema, ProblemSchema
from api.engine import Attribution, DocumentFailure, DocumentTimeout, Engine, budget
from api.engine.quotes import Rules
from api.settings import ServerSettings, Settings

FINE = "“We are ready,” Anna Berg said."
SLOW = "“Zyxwvutq is a word of its own,” SLOW said."  # the rules take 1,000 s on it (by the clock)
BOOM = "“Qwertzuiop,” BOOM said."  # the rules fail on it
TICK = "“It takes a while,” TICK said."  # the rules take 30 s on it


class Clock:
    """A clock that stands still, or steps on each reading."""

    def __init__(self, step: float = 0.0) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(budget, "clock", fake)  # a document's CPU time
    monkeypatch.setattr(budget, "wall", fake)  # and the batch's wall time, both by this clock
    return fake


@pytest.fixture()
def budgeted(engine: Engine, monkeypatch: pytest.MonkeyPatch, clock: Clock) -> Iterator[Engine]:
    """The shared engine with a 10 s budget, its rules slow on SLOW and broken on BOOM."""
    attribute_passages = Rules.attribute_passages
    find = Rules.find

    def slow(self: Rules) -> object:
        if "SLOW" in self.text:
            clock.now += 1_000
        if "TICK" in self.text:
            clock.now += 30
        return attribute_passages(self)

    def broken(self: Rules) -> object:
        if "BOOM" in self.text:
            raise KeyError(self.text)  # a message that quotes the text, as many do
        return find(self)

    monkeypatch.setattr(Rules, "attribute_passages", slow)
    monkeypatch.setattr(Rules, "find", broken)
    monkeypatch.setattr(engine, "document_seconds", 10.0)
    yield engine


def unbudgeted(engine: Engine, text: str) -> Attribution:
    engine.document_seconds = None
    try:
        return engine.analyze(text)
    finally:
        engine.document_seconds = 10.0


def test_budget_stops_a_document_between_pipeline_components(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> None:
    clock.step = 1.0  # the deadline is set at 1, the checks before each component read 2, 3, 4
    monkeypatch.setattr(engine, "document_seconds", 2.5)
    with pytest.raises(DocumentTimeout) as raised:
        engine.analyze(SLOW)
    assert (raised.value.characters, raised.value.seconds) == (len(SLOW), 2.5)
    assert any(entry.name == "_analyze" for entry in raised.traceback)  # between components
    assert "Zyxwvutq" not in engine.nlp.vocab.strings  # the memory zone was left
    monkeypatch.setattr(budget, "clock", time.thread_time)
    assert engine.analyze(FINE).quotes  # and the engine answers the next call


def test_budget_rules_check_it_in_their_loops(budgeted: Engine) -> None:
    with pytest.raises(DocumentTimeout) as raised:
        budgeted.analyze(SLOW)
    rules = {entry.path.name for entry in raised.traceback} & {"quotes.py", "reported.py"}
    assert rules  # stopped by a rule's own check, after the parse
    assert "Zyxwvutq" not in budgeted.nlp.vocab.strings


def test_budget_none_is_no_budget(engine: Engine, monkeypatch: pytest.MonkeyPatch, clock: Clock) -> None:
    clock.step = 1_000.0
    monkeypatch.setattr(engine, "document_seconds", None)
    assert engine.analyze(FINE).quotes


def test_engine_batch_answers_every_document(budgeted: Engine) -> None:
    found = list(budgeted.analyze_many([FINE, SLOW, BOOM, FINE], batch_size=2))
    assert found[0] == found[3] == unbudgeted(budgeted, FINE)
    timeout, error = found[1], found[2]
    assert isinstance(timeout, DocumentFailure) and isinstance(error, DocumentFailure)
    assert (timeout.reason, timeout.characters) == ("timeout", len(SLOW))
    assert timeout.detail == "The analysis of this document took longer than its budget of 10 s."
    assert (error.reason, error.characters) == ("error", len(BOOM))
    assert error.detail == "The analysis of this document failed (KeyError)." and isinstance(error.error, KeyError)
    assert "Zyxwvutq" not in budgeted.nlp.vocab.strings and "Qwertzuiop" not in budgeted.nlp.vocab.strings


def test_engine_batch_stops_at_its_own_budget_too(budgeted: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents within their own budget that together pass the batch's: the rest time out."""
    monkeypatch.setattr(budgeted, "document_seconds", 100.0)
    found = list(budgeted.analyze_many([TICK, TICK, TICK], total_seconds=50))
    assert isinstance(found[0], Attribution)  # ends at 30
    for late in found[1:]:  # the second passes 50 at 60; the third starts after it
        assert isinstance(late, DocumentFailure) and late.reason == "timeout"
        assert late.detail == "The batch's time budget ran out before this document's analysis ended."


def test_settings_worker_timeout_follows_the_time_budgets() -> None:
    assert ServerSettings.from_env({}).timeout == 120
    assert ServerSettings.from_env({"QUOTES_DOCUMENT_SECONDS": "200"}).timeout == 230
    assert ServerSettings.from_env({"QUOTES_BATCH_SECONDS": "150.5"}).timeout == 181


def test_engine_batch_is_answered_as_it_goes(budgeted: Engine) -> None:
    """A long iterable is consumed a batch at a time, not read whole first."""
    read: list[int] = []

    def texts() -> Iterator[str]:
        for n in range(5):
            read.append(n)
            yield FINE

    answers = budgeted.analyze_many(texts(), batch_size=2)
    next(answers)
    assert read == [0, 1]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2.5", 2.5), ("60", 60.0), ("1e-3", 0.001)],
)
def test_settings_document_seconds_is_a_number(raw: str, expected: float) -> None:
    assert Settings.from_env({"QUOTES_DOCUMENT_SECONDS": raw}).document_seconds == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("soon", "QUOTES_DOCUMENT_SECONDS must be a number, not 'soon'"),
        ("0", "QUOTES_DOCUMENT_SECONDS must be positive, not 0.0"),
        ("-1", "QUOTES_DOCUMENT_SECONDS must be positive, not -1.0"),
        ("inf", "QUOTES_DOCUMENT_SECONDS must be positive, not inf"),
        ("nan", "QUOTES_DOCUMENT_SECONDS must be positive, not nan"),
    ],
)
def test_settings_document_seconds_refuses_what_is_no_budget(raw: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Settings.from_env({"QUOTES_DOCUMENT_SECONDS": raw})


def log_lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]


def test_api_batch_answers_every_document(
    budgeted: Engine, client: FlaskClient, capsys: pytest.CaptureFixture[str]
) -> None:
    documents = [{"id": "fine", "text": FINE}, {"text": BOOM}, {"id": "slow", "text": SLOW}]
    response = client.post("/v1/attributions/batch", json={"documents": documents}, headers={"X-Request-ID": "b1"})
    assert response.status_code == 200
    fine, boom, slow = response.get_json()["results"]
    assert AttributionSchema().validate(fine) == {} and fine["id"] == "fine" and fine["quotes"]
    for problem in (slow, boom):
        assert DocumentProblemSchema().validate(problem) == {}
    assert slow == {
        "type": "/problems/document-timeout",
        "title": "The document's analysis took longer than its time budget",
        "status": 500,
        "detail": "The analysis of this document took longer than its budget of 10 s.",
        "id": "slow",
        "characters": len(SLOW),
    }
    assert (boom["type"], boom["status"], boom["id"]) == ("/problems/document-failed", 500, None)
    assert boom["detail"] == "The analysis of this document failed (KeyError)."

    lines = log_lines(capsys)
    failures = {line["reason"]: line for line in lines if line.get("reason")}
    assert failures["timeout"]["request_id"] == failures["error"]["request_id"] == "b1"
    assert (failures["timeout"]["characters"], failures["timeout"]["document"]) == (len(SLOW), 2)
    assert (failures["error"]["characters"], failures["error"]["document"]) == (len(BOOM), 1)
    assert "KeyError: (message withheld)" in str(failures["error"]["exception"])
    logged = json.dumps(lines)
    assert "Zyxwvutq" not in logged and "Qwertzuiop" not in logged and "Anna Berg" not in logged

    metrics = client.get("/metrics").get_data(as_text=True)
    assert 'quotes_document_failures_total{reason="timeout"} 1.0' in metrics
    assert 'quotes_document_failures_total{reason="error"} 1.0' in metrics
    assert f"quotes_characters_processed_total {float(len(FINE))}" in metrics


@pytest.mark.parametrize(
    ("text", "kind", "reason"),
    [(SLOW, "/problems/document-timeout", "timeout"), (BOOM, "/problems/document-failed", "error")],
)
def test_api_document_the_service_fails_on_is_a_500_of_its_own_type(
    budgeted: Engine, client: FlaskClient, capsys: pytest.CaptureFixture[str], text: str, kind: str, reason: str
) -> None:
    response = client.post("/v1/attributions", json={"text": text}, headers={"X-Request-ID": "s1"})
    assert response.status_code == 500 and response.mimetype == "application/problem+json"
    body = response.get_json(force=True)
    assert ProblemSchema().validate(body) == {}
    assert (body["type"], body["request_id"]) == (kind, "s1")
    assert "Retry-After" not in response.headers  # the same text fails the same way again
    (line,) = [line for line in log_lines(capsys) if line.get("reason")]
    assert (line["reason"], line["request_id"], line["characters"]) == (reason, "s1", len(text))
    assert client.post("/v1/attributions", json={"text": FINE}).status_code == 200  # the worker goes on


def test_api_batch_answers_within_its_own_budget(budgeted: Engine, client: FlaskClient) -> None:
    """QUOTES_BATCH_SECONDS (90 s here) bounds the request: what is left when it is spent times out."""
    documents = [{"text": SLOW}, {"text": FINE}]
    slow, late = client.post("/v1/attributions/batch", json={"documents": documents}).get_json()["results"]
    assert slow["type"] == late["type"] == "/problems/document-timeout"
    assert late["detail"] == "The batch's time budget ran out before this document's analysis ended."


@pytest.mark.parametrize("text", [SLOW, BOOM], ids=["timeout", "failed"])
def test_api_problem_type_of_a_document_failure_leads_to_its_page(
    budgeted: Engine, client: FlaskClient, text: str
) -> None:
    """RFC 9457: the ``type`` a client gets, followed against the service, documents itself."""
    body = client.post("/v1/attributions", json={"text": text}).get_json(force=True)
    page = client.get(body["type"])
    assert page.status_code == 200 and page.mimetype == "text/html"
    text_of_page = html.unescape(page.get_data(as_text=True))
    assert body["title"] in text_of_page and "request_id" in text_of_page and "fails the same way again" in text_of_page
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def test_api_problem_page_of_an_unknown_type_is_a_404_problem(client: FlaskClient) -> None:
    response = client.get("/problems/no-such-problem")
    assert response.status_code == 404 and response.mimetype == "application/problem+json"
