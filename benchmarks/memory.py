"""Memory under texts of new words, in-process: bare spaCy against the engine.

    python -m benchmarks.memory --texts 6000

Two child processes, started side by side, each parse the same generated texts (60 new
words each, as ``distinct.lua`` sends them): one with bare spaCy inside
``nlp.memory_zone()``, the other with ``Engine.analyze`` (memory zone plus housekeeping).
Each samples its RSS every ``--every`` texts.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import string
from collections.abc import Sequence
from typing import Any

from api.settings import DEFAULT_MODEL


def rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def texts(count: int, seed: int = 7) -> Sequence[str]:
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 10)))

    out = []
    for _ in range(count):
        words = [word() for _ in range(60)]
        name = f"{word().title()} {word().title()}"
        out.append(f"“{' '.join(words[:30])},” {name} said. {name} added that {' '.join(words[30:])}.")
    return out


def run(kind: str, count: int, every: int, results: Any) -> None:
    if kind == "engine":
        from api.engine import Engine

        engine = Engine.load(DEFAULT_MODEL)

        def analyze(text: str) -> None:
            engine.analyze(text)
    else:
        import spacy

        nlp = spacy.load(DEFAULT_MODEL)

        def analyze(text: str) -> None:
            with nlp.memory_zone():
                nlp(text)

    samples = []
    for number, text in enumerate(texts(count), start=1):
        analyze(text)
        if number % every == 0:
            samples.append((number, rss_kib()))
    results.put((kind, samples))


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=6000)
    parser.add_argument("--every", type=int, default=500)
    args = parser.parse_args(argv)
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    children = [
        context.Process(target=run, args=(kind, args.texts, args.every, results)) for kind in ("bare", "engine")
    ]
    for child in children:
        child.start()
    report: dict[str, Any] = {}
    for _ in children:
        kind, samples = results.get()
        at_first = next(kib for number, kib in samples if number >= 1000)
        report[kind] = {
            "rss_at_1000_kib": at_first,
            "rss_at_end_kib": samples[-1][1],
            "growth_after_first_1000": round(samples[-1][1] / at_first - 1, 4),
            "samples_texts_rss_kib": samples,
        }
    for child in children:
        child.join()
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
