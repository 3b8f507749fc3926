"""The service under gunicorn on loopback, loaded with wrk (Debian package ``wrk``).

    python -m benchmarks.http            # about 15 minutes on 2 cores
    python -m benchmarks.http --parts throughput   # or memory

Starts its own servers on free 127.0.0.1 ports and stops them; sends traffic nowhere else.
"""

from __future__ import annotations

import os

# The in-process engine runs as a gunicorn worker does (api/server/gunicorn_conf.py sets this too).
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import multiprocessing
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

from api.engine import Engine
from api.server.serve import GUNICORN_CONFIG
from api.settings import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
SEED = ROOT / "seeds" / "004_e01055c4d54c61ae.txt"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(workers: int, **env: str) -> Iterator[dict[str, Any]]:
    """gunicorn as quotes-serve starts it, without nginx in front (this measures the workers).

    Yields its address, pid and start-up time.
    """
    port = free_port()
    environ = os.environ | {"QUOTES_BIND": f"127.0.0.1:{port}", "QUOTES_WORKERS": str(workers)} | env
    environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="bench-metrics-")
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    started = time.perf_counter()
    process = subprocess.Popen(
        [gunicorn, "-c", str(GUNICORN_CONFIG), "api.web.wsgi:app"],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, 120)
        yield {"base": base, "pid": process.pid, "startup_s": round(time.perf_counter() - started, 2)}
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_ready(base: str, seconds: float) -> None:
    """Until ``/readyz`` at ``base`` answers 200; RuntimeError after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{base} did not become ready in {seconds} s")


def wrk(base: str, path: str, script: str, seconds: int, connections: int, **env: str) -> dict[str, float]:
    threads = min(connections, 2)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(HERE / script),
            base + path,
        ],
        env=os.environ | env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "requests_per_s": rate,
        "median_ms": float(median.group(1)) * scale[median.group(2)] if median else float("nan"),
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def served(base: str) -> int:
    """Attributions answered so far, from the service's own metrics."""
    metrics = requests.get(f"{base}/metrics", timeout=10).text
    found = re.findall(
        r'quotes_http_requests_total\{method="POST",route="/v1/attributions",status="\d+"\} ([\d.e+]+)', metrics
    )
    return int(sum(float(n) for n in found))


