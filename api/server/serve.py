"""``quotes-serve``: the production stack, nginx in front of gunicorn, in one process tree.

gunicorn's sync workers read requests themselves, so a client that sends slowly holds a
worker; nginx reads every request whole first (gunicorn's own deployment advice). This
launcher is what the Dockerfile, ``make serve`` and the tests run: it renders
``nginx.conf`` beside it for this instance (``QUOTES_BIND``, the body limit, timeouts), starts
gunicorn on a Unix socket in a private run directory and nginx unprivileged in front, and
supervises both: if either exits, it stops the other.

On SIGTERM it drains: gunicorn's ``/readyz`` answers 503 at once while both keep serving
for ``QUOTES_DRAIN_SECONDS``; then nginx stops accepting and finishes what it accepted,
and only then does gunicorn stop, so no accepted request meets a closed socket.
SIGINT (Ctrl-C) stops both at once. SIGHUP loads new code with no downtime: the app is
preloaded in gunicorn's master, so gunicorn's own reload cannot; a new gunicorn starts
beside the old one and nginx switches to it once it is ready (``Stack.reload``).
"""

from __future__ import annotations

import argparse
import http.client
import os
import pwd
import re
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType

from ..settings import ServerSettings, Settings
from . import limits

NGINX_TEMPLATE = Path(__file__).with_name("nginx.conf")
GUNICORN_CONFIG = Path(__file__).with_name("gunicorn_conf.py")


class _Template(string.Template):
    delimiter = "%"  # nginx uses $ for its variables


def nginx_address(bind: str) -> str:
    """gunicorn's bind syntax (``host:port``, ``unix:path``) as nginx's ``listen``."""
    if bind.startswith("unix:"):
        return bind
    match = re.fullmatch(r"\[?([^\]]*?)\]?:(\d+)", bind)
    if not match:
        raise ValueError(f"QUOTES_BIND must be host:port or unix:path, not {bind!r}")
    host, port = match.groups()
    return f"[{host}]:{port}" if ":" in host else f"{host or '0.0.0.0'}:{port}"


def render_nginx_config(
    template: str, server: ServerSettings, app: Settings, run_dir: Path, upstream: Path | None = None
) -> str:
    return _Template(template).substitute(
        listen=nginx_address(server.bind),
        upstream=f"unix:{upstream or run_dir / 'gunicorn.sock'}",
        run_dir=run_dir,
        max_body_bytes=app.max_body_bytes,
        proxy_timeout=server.upstream_timeout,
        shutdown_timeout=server.upstream_timeout + 5,
        client_limit_zones=limits.zones(server),
        client_limits=limits.directives(server),
    )


def find_nginx() -> str:
    found = shutil.which("nginx", path=os.pathsep.join([os.environ.get("PATH", ""), "/usr/sbin", "/usr/local/sbin"]))
    if not found:
        raise SystemExit("quotes-serve needs nginx: apt-get install nginx (make serve does it)")
    return found


class _UnixHTTPConnection(http.client.HTTPConnection):
    """HTTP to gunicorn's Unix socket, to ask a new instance's /readyz before nginx uses it."""

    def __init__(self, path: Path) -> None:
        super().__init__("localhost", timeout=10)
        self.path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        sock.connect(str(self.path))
        self.sock = sock


def _readyz(path: Path) -> int | None:
    """The status of gunicorn's /readyz on its socket; None if it does not answer."""
    connection = _UnixHTTPConnection(path)
    try:
        connection.request("GET", "/readyz")
        return connection.getresponse().status
    except OSError:
        return None
    finally:
        connection.close()


def _say(message: str) -> None:
    print(f"quotes-serve: {message}", file=sys.stderr, flush=True)


