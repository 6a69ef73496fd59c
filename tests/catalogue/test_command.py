"""The ``procedures`` management command: import and export through the services."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.catalogue.models import Procedure, ProcedureVersion
from motcua.catalogue.services import DEMO_CATALOGUE

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("procedures", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_file_then_again(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(demo_data, ensure_ascii=False), encoding="utf-8")

    assert "tạo mới 13, cập nhật 0, không đổi 0 thủ tục" in _run("import", str(path))
    assert "tạo mới 0, cập nhật 0, không đổi 13 thủ tục" in _run("import", str(path))
    assert ProcedureVersion.objects.count() == 13


def test_import_demo_flag() -> None:
    _run("import", "--demo")
    assert Procedure.objects.count() == 13


def test_export_to_stdout_is_the_demo_file_byte_for_byte() -> None:
    _run("import", str(DEMO_CATALOGUE))
    assert _run("export") == DEMO_CATALOGUE.read_text(encoding="utf-8")


def test_export_selected_codes_to_file(tmp_path: Path) -> None:
    _run("import", "--demo")
    target = tmp_path / "out.json"
    assert _run("export", "--code", "1.001193", "--code", "3.000333", "--output", str(target)) == ""
    text = target.read_text(encoding="utf-8")
    assert "Đăng ký khai sinh" in text  # UTF-8, not \\u escapes
    assert [p["code"] for p in json.loads(text)["procedures"]] == ["1.001193", "3.000333"]


def test_export_unknown_code_fails() -> None:
    with pytest.raises(CommandError, match=r"9\.999999"):
        _run("export", "--code", "9.999999")


def test_invalid_file_gives_every_precise_message(tmp_path: Path, demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    data["procedures"][0]["documents"][1]["form"] = "photo"
    data["procedures"][3]["fees"][0]["amount"] = -5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code0, code3 = data["procedures"][0]["code"], data["procedures"][3]["code"]

    with pytest.raises(CommandError) as exc:
        _run("import", str(path))

    message = str(exc.value)
    assert f"procedures[0].documents[1].form ({code0}): " in message
    assert f"procedures[3].fees[0].amount ({code3}): " in message
    assert Procedure.objects.count() == 0


def test_unreadable_inputs(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        _run("import", str(tmp_path / "missing.json"))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(CommandError, match="dòng 1, cột 12"):
        _run("import", str(broken))
    listed = tmp_path / "list.json"
    listed.write_text("[]", encoding="utf-8")
    with pytest.raises(CommandError, match="một đối tượng"):
        _run("import", str(listed))
    with pytest.raises(CommandError, match="--demo"):
        _run("import")
