"""The production stack (nginx in front of gunicorn, as the Dockerfile runs it) on loopback:
slow clients, the server layer's own errors, a drain on SIGTERM, new code on SIGHUP, and what a
stop leaves behind."""

from __future__ import annotations

import json
import os
import re
import runpy
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import requests
from conftest import wait_ready
from flask.testing import FlaskClient

from api.server import errors as server_errors
from api.server.serve import GUNICORN_CONFIG, NGINX_TEMPLATE, find_nginx, nginx_address, render_nginx_config
from api.settings import ServerSettings, Settings

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from conftest import Stack

    StartStack = Callable[..., AbstractContextManager[Stack]]

ROOT = Path(__file__).resolve().parent.parent
SHORT = "“It is a good thing,” State Department spokesman John Kirby said."
TEXT = {"Content-Type": "text/plain; charset=utf-8"}


def raw_request(port: int, data: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (no client library would send these); parse the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.partition(b"\r\n\r\n")[2]) < _length(answer):
            chunk = sock.recv(65536)
            if not chunk:
                break
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value for name, value in (line.split(": ", 1) for line in header_lines)}
    return int(status_line.split()[1]), headers, body


def _length(answer: bytes) -> int:
    found = re.search(rb"\r\ncontent-length: *(\d+)", answer.partition(b"\r\n\r\n")[0], re.IGNORECASE)
    return int(found.group(1)) if found else 1 << 30


class SlowClients:
    """Connections that send a request one byte every half second, headers or body."""

    def __init__(self, port: int, headers: int, bodies: int) -> None:
        self.sockets: list[socket.socket] = []
        for index in range(headers + bodies):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            start = b"POST /v1/attributions HTTP/1.1\r\nHost: slow\r\nContent-Type: text/plain\r\n"
            sock.sendall(start + (b"X-Slow: " if index < headers else b"Content-Length: 100000\r\n\r\n"))
            self.sockets.append(sock)
        self.sent = 0
        self.failed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._dribble, daemon=True)
        self._thread.start()

    def _dribble(self) -> None:
        while not self._stop.wait(0.5):
            for sock in self.sockets:
                try:
                    sock.sendall(b"a")
                    self.sent += 1
                except OSError:
                    self.failed += 1

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for sock in self.sockets:
            sock.close()


@pytest.mark.slow
def test_production_serves_normal_clients_beside_slow_ones(stack: Stack) -> None:
    # Regression: three byte-at-a-time clients held both sync workers; a normal request waited 120 s.
    slow = SlowClients(stack.port, headers=30, bodies=30)
    try:
        time.sleep(1)
        for _ in range(5):
            started = time.monotonic()
            response = requests.post(f"{stack.url}/v1/attributions", data=SHORT.encode(), headers=TEXT, timeout=30)
            waited = time.monotonic() - started - response.json()["meta"]["elapsed_ms"] / 1000
            assert response.status_code == 200
            assert waited < 2, f"a normal request waited {waited:.1f} s beside 60 slow clients"
        time.sleep(1)
    finally:
        slow.close()
    assert slow.failed == 0, "the slow clients were cut off: they did not stay slow for the whole test"
    assert slow.sent >= 60 * 3


