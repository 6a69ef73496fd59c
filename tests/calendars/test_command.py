"""The ``calendar due`` command: ISO output first, clear errors for bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def due(*args: str) -> str:
    out = StringIO()
    call_command("calendar", "due", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("2025-04-25T10:00", "3"), "2025-04-29T17:00:00+07:00"),
        (("2025-04-25T03:00:00+00:00", "3"), "2025-04-29T17:00:00+07:00"),
        (("2025-04-25 10:00", "3", "--mode", "elapsed"), "2025-04-29T10:00:00+07:00"),
        (("2025-03-04T09:00", "0.5"), "2025-03-05T11:15:00+07:00"),
        (("2025-03-04T10:30", "2", "--unit", "working_hours"), "2025-03-04T14:30:00+07:00"),
        (("2025-04-21T09:00", "9", "--unit", "calendar_days"), "2025-05-05T17:00:00+07:00"),
        (("2025-03-04T15:01", "0", "--cutoff", "15:00"), "2025-03-05T17:00:00+07:00"),
        (("2025-03-04T14:59", "0", "--cutoff=15:00"), "2025-03-04T17:00:00+07:00"),
        (("2026-02-13T10:00", "3"), "2026-02-25T17:00:00+07:00"),
    ],
)
def test_due_prints_the_iso_due_time_first(args: tuple[str, ...], expected: str) -> None:
    output = due(*args)
    assert output.split()[0] == expected


def test_due_explains_in_vietnamese() -> None:
    assert due("2025-04-25T10:00", "3").splitlines()[0] == (
        "2025-04-29T17:00:00+07:00 Thứ Ba 29/04/2025 17:00 (tiếp nhận 25/04/2025 10:00, 3 ngày làm việc)"
    )


@pytest.mark.parametrize(
    "args",
    [
        ("yesterday", "3"),
        ("2025-02-30T10:00", "3"),
        ("2025-04-25T10:00", "three"),
        ("2025-04-25T10:00", "-1"),
        ("2025-04-25T10:00", "NaN"),
        ("2025-04-25T10:00", "1e9"),
        ("2025-04-25T10:00", "1.5", "--unit", "calendar_days"),
        ("2025-04-25T10:00", "3", "--unit", "weeks"),
        ("2025-04-25T10:00", "3", "--cutoff", "3pm"),
        ("2025-04-25T10:00", "3", "--mode", "fast"),
        ("2025-04-25T10:00",),
    ],
)
def test_bad_due_input_raises_command_error(args: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        due(*args)


@pytest.mark.parametrize("year", ["20x5", "1800", "3000"])
def test_bad_year_raises_command_error(year: str) -> None:
    with pytest.raises(CommandError):
        call_command("calendar", "holidays", year, stdout=StringIO())


def test_console_script_reports_bad_input_without_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "MOTCUA_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from motcua.cli import main; sys.exit(main())",
            "calendar",
            "due",
            "not-a-date",
            "3",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "not-a-date" in result.stderr
    assert "Traceback" not in result.stderr
