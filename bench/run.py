"""Benchmarks: each measures MotCua and a baseline in the same run, on the same PostgreSQL.

Prints ``RATIO <name> <value>`` (ours relative to the baseline, higher is better) and
``PEAK p50_ms=… p99_ms=… errors=…``, and writes BENCHMARKS.md. Run with ``make bench``;
``BENCH_DOSSIERS=100000 make bench`` for a quick run. Other knobs: BENCH_SECONDS (30),
BENCH_CLIENTS (2), BENCH_PG (postgres://postgres@127.0.0.1:5432), BENCH_REUSE=1 keeps a loaded
database of the same size.

- transitions: lifecycle transitions/s through our service layer (receive, assign, approve,
  refuse: lock, checks, history, outbox, counters) vs pgbench's built-in TPC-B-like script, same
  client count and duration.
- tracking: requests/s of GET /api/v1/track/{code} through gunicorn + Django vs a minimal WSGI app
  doing the same indexed query with psycopg under the same gunicorn settings; load by wrk.
- report: time of a plain SQL aggregate over the raw dossier table divided by the time of our
  yearly statutory report for the same period (which reads the maintained aggregates).
- submission: locust at the peak rate of a 1-million-dossiers-a-day profile (peak hour x5).
"""

from __future__ import annotations

import csv
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
N = int(os.environ.get("BENCH_DOSSIERS", "10000000"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "30"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "2"))
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = f"motcua_bench_{N}"
DSN = f"{PG}/{DB}"
DATA_DIR = Path(tempfile.gettempdir()) / f"motcua-bench-{N}"
PEAK_RATE = 1_000_000 / 86_400 * 5  # per second
results: dict[str, Any] = {}


def env() -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": DSN,
        "MOTCUA_DATA_DIR": str(DATA_DIR),
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "MOTCUA_LOG_LEVEL": "WARNING",
        "HOME": str(DATA_DIR),
        "MOTCUA_DEMO": "1",
    }  # the demo payment secrets pass the system check (motcua.core.E001)


def psql(sql: str, db: str = "postgres") -> str:
    return subprocess.run(
        ["psql", f"{PG}/{db}", "-qAtc", sql], check=True, capture_output=True, text=True
    ).stdout.strip()


def motcua(*args: str) -> str:
    return subprocess.run([str(BIN / "motcua"), *args], env=env(), check=True, capture_output=True, text=True).stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare() -> None:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{DB}'") == "1"  # noqa: S608 - fixed names, no input
    stamp = DATA_DIR / "load_seconds"
    if exists and os.environ.get("BENCH_REUSE") == "1":
        print(f"reusing {DB}", flush=True)
        if stamp.exists():  # the load time measured when this database was created
            results["load_seconds"] = float(stamp.read_text())
        return
    if exists:
        psql(f"DROP DATABASE {DB}")
    psql(f"CREATE DATABASE {DB}")
    motcua("migrate", "-v0")
    started = time.monotonic()
    print(motcua("demo-data", "--dossiers", str(N)).splitlines()[0], flush=True)
    results["load_seconds"] = time.monotonic() - started
    stamp.write_text(f"{results['load_seconds']:.1f}")
    psql("VACUUM ANALYZE", DB)


def setup_django() -> None:
    os.environ.update(env())
    import django

    django.setup()


def bench_report() -> None:
    from motcua.stats.services.report import period_bounds, statutory_report

    today = date.today()
    first, last = date(today.year - 1, today.month, 1), date(today.year, today.month, 1) - timedelta(days=1)
    start, end = period_bounds(first, last)
    sql = """
      SELECT d.field_id, a.level,
        count(*) FILTER (WHERE d.received_at < %(s)s AND (d.closed_at IS NULL OR d.closed_at >= %(s)s)) AS carried,
        count(*) FILTER (WHERE d.received_at >= %(s)s AND d.received_at < %(e)s AND d.channel = 2) AS online,
        count(*) FILTER (WHERE d.received_at >= %(s)s AND d.received_at < %(e)s AND d.channel <> 2) AS offline,
        count(*) FILTER (WHERE d.finished_at >= %(s)s AND d.finished_at < %(e)s AND d.timeliness = 'early') AS early,
        count(*) FILTER (WHERE d.finished_at >= %(s)s AND d.finished_at < %(e)s
                           AND d.timeliness = 'on_time') AS on_time,
        count(*) FILTER (WHERE d.finished_at >= %(s)s AND d.finished_at < %(e)s AND d.timeliness = 'late') AS late,
        count(*) FILTER (WHERE d.received_at < %(e)s AND (d.closed_at IS NULL OR d.closed_at >= %(e)s)
                           AND d.original_due_at < %(e)s) AS overdue,
        count(*) FILTER (WHERE d.received_at < %(e)s AND (d.closed_at IS NULL OR d.closed_at >= %(e)s)) AS open_end
      FROM dossiers_dossier d JOIN organisation_agency a ON a.id = d.receiving_agency_id
      WHERE d.received_at IS NOT NULL GROUP BY d.field_id, a.level"""
    import psycopg

    with psycopg.connect(DSN) as conn:
        plain = []
        for _ in range(3):
            t = time.perf_counter()
            conn.execute(sql, {"s": start, "e": end}).fetchall()
            plain.append(time.perf_counter() - t)
    ours = []
    for _ in range(3):
        t = time.perf_counter()
        statutory_report(date_from=first, date_to=last)
        ours.append(time.perf_counter() - t)
    results["report"] = (statistics.median(plain), statistics.median(ours))
    print(f"RATIO report {statistics.median(plain) / statistics.median(ours):.2f}", flush=True)
    print(
        f"  yearly report {first}..{last}: ours {statistics.median(ours) * 1000:.0f} ms, "
        f"plain SQL {statistics.median(plain) * 1000:.0f} ms",
        flush=True,
    )


