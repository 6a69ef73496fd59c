"""The installed ``motcua`` console command, run as an admin would run it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from motcua.accounts.services import user_for_token
from tests.helpers import make_user

MOTCUA = shutil.which("motcua") or str(Path(sys.executable).with_name("motcua"))


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MOTCUA, *args], capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})}
    )


def test_calendar_due_prints_the_iso_due_time_first(tmp_path: Any) -> None:
    env = {"MOTCUA_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    # The calendar app's tables (and what they depend on) are enough here, and a whole migrate is many seconds.
    assert run("migrate", "calendars", "--noinput", env=env).returncode == 0
    # Fri 25 Apr 2025 + 3 working days: Sat 26 Apr was a working day (swapped for Fri 2 May).
    result = run("calendar", "due", "2025-04-25T10:00", "3", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "2025-04-29T17:00:00+07:00"
    holidays = run("calendar", "holidays", "2025", env=env).stdout.splitlines()
    assert "2025-04-26 work" in [" ".join(line.split()[:2]) for line in holidays]
    assert "2025-05-02 off" in [" ".join(line.split()[:2]) for line in holidays]
    bad = run("calendar", "due", "not-a-date", "3", env=env)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr


def test_calendar_works_on_a_fresh_data_directory_and_says_so(tmp_path: Any) -> None:
    """Before any `migrate` there is no override table: the built-in calendar answers, stderr says so."""
    env = {"MOTCUA_DATA_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    result = run("calendar", "due", "2025-04-25T10:00", "3", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "2025-04-29T17:00:00+07:00"  # Sat 26 Apr 2025 swapped: a working day
    assert "motcua migrate" in result.stderr and "lịch chính thức có sẵn" in result.stderr
    assert "Traceback" not in result.stderr
    holidays = run("calendar", "holidays", "2025", env=env)
    assert holidays.returncode == 0, holidays.stderr
    assert "2025-05-02 off" in [" ".join(line.split()[:2]) for line in holidays.stdout.splitlines()]
    assert "lịch chính thức có sẵn" in holidays.stderr


@pytest.mark.django_db
def test_token_create_prints_a_working_token() -> None:
    from io import StringIO

    from django.core.management import call_command

    user = make_user("api-client")
    out = StringIO()
    call_command("token", "create", "api-client", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("mc_") and user_for_token(token) == user
    assert user_for_token(token + "x") is None
