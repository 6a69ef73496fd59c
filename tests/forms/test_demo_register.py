"""Mẫu 06 - Sổ theo dõi hồ sơ of Phường Hoàn Kiếm for November 2026, from real demo dossiers:
the PDF (A4 landscape) and the XLSX read back with openpyxl, row by row, exact values."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook

from motcua.backoffice.register import register_pdf, register_xlsx
from motcua.core import clock
from motcua.demo.data import load_demo
from motcua.dossiers.services import documents, lifecycle
from motcua.forms.register import COLUMNS
from motcua.organisation.models import Agency
from tests.forms.demo_dossiers import (
    MONDAY,
    actor,
    birth_registration_online,
    interagency_at_counter,
    received,
)
from tests.helpers import pdf_upload, result_record

from .pdfutil import normalise, pdf_text, pdfinfo
from .printcheck import register_rows

pytestmark = pytest.mark.django_db

ADDRESS = "12 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội; 0912345678"
BODY = "Ủy ban nhân dân Phường Hoàn Kiếm"
INTERAGENCY = (
    "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho "
    "trẻ em dưới 6 tuổi"
)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=clock.VN_TZ)


@pytest.fixture
def november(frozen: Any) -> dict[str, str]:
    """Dossiers of November at Phường Hoàn Kiếm (and some that must not be in its register)."""
    frozen(MONDAY)
    load_demo()
    # 1. Online birth registration: received, decided, issued and handed back the same morning.
    returned = received(birth_registration_online())
    lifecycle.assign(returned.pk, actor=actor("lanhdao.hoankiem"), assignee_username="chuyenvien.hoankiem")
    lifecycle.approve(returned.pk, actor=actor("lanhdao.hoankiem"))
    documents.upload_document(returned.pk, actor=actor("vanthu.hoankiem"), kind="result", upload=pdf_upload())
    lifecycle.issue_result(returned.pk, actor=actor("vanthu.hoankiem"), record=result_record())
    # 2. At the counter, six documents; the next day the head apologises and sets a new date.
    extended = interagency_at_counter(username="congdan2")
    frozen(at(24, 8, 15))
    lifecycle.return_result(returned.pk, actor=actor("tiepnhan.hoankiem"))
    frozen(at(24, 10))
    lifecycle.extend(
        extended.pk,
        actor=actor("lanhdao.hoankiem"),
        new_due_at=at(1, 16, month=12),
        reason="Cần xác minh thông tin cư trú",
    )
    # Not in the register: refused at reception (never received), another body's, December's.
    refused = birth_registration_online()
    lifecycle.refuse_at_reception(refused.pk, actor=actor("tiepnhan.hoankiem"), reasons="Không thuộc thẩm quyền")
    from motcua.dossiers.services.submission import SubmissionInput, submit_online
    from tests.forms.demo_dossiers import BIRTH_DOCUMENTS, BIRTH_FORM, citizen_applicant, files

    elsewhere = submit_online(
        actor=actor("congdan"),
        files=files(BIRTH_DOCUMENTS),
        data=SubmissionInput(
            procedure_code="1.001193", agency_code="H26.102", applicant=citizen_applicant(), form_data=BIRTH_FORM
        ),
    )
    received(elsewhere, by="tiepnhan.cuanam")
    frozen(at(1, 9, month=12))
    december = received(birth_registration_online())
    return {
        "returned": returned.code,
        "extended": extended.code,
        "refused": refused.code,
        "elsewhere": elsewhere.code,
        "december": december.code,
    }


def test_register_pdf_of_november(november: dict[str, str]) -> None:
    pdf = register_pdf(Agency.objects.get(code="H26.101"), date(2026, 11, 1), date(2026, 11, 30))
    info = pdfinfo(pdf)
    assert info["Pages"] == "1" and info["Page size"] == "841.89 x 595.276 pts (A4)"
    text = normalise(pdf_text(pdf))
    assert "SỔ THEO DÕI HỒ SƠ Từ ngày 01/11/2026 đến ngày 30/11/2026" in text
    assert register_rows(pdf) == [
        (
            "1",
            november["returned"],
            "Đăng ký khai sinh",
            "1",
            "Nguyễn Văn An",
            ADDRESS,
            BODY,
            "23/11/2026",
            "23/11/2026",
            "24/11/2026",
            "Trực tuyến",
            "",
            "Trước hạn",
        ),
        (
            "2",
            november["extended"],
            INTERAGENCY,
            "1",
            "Trần Thị Bình",
            "5 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội; 0987654321",
            BODY,
            "23/11/2026",
            "01/12/2026",
            "",
            "",
            "",
            "Đã xin lỗi, hẹn lại ngày trả (Mẫu 04); hẹn ban đầu 27/11/2026; Đã tiếp nhận",
        ),
    ]
    for left_out in ("refused", "elsewhere", "december"):
        assert november[left_out] not in text, left_out
    for heading, _width in COLUMNS:
        assert heading in text


def test_register_xlsx_of_november(november: dict[str, str]) -> None:
    content = register_xlsx(Agency.objects.get(code="H26.101"), date(2026, 11, 1), date(2026, 11, 30))
    ws = load_workbook(io.BytesIO(content)).active
    assert ws is not None
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == [
        "SỔ THEO DÕI HỒ SƠ",
        BODY,
        "Từ ngày 01/11/2026 đến ngày 30/11/2026",
    ]
    assert [c.value for c in ws[5]] == [heading for heading, _ in COLUMNS]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=6)]
    day = datetime(2026, 11, 23)
    assert rows == [
        [
            1,
            november["returned"],
            "Đăng ký khai sinh",
            1,
            "Nguyễn Văn An",
            ADDRESS,
            BODY,
            day,
            day,
            datetime(2026, 11, 24),
            "Trực tuyến",
            None,
            "Trước hạn",
        ],
        [
            2,
            november["extended"],
            INTERAGENCY,
            1,
            "Trần Thị Bình",
            "5 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội; 0987654321",
            BODY,
            day,
            datetime(2026, 12, 1),
            None,
            None,
            None,
            "Đã xin lỗi, hẹn lại ngày trả (Mẫu 04); hẹn ban đầu 27/11/2026; Đã tiếp nhận",
        ],
    ]
    assert {ws.cell(row=r, column=c).number_format for r in (6, 7) for c in (8, 9, 10)} == {"DD/MM/YYYY"}


def test_an_empty_period_prints_an_empty_register(november: dict[str, str]) -> None:
    agency = Agency.objects.get(code="H26.101")
    text = normalise(pdf_text(register_pdf(agency, date(2026, 10, 1), date(2026, 10, 31))))
    assert "Từ ngày 01/10/2026 đến ngày 31/10/2026" in text
    assert "Không có hồ sơ nào được tiếp nhận trong kỳ này." in text
    ws = load_workbook(io.BytesIO(register_xlsx(agency, date(2026, 10, 1), date(2026, 10, 31)))).active
    assert ws is not None and ws.max_row == 5
    # December 1st alone: the one dossier received that day, at 09:00 Vietnam time.
    rows = register_rows(register_pdf(agency, date(2026, 12, 1), date(2026, 12, 1)))
    assert [row[:3] for row in rows] == [("1", november["december"], "Đăng ký khai sinh")]
