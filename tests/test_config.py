"""The one settings reader (motcua.config): every variable read once, typed, documented in the README."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from motcua import config
from motcua.core.checks import check_demo_values

SRC = Path(config.__file__).resolve().parent
ROOT = SRC.parent.parent


def test_read_parses_each_type_and_keeps_the_default_of_what_is_unset() -> None:
    env = config.read(
        {
            "MOTCUA_DEBUG": "yes",
            "MOTCUA_SMTP_TIMEOUT": "2.5",
            "MOTCUA_PORT": " 8080 ",
            "MOTCUA_ALLOWED_HOSTS": "a.vn, b.vn,,",
            "MOTCUA_EXTENSION_MAX_WORKING_DAYS": "",
            "MOTCUA_SECURE_COOKIES": "0",
            "OTHER": "x",
        }
    )
    assert (env.MOTCUA_DEBUG, env.MOTCUA_SMTP_TIMEOUT, env.MOTCUA_PORT) == (True, 2.5, 8080)
    assert env.MOTCUA_ALLOWED_HOSTS == ("a.vn", "b.vn")
    assert env.MOTCUA_EXTENSION_MAX_WORKING_DAYS is None and env.MOTCUA_SECURE_COOKIES is False
    assert env.MOTCUA_SESSION_SECONDS == 8 * 3600 and env.MOTCUA_DEMO is None
    assert config.read({"MOTCUA_EXTENSION_MAX_WORKING_DAYS": "10"}).MOTCUA_EXTENSION_MAX_WORKING_DAYS == 10
    with pytest.raises(ValueError, match="MOTCUA_PORT='eighty': not a number"):
        config.read({"MOTCUA_PORT": "eighty"})


def test_every_variable_reaches_the_settings_and_nothing_else_reads_the_environment() -> None:
    settings_py = (SRC / "settings.py").read_text(encoding="utf-8")
    unmapped = [v.name for v in config.variables() if f"env.{v.name}" not in settings_py]
    assert unmapped == []
    readers = re.compile(r"os\.environ\.get|os\.environ\[|getenv\(")
    allowed = {"settings.py"}  # only its test-suite defaults (MOTCUA_DATA_DIR, MOTCUA_DEMO)
    found = [
        str(p.relative_to(SRC))
        for p in SRC.rglob("*.py")
        if readers.search(p.read_text(encoding="utf-8")) and p.name not in allowed
    ]
    assert found == []
    assert all(v.meaning and v.shown for v in config.variables())


def settings_in_fresh_process(tmp_path: Path, code: str, **extra: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTCUA_") and k != "DATABASE_URL"}
    env.update({"MOTCUA_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "motcua.settings", **extra})
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return out.stdout.strip()


def test_importing_the_settings_creates_no_directory_and_writes_no_key(tmp_path: Path) -> None:
    code = (
        "import motcua.settings\nfrom django.conf import settings\n"
        "print(settings.DATABASES['default']['NAME'], settings.STATIC_ROOT)\n"
    )
    settings_in_fresh_process(tmp_path, code)
    assert list(tmp_path.iterdir()) == []
    # Start-up (django.setup) makes the data directory and keeps one key there for every process.
    code = "import django\ndjango.setup()\nfrom django.conf import settings\nprint(settings.SECRET_KEY)\n"
    first = settings_in_fresh_process(tmp_path, code)
    key_file = tmp_path / "data" / "secret_key"
    assert first == key_file.read_text() and len(first) > 40 and (tmp_path / "data" / "static").is_dir()
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert settings_in_fresh_process(tmp_path, code) == first
    assert settings_in_fresh_process(tmp_path, code, MOTCUA_SECRET_KEY="given-key") == "given-key"


def test_the_environment_sets_the_smtp_timeout(tmp_path: Path) -> None:
    code = (
        "import json, motcua.settings as s\n"
        "print(json.dumps([s.EMAIL_TIMEOUT, s.SESSION_COOKIE_SECURE, s.MOTCUA_DEMO]))\n"
    )
    assert json.loads(settings_in_fresh_process(tmp_path, code, MOTCUA_SMTP_TIMEOUT="7", MOTCUA_HTTPS="1")) == [
        7.0,
        True,
        True,
    ]
    # A real install (its own database or key) is no demo unless it says so.
    assert json.loads(settings_in_fresh_process(tmp_path, code, MOTCUA_SECRET_KEY="k"))[2] is False
    assert json.loads(settings_in_fresh_process(tmp_path, code, MOTCUA_SECRET_KEY="k", MOTCUA_DEMO="1"))[2] is True


REAL = {
    "MOTCUA_PAYGATE_A_URL": "https://thanhtoan.dichvucong.gov.vn/api",
    "MOTCUA_PAYGATE_A_SECRET": "s1",
    "MOTCUA_PAYGATE_B_URL": "https://pay.vnpay.vn/vpcpay",
    "MOTCUA_PAYGATE_B_SECRET": "s2",
}
# Other integrations' demo values, set to real ones here (their own tests check them).
OTHERS_REAL = {
    "MOTCUA_LGSP_URL": "https://lgsp.example.gov.vn",
    "MOTCUA_LGSP_TOKEN": "t",
    "MOTCUA_VIETQR_ACCOUNT": "102010001234",
    "MOTCUA_DVCQG_URL": "https://dichvucong.gov.vn/lienthong",
    "MOTCUA_DVCQG_TOKEN": "t4",
    "MOTCUA_DVCQG_SECRET": "s4",
}
REAL_POST = {
    "MOTCUA_POST_URL": "https://donhang.vnpost.vn/api",
    "MOTCUA_POST_TOKEN": "t1",
    "MOTCUA_POST_WEBHOOK_SECRET": "s3",
}


def test_production_refuses_the_demo_payment_secrets_and_the_simulator() -> None:
    with override_settings(DEBUG=False, MOTCUA_DEMO=False, **OTHERS_REAL):
        errors = check_demo_values()
        assert [(e.id, e.msg.split()[0]) for e in errors] == [
            ("motcua.core.E001", "MOTCUA_PAYGATE_A_URL"),
            ("motcua.core.E001", "MOTCUA_PAYGATE_A_SECRET"),
            ("motcua.core.E001", "MOTCUA_PAYGATE_B_URL"),
            ("motcua.core.E001", "MOTCUA_PAYGATE_B_SECRET"),
            ("motcua.core.E001", "MOTCUA_POST_URL"),
            ("motcua.core.E001", "MOTCUA_POST_TOKEN"),
            ("motcua.core.E001", "MOTCUA_POST_WEBHOOK_SECRET"),
        ]
        assert all(e.is_serious() for e in errors)
        with override_settings(
            MOTCUA_PAYGATE_A_SECRET="s1", MOTCUA_PAYGATE_B_URL=REAL["MOTCUA_PAYGATE_B_URL"], **REAL_POST
        ):
            assert [e.msg.split()[0] for e in check_demo_values()] == [
                "MOTCUA_PAYGATE_A_URL",
                "MOTCUA_PAYGATE_B_SECRET",
            ]
        with override_settings(**REAL, **REAL_POST):
            assert check_demo_values() == []
    with override_settings(DEBUG=True, MOTCUA_DEMO=False):
        assert check_demo_values() == []
    with override_settings(DEBUG=False, MOTCUA_DEMO=True):
        assert check_demo_values() == []


def test_production_refuses_the_demo_vietqr_account() -> None:
    """Citizens would transfer fees into the demo account: a real install must name its own."""
    others = {k: v for k, v in OTHERS_REAL.items() if k != "MOTCUA_VIETQR_ACCOUNT"}
    with override_settings(DEBUG=False, MOTCUA_DEMO=False, **REAL, **REAL_POST, **others):
        assert [(e.id, e.msg.split()[0]) for e in check_demo_values()] == [
            ("motcua.core.E001", "MOTCUA_VIETQR_ACCOUNT")
        ]
        with override_settings(MOTCUA_VIETQR_ACCOUNT="102010001234"):
            assert check_demo_values() == []


def test_the_check_stops_a_command_of_a_production_install() -> None:
    with override_settings(DEBUG=False, MOTCUA_DEMO=False), pytest.raises(SystemCheckError, match="E001"):
        call_command("check")
    call_command("check")  # the test suite is a demo install


def test_the_readme_table_is_the_one_the_reader_makes(tmp_path: Path, capsys: Any) -> None:
    call_command("settings-table", check=str(ROOT / "README.md"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for v in config.variables():
        assert f"| `{v.name}` |" in readme
    stale = tmp_path / "README.md"
    stale.write_text(readme.replace("| `MOTCUA_SMTP_TIMEOUT` |", "| `MOTCUA_SMTP_TIMEOUT_OLD` |"), encoding="utf-8")
    with pytest.raises(CommandError, match="out of date"):
        call_command("settings-table", check=str(stale))
    call_command("settings-table", write=str(stale))
    assert stale.read_text(encoding="utf-8") == readme
    capsys.readouterr()
    call_command("settings-table")
    assert capsys.readouterr().out == config.markdown_table()
    stale.write_text("no markers", encoding="utf-8")
    with pytest.raises(CommandError, match="markers"):
        call_command("settings-table", check=str(stale))
