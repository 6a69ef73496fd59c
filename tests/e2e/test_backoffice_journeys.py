"""The officials' journeys in a real browser: an online birth registration from reception to the
returned result, and a walk-in certified copy received at the counter. axe on every page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.core.actor import Actor
from motcua.demo.data import DEMO_PASSWORD, load_demo
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import documents, lifecycle
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.submission import SubmissionInput, submit_online
from tests.e2e.conftest import axe, log_in_from_home, shot
from tests.helpers import PDF, named_bytes

BIRTH_FORM = {
    "ho_ten_tre": "Nguyễn Minh Khang",
    "ngay_sinh": "2026-11-15",
    "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
    "gioi_tinh": "Nam",
    "dan_toc": "Kinh",
    "quoc_tich": "Việt Nam",
    "quan_he_nguoi_yeu_cau": "Cha",
}


def online_birth_registration() -> Dossier:
    citizen = User.objects.get(username="congdan")
    applicant = ApplicantData(
        type="citizen",
        name=citizen.full_name,
        id_number=citizen.personal_id or "",
        phone=citizen.phone,
        email=citizen.email,
        address=citizen.address,
    )
    return submit_online(
        actor=Actor(user=citizen, channel="web"),
        data=SubmissionInput(
            procedure_code="1.001193", agency_code="H26.101", applicant=applicant, form_data=BIRTH_FORM
        ),
        files={"giay-chung-sinh": [named_bytes(PDF, "giay-chung-sinh.pdf")]},  # tờ khai: the e-form; ID card: shown
    )


def check(page: Any, name: str) -> None:
    """Every page: no serious accessibility violation, and a screenshot."""
    assert axe(page) == [], page.url
    shot(page, name)


def log_in(page: Any, base: str, username: str) -> None:
    """An official logs in from the home page's link and lands in the back office."""
    log_in_from_home(page, base, username, DEMO_PASSWORD)
    page.wait_for_url(base + "/backoffice/**")


def log_out(page: Any) -> None:
    page.click("header form[action='/dang-xuat/'] button")
    page.wait_for_load_state()


def open_dossier(page: Any, base: str, code: str) -> None:
    page.goto(f"{base}/backoffice/ho-so/{code}/")
    assert page.locator("h1").inner_text() == f"Hồ sơ {code}"


def act(page: Any, action: str) -> None:
    """Open an action's disclosure; the caller fills it and submits."""
    page.click(f"#thao-tac-{action} > summary")


def submit_action(page: Any, action: str) -> None:
    page.click(f"#thao-tac-{action} button[type=submit]")
    page.wait_for_load_state()


def pdf_ok(page: Any, href: str) -> bytes:
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    body: bytes = response.body()
    assert body.startswith(b"%PDF")
    return body


