"""The citizen answers a supplement request on a 360 px phone, clicking only what the page shows.

They see the answer deadline and what they declared, not the officials' internal note; after
sending they see the supplemented files and their own action labelled as theirs. Every page fits
360 px and axe finds nothing serious.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import User
from motcua.core.actor import Actor
from motcua.core.clock import VN_TZ
from motcua.demo.data import load_demo
from motcua.dossiers.models import DossierDocument, SupplementRequest
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.submission import SubmissionInput, submit_online
from tests.e2e.conftest import axe, shot

PDF = b"%PDF-1.4\n%%EOF\n"
INTERNAL = "Giao chị Hà xử lý, lưu ý người nộp là người quen của cán bộ phường"
FORM = {
    "ho_ten_tre": "Nguyễn Minh Khang",
    "ngay_sinh": "2026-11-01",
    "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
    "gioi_tinh": "Nam",
    "dan_toc": "Kinh",
    "quoc_tich": "Việt Nam",
    "quan_he_nguoi_yeu_cau": "Cha",
}


def fits(page: Any, name: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: {width}px wide"
    assert axe(page) == [], name
    shot(page, f"portal-follow-360-{name}")


def user(name: str) -> Actor:
    return Actor(user=User.objects.get(username=name))


def dossier_waiting_for_a_supplement() -> Any:
    citizen = User.objects.get(username="congdan")
    files = {
        code: [SimpleUploadedFile(f"{code}.pdf", PDF, content_type="application/pdf")] for code in ("giay-chung-sinh",)
    }  # online the tờ khai is the e-form and the ID card is shown
    d = submit_online(
        actor=Actor(user=citizen),
        files=files,
        data=SubmissionInput(
            procedure_code="1.001193",
            agency_code="H26.101",
            form_data=FORM,
            applicant=ApplicantData(
                type="citizen",
                name=citizen.full_name,
                id_number=citizen.personal_id or "",
                phone=citizen.phone,
                email=citizen.email,
                address=citizen.address,
            ),
        ),
    )
    lifecycle.receive(d.pk, actor=user("tiepnhan.hoankiem"), note="Hồ sơ đã nhận đủ bản giấy")
    lifecycle.assign(d.pk, actor=user("lanhdao.hoankiem"), assignee_username="chuyenvien.hoankiem", note=INTERNAL)
    lifecycle.request_supplement(
        d.pk,
        actor=user("chuyenvien.hoankiem"),
        note="Vui lòng bổ sung trong hạn.",
        items=[{"requirement": "giay-chung-sinh", "name": "Giấy chứng sinh", "reason": "Bản chụp thiếu trang 2."}],
    )
    return d


@pytest.mark.django_db(transaction=True)
def test_the_citizen_answers_a_supplement_request_at_360px(live_server: Any, page: Any, tmp_path: Path) -> None:
    load_demo(processes=True)
    d = dossier_waiting_for_a_supplement()
    due = SupplementRequest.objects.get(dossier=d).answer_due_at.astimezone(VN_TZ)
    url = live_server.url
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(url + "/")
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.fill("#id_username", "congdan")
    page.fill("#id_password", "motcua-demo")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(url + "/tai-khoan/")
    page.get_by_role("link", name=d.code).click()
    page.wait_for_url(url + f"/tai-khoan/ho-so/{d.code}/")
    main = page.locator("main")
    supplement = page.locator("#bo-sung")
    assert supplement.locator("#han-bo-sung").inner_text() == f"Hạn bổ sung: {due:%d/%m/%Y %H:%M}"
    assert "Bản chụp thiếu trang 2." in supplement.inner_text()
    declared = page.locator("section", has=page.get_by_role("heading", name="Thông tin đã khai"))
    declared_text = declared.inner_text()
    for text in ["Nguyễn Minh Khang", "01/11/2026", "Bệnh viện Phụ sản Hà Nội", "Nguyễn Văn An", "001085012345"]:
        assert text in declared_text, text
    assert "2026-11-01" not in declared_text
    history = page.locator("section", has=page.get_by_role("heading", name="Quá trình xử lý")).inner_text()
    assert "Bạn đã nộp hồ sơ" in history and "Phân công xử lý" in history
    assert "Hồ sơ đã nhận đủ bản giấy" in history  # the desk's note to the applicant
    assert INTERNAL not in main.inner_text() and "người quen" not in page.content()
    fits(page, "supplement-request")

    (tmp_path / "giay-chung-sinh-du-trang.pdf").write_bytes(PDF)
    page.get_by_label("Chọn tệp bổ sung: Giấy chứng sinh").set_input_files(
        str(tmp_path / "giay-chung-sinh-du-trang.pdf")
    )
    page.get_by_role("button", name=re.compile(r"^Tải lên\s?: Giấy chứng sinh$")).click()
    page.wait_for_url(re.compile(r"#bo-sung$"))
    assert "Đã tải lên: giay-chung-sinh-du-trang.pdf" in page.locator("#bo-sung").inner_text()
    fits(page, "supplement-uploaded")
    page.get_by_label("Ghi chú gửi cơ quan (không bắt buộc)").fill("Đã chụp đủ hai trang.")
    page.get_by_role("button", name="Gửi bổ sung").click()
    page.wait_for_url(url + f"/tai-khoan/ho-so/{d.code}/")
    assert page.locator(".messages").inner_text() == "Đã gửi hồ sơ bổ sung."
    assert page.locator("#bo-sung").count() == 0
    sent = page.locator("section", has=page.get_by_role("heading", name="Hồ sơ đã bổ sung"))
    doc = DossierDocument.objects.get(dossier=d, kind="supplement")
    link = sent.get_by_role("link", name="giay-chung-sinh-du-trang.pdf")
    assert link.get_attribute("href") == f"/api/v1/dossiers/{d.code}/documents/{doc.pk}"
    assert "Theo yêu cầu bổ sung lúc" in sent.inner_text() and "Giấy chứng sinh" in sent.inner_text()
    assert "Ghi chú: Đã chụp đủ hai trang." in sent.inner_text()
    history = page.locator("section", has=page.get_by_role("heading", name="Quá trình xử lý")).inner_text()
    assert "Bạn đã gửi hồ sơ bổ sung" in history and "Bạn đã tải tài liệu lên: giay-chung-sinh-du-trang.pdf" in history
    assert INTERNAL not in page.content()
    fits(page, "supplement-sent")