def worker_memory(master: int) -> list[dict[str, int]]:
    """Resident and proportional set size (KiB) of each worker of a gunicorn master."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    rows = []
    for pid in children:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        rss = int(re.search(r"^Rss:\s+(\d+)", rollup, re.MULTILINE).group(1))  # type: ignore[union-attr]
        pss = int(re.search(r"^Pss:\s+(\d+)", rollup, re.MULTILINE).group(1))  # type: ignore[union-attr]
        rows.append({"pid": int(pid), "rss_kib": rss, "pss_kib": pss})
    return rows


def _analyze_for(engine: Engine, text: str, seconds: float, counts: Any) -> None:
    deadline = time.perf_counter() + seconds
    done = 0
    while time.perf_counter() < deadline:
        engine.analyze(text)
        done += 1
    counts.put(done)


def parallel_ceiling(engine: Engine, text: str, seconds: int) -> float:
    """Articles/s of the engine in 2 forked processes over 1, without HTTP.

    The most 2 workers can gain over 1 on this machine at this moment: on a shared VM two
    busy cores rarely give twice one.
    """
    context = multiprocessing.get_context("fork")
    rates = {}
    for processes in (1, 2):
        counts = context.Queue()
        children = [
            context.Process(target=_analyze_for, args=(engine, text, seconds, counts)) for _ in range(processes)
        ]
        for child in children:
            child.start()
        rates[processes] = sum(counts.get() for _ in children) / seconds
        for child in children:
            child.join()
    return float(rates[2] / rates[1])


def engine_ms(engine: Engine, text: str, seconds: float) -> list[float]:
    """In-process ``Engine.analyze`` times (ms) of ``text`` for about ``seconds``."""
    times: list[float] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        engine.analyze(text)
        times.append((time.perf_counter() - started) * 1000)
    return times


def latency(engine: Engine, base: str, text: str, rounds: int = 5, seconds: int = 4) -> dict[str, float]:
    """Median latency of one connection against the in-process engine, interleaved.

    Rounds alternate in-process timing with wrk on one connection, so the shared machine's
    drift hits both alike; the server idles while the engine runs here, and vice versa.
    """
    in_process: list[float] = []
    served_ms: list[float] = []
    for _ in range(rounds):
        in_process += engine_ms(engine, text, seconds)
        served_ms.append(wrk(base, "/v1/attributions", "post.lua", seconds, 1, BODY=str(SEED))["median_ms"])
    return {"in_process_median_ms": statistics.median(in_process), "served_median_ms": statistics.median(served_ms)}


def throughput(text: str, seconds: int) -> dict[str, Any]:
    """Single requests on 1 and 2 workers, latency on one connection, batches of 16."""
    batch = Path(tempfile.mkdtemp()) / "batch.json"
    batch.write_text(json.dumps({"documents": [{"id": str(i), "text": text} for i in range(16)]}))
    report: dict[str, Any] = {}
    body = {"BODY": str(SEED)}
    engine = Engine.load(DEFAULT_MODEL)
    engine_ms(engine, text, 2)  # warm-up
    report["engine_2_vs_1_processes"] = round(parallel_ceiling(engine, text, seconds), 2)
    rates = {}
    for workers in (1, 2):
        with server(workers) as srv:
            wrk(srv["base"], "/v1/attributions", "post.lua", 3, 2 * workers, **body)  # warm-up
            single = wrk(srv["base"], "/v1/attributions", "post.lua", seconds, 2 * workers, **body)
            rates[workers] = single["requests_per_s"]
            report[f"workers_{workers}"] = {"startup_s": srv["startup_s"], "single": single}
            memory = worker_memory(srv["pid"])
            report[f"workers_{workers}"]["memory"] = memory
            if workers == 1:
                report["latency"] = {k: round(v, 1) for k, v in latency(engine, srv["base"], text).items()}
            if workers == 2:
                batched = wrk(
                    srv["base"],
                    "/v1/attributions/batch",
                    "post.lua",
                    seconds,
                    2,
                    BODY=str(batch),
                    TYPE="application/json",
                )
                report["batch_16"] = batched | {"articles_per_s": round(batched["requests_per_s"] * 16, 1)}
    one = report["workers_1"]["memory"][0]
    two = report["workers_2"]["memory"]
    report["ratios"] = {
        "throughput_2_vs_1_workers": round(rates[2] / rates[1], 2),
        "latency_vs_in_process": round(
            report["latency"]["served_median_ms"] / report["latency"]["in_process_median_ms"], 2
        ),
        "batch_vs_single_articles_per_s": round(report["batch_16"]["articles_per_s"] / rates[2], 2),
        "two_workers_pss_vs_one_worker_rss": round(sum(w["pss_kib"] for w in two) / one["rss_kib"], 2),
    }
    return report


def distinct_texts(requests_wanted: int, chunk_seconds: int = 30) -> dict[str, Any]:
    """A never-recycled worker's memory while it answers texts of new words.

    wrk runs in fixed-time chunks (stopping its threads early would leave connections that
    block a sync worker); after each, the worker's RSS is sampled.
    """
    with server(1, QUOTES_MAX_REQUESTS="1000000") as srv:
        non_2xx = 0.0
        while served(srv["base"]) < 1000:
            non_2xx += wrk(srv["base"], "/", "distinct.lua", 5, 2)["non_2xx"]
        first_kib, first_count = worker_memory(srv["pid"])[0]["rss_kib"], served(srv["base"])
        samples = [(first_count, first_kib)]
        started = time.perf_counter()
        while samples[-1][0] < requests_wanted:
            non_2xx += wrk(srv["base"], "/", "distinct.lua", chunk_seconds, 2)["non_2xx"]
            samples.append((served(srv["base"]), worker_memory(srv["pid"])[0]["rss_kib"]))
        last_count, last_kib = samples[-1]
        return {
            "requests": last_count,
            "seconds": round(time.perf_counter() - started, 1),
            "non_2xx": non_2xx,
            "rss_after_first_kib": first_kib,
            "requests_at_first": first_count,
            "rss_after_all_kib": last_kib,
            "peak_rss_kib": max(kib for _, kib in samples),
            "growth_after_first_1000": round(last_kib / first_kib - 1, 4),
            "samples_requests_rss_kib": samples,
        }


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--distinct", type=int, default=20_000, help="requests of generated text for the memory run")
    parser.add_argument(
        "--parts", nargs="+", choices=["throughput", "memory"], default=["throughput", "memory"], help="what to run"
    )
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    text = SEED.read_text(encoding="utf-8")
    report: dict[str, Any] = {"article_characters": len(text)}
    if "throughput" in args.parts:
        report |= throughput(text, args.seconds)
    if "memory" in args.parts:
        report["distinct_texts"] = distinct_texts(args.distinct)
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
