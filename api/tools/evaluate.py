"""Score the engine against annotated articles (JSON lines, one article a line).

The scoring follows the annotated set's own README: quotes are paired one-to-one,
greedily by word-token Jaccard overlap (>= 0.5); predictions paired only with optional
gold quotes are left out; a speaker is correct when its mention overlaps the gold
speaker span or its name matches a gold name (titles and possessives ignored, the same
last name counts).

    quotes-eval ../shared/eval/polnear-dev.jsonl          # a table
    quotes-eval ../shared/eval/polnear-dev.jsonl --json   # the same figures as JSON
"""

from __future__ import annotations

import argparse
import json
import re
import string
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine import Attribution, Engine
from ..settings import Settings

_WORD = re.compile(r"\w+")
_STRIP = string.whitespace + string.punctuation + "“”‘’„«»‹›"
_TITLES = frozenset(
    """
    mr mrs ms dr sen rep gov gen col lt sgt prof president senator governor spokesman
    spokeswoman spokesperson secretary minister former the a an vice chairman
    """.split()
)
_PRONOUNS = frozenset("he she they it i we you him her them his its their".split())
TYPES = ("direct", "mixed", "indirect")


@dataclass
class Tally:
    """Counts for one slice (all quotes, or one type)."""

    predicted: int = 0
    gold: int = 0
    # true positives seen from the prediction's side (precision) and the gold side (recall)
    paired_p: int = 0
    paired_g: int = 0
    exact_p: int = 0
    exact_g: int = 0
    e2e_p: int = 0
    e2e_g: int = 0
    attributed: int = 0  # pairs whose gold quote has a speaker
    attributed_correct: int = 0
    named: int = 0  # ... whose gold speaker is not a bare pronoun
    named_correct: int = 0

    def figures(self) -> dict[str, float]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        def ratio(a: int, b: int) -> float:
            return a / b if b else 0.0

        lp, lr = ratio(self.paired_p, self.predicted), ratio(self.paired_g, self.gold)
        ep, er = ratio(self.exact_p, self.predicted), ratio(self.exact_g, self.gold)
        tp, tr = ratio(self.e2e_p, self.predicted), ratio(self.e2e_g, self.gold)
        return {
            "lenient_p": lp,
            "lenient_r": lr,
            "lenient_f1": f1(lp, lr),
            "exact_p": ep,
            "exact_r": er,
            "exact_f1": f1(ep, er),
            "attribution_acc": ratio(self.attributed_correct, self.attributed),
            "attribution_acc_named": ratio(self.named_correct, self.named),
            "e2e_p": tp,
            "e2e_r": tr,
            "e2e_f1": f1(tp, tr),
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass
class Score:
    overall: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=lambda: {t: Tally() for t in TYPES})
    errors: Counter[str] = field(default_factory=Counter)  # error category -> count

    def tallies(self, quote_type: str) -> list[Tally]:
        return [self.overall, self.by_type[quote_type]]


def _words(text: str, start: int, end: int) -> frozenset[int]:
    return frozenset(m.start() for m in _WORD.finditer(text, start, end))


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _strip(text: str) -> str:
    return text.strip(_STRIP)


def _name_key(name: str) -> str:
    words = [w for w in re.findall(r"[\w'’-]+", name.lower()) if w.rstrip(".") not in _TITLES]
    if not words:
        return ""
    last = re.sub(r"['’]s$", "", words[-1])
    return re.sub(r"^(al|el)-", "", last)


def speaker_correct(predicted: dict[str, Any], gold: dict[str, Any]) -> bool:
    if gold.get("speaker") is None:
        return predicted.get("speaker") is None
    if predicted.get("speaker") is None:
        return False
    if predicted["speaker_start"] < gold["speaker_end"] and gold["speaker_start"] < predicted["speaker_end"]:
        return True
    key = _name_key(predicted["speaker"])
    return bool(key) and any(_name_key(name) == key for name in gold.get("speaker_names") or [gold["speaker"]])


