"""Command line: the service's answer for an article from a file or stdin.

quotes article.txt                 # one article, the JSON the service returns
quotes --jsonl in.jsonl > out.jsonl  # {"id", "text"} lines in, one answer a line out
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator, Sequence
from itertools import islice
from typing import IO, Any

from tqdm import tqdm

from ..contract.answers import answer, document_problem
from ..contract.schemas import AttributionSchema, DocumentProblemSchema
from ..engine import Attribution, Engine
from ..settings import Settings

_SCHEMA = AttributionSchema()
_PROBLEM = DocumentProblemSchema()


def _chunks(lines: IO[str], size: int) -> Iterator[list[dict[str, Any]]]:
    rows = (json.loads(line) for line in lines if line.strip())
    while chunk := list(islice(rows, size)):
        yield chunk


def run_jsonl(engine: Engine, source: IO[str], sink: IO[str], batch_size: int, progress: bool) -> int:
    """Answer every line of ``source``: an attribution, or the problem of an article that has none."""
    count = 0
    with tqdm(disable=not progress, unit=" articles", file=sys.stderr) as bar:
        for chunk in _chunks(source, batch_size * 4):
            started = time.perf_counter()
            results = list(engine.analyze_many((row["text"] for row in chunk), batch_size))
            elapsed = (time.perf_counter() - started) / len(chunk)
            for row, result in zip(chunk, results, strict=True):
                if isinstance(result, Attribution):
                    body = _SCHEMA.dump(answer(row.get("id"), result, elapsed, engine))
                else:  # the line answers with the document's problem, as the batch endpoint does
                    body = _PROBLEM.dump(document_problem(row.get("id"), result))
                sink.write(json.dumps(body, ensure_ascii=False))
                sink.write("\n")
            count += len(chunk)
            bar.update(len(chunk))
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quotes", description="Find and attribute the quotations of news articles.")
    parser.add_argument("path", nargs="?", default="-", help="article file (default: stdin)")
    parser.add_argument("--jsonl", action="store_true", help='read {"id", "text"} JSON lines, write one answer a line')
    parser.add_argument("--id", default=None, help="id to echo in a single article's answer")
    parser.add_argument("--model", default=None, help="spaCy model (default: QUOTES_MODEL or the embedded one)")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    engine = Engine.load(args.model or settings.model, settings.max_characters, settings.document_seconds)
    source = sys.stdin if args.path == "-" else open(args.path, encoding="utf-8")  # noqa: SIM115
    with source:
        if args.jsonl:
            run_jsonl(engine, source, sys.stdout, settings.pipe_batch_size, progress=sys.stderr.isatty())
            return 0
        text = source.read()
    started = time.perf_counter()
    result = engine.analyze(text)
    body = _SCHEMA.dump(answer(args.id, result, time.perf_counter() - started, engine))
    json.dump(body, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