class Stack:
    """gunicorn and nginx as child processes, the order in which they stop, and reloads."""

    def __init__(self, server: ServerSettings, app: Settings, environ: Mapping[str, str]) -> None:
        self.server, self.app = server, app
        self.own_run_dir = not server.run_dir
        self.run_dir = Path(server.run_dir or tempfile.mkdtemp(prefix="quotes-run-")).resolve()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        # gunicorn keeps its drain going until the second SIGTERM, sent once nginx has
        # stopped; its own deadline is only a backstop should this process die.
        self.env = dict(environ) | {"QUOTES_DRAIN_SECONDS": str(server.drain_seconds + server.upstream_timeout + 10)}
        self.generation = 0
        self.draining = False
        if not self._write_nginx_config():
            if self.own_run_dir:
                shutil.rmtree(self.run_dir, ignore_errors=True)
            raise SystemExit("quotes-serve: nginx -t rejects the rendered nginx.conf")
        self.gunicorn = self._start_gunicorn()
        self.nginx = subprocess.Popen(self._nginx(self.run_dir / "nginx.conf"), env=self.env)

    def _socket(self) -> Path:
        return self.run_dir / f"gunicorn-{self.generation}.sock"

    def _start_gunicorn(self) -> subprocess.Popen[bytes]:
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        command = [gunicorn, "-c", str(GUNICORN_CONFIG), "--bind", f"unix:{self._socket()}", "api.web.wsgi:app"]
        return subprocess.Popen(command, env=self.env)

    def _nginx(self, config: Path, *options: str) -> list[str]:
        # Started as root, nginx would hand its workers to "nobody", who may not reach the
        # run directory: they run as this user instead, as gunicorn's workers do.
        directives = "daemon off;" + (f" user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else "")
        return [find_nginx(), *options, "-p", f"{self.run_dir}/", "-c", str(config), "-g", directives]

    def _write_nginx_config(self) -> bool:
        """Render the config for the current gunicorn; keep the old one if nginx rejects it."""
        config = render_nginx_config(NGINX_TEMPLATE.read_text(), self.server, self.app, self.run_dir, self._socket())
        candidate = self.run_dir / "nginx.conf.new"
        candidate.write_text(config)
        if subprocess.run(self._nginx(candidate, "-t", "-q"), env=self.env).returncode != 0:
            candidate.unlink()
            return False
        candidate.replace(self.run_dir / "nginx.conf")
        return True

    def wait(self) -> int:
        """Run until a signal or a child's exit; then stop both, in order. SIGHUP reloads."""
        signals: list[int] = []

        def note(signum: int, _: FrameType | None) -> None:
            signals.append(signum)

        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, note)
        while True:
            while not signals and self.gunicorn.poll() is None and self.nginx.poll() is None:
                time.sleep(0.2)
            if signals and set(signals) == {signal.SIGHUP}:
                signals.clear()
                self.reload()
                continue
            if signals and signal.SIGTERM in signals and signal.SIGINT not in signals:
                return self.drain()
            return self.stop(fast=bool(signals))

    def reload(self) -> None:
        """New code with no downtime: a new gunicorn beside the old, nginx switched to it
        once it is ready, the old one stopped once nginx's old workers have finished."""
        old, old_socket = self.gunicorn, self._socket()
        self.generation += 1
        new = self._start_gunicorn()
        if not self._ready(new):
            _say("the new gunicorn did not become ready: the old one keeps serving")
            if new.poll() is None:
                new.send_signal(signal.SIGINT)
            new.wait()
            self._socket().unlink(missing_ok=True)
            self.generation -= 1
            return
        old_workers = self._nginx_workers()
        if not self._write_nginx_config():
            _say("the new nginx config does not pass nginx -t: the old gunicorn keeps serving")
            new.send_signal(signal.SIGINT)
            new.wait()
            self.generation -= 1
            return
        self.nginx.send_signal(signal.SIGHUP)  # new workers, new upstream; the old ones finish
        self.gunicorn = new
        old.send_signal(signal.SIGTERM)  # its /readyz: 503; it still serves nginx's old workers
        self._until_draining(old_socket)
        deadline = time.monotonic() + self.server.upstream_timeout + 10
        while old_workers & self._nginx_workers() and time.monotonic() < deadline:
            time.sleep(0.1)
        old.send_signal(signal.SIGTERM)
        old.wait()
        old_socket.unlink(missing_ok=True)
        _say(f"reloaded: gunicorn {new.pid} serves, {old.pid} has stopped")

    def _ready(self, gunicorn: subprocess.Popen[bytes]) -> bool:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and gunicorn.poll() is None:
            if _readyz(self._socket()) == 200:
                return True
            time.sleep(0.2)
        return False

    @staticmethod
    def _until_draining(path: Path) -> None:
        """Wait (briefly) until gunicorn has taken a SIGTERM: two sent at once may arrive as one."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and _readyz(path) not in (503, None):
            time.sleep(0.05)

    def _nginx_workers(self) -> set[int]:
        pid = self.nginx.pid
        return {int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}

    def drain(self) -> int:
        self.draining = True
        deadline = time.monotonic() + self.server.drain_seconds
        self.gunicorn.send_signal(signal.SIGTERM)  # /readyz: 503 from now on
        self._until_draining(self._socket())
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
        if self.gunicorn.poll() is None and fast:
            self.gunicorn.send_signal(signal.SIGINT)
        elif self.gunicorn.poll() is None:
            if not self.draining:
                self.gunicorn.send_signal(signal.SIGTERM)  # the first starts its drain,
                self._until_draining(self._socket())
            self.gunicorn.send_signal(signal.SIGTERM)  # the second ends it: nothing more can come
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