def score_article(text: str, gold: Sequence[dict[str, Any]], predicted: Sequence[dict[str, Any]], score: Score) -> None:
    """Add one article's counts to ``score``."""
    gold_words = [_words(text, g["start"], g["end"]) for g in gold]
    pred_words = [_words(text, p["start"], p["end"]) for p in predicted]
    candidates = sorted(
        (
            (j, pi, gi)
            for pi, pw in enumerate(pred_words)
            for gi, gw in enumerate(gold_words)
            if (j := _jaccard(pw, gw)) >= 0.5
        ),
        reverse=True,
    )
    pair_of: dict[int, int] = {}
    taken: set[int] = set()
    for _, pi, gi in candidates:
        if pi not in pair_of and gi not in taken:
            pair_of[pi] = gi
            taken.add(gi)
    for gi, g in enumerate(gold):
        if not g["optional"]:
            for tally in score.tallies(g["type"]):
                tally.gold += 1
            if gi not in taken:
                near = any(gold_words[gi] & words for words in pred_words)
                score.errors[f"missed {g['type']}: {'span boundary' if near else 'not found'}"] += 1
    for pi, p in enumerate(predicted):
        paired = pair_of.get(pi)
        if paired is not None and gold[paired]["optional"]:
            continue  # neither for nor against
        for tally in score.tallies(p["type"]):
            tally.predicted += 1
        if paired is None:
            near = any(pred_words[pi] & words for words in gold_words)
            score.errors[f"false {p['type']}: {'span boundary' if near else 'no quote there'}"] += 1
            continue
        g = gold[paired]
        correct = speaker_correct(p, g)
        if not correct and g.get("speaker") is not None:
            if p.get("speaker") is None:
                why = "no speaker predicted"
            elif g["speaker"].strip().lower() in _PRONOUNS:
                why = "gold is a bare pronoun, resolved to someone else"
            else:
                why = "another speaker"
            score.errors[f"wrong speaker: {why}"] += 1
        exact = _strip(text[p["start"] : p["end"]]) == _strip(text[g["start"] : g["end"]])
        named = g.get("speaker") is not None and g["speaker"].strip().lower() not in _PRONOUNS
        # Precision counts by the prediction's type, recall and attribution by the gold's.
        for tally in score.tallies(p["type"]):
            tally.paired_p += 1
            tally.exact_p += exact
            tally.e2e_p += correct
        for tally in score.tallies(g["type"]):
            tally.paired_g += 1
            tally.exact_g += exact
            tally.e2e_g += correct
            if g.get("speaker") is not None:
                tally.attributed += 1
                tally.attributed_correct += correct
                if named:
                    tally.named += 1
                    tally.named_correct += correct


def predictions(attribution: Attribution) -> list[dict[str, Any]]:
    """The engine's quotes in the scorer's prediction format."""
    rows = []
    for quote in attribution.quotes:
        speaker = quote.speaker
        rows.append(
            {
                "start": quote.content.start,
                "end": quote.content.end,
                "type": quote.type,
                "speaker": speaker.name if speaker else None,
                "speaker_start": speaker.mention.start if speaker else None,
                "speaker_end": speaker.mention.end if speaker else None,
            }
        )
    return rows


def evaluate(engine: Engine, articles: Iterable[dict[str, Any]]) -> Score:
    articles = list(articles)
    score = Score()
    for article, attribution in zip(articles, engine.analyze_many(a["text"] for a in articles), strict=True):
        # an article the engine fails on predicts nothing, and its quotes count as missed
        found = predictions(attribution) if isinstance(attribution, Attribution) else []
        score_article(article["text"], article["quotes"], found, score)
    return score


def report(score: Score) -> dict[str, dict[str, float]]:
    return {"overall": score.overall.figures()} | {t: score.by_type[t].figures() for t in TYPES}


def table(figures: dict[str, dict[str, float]]) -> str:
    columns = [
        ("lenient P/R/F1", ("lenient_p", "lenient_r", "lenient_f1")),
        ("exact P/R/F1", ("exact_p", "exact_r", "exact_f1")),
        ("attr acc (named)", ("attribution_acc", "attribution_acc_named")),
        ("end-to-end P/R/F1", ("e2e_p", "e2e_r", "e2e_f1")),
    ]
    header = f"{'':9} {'pred':>5} {'gold':>5}  " + "  ".join(f"{name:<20}" for name, _ in columns)
    lines = [header, "-" * len(header)]
    for row, values in figures.items():
        cells = "  ".join(f"{' '.join(f'{values[k]:.3f}' for k in keys):<20}" for _, keys in columns)
        lines.append(f"{row:9} {int(values['predicted']):>5} {int(values['gold']):>5}  {cells}")
    return "\n".join(lines)


def missing_dev_set(path: str) -> str:
    """One line for a user without the annotated articles, which this repository may not hold."""
    return (
        f"{path} not found: the annotated dev articles are not in this repository; they come from the "
        "shared folder beside the checkout (../shared/eval/polnear-dev.jsonl); name another file (make: EVAL=...)."
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quotes-eval", description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="annotated articles, JSON lines")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--errors", action="store_true", help="also count the errors by category")
    parser.add_argument("--model", default=None, help="spaCy model (default: the service's setting)")
    args = parser.parse_args(argv)
    if not Path(args.path).is_file():
        print(missing_dev_set(args.path), file=sys.stderr)
        return 2
    settings = Settings.from_env()
    engine = Engine.load(args.model or settings.model, settings.max_characters)
    with open(args.path, encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines if line.strip()]
    score = evaluate(engine, articles[: args.limit])
    figures: dict[str, Any] = report(score)
    if args.json:
        if args.errors:
            figures["errors"] = dict(sorted(score.errors.items()))
        print(json.dumps(figures, indent=2))
    else:
        print(table(figures))
        if args.errors:
            print("\nerrors by category (required gold quotes)")
            print("\n".join(f"{count:6}  {name}" for name, count in sorted(score.errors.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
