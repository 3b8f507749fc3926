"""The front page: served from the package, then driven in Debian's headless Chromium.

The browser tests run the real app with the real model on a free loopback port
(werkzeug's server in a thread) and Playwright pointed at ``/usr/bin/chromium``;
``make test`` installs Chromium from Debian when it is missing, so they never skip.
Screenshots go to ``build/artefacts/``; ``make screenshot`` copies the seed view to
``docs/frontpage.png`` for the README.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from playwright.sync_api import Browser, Page, expect, sync_playwright
from werkzeug.serving import make_server

from api.engine import Engine
from api.settings import ServerSettings, Settings

if TYPE_CHECKING:
    from conftest import Stack
from api.web.app import create_app
from api.web.frontpage import CONTENT_SECURITY_POLICY, SEEDS, headline

ROOT = Path(__file__).resolve().parent.parent
ARTEFACTS = ROOT / "build" / "artefacts"
SEED = "004_e01055c4d54c61ae.txt"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# ---- the page as the server sends it -------------------------------------------------


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_frontpage_is_served_with_a_policy_its_own_files_satisfy(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    parser = _Tags()
    parser.feed(response.get_data(as_text=True))
    tags = parser.tags
    # No inline script or style for the policy to block, nothing from another origin.
    assert [a.get("src") for t, a in tags if t == "script"] == ["/static/frontpage.js"]
    assert not [t for t, a in tags if t == "style" or "style" in a or any(k.startswith("on") for k in a)]
    links = [a.get("href") or a.get("src") for _, a in tags if a.get("href") or a.get("src")]
    assert links and all(str(link).startswith(("/", "#")) for link in links), links
    for link in links:
        if str(link).startswith("/static/"):
            assert client.get(str(link)).status_code == 200, link
    assert "/docs" in links


@pytest.mark.parametrize(
    ("path", "mimetype"),
    [
        ("/static/frontpage.js", "text/javascript"),
        ("/static/frontpage.css", "text/css"),
        ("/static/favicon.svg", "image/svg+xml"),
        (f"/static/seeds/{SEED}", "text/plain"),
    ],
)
def test_frontpage_assets(client: FlaskClient, path: str, mimetype: str) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.mimetype == mimetype
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_frontpage_seeds_are_the_repository_seeds() -> None:
    """The package ships copies (the installed service has no checkout); they must not drift."""
    shipped = {path.name: path.read_bytes() for path in SEEDS.glob("*.txt")}
    assert shipped == {path.name: path.read_bytes() for path in (ROOT / "seeds").glob("*.txt")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Site.com\n\nMay 4 2024\n\nTies warm after the victory\n\nBody.", "Ties warm after the victory"),
        ("World\nGet the news from around the world.\nA Victory Proves Things\n", "A Victory Proves Things"),
        ("Short\n\nAll sentences end here.", "Short"),
    ],
)
def test_frontpage_headline(text: str, expected: str) -> None:
    assert headline(text) == expected


def _luminance(colour: str) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else float(((channel + 0.055) / 1.055) ** 2.4)

    red, green, blue = (linear(int(colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(a: str, b: str) -> float:
    light, dark = sorted([_luminance(a), _luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_frontpage_speaker_colours_keep_contrast() -> None:
    """WCAG AA: article text on each speaker's fill, white labels on each speaker's line colour."""
    css = (SEEDS.parent / "frontpage.css").read_text(encoding="utf-8")
    ink = re.search(r"--ink: (#[0-9a-f]{6})", css)
    palette = re.findall(r"\.c\d+ \{ --fill: (#[0-9a-f]{6}); --line: (#[0-9a-f]{6}); \}", css)
    assert ink and len(palette) == 11
    for fill, line in palette:
        assert contrast(ink.group(1), fill) >= 7, fill
        assert contrast("#ffffff", line) >= 4.5, line
        assert contrast(line, fill) >= 3, (line, fill)  # underlines and frames against the fill


# ---- the page in a browser -----------------------------------------------------------


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """``app`` on a free loopback port (werkzeug's server in a thread); yields its URL."""
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(engine: Engine) -> Iterator[str]:
    """The real app and model with the service's default limits, on a free loopback port."""
    with serving(create_app(settings=Settings(), engine=engine)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


class Watched:
    """A page with everything it asked for and everything it complained about."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.requests: list[str] = []
        self.problems: list[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", lambda message: self._console(message.type, message.text))
        page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))

    def _console(self, kind: str, text: str) -> None:
        if kind == "error" and "status of 422" not in text:  # a 422 is the page's own test
            self.problems.append(f"{kind}: {text}")


def open_page(browser: Browser, server: str, **context: Any) -> Watched:
    page = browser.new_context(**({"viewport": {"width": 1280, "height": 1100}} | context)).new_page()
    page.set_default_timeout(60_000)
    watched = Watched(page)
    page.goto(server)
    return watched


@pytest.fixture()
def watched(browser: Browser, server: str) -> Iterator[Watched]:
    watched = open_page(browser, server)
    yield watched
    watched.page.context.close()
    assert all(url.startswith(server) for url in watched.requests), watched.requests
    assert watched.problems == []


def attribute(page: Page, text: str | None = None, seed: str | None = None) -> None:
    if seed:
        page.locator(f'button.seed[data-name="{seed}"]').click()
        expect(page.locator("#text")).to_have_value((ROOT / "seeds" / seed).read_text(encoding="utf-8"))
    else:
        page.locator("#text").fill(text or "")
    page.get_by_role("button", name="Attribute quotes").click()


def answer_for(server: str, text: str) -> dict[str, Any]:
    response = requests.post(f"{server}/v1/attributions", json={"text": text}, timeout=120)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def speaker_quotes(answer: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [q for q in answer["quotes"] if q["speaker"] and q["speaker"]["name"] == name]


def screenshots(page: Page) -> None:
    """The seed view: the README's picture (the first screen) and the whole page."""
    page.mouse.move(0, 0)
    page.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTEFACTS / "frontpage-full.png", full_page=True)
    top = {"x": 0, "y": 0, "width": 1280, "height": 1400}
    page.screenshot(path=ARTEFACTS / "frontpage.png", full_page=True, clip=top)


@pytest.mark.slow
def test_frontpage_seed_article_shows_quotes_and_speakers(watched: Watched, server: str) -> None:
    page = watched.page
    text = (ROOT / "seeds" / SEED).read_text(encoding="utf-8")
    expected = answer_for(server, text)
    page.locator(f'button.seed[data-name="{SEED}"]').click()
    expect(page.locator("#text")).to_have_value(text)
    page.get_by_role("button", name="Attribute quotes").click()
    expect(page.locator("#summary")).to_contain_text(f"{len(expected['quotes'])} quotes")
    article = page.locator("#article")
    assert article.text_content() == text  # every character, in order, nothing added

    for name in ("Charles Lister", "John Kirby"):
        quotes = speaker_quotes(expected, name)
        assert quotes, name
        for quote in quotes:
            pieces = article.locator(f'.q[data-q="{quote["id"]}"]')
            assert "".join(pieces.all_text_contents()) == quote["content"]["text"]
            assert pieces.last.get_attribute("data-label") == name
            assert pieces.first.get_attribute("tabindex") == "0"
            style = pieces.first.evaluate(
                "n => [getComputedStyle(n).backgroundColor, getComputedStyle(n).textDecorationLine]"
            )
            highlighted = style[0] != "rgba(0, 0, 0, 0)" if quote["type"] == "direct" else "underline" in style[1]
            assert highlighted, (quote["type"], style)
            assert f"q-{quote['type']}" in str(pieces.first.get_attribute("class"))
            mention = quote["speaker"]["mention"]["text"]
            assert mention in article.locator(f'.mention[data-speaker="{quote["speaker"]["id"]}"]').all_text_contents()
        expect(page.locator("#speakers")).to_contain_text(name)

    # Focus shows who, how, the cue and the confidence.
    lister = speaker_quotes(expected, "Charles Lister")
    article.locator(f'.q[data-q="{lister[0]["id"]}"]').first.focus()
    tip = page.locator("#tip")
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Charles Lister")
    expect(tip).to_contain_text(f"{round(lister[0]['confidence'] * 100)}%")
    if lister[0]["cue"]:
        expect(tip).to_contain_text(lister[0]["cue"]["text"])
    page.keyboard.press("Escape")
    expect(tip).to_be_hidden()

    screenshots(page)

    # A speaker's button shows only their quotes; pressing it again shows them all.
    button = page.locator("#speakers button.speaker", has_text="Charles Lister")
    expect(button).to_contain_text(f"{len(lister)} quotes")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    lister_id = lister[0]["speaker"]["id"]
    shown = article.locator(".q:not(.dim)")
    assert {shown.nth(i).get_attribute("data-speaker") for i in range(shown.count())} == {lister_id}
    assert article.locator(f'.q[data-speaker="{lister_id}"].dim').count() == 0
    kirby = speaker_quotes(expected, "John Kirby")[0]
    expect(article.locator(f'.q[data-q="{kirby["id"]}"]').first).to_have_class(re.compile(r"\bdim\b"))
    expect(page.locator("#filter-bar")).to_contain_text("Charles Lister")
    undimmed = article.locator(".cue:not(.dim), .mention:not(.dim)")
    assert undimmed.evaluate_all("(nodes, id) => nodes.every(n => n.dataset.speaker === id)", lister_id)
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")
    assert article.locator(".q.dim").count() == 0

    # The raw answer, on demand.
    toggle = page.get_by_role("button", name="Show the JSON answer")
    toggle.click()
    expect(page.locator("#json")).to_be_visible()
    shown_answer = json.loads(str(page.locator("#json").text_content()))
    assert shown_answer["quotes"] == expected["quotes"] and shown_answer["speakers"] == expected["speakers"]
    page.get_by_role("button", name="Hide the JSON answer").click()
    expect(page.locator("#json")).to_be_hidden()

    # Quotes with no speaker are listed too.
    orphans = [q for q in expected["quotes"] if not q["speaker"]]
    expect(page.locator("#orphans button.orphan")).to_have_count(len(orphans))


@pytest.mark.slow
def test_frontpage_empty_text_shows_the_422_detail(watched: Watched, server: str) -> None:
    page = watched.page
    problem = requests.post(f"{server}/v1/attributions", json={"text": ""}, timeout=30).json()
    attribute(page, "“Before,” Anna Berg said.")
    expect(page.locator("#result")).to_be_visible()
    attribute(page, "")
    expect(page.locator("#error")).to_be_visible()
    expect(page.locator("#error-title")).to_have_text(f"422 {problem['title']}")
    expect(page.locator("#error-detail")).to_have_text(problem["detail"])
    for error in problem["errors"]:
        expect(page.locator("#error-list")).to_contain_text(error["detail"])
    expect(page.locator("#result")).to_be_hidden()  # the last answer was for another text


@pytest.mark.slow
def test_frontpage_oversized_body_shows_the_413_detail(browser: Browser, engine: Engine) -> None:
    app = create_app(settings=Settings(max_characters=5_000, max_body_bytes=20_000), engine=engine)
    with serving(app) as base:
        problem = requests.post(f"{base}/v1/attributions", json={"text": "x" * 30_000}, timeout=30).json()
        watched = open_page(browser, base)
        attribute(watched.page, "x" * 30_000)
        expect(watched.page.locator("#error-title")).to_have_text(f"413 {problem['title']}")
        expect(watched.page.locator("#error-detail")).to_have_text(problem["detail"])
        watched.page.context.close()


@pytest.mark.slow
def test_frontpage_asks_for_the_api_key_once(browser: Browser, engine: Engine, tmp_path: Path) -> None:
    """A service with keys answers 401: the page asks, sends the key, and asks again only for a wrong one."""
    key = "newsroom-key-7f3a"
    (tmp_path / "keys").write_text(f"{key}\n", encoding="utf-8")
    with serving(create_app(settings=Settings(api_keys_file=str(tmp_path / "keys")), engine=engine)) as base:
        watched = open_page(browser, base)
        page = watched.page
        sent: list[str | None] = []
        page.on(
            "request",
            lambda r: sent.append(r.headers.get("authorization")) if r.url == f"{base}/v1/attributions" else None,
        )
        form, field = page.locator("#key-form"), page.locator("#api-key")
        expect(form).to_be_hidden()  # nothing is asked before the service asks
        attribute(page, "“We open today,” Anna Berg said.")
        expect(form).to_be_visible()
        expect(field).to_be_focused()
        expect(page.locator("#result")).to_be_hidden()
        field.fill("not-the-key")
        page.get_by_role("button", name="Use this key").click()
        expect(page.locator("#key-hint")).to_contain_text("did not accept")
        field.fill(key)
        field.press("Enter")
        expect(page.locator("#summary")).to_contain_text("1 quote")
        expect(form).to_be_hidden()
        attribute(page, "“We close tomorrow,” Tom Reed said.")
        expect(page.locator("#status")).to_contain_text("Done")
        page.reload()  # the same tab keeps the key
        attribute(page, "“We stay open,” Anna Berg said.")
        expect(page.locator("#summary")).to_contain_text("1 quote")
        expect(form).to_be_hidden()
        page.context.close()
    assert sent == [None, "Bearer not-the-key"] + [f"Bearer {key}"] * 3
    assert [p for p in watched.problems if "status of 401" not in p] == []


@pytest.mark.slow
def test_frontpage_html_in_an_article_is_shown_as_text(watched: Watched) -> None:
    page = watched.page
    text = (
        "<script>window.ran = 'script'</script> <img src=x onerror=\"window.ran = 'img'\">\n\n"
        "“It is a <b>bold</b> plan,” Anna Berg said. <style>body{display:none}</style>"
    )
    attribute(page, text)
    expect(page.locator("#summary")).to_contain_text("1 quote")
    assert page.locator("#article").text_content() == text
    assert page.locator("#article script, #article img, #article b, #article style").count() == 0
    assert page.evaluate("window.ran") is None
    expect(page.locator("#speakers")).to_contain_text("Anna Berg")


@pytest.mark.slow
def test_frontpage_longest_article_renders_whole(watched: Watched, server: str) -> None:
    """An article at the 100,000-character limit: drawn whole (timings: benchmarks/frontpage.py)."""
    seed = (ROOT / "seeds" / SEED).read_text(encoding="utf-8")
    text = ((seed + "\n\n") * (100_000 // (len(seed) + 2) + 1))[:100_000]
    page = watched.page
    page.locator("#text").fill(text)
    expect(page.locator("#count")).to_have_text("100,000 / 100,000 characters")
    page.get_by_role("button", name="Attribute quotes").click()
    expect(page.locator("#summary")).to_contain_text("in 100,000 characters", timeout=180_000)
    assert page.locator("#article").text_content() == text
    quotes = page.locator("#article .q[tabindex='0']").count()
    assert quotes > 100 and quotes == page.locator("#descriptions > span").count()


@pytest.mark.slow
def test_frontpage_keyboard_only(watched: Watched) -> None:
    page = watched.page

    def tab_to(selector: str, limit: int = 120) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        pytest.fail(f"Tab never reached {selector}")

    tab_to(f'button.seed[data-name="{SEED}"]')
    page.keyboard.press("Enter")
    expect(page.locator("#status")).to_contain_text("Loaded example")
    tab_to("#attribute")
    page.keyboard.press("Enter")
    expect(page.locator("#summary")).to_contain_text("quotes")
    tab_to("#article .q")
    expect(page.locator("#tip")).to_be_visible()
    focused = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    expect(page.locator(f"#{focused}")).to_contain_text("confidence")
    tab_to("#speakers button.speaker")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.getAttribute('aria-pressed')") == "true"
    assert page.locator("#article .q.dim").count() > 0
    tab_to("#toggle-json")
    page.keyboard.press("Enter")
    expect(page.locator("#json")).to_be_visible()


@pytest.mark.slow
def test_frontpage_fits_a_phone(browser: Browser, server: str) -> None:
    watched = open_page(browser, server, viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = watched.page
    attribute(page, seed=SEED)
    expect(page.locator("#summary")).to_contain_text("quotes")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator("#speakers")).to_contain_text("Charles Lister")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTEFACTS / "frontpage-phone.png", full_page=False)
    page.locator("#article").evaluate("n => n.scrollIntoView()")
    page.screenshot(path=ARTEFACTS / "frontpage-phone-article.png", full_page=False)
    watched.page.context.close()
    assert watched.problems == []


@pytest.mark.slow
def test_frontpage_takes_a_dropped_or_opened_text_file(watched: Watched, tmp_path: Path) -> None:
    page = watched.page
    dropped = "“Dropped in,” Anna Berg said."
    page.evaluate(
        """text => {
          const data = new DataTransfer();
          data.items.add(new File([text], "article.txt", {type: "text/plain"}));
          const box = document.getElementById("text");
          box.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
        }""",
        dropped,
    )
    expect(page.locator("#text")).to_have_value(dropped)
    expect(page.locator("#status")).to_have_text("Loaded article.txt.")
    opened = tmp_path / "opened.txt"
    opened.write_text("“Opened,” Tom Reed said.", encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="open a file").click()
    chooser.value.set_files(opened)
    expect(page.locator("#text")).to_have_value("“Opened,” Tom Reed said.")
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n")
    page.locator("#file").set_input_files(picture)
    expect(page.locator("#error-title")).to_have_text("That is not a text file.")
    expect(page.locator("#text")).to_have_value("“Opened,” Tom Reed said.")


@pytest.mark.slow
def test_frontpage_offsets_are_code_points(watched: Watched, server: str) -> None:
    """Offsets count code points (Python) and JavaScript strings UTF-16 units: emoji must not shift marks."""
    text = "😀 𝒜 “We go now,” Anna Berg said. 🎉 She added that the vote was late."
    expected = answer_for(server, text)
    assert expected["quotes"]
    attribute(watched.page, text)
    article = watched.page.locator("#article")
    expect(article.locator(".q[tabindex='0']")).to_have_count(len(expected["quotes"]))
    assert article.text_content() == text
    for quote in expected["quotes"]:
        assert "".join(article.locator(f'.q[data-q="{quote["id"]}"]').all_text_contents()) == quote["content"]["text"]
        if quote["cue"]:
            assert quote["cue"]["text"] in article.locator(".cue").all_text_contents()


@pytest.mark.slow
def test_frontpage_draws_crossing_and_nested_spans(watched: Watched) -> None:
    """Spans that cross are cut where they cross; every character is drawn once, in order."""

    def span(start: int, end: int) -> dict[str, Any]:
        return {"start": start, "end": end, "text": text[start:end]}

    text = "Ann said that Bob thinks that it is late, and so on."
    speakers = [
        {"id": "s1", "name": "Ann", "kind": "person", "mentions": [span(0, 3)], "descriptors": [], "quote_ids": ["q1"]},
        {
            "id": "s2",
            "name": "Bob",
            "kind": "person",
            "mentions": [span(14, 17)],
            "descriptors": [],
            "quote_ids": ["q2"],
        },
    ]
    quotes = [
        {
            "id": "q1",
            "type": "indirect",
            "content": span(9, 40),
            "quoted": [],
            "cue": {**span(4, 8), "lemma": "say"},
            "speaker": {"id": "s1", "name": "Ann", "mention": span(0, 3)},
            "confidence": 0.7,
        },
        {
            "id": "q2",
            "type": "mixed",
            "content": span(25, 51),
            "quoted": [span(30, 45)],
            "cue": {**span(18, 24), "lemma": "think"},
            "speaker": {"id": "s2", "name": "Bob", "mention": span(14, 17)},
            "confidence": 0.5,
        },
    ]
    answer = {"id": None, "quotes": quotes, "speakers": speakers, "meta": {"characters": len(text), "elapsed_ms": 1.0}}
    page = watched.page
    page.evaluate("([answer, text]) => window.quotesPage.show(answer, text)", [answer, text])
    article = page.locator("#article")
    assert article.text_content() == text
    for quote in quotes:
        pieces = article.locator(f'.q[data-q="{quote["id"]}"]')
        assert "".join(pieces.all_text_contents()) == quote["content"]["text"]
        assert pieces.first.get_attribute("tabindex") == "0"
        assert pieces.last.get_attribute("data-label") == quote["speaker"]["name"]
    assert article.locator(".q-mixed .qt").all_text_contents() == ["it is late", ", and"]
    assert article.locator(".cue").all_text_contents() == ["said", "thinks"]
    assert article.locator(".mention").all_text_contents() == ["Ann", "Bob"]


def test_frontpage_make_test_installs_the_browser() -> None:
    """CI is a fresh machine: `make test` itself installs Debian's chromium where it is missing."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_target = re.search(r"^test: (.*)$", makefile, re.MULTILINE)
    assert test_target and "browser" in test_target.group(1).split()
    recipe = makefile.split("\nbrowser:", 1)[1].split("\n\n", 1)[0]
    assert "command -v chromium" in recipe and "apt-get" in recipe and "install -y" in recipe


@pytest.mark.slow
def test_frontpage_policy_blocks_inline_script(browser: Browser, server: str) -> None:
    """The second line of defence: even a script element put in the page by hand does not run."""
    watched = open_page(browser, server)
    ran = watched.page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.inline = 1";
          document.body.append(script);
          return window.inline;
        }"""
    )
    watched.page.context.close()
    assert ran is None
    assert any("Content Security Policy" in problem for problem in watched.problems), watched.problems


@pytest.mark.slow
def test_docs_page_takes_the_api_key_and_sends_it(browser: Browser, engine: Engine, tmp_path: Path) -> None:
    """/docs on a service with keys: "Try it out" answers 401 until the key is entered under "Authorize"."""
    key = "docs-key-2c9e"
    (tmp_path / "keys").write_text(f"{key}\n", encoding="utf-8")
    with serving(create_app(settings=Settings(api_keys_file=str(tmp_path / "keys")), engine=engine)) as base:
        page = browser.new_page()
        page.set_default_timeout(60_000)
        sent: list[str | None] = []
        page.on(
            "request",
            lambda r: sent.append(r.headers.get("authorization")) if r.url == f"{base}/v1/attributions" else None,
        )
        page.goto(f"{base}/docs")
        operation = page.locator(".opblock-post", has_text="/v1/attributions").first
        operation.locator(".opblock-summary").click()
        operation.get_by_role("button", name="Try it out").click()
        status = operation.locator(".live-responses-table tbody .response-col_status")
        operation.get_by_role("button", name="Execute").click()
        expect(status).to_have_text("401")
        page.get_by_role("button", name="Authorize").first.click()
        page.locator("#auth-bearer-value").fill(key)
        page.get_by_role("button", name="Apply credentials").click()
        page.get_by_role("button", name="Close").click()
        operation.get_by_role("button", name="Execute").click()
        expect(status).to_have_text("200")
        page.context.close()
    assert sent == [None, f"Bearer {key}"]


@pytest.mark.slow
def test_frontpage_and_docs_fit_the_default_client_limits(
    browser: Browser, production_stack: Callable[..., AbstractContextManager[Stack]], tmp_path: Path
) -> None:
    """Through nginx with the default per-client limits: the pages and their own requests never meet a 429."""
    defaults = ServerSettings()
    limits = {
        "QUOTES_RATE_LIMIT": str(defaults.rate_limit),
        "QUOTES_RATE_BURST": str(defaults.rate_burst),
        "QUOTES_CLIENT_CONNECTIONS": str(defaults.client_connections),
    }
    with production_stack(tmp_path, **limits) as stack:
        watched = open_page(browser, stack.url)
        page = watched.page
        statuses: list[int] = []
        page.on("response", lambda response: statuses.append(response.status))
        for _ in range(2):  # the page twice, an example attributed, the docs
            page.reload()
            attribute(page, seed=SEED)
            expect(page.locator("#summary")).to_contain_text("quotes")
        page.goto(f"{stack.url}/docs")
        expect(page.get_by_role("button", name="Authorize").first).to_be_visible()
        page.context.close()
    assert watched.problems == []
    assert len(statuses) >= 20 and set(statuses) <= {200, 304}, statuses