CHUNKED = b"POST /v1/attributions HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
RAW_ERRORS = {
    "bad request line": (b"GARBAGE\r\n\r\n", 400),
    "bad header line": (b"GET /livez HTTP/1.1\r\nHost: a\r\nno colon here\r\n\r\n", 400),
    "URI too long": (b"GET /" + b"a" * 10_000 + b" HTTP/1.1\r\nHost: a\r\n\r\n", 414),
    "header too large": (b"GET /livez HTTP/1.1\r\nHost: a\r\nX-Big: " + b"a" * 10_000 + b"\r\n\r\n", 431),
    "body over the limit": (
        b"POST /v1/attributions HTTP/1.1\r\nHost: a\r\nContent-Type: text/plain\r\nContent-Length: 3000000\r\n\r\n",
        413,
    ),
    "chunked body over the limit": (
        CHUNKED + (b"10000\r\n" + b"a" * 0x10000 + b"\r\n") * 40 + b"0\r\n\r\n",
        413,
    ),
    "malformed chunked body": (
        CHUNKED + b"zz\r\n",
        400,
    ),
    "unknown transfer coding": (b"POST /v1/attributions HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
    "HTTP/2 over plain HTTP/1": (b"GET /livez HTTP/2.0\r\nHost: a\r\n\r\n", 505),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(RAW_ERRORS))
def test_production_server_layer_errors_are_problems(stack: Stack, name: str) -> None:
    # Regression: gunicorn answered these in text/html.
    data, status = RAW_ERRORS[name]
    answered, headers, body = raw_request(stack.port, data)
    assert answered == status
    assert headers["content-type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == status and problem["title"] and problem["detail"]
    assert problem["request_id"] == headers["x-request-id"]


def _sockets(pid: int) -> int:
    fds = Path(f"/proc/{pid}/fd")
    return sum(os.readlink(fds / fd).startswith("socket:") for fd in os.listdir(fds))


@pytest.mark.slow
def test_production_worker_timeout_and_death_are_problems_and_nginx_death_stops_all(
    production_stack: StartStack, tmp_path: Path, seed_texts: dict[str, str]
) -> None:
    # Regression: a worker that timed out gave gunicorn's text/html 500.
    with production_stack(tmp_path, QUOTES_WORKERS="1", QUOTES_PROXY_TIMEOUT="2") as stack:
        (worker,) = stack.children(stack.gunicorn_master())
        os.kill(worker, signal.SIGSTOP)  # a worker that does not answer in time
        try:
            response = requests.get(f"{stack.url}/livez", timeout=30)
        finally:
            os.kill(worker, signal.SIGCONT)
        assert response.status_code == 504
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 504

        assert requests.get(f"{stack.url}/readyz", timeout=30).status_code == 200
        time.sleep(0.5)  # the worker has closed the connections it answered
        idle = _sockets(worker)
        article = "\n\n".join([seed_texts["004_e01055c4d54c61ae.txt"]] * 10).encode()
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(requests.post, f"{stack.url}/v1/attributions", data=article, headers=TEXT, timeout=60)
            deadline = time.monotonic() + 30
            while _sockets(worker) <= idle and time.monotonic() < deadline:
                time.sleep(0.002)
            os.kill(worker, signal.SIGKILL)  # a worker that dies while it holds a request
            response = pending.result()
        assert response.status_code == 502
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 502
        assert requests.get(f"{stack.url}/readyz", timeout=30).status_code == 200  # a new worker took its place

        # If nginx dies, the launcher stops gunicorn and exits non-zero (a restart policy's cue).
        master = stack.gunicorn_master()
        (nginx,) = [pid for pid in stack.children() if pid != master]
        os.kill(nginx, signal.SIGKILL)
        assert stack.process.wait(timeout=60) != 0
        assert not Path(f"/proc/{master}").exists()


@pytest.mark.slow
def test_production_sigterm_drains_without_losing_a_request(
    production_stack: StartStack, tmp_path: Path, seed_texts: dict[str, str]
) -> None:
    # Regression: SIGTERM reset 10 of 12 requests queued in gunicorn's backlog; every start left
    # a /tmp/quotes-metrics-* directory; gunicorn 27 opened ~/.gunicorn/gunicorn.ctl for everyone.
    temp, home = tmp_path / "tmp", tmp_path / "home"
    temp.mkdir()
    home.mkdir()
    env = {"TMPDIR": str(temp), "HOME": str(home), "QUOTES_DRAIN_SECONDS": "3"}
    article = seed_texts["004_e01055c4d54c61ae.txt"].encode()
    outcomes: list[tuple[float, int | str]] = []
    stop = threading.Event()

    def client(url: str) -> None:
        while not stop.is_set():
            sent = time.monotonic()
            try:
                status: int | str = requests.post(url, data=article, headers=TEXT, timeout=60).status_code
            except requests.ConnectionError as error:
                status = "refused" if "refused" in str(error) else f"error: {type(error).__name__}"
            outcomes.append((sent, status))

    with production_stack(tmp_path, unset=("PROMETHEUS_MULTIPROC_DIR", "XDG_RUNTIME_DIR"), **env) as stack:
        clients = [threading.Thread(target=client, args=(f"{stack.url}/v1/attributions",)) for _ in range(8)]
        for thread in clients:
            thread.start()
        try:
            # Every client has been served more than once before the signal, however loaded
            # the machine (a fixed 2 s saw only one answer each on a loaded machine).
            settled = time.monotonic() + 120
            while len(outcomes) <= 2 * len(clients) and time.monotonic() < settled:
                time.sleep(0.1)
            signalled = time.monotonic()
            stack.process.send_signal(signal.SIGTERM)
            ready = requests.get(f"{stack.url}/readyz", timeout=30)
            exit_code = stack.process.wait(timeout=60)
        finally:
            stop.set()
            for thread in clients:
                thread.join()
    assert exit_code == 0
    assert ready.status_code == 503 and ready.headers["Content-Type"] == "application/problem+json"
    before = [status for sent, status in outcomes if sent < signalled]
    after = [status for sent, status in outcomes if sent >= signalled]
    assert len(before) > 8 and set(before) == {200}, f"lost before the signal: {Counter(before)}"
    assert 200 in after, "requests sent during the drain were not served"
    # Once the doors close, a connection may be refused (or, in the instant nginx closes
    # its listener, reset): the load balancer stopped sending when /readyz said 503.
    assert {status for status in after if isinstance(status, int)} == {200}, Counter(after)
    assert list(temp.iterdir()) == []  # no quotes-metrics-*, no quotes-run-*
    assert list(home.iterdir()) == []  # no .gunicorn/gunicorn.ctl


def test_production_readyz_answers_503_once_draining(client: FlaskClient) -> None:
    assert client.get("/readyz").status_code == 200
    client.application.extensions["quotes"].drain.set()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.content_type == "application/problem+json"


@pytest.mark.parametrize(
    ("env", "expected"),
    [({}, {"control_socket_disable": True}), ({"QUOTES_CONTROL_SOCKET": "/run/q1/gunicorn.ctl"}, {})],
)
def test_production_gunicorn_control_socket_is_off_or_own(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: dict[str, object]
) -> None:
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "/nonexistent")  # no temporary directory made
    monkeypatch.delenv("QUOTES_CONTROL_SOCKET", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = runpy.run_path(str(GUNICORN_CONFIG))
    assert config.get("control_socket_disable") == expected.get("control_socket_disable")
    assert config.get("control_socket") == env.get("QUOTES_CONTROL_SOCKET")


@pytest.mark.parametrize(
    ("bind", "listen"),
    [
        ("127.0.0.1:8000", "127.0.0.1:8000"),
        ("0.0.0.0:80", "0.0.0.0:80"),
        (":8000", "0.0.0.0:8000"),
        ("[::1]:8000", "[::1]:8000"),
    ],
)
def test_production_nginx_listens_where_quotes_bind_says(bind: str, listen: str) -> None:
    assert nginx_address(bind) == listen


def _nginx_accepts(config: str, tmp_path: Path) -> None:
    (tmp_path / "nginx.conf").write_text(config)
    checked = subprocess.run(
        [find_nginx(), "-t", "-p", f"{tmp_path}/", "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_production_nginx_config_is_valid(tmp_path: Path) -> None:
    server = ServerSettings.from_env({"QUOTES_TIMEOUT": "100"})
    config = render_nginx_config(NGINX_TEMPLATE.read_text(), server, Settings(max_body_bytes=1234), tmp_path)
    assert "client_max_body_size 1234;" in config and "proxy_read_timeout 110s;" in config
    _nginx_accepts(config, tmp_path)


@pytest.mark.parametrize(
    ("env", "expected", "left_out"),
    [
        ({}, ["rate=10r/s;", "limit_req zone=per_client burst=20 nodelay;", "limit_conn client_connections 8;"], []),
        (
            {"QUOTES_RATE_LIMIT": "3", "QUOTES_RATE_BURST": "0", "QUOTES_CLIENT_CONNECTIONS": "2"},
            ["rate=3r/s;", "limit_req zone=per_client nodelay;", "limit_conn client_connections 2;"],
            [],
        ),
        ({"QUOTES_RATE_LIMIT": "0"}, ["limit_conn client_connections 8;"], ["limit_req"]),
        ({"QUOTES_CLIENT_CONNECTIONS": "0"}, ["limit_req zone=per_client"], ["limit_conn"]),
        ({"QUOTES_RATE_LIMIT": "0", "QUOTES_CLIENT_CONNECTIONS": "0"}, [], ["limit_req", "limit_conn"]),
    ],
)
def test_production_nginx_config_has_the_client_limits(
    tmp_path: Path, env: dict[str, str], expected: list[str], left_out: list[str]
) -> None:
    config = render_nginx_config(NGINX_TEMPLATE.read_text(), ServerSettings.from_env(env), Settings(), tmp_path)
    directives = [line.strip() for line in config.splitlines() if not line.strip().startswith("#")]
    for directive in expected:
        assert any(directive in line for line in directives), directive
    for name in left_out:
        assert not any(line.startswith(name) for line in directives), name
    assert "error_page 429 =429 /_problems/429;" in directives
    _nginx_accepts(config, tmp_path)


def _too_many(response: requests.Response) -> bool:
    """Whether this is nginx's 429: problem+json with its request id, and when to try again."""
    if response.status_code != 429:
        return False
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.headers["Retry-After"] == "1"
    problem = response.json()
    assert (problem["status"], problem["title"]) == (429, "Too Many Requests") and problem["detail"]
    assert problem["request_id"] == response.headers["X-Request-ID"]
    return True


@pytest.mark.slow
def test_production_limits_a_client_but_not_the_probes(production_stack: StartStack, tmp_path: Path) -> None:
    # Regression: one client could keep every worker busy; nothing answered 429.
    limits = {"QUOTES_RATE_LIMIT": "1", "QUOTES_RATE_BURST": "4", "QUOTES_CLIENT_CONNECTIONS": "2"}
    with production_stack(tmp_path, **limits) as stack:
        url = f"{stack.url}/v1/attributions"
        started = time.monotonic()
        burst = [requests.post(url, data=SHORT.encode(), headers=TEXT, timeout=30) for _ in range(12)]
        elapsed = time.monotonic() - started
        statuses = [response.status_code for response in burst]
        # The bucket starts empty (readiness polls are not counted): the first request and
        # the burst of 4 are served at once, then 429s, but for the one a second the rate lets in.
        assert statuses[:5] == [200] * 5, statuses
        assert set(statuses) == {200, 429} and statuses.count(200) <= 5 + int(elapsed) + 1, (statuses, elapsed)
        assert all(_too_many(response) for response in burst if response.status_code != 200)
        for path in ["/livez", "/readyz"] * 5:  # the probes, with the bucket still full
            assert requests.get(f"{stack.url}{path}", timeout=30).status_code == 200, path

        time.sleep(6)  # the bucket drains at 1 a second: a client within the limit is served again
        assert requests.post(url, data=SHORT.encode(), headers=TEXT, timeout=30).status_code == 200

        # In flight at once: with both workers stopped, two requests wait and the third gets 429.
        time.sleep(2)
        workers = stack.children(stack.gunicorn_master())
        for worker in workers:
            os.kill(worker, signal.SIGSTOP)
        try:
            with ThreadPoolExecutor(3) as pool:
                post = {"data": SHORT.encode(), "headers": TEXT, "timeout": 60}
                pending = [pool.submit(requests.post, url, **post) for _ in range(3)]
                done, waiting = wait(pending, timeout=30, return_when=FIRST_COMPLETED)
                assert len(done) == 1 and len(waiting) == 2
                assert _too_many(done.pop().result())
                for worker in workers:
                    os.kill(worker, signal.SIGCONT)
                assert [future.result().status_code for future in waiting] == [200, 200]
        finally:
            for worker in workers:
                os.kill(worker, signal.SIGCONT)


@pytest.mark.slow
def test_production_gunicorn_alone_answers_problems_and_drains(tmp_path: Path, port: int) -> None:
    # Regression: without nginx in front, gunicorn's own answers were text/html.
    env = os.environ | {"QUOTES_BIND": f"127.0.0.1:{port}", "QUOTES_WORKERS": "1", "TMPDIR": str(tmp_path)}
    env |= {"QUOTES_DRAIN_SECONDS": "2"}
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-c", str(GUNICORN_CONFIG), "api.web.wsgi:app"]
    process = subprocess.Popen(gunicorn, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(f"http://127.0.0.1:{port}", process)
        answers = {name: raw_request(port, RAW_ERRORS[name][0]) for name in GUNICORN_ERRORS}
        process.terminate()  # a drain: /readyz says 503, requests are still served, then it stops
        signalled = time.monotonic()
        readiness = 200
        while readiness == 200 and time.monotonic() < signalled + 1.5:  # within the 2 s of the drain
            readiness = requests.get(f"http://127.0.0.1:{port}/readyz", timeout=10).status_code
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert readiness == 503
    for name, status in GUNICORN_ERRORS.items():
        answered, headers, body = answers[name]
        assert (answered, headers["content-type"]) == (status, "application/problem+json"), name
        assert json.loads(body)["status"] == status
    assert list(tmp_path.iterdir()) == []  # its metrics directory went at exit


# What gunicorn answers itself when a client reaches it directly (README "Running in production").
GUNICORN_ERRORS = {
    "bad request line": 400,
    "bad header line": 400,
    "URI too long": 414,
    "header too large": 431,
    "unknown transfer coding": 400,
    "HTTP/2 over plain HTTP/1": 400,
}


def test_production_gunicorn_timeout_answer_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    from gunicorn import util

    monkeypatch.setattr(util, "write_error", util.write_error)  # put back after the test
    server_errors.install()
    ours, theirs = socket.socketpair()
    with ours, theirs:
        util.write_error(ours, 500, "Internal Server Error", "")
        ours.close()
        head, _, body = theirs.makefile("rb").read().partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 500 Internal Server Error\r\n")
    assert b"\r\nContent-Type: application/problem+json\r\n" in head
    assert json.loads(body)["status"] == 500


@pytest.mark.slow
def test_production_sighup_loads_new_code_without_losing_a_request(
    production_stack: StartStack, tmp_path: Path, seed_texts: dict[str, str]
) -> None:
    # Regression: SIGHUP only re-forked workers from a master holding the old code (preload_app).
    app = tmp_path / "app"
    shutil.copytree(ROOT / "api", app / "api", ignore=shutil.ignore_patterns("__pycache__"))
    article = seed_texts["000_977d47474ba32bd7.txt"].encode()
    outcomes: list[int | str] = []
    stop = threading.Event()

    def client(url: str) -> None:
        while not stop.is_set():
            try:
                outcomes.append(requests.post(url, data=article, headers=TEXT, timeout=60).status_code)
            except requests.ConnectionError as error:
                outcomes.append(f"error: {type(error).__name__}")

    with production_stack(tmp_path, cwd=app) as stack:
        version = requests.get(f"{stack.url}/v1/info", timeout=10).json()["service_version"]
        (old,) = stack.gunicorn_masters()
        init = app / "api" / "__init__.py"
        init.write_text(init.read_text().replace(f'"{version}"', '"99.0.0"'))  # the new version
        clients = [threading.Thread(target=client, args=(f"{stack.url}/v1/attributions",)) for _ in range(4)]
        for thread in clients:
            thread.start()
        try:
            stack.process.send_signal(signal.SIGHUP)
            deadline = time.monotonic() + 90
            while old in stack.gunicorn_masters():  # until the old gunicorn has stopped
                assert time.monotonic() < deadline, stack.output()
                time.sleep(0.2)
        finally:
            stop.set()
            for thread in clients:
                thread.join()
        assert requests.get(f"{stack.url}/v1/info", timeout=10).json()["service_version"] == "99.0.0"
    assert version != "99.0.0"
    assert len(outcomes) > 4 and set(outcomes) == {200}, Counter(outcomes)


def test_production_server_settings_follow_the_worker_timeout() -> None:
    server = ServerSettings.from_env({"QUOTES_MAX_BATCH_CHARACTERS": "200000"})
    assert (server.timeout, server.upstream_timeout, server.drain_seconds) == (60, 70, 5)
    assert ServerSettings.from_env({"QUOTES_PROXY_TIMEOUT": "7"}).upstream_timeout == 7


@pytest.mark.parametrize("raw", ["-1", "soon"])
def test_production_server_settings_refuse_bad_numbers(raw: str) -> None:
    with pytest.raises(ValueError, match="QUOTES_DRAIN_SECONDS"):
        ServerSettings.from_env({"QUOTES_DRAIN_SECONDS": raw})


def _reloaded(stack: Stack, until: Callable[[], bool]) -> None:
    """SIGHUP to the launcher, then wait (90 s at most) until ``until()``."""
    stack.process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 90
    while not until():
        assert time.monotonic() < deadline and stack.process.poll() is None, stack.output()
        time.sleep(0.2)


@pytest.mark.slow
def test_production_api_keys_are_read_again_at_sighup(production_stack: StartStack, tmp_path: Path) -> None:
    old_key, new_key = "first-key-of-the-year", "second-key-of-the-year"
    keys = tmp_path / "keys"
    keys.write_text(f"{old_key}\n", encoding="utf-8")

    def status(key: str) -> int:
        headers = TEXT | {"Authorization": f"Bearer {key}"}
        answer = requests.post(f"{stack.url}/v1/attributions", data=SHORT.encode(), headers=headers, timeout=30)
        return answer.status_code

    with production_stack(tmp_path, QUOTES_API_KEYS_FILE=str(keys)) as stack:
        assert (status(old_key), status(new_key)) == (200, 401)
        keys.write_text(f"{new_key}\n", encoding="utf-8")
        (first,) = stack.gunicorn_masters()
        _reloaded(stack, lambda: first not in stack.gunicorn_masters())
        assert (status(old_key), status(new_key)) == (401, 200)
        # A file that cannot serve: the new gunicorn does not start, the old one and its keys serve on.
        keys.write_text("# every key withdrawn\n", encoding="utf-8")
        _reloaded(stack, lambda: "did not become ready" in stack.output())
        assert (status(old_key), status(new_key)) == (401, 200)
    assert old_key not in stack.output() and new_key not in stack.output()
