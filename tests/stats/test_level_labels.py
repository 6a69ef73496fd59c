"""Biểu 06 names the level of the receiving agency as people read it (“Cấp xã”), not by its code,
on the page and in the XLSX and CSV exports; the code stays for programs (CSV ``level``, drill-down)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from openpyxl import load_workbook

from motcua.stats.export import report_xlsx
from motcua.stats.services.report import statutory_report
from tests.stats.conftest import NOV_FROM, NOV_TO

NOV = "?date_from=2026-11-02&date_to=2026-11-30"
pytestmark = pytest.mark.django_db


def head_client(world: Any) -> Client:
    client = Client()
    client.force_login(world.user("head"))
    return client


def test_xlsx_csv_and_page_show_the_level_label(world: Any, frozen: Any, dataset: dict[str, Any]) -> None:
    head = head_client(world)
    sheet = load_workbook(io.BytesIO(head.get("/thong-ke/bao-cao/" + NOV + "&format=xlsx").content)).active
    assert (sheet["C2"].value, sheet["C3"].value, sheet["D3"].value) == ("Cấp", "Cấp xã", 6)
    assert sheet["C4"].value is None  # the total row has no level
    rows = list(csv.DictReader(io.StringIO(head.get("/thong-ke/bao-cao/" + NOV + "&format=csv").content.decode())))
    assert (rows[0]["level"], rows[0]["level_label"], rows[0]["received_total"]) == ("commune", "Cấp xã", "6")
    page = head.get("/thong-ke/bao-cao/" + NOV).content.decode()
    assert '<th scope="row">Hộ tịch thử nghiệm</th><td>Cấp xã</td>' in page
    assert ">commune<" not in page
    assert "level=commune" in page  # the drill-down links keep the code


def test_every_level_has_a_label_and_the_statutory_form_stays_vietnamese(
    world: Any, frozen: Any, dataset: dict[str, Any]
) -> None:
    from motcua.organisation.models import Agency

    with translation.override("en"):
        rows = [r.as_dict() for r in statutory_report(date_from=NOV_FROM, date_to=NOV_TO)]
        assert rows[0]["level_label"] == "Commune level"
        sheet = load_workbook(io.BytesIO(report_xlsx(rows, NOV_FROM, NOV_TO))).active
    assert sheet["C3"].value == "Cấp xã"  # Biểu 06 is a Vietnamese form whatever the page language
    rows = [{**rows[0], "level": level} for level in Agency.Level.values]
    sheet = load_workbook(io.BytesIO(report_xlsx(rows, NOV_FROM, NOV_TO))).active
    assert [sheet.cell(row=3 + i, column=3).value for i in range(len(rows))] == [
        "Cấp tỉnh (UBND tỉnh)",
        "Sở, ban, ngành cấp tỉnh",
        "Cấp xã",
        "Cơ quan ngành dọc trung ương đặt tại địa phương",
        "Trung tâm Phục vụ hành chính công",
    ]


def test_report_command_csv_and_json_carry_the_label(
    world: Any, frozen: Any, dataset: dict[str, Any], tmp_path: Any
) -> None:
    path = tmp_path / "r.csv"
    call_command(
        "report", "tthc", "--from", "2026-11-02", "--to", "2026-11-30", "--format", "csv", "--output", str(path)
    )
    first = next(csv.DictReader(path.open(encoding="utf-8")))
    assert (first["level"], first["level_label"]) == ("commune", "Cấp xã")
    out = io.StringIO()
    call_command("report", "tthc", "--from", "2026-11-02", "--to", "2026-11-30", "--format", "json", stdout=out)
    assert json.loads(out.getvalue())["rows"][0]["level_label"] == "Cấp xã"
