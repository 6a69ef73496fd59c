"""The reception officer's journey in a real browser (desktop, vi-VN): counter intake of the demo birth
registration for an earlier applicant looked up by ID number after receiving an online dossier, and
— once the other steps are done through the services — the result found under "Chờ trả kết quả" and
handed back, then found under "Đã trả / đã kết thúc" and by a search without diacritics. axe on
every page. The same journey with the browser in English (the pages stay Vietnamese), on the live
server's free port: the receipt's QR code leads to that address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from motcua.accounts.models import User
from motcua.core.actor import Actor
from motcua.demo.data import load_demo
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import documents, lifecycle
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.submission import SubmissionInput, submit_at_counter
from motcua.processes import services
from tests.e2e.conftest import LOCALES, in_vietnamese
from tests.e2e.test_backoffice_journeys import BIRTH_FORM, check, log_in, online_birth_registration
from tests.forms.pdfutil import decode_qr_codes, rasterise
from tests.helpers import PDF, named_bytes, result_record

EARLIER = ApplicantData(
    type="citizen",
    name="Lê Thị Hoa",
    id_number="001190056789",
    phone="0903456789",
    email="hoa.le@example.vn",
    address="25 Hàng Trống, Phường Hoàn Kiếm",
)
DOCUMENTS = ("to-khai", "giay-chung-sinh")  # scanned at the counter; the ID card is only seen ("shown")


def as_official(username: str) -> Actor:
    return Actor(user=User.objects.get(username=username), channel="web")


def earlier_dossier() -> Dossier:
    """Last month's birth registration of Lê Thị Hoa at the Hoàn Kiếm desk (she has no account)."""
    return submit_at_counter(
        actor=as_official("tiepnhan.hoankiem"),
        data=SubmissionInput(
            procedure_code="1.001193",
            agency_code="H26.101",
            applicant=EARLIER,
            form_data={**BIRTH_FORM, "ho_ten_tre": "Lê Minh Anh"},
            shown=("giay-to-tuy-than",),
        ),
        files={code: [named_bytes(PDF, f"{code}.pdf")] for code in DOCUMENTS},
    )


def finish_open_step(dossier: Dossier, username: str) -> None:
    [row] = services.active_steps(dossier.pk)
    lifecycle.complete_step(
        dossier.pk, row.pk, actor=as_official(username), note="Đồng ý", record=result_record()
    )  # the record is read only by the clerk's step


def go_to_list(page: Any, label: str) -> None:
    page.click("nav a:text('Hồ sơ cần xử lý')")
    page.click(f"#worklist .tab:has-text('{label}')")
    page.wait_for_selector(f"#worklist .tab[aria-current=page]:has-text('{label}')")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("browser_locale", LOCALES)
