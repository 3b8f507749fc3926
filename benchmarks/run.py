"""Every benchmark in one run: ``make bench`` (or ``python -m benchmarks.run --eval PATH``)."""

from __future__ import annotations

import argparse
import json

from benchmarks import engine, http, memory, spark


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", default=None, help="annotated JSONL whose texts the engine benchmark times")
    args = parser.parse_args()
    report = {
        "engine": engine.main(["--eval", args.eval] if args.eval else []),
        "http": http.main([]),
        "memory": memory.main([]),
    }
    if args.eval:  # quotes-spark against the CLI needs a corpus: the dev articles' texts
        report["spark"] = spark.main(["--eval", args.eval])
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
