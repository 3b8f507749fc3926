"""gunicorn settings for a CPU-bound spaCy service.

Sync workers, because spaCy's memory zones are per process and one request at a time
keeps each worker's memory flat; the model is loaded once in the master before forking
(``preload_app``) so workers share its pages; one worker per usable core by default.
Every value can be changed with a ``QUOTES_`` environment variable.
"""

import os
import tempfile

from api.settings import Settings

_settings = Settings.from_env()


def _int(name: str, default: int) -> int:
    return int(os.environ.get(f"QUOTES_{name}", default))


# Prometheus metrics from every worker, summed in /metrics. It must be set before
# prometheus_client is first imported, which preloading the app does.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="quotes-metrics-"))
os.environ.setdefault("OMP_NUM_THREADS", "1")

bind = os.environ.get("QUOTES_BIND", "127.0.0.1:8000")
workers = _int("WORKERS", len(os.sched_getaffinity(0)))
worker_class = "sync"
preload_app = True
# The largest allowed batch takes a few seconds per 100,000 characters on one core.
timeout = _int("TIMEOUT", max(60, _settings.max_batch_characters // 10_000 * 3))
graceful_timeout = 30
keepalive = 5
# A safety net only: the engine's housekeeping keeps a worker's memory flat (BENCHMARKS.md),
# and with preload_app a fresh worker is a fork, not a model load.
max_requests = _int("MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
accesslog = None  # the app logs one JSON line per request itself
errorlog = "-"
limit_request_line = 8190


def child_exit(server, worker):  # noqa: ANN001, ANN201 - gunicorn's hook signature
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
