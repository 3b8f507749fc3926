"""``quotes-serve``: the production stack, nginx in front of gunicorn, in one process tree.

gunicorn's sync workers read requests themselves, so a client that sends slowly holds a
worker; nginx reads every request whole first (gunicorn's own deployment advice). This
launcher is what the Dockerfile, ``make serve`` and the tests run: it renders
``deploy/nginx.conf`` for this instance (``QUOTES_BIND``, the body limit, timeouts), starts
gunicorn on a Unix socket in a private run directory and nginx unprivileged in front, and
supervises both: if either exits, it stops the other.

On SIGTERM it drains: gunicorn's ``/readyz`` answers 503 at once while both keep serving
for ``QUOTES_DRAIN_SECONDS``; then nginx stops accepting and finishes what it accepted,
and only then does gunicorn stop, so no accepted request meets a closed socket.
SIGINT (Ctrl-C) stops both at once.
"""

from __future__ import annotations

import argparse
import os
import pwd
import re
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType

from .settings import ServerSettings, Settings

NGINX_TEMPLATE = Path("deploy/nginx.conf")
GUNICORN_CONFIG = Path("gunicorn.conf.py")


class _Template(string.Template):
    delimiter = "%"  # nginx uses $ for its variables and @ for named locations


def nginx_address(bind: str) -> str:
    """gunicorn's bind syntax (``host:port``, ``unix:path``) as nginx's ``listen``."""
    if bind.startswith("unix:"):
        return bind
    match = re.fullmatch(r"\[?([^\]]*?)\]?:(\d+)", bind)
    if not match:
        raise ValueError(f"QUOTES_BIND must be host:port or unix:path, not {bind!r}")
    host, port = match.groups()
    return f"[{host}]:{port}" if ":" in host else f"{host or '0.0.0.0'}:{port}"


def render_nginx_config(template: str, server: ServerSettings, app: Settings, run_dir: Path) -> str:
    return _Template(template).substitute(
        listen=nginx_address(server.bind),
        upstream=f"unix:{run_dir / 'gunicorn.sock'}",
        run_dir=run_dir,
        max_body_bytes=app.max_body_bytes,
        proxy_timeout=server.upstream_timeout,
        shutdown_timeout=server.upstream_timeout + 5,
    )


def find_nginx() -> str:
    found = shutil.which("nginx", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"]))
    if not found:
        raise SystemExit("quotes-serve needs nginx: apt-get install nginx (make serve does it)")
    return found


class Stack:
    """gunicorn and nginx as child processes, and the order in which they stop."""

    def __init__(self, server: ServerSettings, app: Settings, environ: Mapping[str, str]) -> None:
        self.server = server
        self.own_run_dir = not server.run_dir
        self.run_dir = Path(server.run_dir or tempfile.mkdtemp(prefix="quotes-run-")).resolve()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        config = render_nginx_config(NGINX_TEMPLATE.read_text(), server, app, self.run_dir)
        (self.run_dir / "nginx.conf").write_text(config)
        # gunicorn keeps its drain going until the second SIGTERM, sent once nginx has
        # stopped; its own deadline is only a backstop should this process die.
        env = dict(environ) | {"QUOTES_DRAIN_SECONDS": str(server.drain_seconds + server.upstream_timeout + 10)}
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        socket = f"unix:{self.run_dir / 'gunicorn.sock'}"
        command = [gunicorn, "-c", str(GUNICORN_CONFIG), "--bind", socket, "api.wsgi:app"]
        self.gunicorn = subprocess.Popen(command, env=env)
        # Started as root, nginx would hand its workers to "nobody", who may not reach the
        # run directory: they run as this user instead, as gunicorn's workers do.
        directives = "daemon off;" + (f" user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else "")
        nginx = [find_nginx(), "-p", f"{self.run_dir}/", "-c", str(self.run_dir / "nginx.conf"), "-g", directives]
        self.nginx = subprocess.Popen(nginx, env=env)

    def wait(self) -> int:
        """Run until a signal or a child's exit; then stop both, in order."""
        signals: list[int] = []

        def note(signum: int, _: FrameType | None) -> None:
            signals.append(signum)

        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, note)
        while not signals and self.gunicorn.poll() is None and self.nginx.poll() is None:
            time.sleep(0.2)
        if signals and signals[0] != signal.SIGINT:
            return self.drain()
        return self.stop(fast=bool(signals))

    def drain(self) -> int:
        self.gunicorn.send_signal(signal.SIGTERM)  # /readyz: 503 from now on
        deadline = time.monotonic() + self.server.drain_seconds
        while time.monotonic() < deadline and self.gunicorn.poll() is None and self.nginx.poll() is None:
            time.sleep(0.1)
        return self.stop(fast=False)

    def stop(self, *, fast: bool) -> int:
        """nginx first (it finishes what it accepted unless ``fast``), then gunicorn."""
        if self.nginx.poll() is None:
            self.nginx.send_signal(signal.SIGTERM if fast else signal.SIGQUIT)
        try:
            self.nginx.wait(timeout=self.server.upstream_timeout + 10)
        except subprocess.TimeoutExpired:
            self.nginx.kill()
            self.nginx.wait()
        if self.gunicorn.poll() is None:
            self.gunicorn.send_signal(signal.SIGINT if fast else signal.SIGTERM)
        self.gunicorn.wait()
        if self.own_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)
        return self.gunicorn.returncode or self.nginx.returncode or 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quotes-serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--print-nginx-config", action="store_true", help="print the rendered nginx config and exit")
    args = parser.parse_args(argv)
    server, app = ServerSettings.from_env(), Settings.from_env()
    if args.print_nginx_config:
        run_dir = Path(server.run_dir or "/run/quotes")
        print(render_nginx_config(NGINX_TEMPLATE.read_text(), server, app, run_dir), end="")
        return 0
    return Stack(server, app, os.environ).wait()


if __name__ == "__main__":
    sys.exit(main())