@pytest.mark.django_db(transaction=True)
def test_online_dossier_from_reception_to_returned_result(live_server: Any, page: Any, tmp_path: Path) -> None:
    load_demo()
    dossier = online_birth_registration()
    base = live_server.url
    code = dossier.code

    # Reception officer: the dossier waits in "chờ tiếp nhận"; search it with htmx; receive; print Mẫu 01.
    log_in(page, base, "tiepnhan.hoankiem")
    assert page.locator(".tab[aria-current=page]").inner_text().startswith("Việc của tôi")  # to receive is in it
    assert page.locator(f"#worklist a:text('{code}')").count() == 1
    check(page, "backoffice-01-home-reception")
    page.fill("#f-q", "khong-co-ho-so-nay")
    page.wait_for_selector("#worklist .empty")
    page.fill("#f-q", code[-4:])
    page.wait_for_selector(f"#worklist a:text('{code}')")
    assert "q=" in page.url
    page.click(f"#worklist a:text('{code}')")
    assert page.locator("h1").inner_text() == f"Hồ sơ {code}"
    assert "Họ, chữ đệm, tên của trẻ" in page.content() and "Nguyễn Minh Khang" in page.content()
    check(page, "backoffice-02-dossier-submitted")
    act(page, "receive")
    submit_action(page, "receive")
    assert "Đã tiếp nhận hồ sơ." in page.inner_text(".messages")
    link = page.locator(".print-callout a")
    assert link.get_attribute("href") == f"/api/v1/dossiers/{code}/receipt.pdf"
    assert page.evaluate("document.activeElement.classList.contains('js-print-now')")
    pdf_ok(page, base + link.get_attribute("href"))
    check(page, "backoffice-03-received-receipt")
    log_out(page)

    # Head: assigns the specialist.
    log_in(page, base, "lanhdao.hoankiem")
    check(page, "backoffice-04-home-head")
    open_dossier(page, base, code)
    act(page, "assign")
    page.select_option("#id_assign-assignee", "chuyenvien.hoankiem")
    page.fill("#id_assign-note", "Đề nghị xử lý trong ngày")
    submit_action(page, "assign")
    assert "Đã phân công xử lý." in page.inner_text(".messages")
    check(page, "backoffice-05-assigned")
    log_out(page)

    # Specialist: the dossier is in "việc của tôi"; asks for a missing document (Mẫu 02).
    log_in(page, base, "chuyenvien.hoankiem")
    assert page.locator(".tab[aria-current=page]").inner_text().startswith("Việc của tôi")
    page.click(f"#worklist a:text('{code}')")
    act(page, "request_supplement")
    check(page, "backoffice-06-supplement-form")
    page.check("#id_request_supplement-req_1")
    page.fill("#id_request_supplement-req_reason_1", "Giấy chứng sinh bị mờ, không đọc được số")
    page.fill("#id_request_supplement-extra_name_0", "Văn bản ủy quyền")
    page.fill("#id_request_supplement-extra_reason_0", "Người đi đăng ký không phải cha, mẹ của trẻ")
    submit_action(page, "request_supplement")
    assert "Đã gửi yêu cầu bổ sung hồ sơ." in page.inner_text(".messages")
    href = page.locator(".print-callout a").get_attribute("href")
    assert href == f"/backoffice/ho-so/{code}/mau-02.pdf"
    assert b"%PDF" in pdf_ok(page, base + href)[:8]
    assert "Tạm dừng tính thời hạn" in page.inner_text(".clock")
    check(page, "backoffice-07-supplement-requested")
    log_out(page)

    # The citizen supplements (through the services, as the portal would).
    citizen = Actor(user=User.objects.get(username="congdan"), channel="web")
    documents.upload_document(
        dossier.pk, actor=citizen, kind="supplement", upload=named_bytes(PDF, "giay-chung-sinh-ro.pdf")
    )
    lifecycle.supplement(dossier.pk, actor=citizen, note="Đã bổ sung")

    # Head approves.
    log_in(page, base, "lanhdao.hoankiem")
    open_dossier(page, base, code)
    act(page, "approve")
    submit_action(page, "approve")
    assert "Đã phê duyệt hồ sơ." in page.inner_text(".messages")
    check(page, "backoffice-08-approved")
    log_out(page)

    # Clerk uploads the signed result and issues it.
    result = tmp_path / "giay-khai-sinh.pdf"
    result.write_bytes(PDF)
    log_in(page, base, "vanthu.hoankiem")
    open_dossier(page, base, code)
    act(page, "issue_result")
    check(page, "backoffice-09-issue-form")
    page.set_input_files("#id_issue_result-file", str(result))
    page.fill("#id_issue_result-result_number", "125/GKS-UBND")
    assert page.input_value("#id_issue_result-signer_name") == "Phạm Quốc Hùng"  # the head who approved
    page.fill("#id_issue_result-signer_position", "Chủ tịch Ủy ban nhân dân phường")
    submit_action(page, "issue_result")
    assert "Đã ban hành kết quả." in page.inner_text(".messages")
    assert "125/GKS-UBND" in page.inner_text(".result-record")
    check(page, "backoffice-10-result-ready")
    log_out(page)

    # Reception returns the result; the history shows every step.
    log_in(page, base, "tiepnhan.hoankiem")
    open_dossier(page, base, code)
    act(page, "return_result")
    submit_action(page, "return_result")
    assert "Đã trả kết quả cho người nộp." in page.inner_text(".messages")
    steps = [
        re.sub(r"^event-", "", c)
        for c in page.eval_on_selector_all(".timeline > li", "els => els.map(e => e.className)")
    ]
    assert steps == [
        "submit",
        "receive",
        "assign",
        "request_supplement_review",
        "upload",
        "supplement",
        "approve",
        "upload",
        "issue_result",
        "return_result",
    ]
    timeline = page.inner_text(".timeline")
    for text in [
        "Trần Thị Mai",
        "Phạm Quốc Hùng",
        "Lê Văn Nam",
        "Đỗ Thu Hà",
        "Giấy chứng sinh bị mờ",
        "giay-khai-sinh.pdf",
    ]:
        assert text in timeline, text
    check(page, "backoffice-11-returned-history")
    assert Dossier.objects.get(pk=dossier.pk).status == "returned"

    page.set_viewport_size({"width": 360, "height": 740})
    open_dossier(page, base, code)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    check(page, "backoffice-12-dossier-360")