def bench_transitions() -> None:
    # Fresh submitted dossiers at one agency, made in SQL from a generated one (no files needed).
    per_client = 20_000
    total = per_client * CLIENTS
    template = psql(
        "SELECT d.id FROM dossiers_dossier d JOIN catalogue_procedureversion v "
        "ON v.id = d.procedure_version_id WHERE NOT v.payment_before_processing AND d.receiving_agency_id = "
        "(SELECT id FROM organisation_agency WHERE code = 'H26.101') LIMIT 1",
        DB,
    )
    first = int(psql("SELECT COALESCE(MAX(id), 0) + 1 FROM dossiers_dossier", DB))
    cols = psql(
        "SELECT string_agg(column_name, ',') FROM information_schema.columns WHERE table_name = "
        "'dossiers_dossier' AND column_name NOT IN ('id', 'code', 'status', 'received_at', 'due_at', "
        "'original_due_at', 'finished_at', 'returned_at', 'closed_at', 'timeliness', 'version', "
        "'assignee_id', 'received_by_id', 'supplement_count')",
        DB,
    )
    psql(
        f"INSERT INTO dossiers_dossier (id, code, status, version, timeliness, supplement_count, {cols}) "  # noqa: S608 - column names from the catalog, numbers
        f"SELECT {first} + g, 'BENCH-' || ({first} + g), 'submitted', 1, '', 0, {cols} "
        f"FROM dossiers_dossier, generate_series(0, {total - 1}) g WHERE id = {template}",
        DB,
    )
    psql("SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), (SELECT MAX(id) FROM dossiers_dossier))", DB)
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "bench" / "transitions_worker.py"),
                str(first + i * per_client),
                str(first + (i + 1) * per_client),
                str(SECONDS),
            ],
            env=env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(CLIENTS)
    ]
    started = time.monotonic()
    done = sum(int(p.communicate()[0].strip().splitlines()[-1]) for p in procs)
    ours = done / (time.monotonic() - started)
    if psql("SELECT 1 FROM pg_database WHERE datname = 'motcua_pgbench'") != "1":
        psql("CREATE DATABASE motcua_pgbench")
        subprocess.run(["pgbench", "-i", "-s", "10", "-q", f"{PG}/motcua_pgbench"], check=True, capture_output=True)
    out = subprocess.run(
        ["pgbench", "-c", str(CLIENTS), "-j", str(CLIENTS), "-T", str(int(SECONDS)), "-n", f"{PG}/motcua_pgbench"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    results["transitions"] = (ours, tps)
    print(f"RATIO transitions {ours / tps:.2f}", flush=True)
    print(
        f"  ours {ours:.0f} transitions/s, pgbench TPC-B {tps:.0f} tps ({CLIENTS} clients, {SECONDS:.0f} s)", flush=True
    )


@contextmanager
def gunicorn(app: str, port: int, extra_env: dict[str, str]) -> Any:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--log-level",
            "warning",
            "--graceful-timeout",
            "5",
            "--chdir",
            str(ROOT / "bench"),
        ],
        env={**env(), **extra_env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        # Ready when a worker answers HTTP (the master accepts connections before its workers have
        # loaded the app); then a moment for the other worker, so no load hits a booting server.
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as probe:
                    probe.sendall(b"GET /api/v1/track/-probe- HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                    if probe.recv(12).startswith(b"HTTP/"):
                        break
            except OSError:
                pass
            time.sleep(0.1)
        time.sleep(1)
        yield proc
    finally:
        proc.terminate()  # gunicorn waits --graceful-timeout for keep-alive clients (locust keeps them)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def wrk(url_base: str, codes: list[str]) -> float:
    script = DATA_DIR / "track.lua"
    script.write_text(
        "codes = {" + ",".join(f'"{c}"' for c in codes) + "}\n"
        "request = function() return wrk.format('GET', '/api/v1/track/' .. codes[math.random(#codes)]) end\n"
    )
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{int(SECONDS)}s", "-s", str(script), url_base],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"tracking returned errors: {non2xx.group(1)}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]


def bench_tracking() -> None:
    codes = psql(
        "SELECT string_agg(code, ',') FROM (SELECT code FROM dossiers_dossier ORDER BY random() LIMIT 2000) s", DB
    ).split(",")
    port = free_port()
    with gunicorn("motcua.wsgi:application", port, {}):
        ours = wrk(f"http://127.0.0.1:{port}", codes)
    port = free_port()
    with gunicorn("minimal_wsgi:application", port, {"BENCH_DSN": DSN}):
        base = wrk(f"http://127.0.0.1:{port}", codes)
    results["tracking"] = (ours, base)
    print(f"RATIO tracking {ours / base:.2f}", flush=True)
    print(f"  ours {ours:.0f} req/s, minimal WSGI {base:.0f} req/s", flush=True)


def bench_submission() -> None:
    token = motcua("token", "create", "congdan", "--name", "bench").strip()
    form = (
        '{"ten_giay_to": "Giấy khai sinh", "so_trang_ban_chinh": "2", "so_ban_sao": "1", "so_dien_thoai": "0912345678"}'
    )
    users = 20
    port = free_port()
    prefix = DATA_DIR / "locust"
    with gunicorn("motcua.wsgi:application", port, {}):
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(users),
                "-r",
                str(users),
                "-t",
                f"{int(SECONDS)}s",
                "-H",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
            ],
            env={**env(), "BENCH_TOKEN": token, "BENCH_FORM": form, "BENCH_PER_USER_RATE": f"{PEAK_RATE / users:.3f}"},
            check=False,
            capture_output=True,
            text=True,
        )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as fh:
        agg = next(r for r in csv.DictReader(fh) if r["Name"] == "Aggregated")
    p50, p99, errors = float(agg["50%"]), float(agg["99%"]), int(agg["Failure Count"])
    rate = float(agg["Requests/s"])
    results["submission"] = (p50, p99, errors, rate)
    print(f"PEAK p50_ms={p50:.0f} p99_ms={p99:.0f} errors={errors}", flush=True)
    print(f"  {rate:.1f} submissions/s offered at {PEAK_RATE:.1f}/s target", flush=True)


