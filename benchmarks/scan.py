"""Every paragraph and every sentence of the dev articles through the engine, one at a time.

    python -m benchmarks.scan --eval ../shared/eval/polnear-dev.jsonl
    python -m benchmarks.scan --eval ../shared/eval/polnear-dev.jsonl --parts articles,odd

``pieces`` (the default) answers issue #17's question: does any piece of real news text -
a headline, a caption, a fragment, a sentence out of its article - take the engine long,
or make it fail? It reports the count, the slowest piece, the 99.9th percentile of time per
1,000 characters, and every piece over the budget or raising (by article and piece number,
never the text). ``articles`` times the whole articles and ``odd`` the odd inputs of
``benchmarks.engine`` at the largest size the limits allow, without a budget: the slowest
of those is what ``QUOTES_DOCUMENT_SECONDS`` must stay well above.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from collections.abc import Iterator, Sequence
from typing import Any

from api.engine import DocumentTimeout, Engine
from api.engine.text import Blocks
from api.settings import DEFAULT_MODEL, Settings

from .engine import adversarial

# A sentence ends at . ! ? (and any closing marks or brackets after it) before white space
# and a capital, a digit or an opening mark: plain, and no parse needed to cut.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z0-9“‘\"'(])")


def paragraphs(text: str) -> list[str]:
    """The article's paragraphs as the engine sees them (``text.Blocks``), trimmed."""
    starts = Blocks(text).starts
    ends = [*starts[1:], len(text)]
    return [piece for start, end in zip(starts, ends, strict=True) if (piece := text[start:end].strip())]


def sentences(paragraph: str) -> list[str]:
    return [piece for s in _SENTENCE_END.split(paragraph) if (piece := s.strip())]


def pieces(texts: Sequence[str]) -> Iterator[tuple[int, str, int, str]]:
    """(article, kind, number, text) for every paragraph and every sentence of each article."""
    for article, text in enumerate(texts):
        number = 0
        for paragraph in paragraphs(text):
            yield article, "paragraph", number, paragraph
            number += 1
            cut = sentences(paragraph)
            if len(cut) > 1:  # a one-sentence paragraph is already scanned
                for sentence in cut:
                    yield article, "sentence", number, sentence
                    number += 1


def timed(engine: Engine, text: str) -> tuple[float, str | None]:
    """Seconds and, if the analysis did not answer, why: timeout, or the exception's type."""
    started = time.perf_counter()
    try:
        engine.analyze(text)
    except DocumentTimeout:
        return time.perf_counter() - started, "timeout"
    except Exception as error:  # noqa: BLE001 - what the scan is for
        return time.perf_counter() - started, type(error).__name__
    return time.perf_counter() - started, None


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def scan_pieces(engine: Engine, texts: Sequence[str]) -> dict[str, Any]:
    rows = []
    failures = []
    for article, kind, number, text in pieces(texts):
        seconds, failure = timed(engine, text)
        rows.append((seconds, len(text), article, kind, number))
        if failure:
            where = {"article": article, "kind": kind, "piece": number, "characters": len(text)}
            failures.append(where | {"why": failure})
    per_1000 = [seconds / characters * 1000 for seconds, characters, *_ in rows]  # seconds per 1,000
    slowest = max(rows)
    return {
        "pieces": len(rows),
        "paragraphs": sum(1 for row in rows if row[3] == "paragraph"),
        "sentences": sum(1 for row in rows if row[3] == "sentence"),
        "characters": sum(row[1] for row in rows),
        "budget_seconds": engine.document_seconds,
        "slowest": {
            "ms": round(slowest[0] * 1000, 1),
            "characters": slowest[1],
            "article": slowest[2],
            "kind": slowest[3],
            "piece": slowest[4],
        },
        "ms_median": round(statistics.median(r[0] for r in rows) * 1000, 2),
        "ms_per_1000_characters_p99_9": round(percentile(per_1000, 0.999) * 1000, 1),
        "ms_per_1000_characters_median": round(statistics.median(per_1000) * 1000, 1),
        "over_budget_or_raising": failures,
    }


def scan_articles(engine: Engine, texts: Sequence[str]) -> dict[str, Any]:
    rows = [(timed(engine, text), len(text), n) for n, text in enumerate(texts)]
    ((seconds, _), characters, article) = max(rows)
    return {
        "articles": len(rows),
        "longest_characters": max(r[1] for r in rows),
        "slowest": {"s": round(seconds, 2), "characters": characters, "article": article},
        "failures": [{"article": n, "why": why} for (_, why), _, n in rows if why],
    }


def scan_odd(engine: Engine, size: int) -> dict[str, Any]:
    """Each odd input of ``benchmarks.engine`` at ``size`` characters, wall seconds."""
    times = {}
    for name, text in adversarial(size, random.Random(7)).items():
        seconds, why = timed(engine, text)
        times[name] = round(seconds, 2) if why is None else f"{seconds:.2f} ({why})"
    numeric = {k: v for k, v in times.items() if isinstance(v, float)}
    slowest = max(numeric, key=lambda k: numeric[k])
    return {"characters": size, "seconds": times, "slowest": {"input": slowest, "s": numeric[slowest]}}


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", required=True, help="annotated JSONL whose texts to scan (not committed)")
    parser.add_argument("--parts", default="pieces", help="comma-separated: pieces,articles,odd")
    parser.add_argument("--budget", type=float, default=None, help="seconds (default: QUOTES_DOCUMENT_SECONDS)")
    parser.add_argument("--max-characters", type=int, default=None, help="default: QUOTES_MAX_CHARACTERS")
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    size = args.max_characters or settings.max_characters
    parts = set(args.parts.split(","))
    with open(args.eval, encoding="utf-8") as lines:
        texts = [json.loads(line)["text"] for line in lines if line.strip()]
    budget = args.budget or settings.document_seconds
    report: dict[str, Any] = {}
    if "pieces" in parts:
        report["pieces"] = scan_pieces(Engine.load(DEFAULT_MODEL, size, budget), texts)
    unbudgeted = Engine.load(DEFAULT_MODEL, size) if parts & {"articles", "odd"} else None
    if unbudgeted is not None and "articles" in parts:
        report["articles"] = scan_articles(unbudgeted, texts)
    if unbudgeted is not None and "odd" in parts:
        report["odd"] = scan_odd(unbudgeted, size)
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