def test_reception_takes_in_returns_and_finds_a_birth_registration(
    public_url: str, page: Any, tmp_path: Path, browser_locale: str
) -> None:
    load_demo(processes=True)
    earlier = earlier_dossier()
    online = online_birth_registration()
    base = public_url

    # Counter intake: only this desk's procedures; the applicant is found by her ID number.
    log_in(page, base, "tiepnhan.hoankiem")
    assert page.locator(".tab[aria-current=page]").inner_text().startswith("Việc của tôi")
    check(page, f"reception-01-inbox-{browser_locale}")

    # An online dossier waits in "Việc của tôi": open it, receive it, the receipt is offered for printing.
    page.click(f"#worklist a:text('{online.code}')")
    assert page.locator("h1").inner_text() == f"Hồ sơ {online.code}"
    page.click("#thao-tac-receive > summary")
    page.click("#thao-tac-receive button[type=submit]")
    page.wait_for_load_state()
    assert "Đã tiếp nhận hồ sơ." in page.inner_text(".messages")
    assert page.locator(".print-callout a").get_attribute("href") == f"/api/v1/dossiers/{online.code}/receipt.pdf"
    assert Dossier.objects.get(pk=online.pk).status == "received"
    check(page, f"reception-01b-online-received-{browser_locale}")
    page.click("nav a:text('Tiếp nhận tại quầy')")
    page.fill("#procedure-q", "ly lich tu phap")  # the judicial record is not received at a commune's desk
    page.wait_for_selector("#procedure-results p.muted")
    assert page.locator(".procedure-results a").count() == 0
    page.fill("#procedure-q", "dang ky khai sinh")
    page.wait_for_selector(".procedure-results a[href*='1.001193']")
    page.click(".procedure-results a[href*='1.001193']")
    assert "Đăng ký khai sinh" in page.inner_text(".lead")
    page.fill("#lookup-id", EARLIER.id_number)
    page.click("#applicant-lookup button[type=submit]")
    page.wait_for_selector("#lookup-result")
    assert f"theo hồ sơ {earlier.code}" in page.inner_text("#lookup-result")
    assert page.input_value("#id_applicant_name") == "Lê Thị Hoa"
    assert page.input_value("#id_applicant_id_number") == EARLIER.id_number
    assert page.input_value("#id_applicant_phone") == EARLIER.phone
    assert page.input_value("#id_applicant_email") == EARLIER.email
    assert page.input_value("#id_applicant_address") == EARLIER.address
    assert page.evaluate("document.activeElement.id") == "id_applicant_name"
    check(page, f"reception-02-counter-applicant-found-{browser_locale}")
    for name, value in [
        ("ho_ten_tre", "Lê Gia Bảo"),
        ("ngay_sinh", "10/11/2026"),
        ("noi_sinh", "Bệnh viện Phụ sản Hà Nội"),
    ]:
        page.fill(f"#id_ff_{name}", value)
    page.select_option("#id_ff_dan_toc", "Kinh")
    page.select_option("#id_ff_quoc_tich", "Việt Nam")
    page.select_option("#id_ff_gioi_tinh", "Nam")
    page.select_option("#id_ff_quan_he_nguoi_yeu_cau", "Mẹ")
    for i, code in enumerate(DOCUMENTS):
        scan = tmp_path / f"{code}.pdf"
        scan.write_bytes(PDF)
        page.set_input_files(f"#id_file_{i}", str(scan))
    page.check("#id_doc_2")  # Đã xem bản chính để đối chiếu (giấy tờ tùy thân)
    page.click("main form.intake-form button[type=submit]")
    page.wait_for_selector(".print-callout")
    dossier = Dossier.objects.exclude(pk__in=[earlier.pk, online.pk]).get()
    code = dossier.code
    assert page.locator("h1").inner_text() == f"Hồ sơ {code}"
    assert (dossier.status, dossier.channel, dossier.applicant_name, dossier.applicant_address) == (
        "received",
        1,
        "Lê Thị Hoa",
        EARLIER.address,
    )
    check(page, f"reception-03-received-{browser_locale}")
    in_vietnamese(page)
    # The receipt (Mẫu 01) opens from the call-out; its QR code leads to this system's tracking page.
    receipt = page.request.get(base + str(page.locator(".print-callout a").get_attribute("href")))
    assert receipt.status == 200 and receipt.body().startswith(b"%PDF")
    assert decode_qr_codes(rasterise(receipt.body(), tmp_path)) == [f"{base}/tra-cuu/{code}/"]

    # The specialist, the head and the clerk do their steps (services).
    finish_open_step(dossier, "chuyenvien.hoankiem")
    finish_open_step(dossier, "lanhdao.hoankiem")
    documents.upload_document(
        dossier.pk, actor=as_official("vanthu.hoankiem"), kind="result", upload=named_bytes(PDF, "giay-khai-sinh.pdf")
    )
    finish_open_step(dossier, "vanthu.hoankiem")
    assert Dossier.objects.get(pk=dossier.pk).status == "result_ready"

    # "Chờ trả kết quả": the result waits for the reception, who hands it back.
    go_to_list(page, "Chờ trả kết quả")
    assert page.locator("#worklist tbody a.code").all_inner_texts() == [code]
    assert "Trần Thị Mai" in page.inner_text("#worklist td.handlers")  # the desk's officer holds the return step
    check(page, f"reception-04-to-return-{browser_locale}")
    page.click(f"#worklist a:text('{code}')")
    assert page.locator("h1").inner_text() == f"Hồ sơ {code}"
    # The process's last step is the desk's: its one control returns the result (no second button for it).
    assert page.locator("#thao-tac-return_result").count() == 0
    step = page.locator(".step-actions details[id$='-complete']")
    assert step.locator("summary").inner_text() == "Trả kết quả"
    step.locator("summary").click()
    step.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã trả kết quả cho người nộp." in page.inner_text(".messages")
    assert Dossier.objects.get(pk=dossier.pk).status == "returned"

    # "Đã trả / đã kết thúc", then the search of every dossier by the name typed without diacritics.
    go_to_list(page, "Đã trả / đã kết thúc")
    assert page.locator("#worklist tbody a.code").all_inner_texts() == [code]
    assert page.locator("#worklist .tab-to_return .count").inner_text() == "0"
    check(page, f"reception-05-closed-{browser_locale}")
    page.click("#worklist .tab:has-text('Việc của tôi')")
    page.wait_for_selector("#worklist .tab-mine[aria-current=page]")
    page.fill("#f-q", "le thi hoa")
    page.wait_for_selector("#worklist .search-everywhere a")
    assert "2 hồ sơ" in page.inner_text("#worklist .search-everywhere")
    page.click("#worklist .search-everywhere a")
    page.wait_for_selector("#worklist .tab-search[aria-current=page]")
    assert sorted(page.locator("#worklist tbody a.code").all_inner_texts()) == sorted([earlier.code, code])
    check(page, f"reception-06-search-by-name-{browser_locale}")
    page.fill("#f-q", code)
    expect(page.locator("#worklist tbody a.code")).to_have_count(1)
    assert page.locator("#worklist tbody a.code").all_inner_texts() == [code]
    assert "Đã trả kết quả" in page.inner_text("#worklist tbody")
