"""quotes-spark in local[1], local[2] and on a standalone cluster (one worker, two cores)
against the CLI's ``quotes --jsonl``, same articles.

    python -m benchmarks.spark --eval ../shared/eval/polnear-dev.jsonl

The articles are the texts of ``--eval`` (ids and texts only, written to a temporary file
outside the repository), ``--copies`` times over. Each command runs as a subprocess, as a
user runs it, timed from start to exit; each also runs on one article, which gives the
start-up cost, and the rate without it: (articles - 1) / (time for all - time for one).
The job's own log splits its time into attributing (the workers) and writing the tables
(``quotations``, ``quoted_people`` and the rest). The cluster is a master and a worker on
127.0.0.1 from the pyspark wheel (``api.corpus.standalone``), its executors running this
venv's Python, so the packed environment of the README's recipe is not in its figures.
Python workers' memory is sampled from /proc while the Spark job runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from api.corpus.standalone import standalone
from api.engine import Engine
from api.settings import DEFAULT_MODEL
from benchmarks.http import parallel_ceiling

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SEED = ROOT / "seeds" / "004_e01055c4d54c61ae.txt"


def _kib(pid: str, field: str) -> int:
    try:
        found = re.search(rf"^{field}:\s+(\d+)", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.MULTILINE)
    except OSError:
        return 0
    return int(found.group(1)) if found else 0


def python_workers() -> dict[str, str]:
    """Spark's Python worker processes (forks of ``pyspark.daemon``): pid -> parent pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
        except OSError:
            continue
        if b"pyspark.daemon" in cmdline:
            found[entry.name] = parent
    # The daemon forks the workers: a worker's parent is a daemon too.
    return {pid: parent for pid, parent in found.items() if parent in found}


class Sampler(threading.Thread):
    """The largest RSS and PSS seen of each process ``pids()`` names, every half second."""

    def __init__(self, pids: Callable[[], Iterable[str]]) -> None:
        super().__init__(daemon=True)
        self.pids = pids
        self.peak: dict[str, tuple[int, int]] = {}
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.5):
            for pid in self.pids():
                rss, pss = _kib(pid, "Rss"), _kib(pid, "Pss")
                old = self.peak.get(pid, (0, 0))
                self.peak[pid] = (max(old[0], rss), max(old[1], pss))


TASK = re.compile(r"task done: \d+ records, (\d+) attributed, ([\d.]+) s in the engine of ([\d.]+) s")
STAGES = re.compile(r"attributed in ([\d.]+) s, tables written in ([\d.]+) s")


def timed(command: list[str], env: dict[str, str], spark: bool = False) -> dict[str, Any]:
    """Wall seconds of ``command`` and its peak memory (the Python workers' for Spark); for
    Spark, also when the first engine was ready, and the workers' own account of their tasks."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(python_workers if spark else lambda: [str(process.pid)])
    sampler.start()
    first_engine = None
    tasks = []
    stages = None
    assert process.stderr is not None
    tail: list[str] = []
    for line in process.stderr:
        if first_engine is None and " loaded in " in line:
            first_engine = time.perf_counter() - started
        if found := TASK.search(line):
            tasks.append((int(found.group(1)), float(found.group(2)), float(found.group(3))))
        if found := STAGES.search(line):
            stages = float(found.group(1)), float(found.group(2))
        tail = [*tail[-20:], line]
    if process.wait() != 0:
        raise RuntimeError(f"{command[0]} failed:\n{''.join(tail)}")
    result: dict[str, Any] = {"seconds": round(time.perf_counter() - started, 2)}
    sampler.done.set()
    sampler.join()
    result["peak_rss_mib"] = sorted(round(r / 1024) for r, _ in sampler.peak.values())
    result["peak_pss_mib"] = sorted(round(p / 1024) for _, p in sampler.peak.values())
    if spark:
        result["engine_ready_s"] = round(first_engine, 2) if first_engine else None
        result["attribute_s"], result["tables_s"] = stages or (None, None)
        attributed, engine_s, task_s = (sum(t[i] for t in tasks) for i in range(3))
        result["tasks"] = len(tasks)
        result["worker_engine_articles_per_s"] = round(attributed / engine_s, 2) if engine_s else None
        result["engine_share_of_task_time"] = round(engine_s / task_s, 3) if task_s else None
    return result


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", required=True, help="JSONL whose texts to attribute (read, never copied)")
    parser.add_argument("--copies", type=int, default=1, help="the articles this many times over")
    parser.add_argument("--limit", type=int, default=None, help="only the first LIMIT articles (a loaded machine)")
    parser.add_argument("--ceiling-seconds", type=int, default=10)
    args = parser.parse_args(argv)

    env = os.environ | {"OMP_NUM_THREADS": "1", "PYSPARK_PYTHON": sys.executable}
    work = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    try:
        with open(args.eval, encoding="utf-8") as lines:
            texts = [json.loads(line)["text"] for line in lines if line.strip()][: args.limit]
        articles = [{"id": f"{copy}-{i}", "text": t} for copy in range(args.copies) for i, t in enumerate(texts)]
        for name, rows in (("all.jsonl", articles), ("one.jsonl", articles[:1])):
            (work / name).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")

        def cli(name: str) -> dict[str, Any]:
            return timed([str(BIN / "quotes"), "--jsonl", str(work / name)], env)

        def spark(name: str, master: str) -> dict[str, Any]:
            command = [str(BIN / "quotes-spark"), str(work / name), str(work / "out"), "--overwrite"]
            return timed([*command, "--master", master], env, spark=True)

        runs: dict[str, dict[str, Any]] = {}
        with standalone(work / "cluster", cores=2) as url:
            masters = {"local[1]": "local[1]", "local[2]": "local[2]", "cluster": url}
            # All articles first, one after the other, then the one-article runs.
            runs["cli"] = {"all": cli("all.jsonl")}
            for name, master in masters.items():
                runs[name] = {"all": spark("all.jsonl", master)}
            runs["cli"]["one"] = cli("one.jsonl")
            for name, master in masters.items():
                runs[name]["one"] = spark("one.jsonl", master)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    count = len(articles)
    report: dict[str, Any] = {"articles": count, "characters": sum(len(a["text"]) for a in articles)}
    for name, run in runs.items():
        all_s, one_s = run["all"]["seconds"], run["one"]["seconds"]
        run["articles_per_s"] = round(count / all_s, 2)
        run["articles_per_s_after_start_up"] = round((count - 1) / (all_s - one_s), 2)
        report[name] = run
    rate = "articles_per_s_after_start_up"
    report["local2_vs_local1"] = round(report["local[2]"]["articles_per_s"] / report["local[1]"]["articles_per_s"], 3)
    report["local2_vs_local1_after_start_up"] = round(report["local[2]"][rate] / report["local[1]"][rate], 3)
    report["local1_vs_cli"] = round(report["local[1]"]["articles_per_s"] / report["cli"]["articles_per_s"], 3)
    report["local1_vs_cli_after_start_up"] = round(report["local[1]"][rate] / report["cli"][rate], 3)
    report["cluster_vs_local2"] = round(report["cluster"]["articles_per_s"] / report["local[2]"]["articles_per_s"], 3)
    report["cluster_vs_local2_after_start_up"] = round(report["cluster"][rate] / report["local[2]"][rate], 3)
    engine = Engine.load(DEFAULT_MODEL)
    report["machine_2_vs_1_processes"] = round(
        parallel_ceiling(engine, SEED.read_text(encoding="utf-8"), args.ceiling_seconds), 2
    )
    report["load_average"] = os.getloadavg()
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
