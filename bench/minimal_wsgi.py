"""Baseline for the tracking benchmark: the same indexed lookup, psycopg straight to JSON, no framework."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from typing import Any

import psycopg

DSN = os.environ["BENCH_DSN"]
SQL = (
    "SELECT d.code, d.status, d.submitted_at, d.received_at, d.due_at, d.finished_at, d.returned_at, "
    "d.timeliness, a.code, a.name FROM dossiers_dossier d JOIN organisation_agency a ON a.id = d.handling_agency_id "
    "WHERE d.code = %s"
)
_conn: psycopg.Connection[Any] | None = None


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    global _conn
    if _conn is None or _conn.closed:
        _conn = psycopg.connect(DSN, autocommit=True)
    code = environ.get("PATH_INFO", "").rsplit("/", 1)[-1]
    row = _conn.execute(SQL, (code,)).fetchone()
    if row is None:
        start_response("404 Not Found", [("Content-Type", "application/json")])
        return [b'{"code": "not_found"}']
    keys = [
        "code",
        "status",
        "submitted_at",
        "received_at",
        "due_at",
        "finished_at",
        "returned_at",
        "timeliness",
        "agency_code",
        "agency_name",
    ]
    body = json.dumps(dict(zip(keys, row, strict=True)), default=str, ensure_ascii=False).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
