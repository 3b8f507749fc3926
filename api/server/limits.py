"""Per-client limits at nginx: the directives ``nginx.conf`` gets for the ``QUOTES_*`` limits.

A sync worker serves one request at a time, so one client that sends fast enough, or
many at once, holds every worker. nginx counts each client address in two shared-memory
zones: ``limit_req`` (a rate with a burst, ``nodelay``: a burst is served at once, not
queued behind the rate) and ``limit_conn`` (requests in flight). Over either it answers
429 itself, through ``error_page`` like its other errors, before a worker is involved.
A limit of 0 leaves its directives out.
"""

from __future__ import annotations

from ..settings import ServerSettings

#: 10 MB holds about 80,000 client addresses per zone (nginx's figure for 64-bit keys).
ZONE_SIZE = "10m"


def zones(server: ServerSettings) -> str:
    """The ``http`` block's zones, keyed on ``$limited_client`` (empty for the probes)."""
    lines = []
    if server.rate_limit:
        lines.append(f"limit_req_zone $limited_client zone=per_client:{ZONE_SIZE} rate={server.rate_limit}r/s;")
    if server.client_connections:
        lines.append(f"limit_conn_zone $limited_client zone=client_connections:{ZONE_SIZE};")
    return _indent(lines or ["# QUOTES_RATE_LIMIT=0 and QUOTES_CLIENT_CONNECTIONS=0: no per-client limits"], 4)


def directives(server: ServerSettings) -> str:
    """The ``server`` block's limits: 429, and a rejection logged at ``warn`` (nginx's error log)."""
    lines = []
    if server.rate_limit:
        lines += [
            # nginx refuses burst=0: no burst is the directive without one.
            f"limit_req zone=per_client{f' burst={server.rate_burst}' if server.rate_burst else ''} nodelay;",
            "limit_req_status 429;",
            "limit_req_log_level warn;",
        ]
    if server.client_connections:
        lines += [
            f"limit_conn client_connections {server.client_connections};",
            "limit_conn_status 429;",
            "limit_conn_log_level warn;",
        ]
    return _indent(lines or ["# no per-client limits"], 8)


def _indent(lines: list[str], spaces: int) -> str:
    return "\n".join(" " * spaces + line for line in lines)
