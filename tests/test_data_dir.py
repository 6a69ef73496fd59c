"""The test suite has its own data directory: it never writes into the demo's ./var."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.conf import settings


def within(path: Any, folder: Path) -> bool:
    return Path(path).resolve().is_relative_to(folder)


def test_the_suite_uses_its_own_data_directory() -> None:
    data_dir = Path(settings.DATA_DIR).resolve()
    demo = Path("var").resolve()  # what `motcua up` / `dev.py up` use from this directory
    assert data_dir != demo
    assert os.environ["MOTCUA_DATA_DIR"] == str(data_dir)  # the commands the tests start inherit it
    for name, path in [
        ("mail", settings.EMAIL_FILE_PATH),
        ("files", settings.MEDIA_ROOT),
        ("static", settings.STATIC_ROOT),
    ]:
        assert within(path, data_dir), name
    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        assert within(settings.DATABASES["default"]["TEST"]["NAME"], data_dir)
        assert within(settings.DATABASES["default"]["NAME"], data_dir)


def settings_data_dir(cwd: Path, *, under_pytest: bool) -> Path:
    code = (
        "import sys\n"
        + ("import pytest\n" if under_pytest else "")
        + "import motcua.settings as s\nprint(s.DATA_DIR)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "MOTCUA_DATA_DIR"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return Path(out.stdout.strip())


def test_settings_choose_var_test_under_pytest_and_var_otherwise(tmp_path: Path) -> None:
    assert settings_data_dir(tmp_path, under_pytest=True) == (tmp_path / "var" / "test").resolve()
    assert settings_data_dir(tmp_path, under_pytest=False) == (tmp_path / "var").resolve()
