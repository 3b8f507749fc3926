"""Shared fixtures: one real model per test session, an app around it, its client, and
the production stack (the Dockerfile's CMD: nginx in front of gunicorn) on loopback."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from pyspark.sql import SparkSession

from api.engine import Engine
from api.settings import DEFAULT_MODEL, Settings
from api.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

# Hypothesis profiles: "ci" (the default) is derandomised, so a run finds what the last one
# did; "long" (``pytest --hypothesis-profile=long``) explores more, randomly, by hand.
hypothesis_settings.register_profile(
    "ci", max_examples=300, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.register_profile(
    "long", max_examples=5_000, derandomize=False, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("ci")


class OverTime(Exception):
    """A call that :func:`time_limit` stopped."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`OverTime` in the block after ``seconds``: a test that would hang fails instead.

    SIGALRM, so the main thread only (where pytest runs tests). The alarm repeats, in case
    a library swallows one (Hypothesis calls back from the garbage collector); it is
    cleared on exit.
    """

    def stop(signum: int, frame: object) -> None:
        raise OverTime(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.5)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@cache
def shared_engine() -> Engine:
    """One loaded model for the whole run (schemathesis needs it at collection time)."""
    return Engine.load(DEFAULT_MODEL)


@pytest.fixture(scope="session")
def engine() -> Engine:
    return shared_engine()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(max_characters=5_000, max_batch_documents=3, max_batch_characters=8_000, max_body_bytes=40_000)


@pytest.fixture()
def app(engine: Engine, settings: Settings) -> Iterator[Flask]:
    yield create_app({"TESTING": True}, settings=settings, engine=engine)


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in SEEDS}


def dockerfile_cmd() -> list[str]:
    match = re.search(r"^CMD (\[.*\])$", (ROOT / "Dockerfile").read_text(), re.MULTILINE)
    assert match, "the Dockerfile has an exec-form CMD"
    command = list(json.loads(match.group(1)))
    command[0] = str(Path(sys.executable).parent / command[0])
    return command


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def port() -> int:
    """A loopback port nothing listens on."""
    return free_port()


@dataclass
class Stack:
    """A running production stack: its address, the launcher process and its log."""

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def children(self, pid: int | None = None) -> list[int]:
        pid = pid or self.process.pid
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(child) for child in text.split()]

    def gunicorn_masters(self) -> list[int]:
        return [p for p in self.children() if b"gunicorn" in Path(f"/proc/{p}/cmdline").read_bytes()]

    def gunicorn_master(self) -> int:
        (master,) = self.gunicorn_masters()
        return master

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def wait_ready(url: str, process: subprocess.Popen[bytes], output: Callable[[], str] = str) -> None:
    """Until ``/readyz`` answers 200; the test fails if the process exits or 90 s pass."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server exited:\n{output()}"
        try:
            if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not become ready in 90 s:\n{output()}")


NO_CLIENT_LIMITS = {"QUOTES_RATE_LIMIT": "0", "QUOTES_CLIENT_CONNECTIONS": "0"}


@contextmanager
def _production_stack(tmp: Path, unset: tuple[str, ...] = (), cwd: Path = ROOT, **env: str) -> Iterator[Stack]:
    """The Dockerfile's CMD on a free loopback port, 2 workers; stopped (SIGINT) if still up.

    Without nginx's per-client limits unless the test sets them: every client of a test is
    127.0.0.1, so the limits would take a test's many clients (or the suite) for one.
    """
    port = free_port()
    environ = os.environ | {"QUOTES_BIND": f"127.0.0.1:{port}", "QUOTES_WORKERS": "2"} | NO_CLIENT_LIMITS | env
    for name in unset:
        environ.pop(name, None)
    log = tmp / "stack.log"
    with log.open("wb") as out:
        process = subprocess.Popen(dockerfile_cmd(), cwd=cwd, env=environ, stdout=out, stderr=subprocess.STDOUT)
    stack = Stack(f"http://127.0.0.1:{port}", port, process, log)
    try:
        wait_ready(stack.url, process, stack.output)
        yield stack
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)


@pytest.fixture(scope="session")
def production_stack() -> Callable[..., AbstractContextManager[Stack]]:
    """Starts a stack of a test's own: ``with production_stack(tmp_path, QUOTES_X="1") as stack``."""
    return _production_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """One production stack shared by the tests that do not stop or break it."""
    tmp = tmp_path_factory.mktemp("stack")
    with _production_stack(tmp, PROMETHEUS_MULTIPROC_DIR=str(tmp_path_factory.mktemp("metrics"))) as running:
        yield running
    assert "Traceback" not in running.output()


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """One local Spark for the run, two cores, as pyspark's own ReusedSQLTestCase does."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this venv's Python
    session = (
        SparkSession.builder.master("local[2]")
        .appName("quotes-tests")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    yield session
    session.stop()