def write_markdown() -> None:
    mem = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    pg = psql("SHOW server_version")
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()}: {os.cpu_count()} cores, "
        f"{int(mem) // 1024 // 1024} GiB, {platform.python_implementation()} {platform.python_version()}, "
        f"PostgreSQL {pg}. Data: {N:,} generated dossiers (`motcua demo-data`). Each ratio is ours / baseline, "
        "measured in the same run; higher is better. "
        "Re-run with `make bench` (`BENCH_DOSSIERS=100000` for a quick run).",
        "",
        "| benchmark | ours | baseline | ratio | target |",
        "|---|---|---|---|---|",
    ]
    if "transitions" in results:
        o, b = results["transitions"]
        lines.append(f"| transitions | {o:.0f} transitions/s | pgbench TPC-B {b:.0f} tps | {o / b:.2f} | ≥ 0.5 |")
    if "tracking" in results:
        o, b = results["tracking"]
        lines.append(f"| tracking | {o:.0f} req/s | minimal WSGI {b:.0f} req/s | {o / b:.2f} | ≥ 0.5 |")
    if "report" in results:
        p, o = results["report"]
        lines.append(
            f"| report (yearly) | {o * 1000:.0f} ms | plain SQL {p * 1000:.0f} ms | {p / o:.2f} | ≥ 1, < 1 s |"
        )
    if "submission" in results:
        p50, p99, errors, rate = results["submission"]
        lines.append(
            f"| submission peak | p50 {p50:.0f} ms, p99 {p99:.0f} ms, {errors} errors, {rate:.1f}/s | "
            f"{PEAK_RATE:.1f}/s offered | — | p99 < 300 ms, 0 errors |"
        )
    if "load_seconds" in results:
        when = (
            " (when the database was created; these figures reuse it)" if os.environ.get("BENCH_REUSE") == "1" else ""
        )
        lines += ["", f"Loading {N:,} dossiers took {results['load_seconds'] / 60:.1f} min{when}."]
    (ROOT / "BENCHMARKS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    for tool in ("psql", "pgbench", "wrk"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed (Debian: postgresql-client, postgresql-contrib / pgbench, wrk)")
    prepare()
    setup_django()
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(",")))
    for name, fn in [
        ("report", bench_report),
        ("tracking", bench_tracking),
        ("transitions", bench_transitions),
        ("submission", bench_submission),
    ]:
        if not only or name in only:
            fn()
    write_markdown()


if __name__ == "__main__":
    main()
