"""The citizen portal in a real browser: register, search, submit step by step, track, supplement, result.

Officials' steps are done through the services (the back office has its own tests). Every page
visited is checked with axe; screenshots go to $MOTCUA_DATA_DIR/screenshots/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.core.actor import Actor
from motcua.demo.data import load_demo
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import documents, lifecycle
from tests.e2e.conftest import axe, shot
from tests.helpers import result_record

PDF = b"%PDF-1.4\n%%EOF\n"
FORM = {"f-ho-ten-tre": "Nguyễn Minh Khang", "f-noi-sinh": "Bệnh viện Phụ sản Hà Nội"}


def officer(username: str) -> Actor:
    return Actor(user=User.objects.get(username=username), channel="web")


def pdf_file(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(PDF)
    return path


def check(page: Any, name: str) -> None:
    assert axe(page) == [], name
    shot(page, name)


@pytest.mark.django_db(transaction=True)
def test_citizen_registers_submits_supplements_and_gets_result(live_server: Any, page: Any, tmp_path: Path) -> None:
    load_demo()
    url = live_server.url
    # Register; the account area follows.
    page.goto(url + "/dang-ky/")
    page.fill("#id_full_name", "Phạm Thu Trang")
    page.fill("#id_personal_id", "001195012345")
    page.fill("#id_phone", "0903123456")
    page.fill("#id_email", "trang@example.vn")
    page.fill("#id_address", "8 Lý Thái Tổ, Phường Hoàn Kiếm")
    page.fill("#id_username", "thutrang")
    page.fill("#id_password", "mat-khau-dai-123")
    page.get_by_role("button", name="Đăng ký").click()
    page.wait_for_url(url + "/tai-khoan/")
    assert page.locator("h1").inner_text() == "Hồ sơ của tôi"
    check(page, "portal-01-account-empty")

    # Search without diacritics from the home page.
    page.goto(url + "/")
    check(page, "portal-02-home")
    page.fill("#home-q", "dang ky khai sinh")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/thu-tuc/\?q="))
    results = page.locator("#results")
    assert results.get_by_role("link", name="Đăng ký khai sinh", exact=True).count() == 1
    check(page, "portal-03-search")
    results.get_by_role("link", name="Đăng ký khai sinh", exact=True).click()
    page.wait_for_url(url + "/thu-tuc/1.001193/")
    assert page.locator("h1").inner_text() == "Đăng ký khai sinh"
    assert "Tờ khai đăng ký khai sinh" in page.locator("#docs-title + .table-wrap").inner_text()
    check(page, "portal-04-procedure")

    # Step 1: agency; the applicant is pre-filled from the account.
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
    page.wait_for_url(url + "/nop-ho-so/1.001193/")
    assert page.input_value("#a-name") == "Phạm Thu Trang"
    assert page.input_value("#a-id-number") == "001195012345"
    page.get_by_role("button", name="Tiếp tục").click()  # no agency chosen yet: the error is shown
    assert page.locator("#agency-code-error").inner_text() == "Vui lòng chọn cơ quan tiếp nhận hồ sơ."
    assert page.evaluate("document.activeElement.id") == "error-summary"
    check(page, "portal-05-step1-error")
    page.select_option("#agency-code", "H26.101")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/2/$"))

    # Step 2: the declaration.
    check(page, "portal-06-step2")
    for selector, value in FORM.items():
        page.fill("#" + selector, value)
    page.fill("#f-ngay-sinh", "15/11/2026")
    page.select_option("#f-gioi-tinh", "Nam")
    page.select_option("#f-dan-toc", "Kinh")
    page.select_option("#f-quoc-tich", "Việt Nam")
    page.select_option("#f-quan-he-nguoi-yeu-cau", "Mẹ")
    assert page.locator("#f-so-dien-thoai").count() == 0  # the phone was given in step 1
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/3/$"))

    # Step 3: a PDF for each required upload; the tờ khai is the e-form and the ID card is only shown.
    check(page, "portal-07-step3")
    assert page.locator("#doc-to-khai").count() == 0 and page.locator("#doc-giay-to-tuy-than").count() == 0
    assert "Tờ khai đăng ký khai sinh: lập từ tờ khai điện tử" in page.locator("#not-uploaded").inner_text()
    page.set_input_files("#doc-giay-chung-sinh", str(pdf_file(tmp_path, "giay-chung-sinh.pdf")))
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/4/$"))

    # Step 4: review, then submit.
    assert "giay-chung-sinh.pdf" in page.locator("main").inner_text()
    check(page, "portal-08-review")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/da-nop/"))
    code = page.locator("#dossier-code").inner_text()
    assert re.fullmatch(r"H26\.101-\d{6}-0001", code)
    check(page, "portal-09-done")

    # Public tracking: "Mới đăng ký".
    page.get_by_role("link", name="Tra cứu tình trạng").click()
    assert page.locator("#track-status").inner_text() == "Mới đăng ký"
    assert "Phạm Thu Trang" not in page.content() and "001195012345" not in page.content()
    check(page, "portal-10-track-new")

    # The reception officer checks it and asks for a supplement before receiving it (Decree 61 art. 17).
    dossier = Dossier.objects.get(code=code)
    lifecycle.request_supplement(
        dossier.pk,
        actor=officer("tiepnhan.hoankiem"),
        items=[
            {"requirement": "giay-chung-sinh", "name": "Giấy chứng sinh", "reason": "Bản chụp bị mờ, không đọc được."}
        ],
    )

    page.goto(url + "/tai-khoan/")
    row = page.locator("tr", has=page.get_by_role("link", name=code))
    assert "Yêu cầu bổ sung" in row.inner_text()
    check(page, "portal-11-account-list")
    page.get_by_role("link", name=code).click()
    assert "Bản chụp bị mờ" in page.locator("#bo-sung").inner_text()
    check(page, "portal-12-supplement")
    page.set_input_files("#supplement-0", str(pdf_file(tmp_path, "giay-chung-sinh-ro.pdf")))
    page.locator("#bo-sung").get_by_role("button", name="Tải lên").click()
    page.wait_for_load_state()
    assert "giay-chung-sinh-ro.pdf" in page.locator("#bo-sung").inner_text()
    page.get_by_role("button", name="Gửi bổ sung").click()
    page.wait_for_load_state()
    assert page.locator(".messages").inner_text() == "Đã gửi hồ sơ bổ sung."
    assert page.locator("#bo-sung").count() == 0
    dossier.refresh_from_db()
    assert dossier.status == "submitted" and dossier.supplement_count == 1
    check(page, "portal-13-supplemented")

    # Received; the receipt is now available.
    lifecycle.receive(dossier.pk, actor=officer("tiepnhan.hoankiem"))
    page.reload()
    receipt = page.get_by_role("link", name=re.compile("Tải giấy tiếp nhận"))
    assert receipt.get_attribute("href") == f"/api/v1/dossiers/{code}/receipt.pdf"
    assert page.request.get(url + f"/api/v1/dossiers/{code}/receipt.pdf").body()[:5] == b"%PDF-"

    # Processing, approval, the result (a PDF), and its return — through the services.
    lifecycle.assign(dossier.pk, actor=officer("lanhdao.hoankiem"), assignee_username="chuyenvien.hoankiem")
    lifecycle.approve(dossier.pk, actor=officer("lanhdao.hoankiem"))
    result = pdf_file(tmp_path, "giay-khai-sinh.pdf")
    with result.open("rb") as fh:
        from django.core.files.uploadedfile import SimpleUploadedFile

        documents.upload_document(
            dossier.pk,
            actor=officer("vanthu.hoankiem"),
            kind="result",
            upload=SimpleUploadedFile("giay-khai-sinh.pdf", fh.read()),
        )
    lifecycle.issue_result(dossier.pk, actor=officer("vanthu.hoankiem"), record=result_record())
    lifecycle.return_result(dossier.pk, actor=officer("tiepnhan.hoankiem"))

    page.reload()
    assert page.locator("#status-title + p .badge").first.inner_text() == "Đã trả kết quả"
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Tải kết quả")).click()
    assert Path(info.value.path()).read_bytes() == PDF
    check(page, "portal-14-result")

    page.goto(url + f"/tra-cuu/{code}/")
    assert page.locator("#track-status").inner_text() == "Đã trả kết quả"
    check(page, "portal-15-track-returned")
