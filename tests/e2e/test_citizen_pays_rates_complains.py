"""The citizen's journey on a 360-px phone (Chromium, vi-VN), clicking only what the screen shows:
the fee on the review step, paying from the dossier page with a failed first try at the gateway
simulator and a successful second one, rating the returned dossier from its page and filing a
complaint about it from its page. Officials act through the services. Every page: axe 0
serious/critical, no sideways scrolling."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.feedback.categories import CATEGORIES
from motcua.feedback.models import Category, Feedback, Rating
from motcua.payments.models import Payment
from tests.e2e.conftest import axe, shot, too_wide
from tests.helpers import as_, pdf_upload, result_record
from tests.payments.catalogue import import_fee_procedure
from tests.payments.conftest import fee_dossier, paygate  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)
WIDTH = 360


def fits(page: Any, name: str) -> None:
    """No sideways scrolling, every amount column inside the screen, no serious accessibility problem."""
    shot(page, f"citizen-pay-rate-{name}")
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


def test_citizen_pays_after_a_failed_try_rates_and_complains(world: Any, paygate: Any,  # noqa: F811
                                                             live_server: Any, page: Any, tmp_path: Path) -> None:
    import_fee_procedure()
    for row in CATEGORIES:
        Category.objects.update_or_create(code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    base = live_server.url
    page.set_viewport_size({"width": WIDTH, "height": 740})

    page.goto(base + "/")
    page.get_by_role("link", name="Đăng nhập").first.click()
    page.get_by_label("Tên đăng nhập").fill("citizen")
    page.get_by_label("Mật khẩu").fill("pw-for-tests-123")
    page.get_by_role("button", name="Đăng nhập").click()
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
        "Phí cấp thêm phiếu\nCăn cứ, cách tính: Từ phiếu thứ 3 trở đi: 5.000 đồng/phiếu.\t5.000 đ"]
    assert page.locator("#fee-total").inner_text() == "205.000 đ"
    assert page.locator("#fee-total").is_visible()
    fits(page, "01-review")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/da-nop/"))
    code = page.locator("#dossier-code").inner_text()
    page.get_by_role("link", name="Xem hồ sơ").click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{code}/")
    assert "Ông/bà thanh toán sau khi cơ quan tiếp nhận hồ sơ" in page.locator("#thanh-toan").inner_text()
    fits(page, "02-dossier-submitted")

    # Received: the procedure asks for the fees first (status 6).
    dossier = lifecycle.receive(Dossier.objects.get(code=code).pk, actor=as_(world, "reception"))
    assert dossier.status == "fee_requested"
    page.reload()
    button = page.get_by_role("link", name="Thanh toán 205.000 đ")
    assert button.is_visible()
    fits(page, "03-dossier-fee-requested")

    # First try: the gateway says it failed.
    button.click()
    page.wait_for_url(f"{base}/thanh-toan/{code}/")
    fits(page, "04-fees")
    page.get_by_role("button", name="Thanh toán qua Cổng thanh toán quốc gia").click()
    page.wait_for_url(f"{paygate.url}/national/pay/*")
    assert code in page.content()  # the gateway shows what is being paid
    page.get_by_role("button", name="Thất bại").click()
    page.wait_for_url(f"{base}/thanh-toan/ket-qua/**")
    assert page.locator("#outcome-title").inner_text() == "Thanh toán không thành công"
    assert page.locator("#payment-status").inner_text() == "Thanh toán không thành công"
    fits(page, "05-result-failed")
    page.get_by_role("link", name="Về trang hồ sơ").click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{code}/")
    assert "Thanh toán không thành công" in page.locator("#thanh-toan").inner_text()
    fits(page, "06-dossier-after-failure")

    # Second try from the dossier page: paid.
    page.get_by_role("link", name="Thanh toán 205.000 đ").click()
    page.get_by_role("button", name="Thanh toán qua Cổng thanh toán quốc gia").click()
    page.wait_for_url(f"{paygate.url}/national/pay/*")
    page.get_by_role("button", name="Thanh toán thành công").click()
    page.wait_for_url(f"{base}/thanh-toan/ket-qua/**")
    assert page.locator("#outcome-title").inner_text() == "Thanh toán thành công"
    fits(page, "07-result-paid")
    assert list(Payment.objects.order_by("id").values_list("status", "amount")) == [("failed", 205000),
                                                                                   ("paid", 205000)]
    page.get_by_role("link", name="Về trang hồ sơ").click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{code}/")
    assert page.get_by_role("link", name="Thanh toán 205.000 đ").count() == 0
    assert page.locator("#status-title + p .badge").first.inner_text() == "Đã tiếp nhận"
    fits(page, "08-dossier-paid")

    # Processed, issued and returned by the officials.
    d = Dossier.objects.get(code=code)
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("phieu.pdf"))
    lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())
    lifecycle.return_result(d.pk, actor=as_(world, "reception"))

    # Rate it from its page; the page then shows the rating given.
    page.reload()
    page.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    page.wait_for_url(f"{base}/phan-anh/danh-gia/{code}/")
    fits(page, "09-rating-form")
    for group in page.locator("fieldset.rating-group").all():
        group.get_by_label("Rất hài lòng", exact=True).check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{code}/#danh-gia")
    assert "Rất hài lòng" in page.locator("#rating-given").inner_text()
    assert page.get_by_role("link", name="Đánh giá mức độ hài lòng").count() == 0
    assert Rating.objects.get().level == "very_satisfied"
    fits(page, "10-dossier-rated")

    # Complain about it from its page: the dossier and the category are preset.
    page.get_by_role("link", name="Phản ánh, kiến nghị về hồ sơ này").click()
    page.wait_for_url(f"{base}/phan-anh/gui/?ho-so={code}")
    assert page.input_value("#id_dossier_code") == code
    assert page.locator("#id_category option:checked").inner_text() == "Giải quyết hồ sơ"
    assert page.input_value("#id_contact_name") == "Nguyễn Thị Hằng"
    assert page.input_value("#id_contact_phone") == "0912345678"
    assert page.locator("fieldset.category-attributes:visible").count() == 1
    fits(page, "11-complaint-form")
    page.get_by_label("Vấn đề gặp phải").select_option("late")
    page.get_by_label("Tiêu đề").fill("Trả kết quả chậm")
    page.get_by_label("Nội dung").fill("Hồ sơ của tôi trả kết quả sau ngày hẹn.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.wait_for_url(re.compile(r"/phan-anh/cua-toi/\d+/$"))
    item = Feedback.objects.get()
    assert (item.dossier.code, item.category.code, item.attributes) == (code, "giai-quyet-ho-so", {"delay": "late"})
    fits(page, "12-complaint-sent")
    page.get_by_role("link", name=code).click()
    page.wait_for_url(f"{base}/tai-khoan/ho-so/{code}/")
    assert page.get_by_role("link", name="Trả kết quả chậm").is_visible()
    fits(page, "13-dossier-with-complaint")