@pytest.mark.django_db(transaction=True)
def test_walk_in_certified_copy_at_the_counter(live_server: Any, page: Any, tmp_path: Path) -> None:
    load_demo()
    base = live_server.url
    copy = tmp_path / "ban-chup.pdf"
    copy.write_bytes(PDF)

    log_in(page, base, "tiepnhan.hoankiem")
    page.click("nav a:text('Tiếp nhận tại quầy')")
    check(page, "backoffice-20-counter-search")
    page.fill("#procedure-q", "chung thuc ban sao tu ban chinh")
    page.wait_for_selector(".procedure-results a[href*='2.000815']")
    page.click(".procedure-results a[href*='2.000815']")
    assert "Chứng thực bản sao từ bản chính" in page.inner_text(".lead")
    check(page, "backoffice-21-counter-form")

    page.fill("#id_applicant_name", "Hoàng Thị Thu")
    page.fill("#id_applicant_id_number", "001190045678")
    page.fill("#id_applicant_phone", "0905123456")
    page.fill("#id_applicant_address", "8 Đinh Tiên Hoàng, Phường Hoàn Kiếm")
    page.fill("#id_ff_ten_giay_to", "Bằng tốt nghiệp đại học")
    page.fill("#id_ff_so_trang_ban_chinh", "1")
    page.fill("#id_ff_so_ban_sao", "3")
    assert page.locator("#id_ff_so_dien_thoai").count() == 0  # the applicant's phone is asked once, above
    # The original is shown for comparison, not scanned: the officer ticks it as seen.
    assert page.locator("#id_file_0").count() == 0
    page.check("#id_doc_0")
    page.set_input_files("#id_file_1", str(copy))
    assert page.is_checked("#id_doc_1")  # choosing a scan ticks "received"
    page.click("main form.intake-form button[type=submit]")
    page.wait_for_selector(".print-callout")
    dossier = Dossier.objects.get()
    assert page.locator("h1").inner_text() == f"Hồ sơ {dossier.code}"
    # Certification fees are paid before processing (demo catalogue): received, then waiting for the fee.
    assert (dossier.status, dossier.channel, dossier.applicant_name) == ("fee_requested", 1, "Hoàng Thị Thu")
    assert dossier.received_at is not None
    assert dossier.documents.count() == 1
    assert dossier.events.get(action="submit").data == {"channel": 1, "shown": ["ban-chinh"]}
    assert dossier.form_data["so_dien_thoai"] == "0905123456"  # from the applicant
    link = page.locator(".print-callout a")
    assert link.get_attribute("href") == f"/api/v1/dossiers/{dossier.code}/receipt.pdf"
    pdf_ok(page, base + link.get_attribute("href"))
    check(page, "backoffice-22-counter-received")

    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(base + "/backoffice/tiep-nhan/?thu_tuc=2.000815")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    check(page, "backoffice-23-counter-form-360")
