"""gunicorn settings for a CPU-bound spaCy service.

Sync workers, because spaCy's memory zones are per process and one request at a time
keeps each worker's memory flat; the model is loaded once in the master before forking
(``preload_app``) so workers share its pages; one worker per usable core by default.
Sync workers read requests themselves, so in production nginx sits in front and hands
them whole requests (``quotes-serve``, README "Running in production").
Every value can be changed with a ``QUOTES_`` environment variable (``ServerSettings``).
"""

import os
import shutil
import tempfile
from typing import Any

from api.settings import ServerSettings

_server = ServerSettings.from_env()

# Prometheus metrics from every worker, summed in /metrics. It must be set before
# prometheus_client is first imported, which preloading the app does. A directory made
# here is removed at exit (on_exit); one the deployment names is left alone.
if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="quotes-metrics-")
    # Inherited by a master re-executed with USR2, which then owns (and removes) it.
    os.environ["QUOTES_METRICS_DIR_IS_OURS"] = os.environ["PROMETHEUS_MULTIPROC_DIR"]
os.environ.setdefault("OMP_NUM_THREADS", "1")

bind = _server.bind
workers = _server.workers
worker_class = "sync"
preload_app = True
# The largest allowed batch takes a few seconds per 100,000 characters on one core.
timeout = _server.timeout
# Workers finish the request they hold; nginx (quotes-serve) waits a little longer.
graceful_timeout = 30
keepalive = 5
# A safety net only: the engine's housekeeping keeps a worker's memory flat (BENCHMARKS.md),
# and with preload_app a fresh worker is a fork, not a model load.
max_requests = _server.max_requests
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = None  # the app logs one JSON line per request itself
errorlog = "-"
limit_request_line = 8190
# gunicorn 25+ opens a control socket at ~/.gunicorn/gunicorn.ctl by default, one path for
# every instance of a user: none unless QUOTES_CONTROL_SOCKET names this instance's own.
if _server.control_socket:
    control_socket = _server.control_socket
else:
    control_socket_disable = True


def when_ready(server: Any) -> None:  # gunicorn's hooks: the arbiter, a worker
    from api.server import errors as server_errors
    from api.server.drain import drain_on_sigterm

    server_errors.install()  # before the workers fork: gunicorn's own errors as problem+json
    drain_on_sigterm(server, server.app.wsgi().extensions["quotes"].drain, _server.drain_seconds)


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server: Any) -> None:
    ours = os.environ.get("QUOTES_METRICS_DIR_IS_OURS")
    # After USR2 the new master (reexec_pid) still writes there: it removes it at its exit.
    if ours and ours == os.environ.get("PROMETHEUS_MULTIPROC_DIR") and not server.reexec_pid:
        shutil.rmtree(ours, ignore_errors=True)
