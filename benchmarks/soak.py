"""A soak of the production stack: concurrent clients for minutes, every answer checked.

    python -m benchmarks.soak --eval ../shared/eval/polnear-dev.jsonl   # 5 minutes, 12 clients

Starts ``quotes-serve`` (nginx in front of gunicorn, as the Dockerfile runs it) on a free
127.0.0.1 port, takes each text's answer at rest (one request at a time), then runs the
clients against it: every answer must be 200 and equal to the answer at rest (``meta``
aside, which holds the time taken). Worker memory is read before and after, with
recycling off (``--max-requests``) so that the same workers serve the whole soak.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import requests

from benchmarks.http import ROOT, free_port, wait_ready, worker_memory

TEXT = {"Content-Type": "text/plain; charset=utf-8"}


def texts(eval_path: str | None, limit: int) -> list[str]:
    found = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))]
    if eval_path:
        with open(eval_path, encoding="utf-8") as lines:
            found += [json.loads(line)["text"] for line in lines][:limit]
    return found


def answer_of(response: requests.Response) -> Any:
    body = response.json()
    body.pop("meta", None)
    return body


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--eval", default=None, help="annotated JSONL whose texts join the seed articles")
    parser.add_argument("--texts", type=int, default=100, help="most texts taken from --eval")
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-requests", type=int, default=1_000_000, help="gunicorn worker recycling")
    args = parser.parse_args(argv)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = os.environ | {
        "QUOTES_BIND": f"127.0.0.1:{port}",
        "QUOTES_WORKERS": str(args.workers),
        "QUOTES_MAX_REQUESTS": str(args.max_requests),
    }
    launcher = subprocess.Popen(
        [str(Path(sys.executable).parent / "quotes-serve")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_ready(base, 120)
        master = int(Path(f"/proc/{launcher.pid}/task/{launcher.pid}/children").read_text().split()[0])
        corpus = texts(args.eval, args.texts)
        url = f"{base}/v1/attributions"
        at_rest = [answer_of(requests.post(url, data=t.encode(), headers=TEXT, timeout=120)) for t in corpus]
        memory_before = worker_memory(master)
        load_before = os.getloadavg()[0]

        outcomes: Counter[str] = Counter()
        latencies: list[float] = []
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds

        def client(seed: int) -> None:
            order = random.Random(seed)
            session = requests.Session()
            while time.monotonic() < stop_at:
                index = order.randrange(len(corpus))
                started = time.monotonic()
                try:
                    response = session.post(url, data=corpus[index].encode(), headers=TEXT, timeout=120)
                    if response.status_code != 200:
                        outcome = f"status {response.status_code}"
                    else:
                        outcome = "same" if answer_of(response) == at_rest[index] else "different"
                except requests.RequestException as error:
                    outcome = f"error {type(error).__name__}"
                with lock:
                    outcomes[outcome] += 1
                    latencies.append(time.monotonic() - started)

        threads = [threading.Thread(target=client, args=(seed,)) for seed in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        memory_after = worker_memory(master)
        quantiles = statistics.quantiles(latencies, n=100, method="inclusive")
        report = {
            "seconds": args.seconds,
            "clients": args.clients,
            "workers": args.workers,
            "texts": len(corpus),
            "characters": sum(len(t) for t in corpus),
            "requests": sum(outcomes.values()),
            "requests_per_s": round(sum(outcomes.values()) / args.seconds, 2),
            "outcomes": dict(outcomes),
            "latency_ms": {
                "p50": round(quantiles[49] * 1000),
                "p95": round(quantiles[94] * 1000),
                "p99": round(quantiles[98] * 1000),
                "max": round(max(latencies) * 1000),
            },
            "load_average_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "workers_before": memory_before,
            "workers_after": memory_after,
        }
    finally:
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(timeout=120)
    print(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    main()
