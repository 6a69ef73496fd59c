"""Mẫu 04 (apology and new date) and Mẫu 03 (refusal) of real demo dossiers: one A5 page each,
exact content, and a signature block that names who signs (name, position, body)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.backoffice.printing import refusal_pdf
from motcua.core import clock
from motcua.demo.data import load_demo
from motcua.dossiers.apology import apology_pdf
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.processes import services as process_services
from tests.forms.demo_dossiers import (
    MONDAY,
    actor,
    birth_registration_online,
    interagency_at_counter,
    received,
)

from .pdfutil import normalise, pdf_text
from .printcheck import nothing_cut, one_a5_page

pytestmark = pytest.mark.django_db

NEW_DUE = datetime(2026, 12, 1, 16, 0, tzinfo=clock.VN_TZ)  # Tuesday
REASON = "Cần xác minh thông tin cư trú với Công an Phường Hoàn Kiếm"


@pytest.fixture
def demo(frozen: Any) -> None:
    frozen(MONDAY)
    load_demo()


def fresh(d: Dossier) -> Dossier:
    return Dossier.objects.get(pk=d.pk)


def in_order(text: str, expected: list[str]) -> None:
    for fragment in expected:
        assert fragment in text, fragment
    positions = [text.index(fragment) for fragment in expected]
    assert positions == sorted(positions)


def test_apology_after_the_head_extends(demo: None, frozen: Any, tmp_path: Path) -> None:
    d = interagency_at_counter()  # received Monday 23/11 09:30, due Friday 27/11 17:00
    frozen(datetime(2026, 11, 24, 10, 15, tzinfo=clock.VN_TZ))
    lifecycle.extend(d.pk, actor=actor("lanhdao.hoankiem"), new_due_at=NEW_DUE, reason=REASON)
    pdf = apology_pdf(fresh(d))
    one_a5_page(pdf)
    text = normalise(pdf_text(pdf))
    in_order(
        text,
        [
            "UBND THÀNH PHỐ HÀ NỘI",
            "ỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM",
            "Số: 0001/PXL",
            "Hoàn Kiếm, ngày 24 tháng 11 năm 2026",
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
            "Kính gửi: Nguyễn Văn An",
            "Ngày 23/11/2026, Ủy ban nhân dân Phường Hoàn Kiếm tiếp nhận giải quyết hồ sơ của Ông/Bà Nguyễn Văn An đề "
            f"nghị giải quyết thủ tục hành chính: {d.procedure_version.name}.",
            f"Mã hồ sơ: {d.code}",
            "Thời gian hẹn trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 27/11/2026.",
            "Tuy nhiên đến nay, Ủy ban nhân dân Phường Hoàn Kiếm chưa trả kết quả giải quyết hồ sơ "
            "của Ông/Bà vì lý do: "
            f"- {REASON}",
            "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của Ông/Bà. "
            "Ủy ban nhân dân Phường Hoàn Kiếm xin lỗi "
            "Ông/Bà và sẽ trả kết quả giải quyết hồ sơ cho Ông/Bà vào: 16 giờ 00 phút, ngày 01/12/2026.",
            "Mong nhận được sự thông cảm của Ông/Bà vì sự chậm trễ này./.",
            "LÃNH ĐẠO Ủy ban nhân dân Phường Hoàn Kiếm (Ký, ghi rõ họ tên và đóng dấu) Phạm Quốc Hùng",
        ],
    )
    nothing_cut(pdf, tmp_path, ["Phạm", "Quốc", "Hùng"])
    # Printed again later, after the dossier moved on, the form still shows the extension's dates.
    frozen(datetime(2026, 11, 30, 9, 0, tzinfo=clock.VN_TZ))
    assert normalise(pdf_text(apology_pdf(fresh(d)))) == text


def test_no_apology_without_an_extension(demo: None) -> None:
    from motcua.core.errors import NotFound

    d = interagency_at_counter()
    with pytest.raises(NotFound):
        apology_pdf(fresh(d))


def test_refusal_at_reception_is_signed_by_the_reception_officer(demo: None, tmp_path: Path) -> None:
    d = birth_registration_online()
    lifecycle.refuse_at_reception(
        d.pk, actor=actor("tiepnhan.hoankiem"), reasons="Hồ sơ không thuộc thẩm quyền\nThiếu giấy chứng sinh bản chính"
    )
    pdf = refusal_pdf(fresh(d))
    one_a5_page(pdf)
    text = normalise(pdf_text(pdf))
    in_order(
        text,
        [
            "Số: 0001/TCHS",
            "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
            f"Mã hồ sơ: {d.code}",
            "Tiếp nhận hồ sơ của: Nguyễn Văn An",
            "1. Hồ sơ không thuộc thẩm quyền",
            "2. Thiếu giấy chứng sinh bản chính",
            "NGƯỜI TIẾP NHẬN HỒ SƠ Cán bộ tiếp nhận (Bộ phận Một cửa) Ủy ban nhân dân Phường Hoàn Kiếm "
            "(Ký và ghi rõ họ tên) Trần Thị Mai",
        ],
    )
    nothing_cut(pdf, tmp_path, ["Trần", "Thị", "Mai"])


def test_refusal_after_review_is_signed_by_the_head_who_refused(demo: None, tmp_path: Path) -> None:
    User.objects.filter(username="lanhdao.hoankiem").update(title="Phó Chủ tịch")
    d = received(birth_registration_online())
    lifecycle.assign(d.pk, actor=actor("lanhdao.hoankiem"), assignee_username="chuyenvien.hoankiem")
    lifecycle.refuse(d.pk, actor=actor("lanhdao.hoankiem"), reasons="Người yêu cầu không phải cha, mẹ của trẻ")
    pdf = refusal_pdf(fresh(d))
    one_a5_page(pdf)
    text = normalise(pdf_text(pdf))
    in_order(
        text,
        [
            "1. Người yêu cầu không phải cha, mẹ của trẻ",
            "PHÓ CHỦ TỊCH Ủy ban nhân dân Phường Hoàn Kiếm (Ký và ghi rõ họ tên) Phạm Quốc Hùng",
        ],
    )
    assert "NGƯỜI TIẾP NHẬN HỒ SƠ" not in text and "Trần Thị Mai" not in text
    nothing_cut(pdf, tmp_path, ["Phạm", "Quốc", "Hùng"])


def test_refusal_at_a_process_step_is_signed_by_the_step_holder(db: Any, frozen: Any, tmp_path: Path) -> None:
    frozen(MONDAY)
    process_services.clear_caches()
    load_demo(processes=True)
    # The inter-agency procedure's process lets the justice officer's step refuse (in the common process
    # of the birth registration alone the specialist only proposes and the head refuses).
    d = interagency_at_counter()
    from motcua.processes.flow import holds

    specialist = actor("chuyenvien.hoankiem")
    step = next(r for r in process_services.active_steps(d.pk) if holds(specialist, r))
    lifecycle.complete_step(d.pk, step.pk, actor=specialist, outcome="refuse", note="Giấy chứng sinh không hợp lệ")
    text = normalise(pdf_text(refusal_pdf(fresh(d))))
    in_order(
        text,
        [
            "1. Giấy chứng sinh không hợp lệ",
            "CHUYÊN VIÊN XỬ LÝ Ủy ban nhân dân Phường Hoàn Kiếm (Ký và ghi rõ họ tên) Lê Văn Nam",
        ],
    )
