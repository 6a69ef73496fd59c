"""Bank statements write their times in several forms: each usual one is read, garbage is refused
line by line, and nothing is imported from a file with a bad line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from motcua.core.errors import ValidationError
from motcua.payments.models import Payment, StatementLine
from motcua.payments.services.payments import start_payment
from motcua.payments.services.reconcile import parse_csv
from tests.helpers import as_

HEADER = "booked_at,bank_reference,amount,content,payer\n"
AT_14_05 = datetime.fromisoformat("2026-11-20T14:05:00+07:00")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-20 14:05", AT_14_05),
        ("2026-11-20T14:05", AT_14_05),
        ("2026-11-20 14:05:00", AT_14_05),
        ("2026-11-20T14:05:30.250", AT_14_05.replace(second=30, microsecond=250000)),
        ("2026-11-20T14:05:00+07:00", AT_14_05),
        ("2026-11-20T07:05:00Z", AT_14_05),
        ("20/11/2026 14:05", AT_14_05),
        ("20/11/2026 14:05:00", AT_14_05),
        ("20-11-2026 14:05", AT_14_05),
        ("20/11/2026", AT_14_05.replace(hour=0, minute=0)),
        ("2026-11-20", AT_14_05.replace(hour=0, minute=0)),
        (" 20/11/2026  14:05 ", AT_14_05),
    ],
)
def test_usual_bank_time_forms_are_read_as_vietnam_time(text: str, expected: datetime) -> None:
    [row] = parse_csv(f"{HEADER}{text},FT1,10000,H26.101-261120-0001,A\n")
    assert row.booked_at == expected and row.booked_at.utcoffset() == expected.utcoffset()


def test_every_bad_line_is_named_with_its_fault() -> None:
    text = (
        HEADER + "20/11/2026 14:05,FT1,10000,ok,A\n"
        "hôm qua,FT2,10000,x,B\n"
        "32/11/2026 14:05,FT3,10000,x,C\n"
        "2026-11-20 25:00,FT4,10000,x,D\n"
        "20/11/2026 14:05,FT5,mười nghìn,x,E\n"
        "2026-11-20 14:05,FT6,,x,F\n"
        "2026-11-20 14:05,,10000,x,G\n"
    )
    with pytest.raises(ValidationError) as exc:
        parse_csv(text)
    assert exc.value.message == "Tệp sao kê có 6 dòng không hợp lệ; chưa nhập dòng nào."
    hint = "dùng ngày/tháng/năm giờ:phút (20/11/2026 14:05) hoặc ISO 8601 (2026-11-20 14:05:00)"
    assert exc.value.details["errors"] == [
        {"line": 3, "field": "booked_at", "message": f"Dòng 3: thời điểm “hôm qua” không hợp lệ; {hint}."},
        {"line": 4, "field": "booked_at", "message": f"Dòng 4: thời điểm “32/11/2026 14:05” không hợp lệ; {hint}."},
        {"line": 5, "field": "booked_at", "message": f"Dòng 5: thời điểm “2026-11-20 25:00” không hợp lệ; {hint}."},
        {"line": 6, "field": "amount", "message": "Dòng 6: số tiền “mười nghìn” không hợp lệ."},
        {"line": 7, "field": "amount", "message": "Dòng 7: số tiền “” không hợp lệ."},
        {"line": 8, "field": "bank_reference", "message": "Dòng 8: thiếu số tham chiếu giao dịch."},
    ]


@pytest.mark.django_db
def test_the_page_reconciles_a_statement_whose_times_have_no_seconds(world: Any, fee_dossier: Any, frozen: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    payment = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr").payment
    staff = Client()
    staff.force_login(world.user("admin").__class__.objects.create_user("staffer", "s@x.vn", "x", is_staff=True))
    csv = f"{HEADER}2026-11-23 09:05,FT777,10000,{fee_dossier.code} chuyen tien,NGUYEN THI HANG\n"
    response = staff.post(
        "/thanh-toan/doi-soat/", {"statement": SimpleUploadedFile("sao-ke.csv", csv.encode(), content_type="text/csv")}
    )
    assert response.status_code == 200
    assert "Đã khớp 1 giao dịch" in response.content.decode()
    assert Payment.objects.get(pk=payment.pk).status == "paid"
    assert StatementLine.objects.get().booked_at == datetime.fromisoformat("2026-11-23T09:05+07:00")


@pytest.mark.django_db
def test_the_page_and_the_command_list_each_bad_line_and_import_nothing(
    world: Any, fee_dossier: Any, tmp_path: Path
) -> None:
    start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr")
    csv = (
        f"{HEADER}2026-11-23 09:05,FT1,10000,{fee_dossier.code},A\n"
        "23/11/2026 9h05,FT2,10000,x,B\n"
        "2026-11-23 09:05,FT3,abc,x,C\n"
    )
    staff = Client()
    staff.force_login(world.user("admin").__class__.objects.create_user("staffer", "s@x.vn", "x", is_staff=True))
    page = staff.post(
        "/thanh-toan/doi-soat/", {"statement": SimpleUploadedFile("sao-ke.csv", csv.encode(), content_type="text/csv")}
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tệp sao kê có 2 dòng không hợp lệ; chưa nhập dòng nào." in body
    assert "<li>Dòng 3: thời điểm “23/11/2026 9h05” không hợp lệ; dùng ngày/tháng/năm giờ:phút" in body
    assert "<li>Dòng 4: số tiền “abc” không hợp lệ.</li>" in body
    path = tmp_path / "sao-ke.csv"
    path.write_text(csv, encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("payments", "reconcile", str(path))
    assert str(exc.value).splitlines()[0] == "Tệp sao kê có 2 dòng không hợp lệ; chưa nhập dòng nào."
    assert str(exc.value).splitlines()[2] == "  Dòng 4: số tiền “abc” không hợp lệ."
    assert StatementLine.objects.count() == 0
    assert Payment.objects.get().status == "pending"
