"""Mẫu 02 and Mẫu 03 as PDF for officials who can see the dossier."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest

from motcua.dossiers.services import lifecycle
from tests.backoffice.conftest import in_state
from tests.helpers import as_, submit

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.pdf"
        path.write_bytes(content)
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def test_mau_02_lists_items_and_reasons(world: Any, login: Any, at_monday: Any) -> None:
    d = submit(world)
    lifecycle.request_supplement(
        d.pk,
        actor=as_(world, "reception"),
        items=[
            {"requirement": "TP2", "name": "Giấy tờ khác", "reason": "Bản chụp bị mờ"},
            {"name": "Văn bản ủy quyền", "reason": "Người nộp không phải chủ hồ sơ"},
        ],
    )
    response = login("reception").get(f"/backoffice/ho-so/{d.code}/mau-02.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="phieu-yeu-cau-bo-sung-{d.code}.pdf"'
    text = pdf_text(response.content)
    for part in [
        d.code,
        "Giấy tờ khác",
        "Bản chụp bị mờ",
        "Văn bản ủy quyền",
        "Người nộp không phải chủ hồ sơ",
        "Nguyễn Thị Hằng",
        "0001/HDHS",
        "Reception",
    ]:
        assert part in text, part


def test_mau_03_after_refusal_at_reception_and_after_review(world: Any, login: Any, at_monday: Any) -> None:
    d = submit(world)
    lifecycle.refuse_at_reception(d.pk, actor=as_(world, "reception"), reasons="Không thuộc thẩm quyền\nThiếu tờ khai")
    response = login("reception").get(f"/backoffice/ho-so/{d.code}/mau-03.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    for part in [d.code, "Không thuộc thẩm quyền", "Thiếu tờ khai", "/TCHS"]:
        assert part in text, part
    e = in_state(world, "processing")
    lifecycle.refuse(e.pk, actor=as_(world, "head"), reasons="Không đủ điều kiện cấp")
    text = pdf_text(login("head").get(f"/backoffice/ho-so/{e.code}/mau-03.pdf").content)
    assert e.code in text and "Không đủ điều kiện cấp" in text and "Head" in text


def test_no_form_before_the_event(world: Any, login: Any, at_monday: Any) -> None:
    d = submit(world)
    client = login("reception")
    assert client.get(f"/backoffice/ho-so/{d.code}/mau-02.pdf").status_code == 404
    assert client.get(f"/backoffice/ho-so/{d.code}/mau-03.pdf").status_code == 404


def test_mau_04_is_offered_right_after_the_extension_and_on_the_dossier_page(
    world: Any, login: Any, at_monday: Any
) -> None:
    d = in_state(world, "received")  # received Monday 23/11 09:00, due Thursday 26/11
    head = login("head")
    assert "mau-04.pdf" not in head.get(f"/backoffice/ho-so/{d.code}/").content.decode()
    assert head.get(f"/backoffice/ho-so/{d.code}/mau-04.pdf").status_code == 404
    response = head.post(
        f"/backoffice/ho-so/{d.code}/thao-tac/extend/",
        {
            "extend-version": str(d.version),
            "extend-new_due_at": "2026-11-30T10:00",
            "extend-reason": "Cần lấy ý kiến của Sở Tư pháp",
        },
    )
    assert response.status_code == 302 and response["Location"] == f"/backoffice/ho-so/{d.code}/?in=mau-04"
    page = head.get(response["Location"]).content.decode()
    href = f"/backoffice/ho-so/{d.code}/mau-04.pdf"
    assert f'<a class="button primary js-print-now" href="{href}"' in page
    assert "Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)" in page
    pdf = head.get(href)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == f'inline; filename="phieu-xin-loi-{d.code}.pdf"'
    text = pdf_text(pdf.content)
    for part in [
        d.code,
        "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
        "0001/PXL",
        "Nguyễn Thị Hằng",
        "Cần lấy ý kiến của Sở Tư pháp",
        "10 giờ 00 phút, ngày 30/11/2026",
        "LÃNH ĐẠO",
        "Head",
    ]:
        assert part in text, part
    # Afterwards, any official of the agency finds it in the dossier page's print list.
    later = login("reception").get(f"/backoffice/ho-so/{d.code}/").content.decode()
    assert f'<a href="{href}" target="_blank" rel="noopener" class="print-mau-04">' in later
