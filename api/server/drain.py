"""A graceful stop: on SIGTERM, stop being ready, keep serving for a while, then close.

gunicorn's own SIGTERM closes the listening socket at once, which resets every
connection still waiting in its backlog: requests that were accepted by the kernel are
lost. Orchestrators expect the other order: the instance reports "not ready"
(``/readyz`` answers 503), they stop routing to it, and only then does it close. The
flag is one byte of shared memory made before gunicorn forks its workers
(``preload_app``), so the master sets it and every worker's ``/readyz`` sees it.
"""

from __future__ import annotations

import logging
import mmap
import os
import signal
import threading
from typing import Any


class DrainFlag:
    """Set once the service is shutting down; shared with every process forked after it."""

    def __init__(self) -> None:
        self._memory = mmap.mmap(-1, 1)  # anonymous and shared: forks see one byte

    def set(self) -> None:
        self._memory[0] = 1

    def is_set(self) -> bool:
        return self._memory[0] == 1


def drain_on_sigterm(arbiter: Any, flag: DrainFlag, seconds: float) -> None:
    """Make the gunicorn master's first SIGTERM a drain.

    The first SIGTERM sets ``flag`` and keeps everything serving for ``seconds``; then
    (or at a second SIGTERM, which is how ``quotes-serve`` ends the drain once nginx
    has stopped) gunicorn's own graceful stop runs: the listener closes and workers
    finish the request they hold. SIGINT and SIGQUIT still stop at once.
    """
    log = logging.getLogger("gunicorn.error")
    stop = type(arbiter).handle_term  # raises StopIteration: the arbiter's loop halts

    def handle_term() -> None:
        if flag.is_set() or seconds <= 0:
            flag.set()
            stop(arbiter)
        flag.set()
        log.info("Draining: /readyz answers 503; closing in %s s (or at the next SIGTERM)", seconds)
        timer = threading.Timer(seconds, os.kill, (os.getpid(), signal.SIGTERM))
        timer.daemon = True
        timer.start()

    arbiter.handle_term = handle_term
