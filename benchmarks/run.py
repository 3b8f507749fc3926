"""Every benchmark in one run: ``make bench`` (or ``python -m benchmarks.run --eval PATH``)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from api.tools.evaluate import missing_dev_set
from benchmarks import engine, frontpage, http, memory, soak, spark


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval", default=None, help="annotated JSONL whose texts the engine benchmark times")
    args = parser.parse_args(argv)
    if args.eval and not Path(args.eval).is_file():
        print(missing_dev_set(args.eval), file=sys.stderr)
        return 2
    report = {
        "engine": engine.main(["--eval", args.eval] if args.eval else []),
        "http": http.main([]),
        "memory": memory.main([]),
        "frontpage": frontpage.main([]),
        "soak": soak.main(["--eval", args.eval] if args.eval else []),
    }
    if args.eval:  # quotes-spark against the CLI needs a corpus: the dev articles' texts
        report["spark"] = spark.main(["--eval", args.eval])
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
