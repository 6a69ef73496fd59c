from __future__ import annotations

import subprocess
from datetime import datetime
from typing import Any

import pytest

from motcua.core.clock import VN_TZ
from motcua.dossiers.services.documents import upload_document
from motcua.processes import services
from motcua.processes.models import DossierProcess
from tests.helpers import as_, pdf_upload, result_record

from .stepping import finish

pytestmark = pytest.mark.django_db


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=VN_TZ)


def text_of(pdf: bytes, tmp_path: Any) -> str:
    path = tmp_path / "m05.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def test_mau_05_lists_each_hand_over_with_its_result(
    world: Any, t001: Any, received: Any, frozen: Any, tmp_path: Any
) -> None:
    dossier = received()
    services.start(dossier.id)
    [first] = services.active_steps(dossier.id)
    frozen(at(23, 9))
    [second] = finish(dossier.id, first.id, actor=as_(world, "reception"), note="Đủ thành phần")
    frozen(at(25, 17))
    [third] = finish(dossier.id, second.id, actor=as_(world, "specialist"))
    frozen(at(26, 14))
    [fourth] = finish(dossier.id, third.id, actor=as_(world, "head"))
    frozen(at(26, 15))
    upload_document(dossier.id, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    finish(dossier.id, fourth.id, actor=as_(world, "dept_clerk"), record=result_record())  # issues the result
    pdf = services.control_sheet_pdf(dossier.id)
    assert pdf.startswith(b"%PDF-")
    text = text_of(pdf, tmp_path)
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert dossier.code in text
    lines = [" ".join(line.split()) for line in text.splitlines()]
    results = [w for line in lines if "phút" in line for w in ("Trước hạn", "Đúng hạn", "Quá hạn") if w in line]
    assert results == ["Trước hạn", "Đúng hạn", "Quá hạn", "Trước hạn"]
    assert any("09 giờ 00 phút, ngày 23/11/2026" in line for line in lines)
    assert any("Đủ thành phần" in line for line in lines)
    assert any("Giao: Ủy ban nhân dân Phường Hoàn Kiếm — Reception" in line for line in lines)
    assert any("Nhận: Sở Tư pháp" in line for line in lines)
    assert any("Nhận: Bộ phận Một cửa — trả kết quả" in line for line in lines)


def test_mau_05_of_a_dossier_without_steps(world: Any, t001: Any, received: Any, tmp_path: Any) -> None:
    dossier = received()
    services.start(dossier.id)
    assert "Chưa có bước giao, nhận nào." in text_of(services.control_sheet_pdf(dossier.id), tmp_path)
    [open_step] = services.active_steps(dossier.id)
    services.cancel(dossier.id)
    assert services.active_steps(dossier.id) == []
    open_step.refresh_from_db()
    assert open_step.outcome == "cancelled"
    assert open_step.finished_at is not None
    process = DossierProcess.objects.get(dossier_id=dossier.id)
    assert process.status == DossierProcess.Status.CANCELLED
    assert process.finished_at is not None
