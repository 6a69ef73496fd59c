"""The citizen's whole journey on a 360-px phone (Chromium), clicking only what the screen shows:
log in from the home page, find the procedure, the fee on the review step, submit; answer the
desk's supplement request from the link in its e-mail; pay from the dossier page with a failed first
try at the gateway simulator and a successful second one; receive the result from the dossier page;
rate it and file a complaint about it from its page. Officials act through the services. Every
page: axe 0 serious/critical, no sideways scrolling. It runs with the browser in Vietnamese and in
English (the pages stay Vietnamese) on the live server's free port, which every link carries."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from motcua.core import outbox
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.feedback.categories import CATEGORIES
from motcua.feedback.models import Category, Feedback, Rating
from motcua.payments.models import Payment
from motcua.payments.ticks import payments_tick
from tests.e2e.conftest import LOCALES, axe, in_vietnamese, log_in_from_home, shot, too_wide
from tests.helpers import as_, pdf_upload, result_record
from tests.payments.catalogue import import_fee_procedure
from tests.payments.conftest import fee_dossier, paygate  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)
WIDTH = 360


def fits(page: Any, name: str) -> None:
    """Vietnamese, no sideways scrolling, every amount inside the screen, no serious accessibility problem."""
    shot(page, f"citizen-pay-rate-{name}")
    in_vietnamese(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH, name
    assert too_wide(page) == [], name
    overflowing = page.evaluate("""() => [...document.querySelectorAll('.table-wrap, table')]
        .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
        .map(e => (e.getAttribute('aria-label') || e.className) + ' ' + e.scrollWidth + '>' + e.clientWidth)""")
    assert overflowing == [], (name, overflowing)
    outside = page.evaluate(f"""() => [...document.querySelectorAll('td.num, .pay-button, #fee-total')]
        .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > {WIDTH}).map(e => e.textContent)""")
    assert outside == [], (name, outside)
    assert axe(page) == [], name


def mailed_link(code: str, path: str, *, saying: str = "") -> str:
    """The link to ``path`` in the newest e-mail about dossier ``code`` that has one (and says ``saying``)."""
    outbox.deliver_due()
    for message in reversed(mail.outbox):
        links = [link for link in re.findall(r"https?://[^\s)]+", str(message.body)) if path in link]
        if code in message.subject and links and saying in message.body:
            return links[0]
    raise AssertionError(f"no e-mail about {code} links to {path}: {[m.subject for m in mail.outbox]}")


@pytest.mark.parametrize("browser_locale", LOCALES)
def test_citizen_pays_after_a_failed_try_rates_and_complains(
    world: Any,
    paygate: Any,  # noqa: F811
    public_url: str,
    page: Any,
    tmp_path: Path,
    browser_locale: str,
) -> None:
    import_fee_procedure()
    for row in CATEGORIES:
        Category.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    base = public_url
    page.set_viewport_size({"width": WIDTH, "height": 740})

    log_in_from_home(page, base, "citizen", "pw-for-tests-123")
    page.wait_for_url(base + "/tai-khoan/")

    # Find the procedure and submit it; the review step shows each fee and the total.
    page.get_by_role("link", name="Thủ tục", exact=True).click()
    page.get_by_role("link", name="Cấp phiếu thử nghiệm có phí").click()
    page.wait_for_url(base + "/thu-tuc/T.003/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
    page.select_option("#agency-code", "H26.101")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/ban-nhap/\d+/2/$"))
    page.get_by_label("Mục đích sử dụng").fill("Bổ sung hồ sơ xin việc")
    page.get_by_label("Số lượng phiếu").fill("3")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/ban-nhap/\d+/3/$"))
    declaration = tmp_path / "to-khai.pdf"
    declaration.write_bytes(pdf_upload().read())
    page.set_input_files("#doc-TK", str(declaration))
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    page.wait_for_url(re.compile(r"/ban-nhap/\d+/4/$"))
    fees = page.locator(".fee-estimate")
    assert fees.locator("tbody tr").all_inner_texts() == [
        "Phí cung cấp thông tin\nCăn cứ, cách tính: 200.000 đồng/lần/người (Thông tư 244/2016/TT-BTC).\t200.000 đ",
        "Phí cấp thêm phiếu\nCăn cứ, cách tính: Từ phiếu thứ 3 trở đi: 5.000 đồng/phiếu.\t5.000 đ",
    ]
    assert page.locator("#fee-total").inner_text() == "205.000 đ"
    assert page.locator("#fee-total").is_visible()
    fits(page, f"{browser_locale}-01-review")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/da-nop/"))
    code = page.locator("#dossier-code").inner_text()
    page.get_by_role("link", name="Xem hồ sơ").click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{code}/")
    assert "Ông/bà thanh toán sau khi cơ quan tiếp nhận hồ sơ" in page.locator("#thanh-toan").inner_text()
    fits(page, f"{browser_locale}-02-dossier-submitted")

    # The desk asks for a signed declaration; the e-mail's link (this server's address) opens the dossier.
    lifecycle.request_supplement(
        Dossier.objects.get(code=code).pk,
        actor=as_(world, "reception"),
        items=[{"requirement": "TK", "name": "Tờ khai", "reason": "Tờ khai chưa có chữ ký của người yêu cầu."}],
    )
    link = mailed_link(code, "/tai-khoan/ho-so/")
    assert link == f"{base}/tai-khoan/ho-so/{code}/"
    page.goto(link)
    supplement = page.locator("#bo-sung")
    assert "Tờ khai chưa có chữ ký của người yêu cầu." in supplement.inner_text()
    assert "Hạn bổ sung:" in supplement.locator("#han-bo-sung").inner_text()
    # Not received yet: nothing to pay until the desk receives it.
    assert page.get_by_role("link", name="Thanh toán 205.000 đ").count() == 0
    assert "Ông/bà thanh toán sau khi cơ quan tiếp nhận hồ sơ" in page.locator("#thanh-toan").inner_text()
    fits(page, f"{browser_locale}-02a-supplement-requested")
    signed = tmp_path / "to-khai-da-ky.pdf"
    signed.write_bytes(pdf_upload().read())
    page.get_by_label("Chọn tệp bổ sung: Tờ khai").set_input_files(str(signed))
    page.get_by_role("button", name=re.compile(r"^Tải lên\s?: Tờ khai$")).click()
    page.wait_for_url(re.compile(r"#bo-sung$"))
    assert "Đã tải lên: to-khai-da-ky.pdf" in page.locator("#bo-sung").inner_text()
    page.get_by_role("button", name="Gửi bổ sung").click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{code}/")
    assert page.locator(".messages").inner_text() == "Đã gửi hồ sơ bổ sung."
    assert (
        "to-khai-da-ky.pdf"
        in page.locator("section", has=page.get_by_role("heading", name="Hồ sơ đã bổ sung")).inner_text()
    )
    assert Dossier.objects.get(code=code).status == "submitted"
    fits(page, f"{browser_locale}-02b-supplement-sent")

    # Received: the procedure asks for the fees first (status 6); the notice links to the payment page.
    dossier = lifecycle.receive(Dossier.objects.get(code=code).pk, actor=as_(world, "reception"))
    assert dossier.status == "fee_requested"
    payments_tick()  # the worker's minute: it assesses the fees and queues the payment notice
    assert mailed_link(code, "/thanh-toan/", saying="205.000") == f"{base}/thanh-toan/{code}/"
    page.reload()
    button = page.get_by_role("link", name="Thanh toán 205.000 đ")
    assert button.is_visible()
    fits(page, f"{browser_locale}-03-dossier-fee-requested")

    # First try: the gateway says it failed.
    button.click()
    page.wait_for_url(f"{base}/thanh-toan/{code}/")
    fits(page, f"{browser_locale}-04-fees")
    page.get_by_role("button", name="Thanh toán qua Cổng thanh toán quốc gia").click()
    page.wait_for_url(f"{paygate.url}/national/pay/*")
    assert code in page.content()  # the gateway shows what is being paid
    page.get_by_role("button", name="Thất bại").click()
    page.wait_for_url(f"{base}/thanh-toan/ket-qua/**")
    assert page.locator("#outcome-title").inner_text() == "Thanh toán không thành công"
    assert page.locator("#payment-status").inner_text() == "Thanh toán không thành công"
    fits(page, f"{browser_locale}-05-result-failed")
    page.get_by_role("link", name="Về trang hồ sơ").click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{code}/")
    assert "Thanh toán không thành công" in page.locator("#thanh-toan").inner_text()
    fits(page, f"{browser_locale}-06-dossier-after-failure")

    # Second try from the dossier page: paid.
    page.get_by_role("link", name="Thanh toán 205.000 đ").click()
    page.get_by_role("button", name="Thanh toán qua Cổng thanh toán quốc gia").click()
    page.wait_for_url(f"{paygate.url}/national/pay/*")
    page.get_by_role("button", name="Thanh toán thành công").click()
    page.wait_for_url(f"{base}/thanh-toan/ket-qua/**")
    assert page.locator("#outcome-title").inner_text() == "Thanh toán thành công"
    fits(page, f"{browser_locale}-07-result-paid")
    assert list(Payment.objects.order_by("id").values_list("status", "amount")) == [
        ("failed", 205000),
        ("paid", 205000),
    ]
    page.get_by_role("link", name="Về trang hồ sơ").click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{code}/")
    assert page.get_by_role("link", name="Thanh toán 205.000 đ").count() == 0
    assert page.locator("#status-title + p .badge").first.inner_text() == "Đã tiếp nhận"
    fits(page, f"{browser_locale}-08-dossier-paid")

    # Processed, issued and returned by the officials.
    d = Dossier.objects.get(code=code)
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("phieu.pdf"))
    lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())
    lifecycle.return_result(d.pk, actor=as_(world, "reception"))

    # Receive the result from the dossier page (the e-mail says it is returned and links there).
    assert mailed_link(code, "/tai-khoan/ho-so/") == f"{base}/tai-khoan/ho-so/{code}/"
    page.reload()
    result_link = page.locator("#result-title + ul").get_by_role("link", name="Tải kết quả: phieu.pdf")
    # Right after the status, before the fees' history.
    assert page.locator(".result-box").bounding_box()["y"] < page.locator("#thanh-toan").bounding_box()["y"]
    with page.expect_download() as download:
        result_link.click()
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    fits(page, f"{browser_locale}-08a-result-returned")

    # Rate it from its page; the page then shows the rating given.
    page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    page.wait_for_url(f"{base}/phan-anh/danh-gia/{code}/")
    fits(page, f"{browser_locale}-09-rating-form")
    for group in page.locator("fieldset.rating-group").all():
        group.get_by_label("Rất hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{code}/#danh-gia")
    assert "Rất hài lòng" in page.locator("#rating-given").inner_text()
    assert page.get_by_role("link", name="Đánh giá mức độ hài lòng").count() == 0
    assert Rating.objects.get().level == "very_satisfied"
    fits(page, f"{browser_locale}-10-dossier-rated")

    # Complain about it from its page: the dossier and the category are preset.
    page.get_by_role("link", name="Phản ánh, kiến nghị về hồ sơ này").click()
    page.wait_for_url(f"{base}/phan-anh/gui/?ho-so={code}")
    assert page.input_value("#id_dossier_code") == code
    assert page.locator("#id_category option:checked").inner_text() == "Giải quyết hồ sơ"
    assert page.input_value("#id_contact_name") == "Nguyễn Thị Hằng"
    assert page.input_value("#id_contact_phone") == "0912345678"
    assert page.locator("fieldset.category-attributes:visible").count() == 1
    fits(page, f"{browser_locale}-11-complaint-form")
    page.get_by_label("Vấn đề gặp phải").select_option("late")
    page.get_by_label("Tiêu đề").fill("Trả kết quả chậm")
    page.get_by_label("Nội dung").fill("Hồ sơ của tôi trả kết quả sau ngày hẹn.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_url(re.compile(r"/phan-anh/cua-toi/\d+/$"))
    item = Feedback.objects.get()
    assert (item.dossier.code, item.category.code, item.attributes) == (code, "giai-quyet-ho-so", {"delay": "late"})
    fits(page, f"{browser_locale}-12-complaint-sent")
    page.get_by_role("link", name=code).click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{code}/")
    assert page.get_by_role("link", name="Trả kết quả chậm").is_visible()
    fits(page, f"{browser_locale}-13-dossier-with-complaint")
