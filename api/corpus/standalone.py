"""A Spark standalone cluster on this machine: one master and one worker on 127.0.0.1.

Started from the pyspark wheel's own ``bin/spark-class`` (no Spark download), for the
test that runs the README's cluster recipe and for ``benchmarks/spark.py``; also a way to
try the recipe before a real cluster. ``standalone`` stops both when its block ends.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pyspark

SPARK_HOME = Path(pyspark.__file__).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.create_connection(("127.0.0.1", port), timeout=1):
        return True


def _alive_workers(ui_port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=2) as response:
        return int(json.load(response).get("aliveworkers", 0))


def _wait_for(check: Callable[[], bool], what: str, processes: list[subprocess.Popen[bytes]], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if check():
                return
        except OSError:
            pass
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{what}: {process.args!r} exited with {process.returncode}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not ready within {seconds} s")
        time.sleep(0.5)


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in reversed(processes):
        process.terminate()
    for process in reversed(processes):
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def standalone(home: Path, cores: int = 2, memory: str = "2g", seconds: float = 180) -> Iterator[str]:
    """The master's URL (``spark://127.0.0.1:PORT``) while a master and one worker of
    ``cores`` cores run; logs and the worker's folder go to ``home``."""
    home.mkdir(parents=True, exist_ok=True)
    port, ui, worker_ui = _free_port(), _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYSPARK_", "SPARK_"))}
    env |= {"SPARK_HOME": str(SPARK_HOME), "SPARK_LOCAL_IP": "127.0.0.1", "SPARK_LOG_DIR": str(home / "logs")}
    spark_class = str(SPARK_HOME / "bin" / "spark-class")
    master = [
        "org.apache.spark.deploy.master.Master",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--webui-port",
        str(ui),
    ]
    worker = ["org.apache.spark.deploy.worker.Worker", f"spark://127.0.0.1:{port}", "--host", "127.0.0.1"]
    worker += [
        "--cores",
        str(cores),
        "--memory",
        memory,
        "--webui-port",
        str(worker_ui),
        "--work-dir",
        str(home / "work"),
    ]
    started: list[subprocess.Popen[bytes]] = []
    with ExitStack() as stack:
        stack.callback(_stop, started)
        for name, command in (("master", master), ("worker", worker)):
            log = stack.enter_context((home / f"{name}.log").open("wb"))
            started.append(subprocess.Popen([spark_class, *command], env=env, stdout=log, stderr=log))
            if name == "master":
                _wait_for(lambda: _listening(port), "the master", started, seconds)
        _wait_for(lambda: _alive_workers(ui) == 1, "the worker", started, seconds)
        yield f"spark://127.0.0.1:{port}"
