"""gunicorn's own error answers as problem+json, like every other error of the service.

gunicorn answers some requests without the app: a malformed request line or header
(400), an unknown transfer coding (501), a request line or headers over its limits (414,
431), and a worker killed at its timeout (500). It writes those as ``text/html`` through
``gunicorn.util.write_error``; ``install`` swaps in a writer of RFC 9457 bodies with the
same status. Behind nginx only the timeout's 500 still reaches a client this way.
"""

from __future__ import annotations

import json
import socket
from typing import Any

import gunicorn.util

PROBLEM_JSON = "application/problem+json"


def write_problem(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """``gunicorn.util.write_error``'s signature, a problem+json body."""
    detail = mesg or "The worker failed to answer (it may have reached its timeout)."
    body = json.dumps({"type": "about:blank", "title": reason, "status": status_int, "detail": detail}).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\nContent-Type: {PROBLEM_JSON}\r\n"
        f"X-Content-Type-Options: nosniff\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    gunicorn.util.write_nonblock(sock, head.encode("latin-1") + body)  # type: ignore[no-untyped-call]


def install() -> None:
    """Replace gunicorn's HTML error writer in this process and every fork of it."""
    module: Any = gunicorn.util
    module.write_error = write_problem
