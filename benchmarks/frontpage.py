"""How long the front page takes to draw an answer, in Debian's headless Chromium.

    python -m benchmarks.frontpage            # seed 004, and seed 004 repeated to 100,000 characters

The answers come from the real engine in-process; the page is served by the real app on a
free loopback port, and ``window.quotesPage.show`` draws each answer in the page, timed
with ``performance.now()`` up to the first layout after it (the work that could freeze the
page). Best of ``--repeats`` runs.
"""

from __future__ import annotations

import argparse
import json
import shutil
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from api.engine import Engine
from api.settings import DEFAULT_MODEL, Settings
from api.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
DRAW = """([answer, text, repeats]) => {
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    window.quotesPage.show(answer, text);
    document.body.offsetHeight;  // force the layout the drawing causes
    times.push(performance.now() - started);
  }
  return {best_ms: Math.min(...times), nodes: document.querySelectorAll('#article *').length};
}"""


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    seed = (ROOT / "seeds" / "004_e01055c4d54c61ae.txt").read_text(encoding="utf-8")
    longest = ((seed + "\n\n") * (100_000 // (len(seed) + 2) + 1))[:100_000]
    engine = Engine.load(DEFAULT_MODEL, 100_000)
    app = create_app(settings=Settings(), engine=engine)
    client = app.test_client()
    answers = {}
    for name, text in [("seed 004", seed), ("100,000 characters", longest)]:
        answers[name] = (client.post("/v1/attributions", json={"text": text}).get_json(), text)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    report: dict[str, Any] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"http://127.0.0.1:{httpd.server_port}/")
            report["chromium"] = browser.version
            for name, (answer, text) in answers.items():
                drawn = page.evaluate(DRAW, [answer, text, args.repeats])
                report[name] = {
                    "characters": len(text),
                    "quotes": len(answer["quotes"]),
                    "elements": drawn["nodes"],
                    "draw_ms": round(drawn["best_ms"], 1),
                }
            browser.close()
    finally:
        httpd.shutdown()
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
