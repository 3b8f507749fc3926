"""Engine throughput against bare spaCy, and how time grows with length and odd input.

    python -m benchmarks.engine --eval ../shared/eval/polnear-dev.jsonl

Every figure that compares two things is a ratio measured side by side in this run.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import spacy

from api.engine import Engine
from api.settings import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parent.parent


def best_of(repeats: int, run: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    """The fastest of ``repeats`` runs, in seconds: the least disturbed by the machine."""
    times = []
    for _ in range(repeats):
        started = clock()
        run()
        times.append(clock() - started)
    return min(times)


def throughput(
    engine: Engine,
    bare: spacy.language.Language,
    texts: Sequence[str],
    repeats: int,
    component: spacy.language.Language | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> dict[str, Any]:
    """The engine, and the spaCy component's pipeline (``component``, reading every
    ``doc._.quotes``), against bare spaCy, one document at a time.

    Each document goes through every path in turn, in an order that rotates each round,
    and counts with its fastest of ``repeats`` rounds; a path's time is the sum over the
    documents. Side by side per document, drift and other loads hit all paths alike, and
    the fastest of a few runs is the least disturbed by the machine (as ``timeit`` says).
    Timing whole runs of the texts instead moved the ratio by 0.1 from run to run.
    Bare spaCy is one ``nlp()`` call per text in a memory zone, as the engine makes: with
    this model ``nlp.pipe`` is no faster (``batching``).
    """
    words = sum(len(t.split()) for t in texts)

    def run_bare(text: str) -> None:
        with bare.memory_zone():
            bare(text)

    runs: dict[str, Callable[[str], object]] = {"bare": run_bare, "engine": engine.analyze}
    if component is not None:
        nlp = component

        def run_component(text: str) -> None:
            with nlp.memory_zone():
                nlp(text)._.quotes  # noqa: B018  # the Spans, as a user reads them

        runs["component"] = run_component
    names = list(runs)
    for run in runs.values():  # warm-up
        run(texts[0])
    fastest = {name: [float("inf")] * len(texts) for name in names}
    for round_ in range(repeats):
        order = names[round_ % len(names) :] + names[: round_ % len(names)]
        for i, text in enumerate(texts):
            for name in order:
                started = clock()
                runs[name](text)
                fastest[name][i] = min(fastest[name][i], clock() - started)
    best = {name: sum(times) for name, times in fastest.items()}
    b = best["bare"]
    report: dict[str, Any] = {
        "articles": len(texts),
        "words": words,
        "rounds": repeats,
        "bare_articles_per_s": round(len(texts) / b, 1),
        "bare_words_per_s": round(words / b),
    }
    for name in names[1:]:
        report[f"{name}_articles_per_s"] = round(len(texts) / best[name], 1)
        report[f"{name}_words_per_s"] = round(words / best[name])
        report[f"{name}_time_vs_bare"] = round(best[name] / b, 3)
    return report


def batching(bare: spacy.language.Language, texts: Sequence[str], repeats: int) -> dict[str, Any]:
    """What ``nlp.pipe`` wins over one ``nlp()`` call per text in bare spaCy: the most
    a batch endpoint can win over single requests when parsing is the whole cost."""

    def one_by_one() -> None:
        with bare.memory_zone():
            for text in texts:
                bare(text)

    def piped() -> None:
        with bare.memory_zone():
            for _ in bare.pipe(texts, batch_size=len(texts)):
                pass

    one_by_one()  # warm-up
    piped()
    single_s, pipe_s = [], []
    for _ in range(repeats):
        single_s.append(best_of(1, one_by_one))
        pipe_s.append(best_of(1, piped))
    return {"texts": len(texts), "pipe_vs_one_by_one": round(min(single_s) / min(pipe_s), 3)}


def paragraphs(texts: Sequence[str], size: int) -> str:
    """Ordinary news text of about ``size`` characters."""
    out, i = "", 0
    while len(out) < size:
        out += texts[i % len(texts)] + "\n\n"
        i += 1
    return out[:size]


def adversarial(size: int, rng: random.Random) -> dict[str, str]:
    nesting = "“We said “they said ‘no “never” no’ they said” we said,” he said. "
    words = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(size // 5)]
    return {
        "10,000 quotation marks": ("“Yes, so,” he said. " * (size // 20))[:size],  # 20 chars, 2 marks
        "only quotation marks": ('"' * size),
        "one paragraph, no sentence ends": " ".join(words)[:size],
        "nested marks": ("“‘«„" * (size // 8) + "”’»“" * (size // 8))[:size],
        "one long quote": ("“" + " ".join(words))[: size - 1] + "”",
        "apostrophes": ("it's Assad’s ’90s " * (size // 18))[:size],
        "14,000 one-word paragraphs in marks": ("‘Yes’\n\n" * (size // 7 + 1))[:size],
        "cue, colon, quote in the next paragraph": ("He said:\n\n“Yes, we will.”\n\n" * (size // 25 + 1))[:size],
        "nested reported speech": ("Tom said that Ann said that " * (size // 28 + 1))[:size],
        "empty quote pairs": ("“” " * (size // 3 + 1))[:size],
        "empty straight pairs": ('"" ' * (size // 3 + 1))[:size],
        "spaced empty pairs": ("“ ” " * (size // 4 + 1))[:size],
        "same-mark nesting": (nesting * (size // len(nesting) + 1))[:size],
        "unclosed marks, one paragraph": ("He said “yes and she said “no and " * (size // 34 + 1))[:size],
    }


def scaling(engine: Engine, base: Sequence[str], unit: int, repeats: int) -> dict[str, Any]:
    rows = {}
    for factor in (1, 4, 16):
        text = paragraphs(base, unit * factor)
        seconds = best_of(repeats, partial(engine.analyze, text))
        rows[f"{factor}x ({len(text):,} chars)"] = round(seconds * 1000, 1)
    per_unit = {k: round(v / f, 1) for (k, v), f in zip(rows.items(), (1, 4, 16), strict=True)}
    return {"ms": rows, "ms_per_unit": per_unit}


def odd_inputs(engine: Engine, base: Sequence[str], size: int, repeats: int) -> dict[str, Any]:
    """Each odd input against ordinary text of the same length, timed in turn with it.

    CPU time of this process, and each ratio from runs side by side: a run of minutes on
    a shared machine sees other loads come and go, which one reference timing at the
    start would take for the engine's.
    """
    ordinary = paragraphs(base, size)
    clock = time.process_time
    rows: dict[str, float] = {}
    references = []
    for name, text in adversarial(size, random.Random(7)).items():
        reference, seconds = [], []
        for _ in range(repeats):
            reference.append(best_of(1, partial(engine.analyze, ordinary), clock))
            seconds.append(best_of(1, partial(engine.analyze, text), clock))
        references.append(min(reference))
        rows[name] = round(min(seconds) / min(reference), 2)
    ordinary_ms = round(min(references) * 1000, 1)
    return {"characters": size, "ordinary_cpu_ms": ordinary_ms, "ratio_to_ordinary": {"ordinary text": 1.0, **rows}}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", default=None, help="annotated JSONL whose texts to time (not committed)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-characters", type=int, default=100_000)
    parser.add_argument(
        "--clock", choices=["wall", "cpu"], default="cpu", help="throughput in this process's CPU time or wall-clock"
    )
    parser.add_argument("--parts", default="throughput,scaling,odd", help="comma-separated: throughput,scaling,odd")
    args = parser.parse_args(argv)
    parts = set(args.parts.split(","))

    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    engine = Engine.load(DEFAULT_MODEL, args.max_characters)
    report: dict[str, Any] = {}
    if "throughput" in parts:
        bare = spacy.load(DEFAULT_MODEL)  # the full default pipeline, as shipped
        component = spacy.load(DEFAULT_MODEL)  # the same, with the spaCy component added
        component.add_pipe("quote_attribution")
        clock = time.process_time if args.clock == "cpu" else time.perf_counter
        report["seeds"] = throughput(engine, bare, seeds, args.repeats, component, clock)
        # The batch the HTTP benchmark posts: 16 copies of seed 004.
        report["batching"] = batching(bare, [seeds[4]] * 16, args.repeats)
        if args.eval:
            with open(args.eval, encoding="utf-8") as lines:
                dev = [json.loads(line)["text"] for line in lines]
            report["dev"] = throughput(engine, bare, dev, args.repeats, component, clock)
        report["pipeline"] = {
            "engine": engine.nlp.pipe_names,
            "bare": bare.pipe_names,
            "component": component.pipe_names,
        }
    if "scaling" in parts:
        report["scaling"] = scaling(engine, seeds, args.max_characters // 16, args.repeats)
    if "odd" in parts:
        report["odd_inputs"] = odd_inputs(engine, seeds, args.max_characters, max(1, args.repeats - 1))
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
