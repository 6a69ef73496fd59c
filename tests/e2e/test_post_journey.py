"""The result by public post (Decision 45/2016/QĐ-TTg) in a real browser, with the real postal peer:
the citizen submits a birth registration choosing delivery by post, the officials work it to the
result in the back office, the result is handed to the post (the outbox sends the order), the peer
delivers it and its webhook closes the dossier, and the citizen's dossier page shows it delivered."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from motcua.core import outbox
from motcua.demo.data import DEMO_PASSWORD, load_demo
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Status
from motcua.organisation.models import AdminUnit
from motcua.organisation.units import load_admin_units
from motcua.postal.models import PostalOrder
from tests.e2e.conftest import log_in_from_home
from tests.e2e.test_backoffice_journeys import act, check, log_in, log_out, open_dossier, submit_action
from tests.e2e.test_portal_journey import FORM, pdf_file
from tests.postal.conftest import post_peer  # noqa: F401 - the peer fixture of the postal tests


def run_outbox() -> None:
    outbox.deliver_due()


@pytest.mark.django_db(transaction=True)
def test_the_result_goes_by_post_and_the_delivery_closes_the_dossier(
    live_server: Any,
    post_peer: Any,  # noqa: F811 - the fixture imported above
    page: Any,
    tmp_path: Path,
) -> None:
    if not AdminUnit.objects.filter(code="01").exists():  # a transactional test before flushed the migration's rows
        load_admin_units(AdminUnit)
    load_demo()
    base = live_server.url

    # The citizen submits online and chooses to receive the result by post.
    log_in_from_home(page, base, "congdan", DEMO_PASSWORD)
    page.goto(base + "/thu-tuc/1.001193/")
    page.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()
    page.wait_for_url(base + "/nop-ho-so/1.001193/")
    page.select_option("#agency-code", "H26.101")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/2/$"))
    for selector, value in FORM.items():
        page.fill("#" + selector, value)
    page.fill("#f-ngay-sinh", "15/11/2026")
    page.select_option("#f-gioi-tinh", "Nam")
    page.select_option("#f-dan-toc", "Kinh")
    page.select_option("#f-quoc-tich", "Việt Nam")
    page.select_option("#f-quan-he-nguoi-yeu-cau", "Cha")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/3/$"))
    page.set_input_files("#doc-giay-chung-sinh", str(pdf_file(tmp_path, "giay-chung-sinh.pdf")))
    page.get_by_role("button", name="Tải lên và tiếp tục").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/ban-nhap/\d+/4/$"))

    section = page.locator("section.submit-postal")
    assert "Cách nhận kết quả" in section.inner_text()
    assert "Cước bưu chính dự tính: 25.000 đ trong tỉnh, 35.000 đ ngoài tỉnh." in section.inner_text()
    page.get_by_label("Qua dịch vụ bưu chính công ích, tại địa chỉ dưới đây").check()
    page.get_by_role("button", name="Nộp hồ sơ").click()  # no province: the fields say what is missing
    page.wait_for_load_state()
    assert page.locator("#post_province-error").inner_text() == "Vui lòng chọn tỉnh, thành phố."
    assert Dossier.objects.count() == 0
    check(page, "post-01-review-address-error")
    page.select_option("#post_province", "01")
    page.locator("#post_commune option").nth(1).wait_for(state="attached")  # filled by the script (no eval: the CSP)
    commune = page.locator("#post_commune option").nth(1).get_attribute("value")
    page.select_option("#post_commune", commune)
    page.fill("#post_street", "12 Hàng Bạc")
    check(page, "post-02-review-by-post")
    page.get_by_role("button", name="Nộp hồ sơ").click()
    page.wait_for_url(re.compile(r"/nop-ho-so/da-nop/"))
    code = page.locator("#dossier-code").inner_text()
    dossier = Dossier.objects.get(code=code)
    [order] = PostalOrder.objects.filter(dossier=dossier)
    assert (order.direction, order.status, order.commune.code) == ("delivery", "waiting", commune)
    run_outbox()
    assert post_peer.orders() == []  # the delivery waits for the result
    log_out(page)

    # Officials: reception receives (the postal panel shows the waiting delivery), head assigns and
    # approves, the clerk issues the signed result.
    log_in(page, base, "tiepnhan.hoankiem")
    open_dossier(page, base, code)
    assert "Chờ có kết quả" in page.inner_text("section.postal")
    act(page, "receive")
    submit_action(page, "receive")
    assert "Đã tiếp nhận hồ sơ." in page.inner_text(".messages")
    log_out(page)
    log_in(page, base, "lanhdao.hoankiem")
    open_dossier(page, base, code)
    act(page, "assign")
    page.select_option("#id_assign-assignee", "chuyenvien.hoankiem")
    submit_action(page, "assign")
    act(page, "approve")
    submit_action(page, "approve")
    assert "Đã phê duyệt hồ sơ." in page.inner_text(".messages")
    log_out(page)
    result = tmp_path / "giay-khai-sinh.pdf"
    result.write_bytes(b"%PDF-1.4\n%%EOF\n")
    log_in(page, base, "vanthu.hoankiem")
    open_dossier(page, base, code)
    act(page, "issue_result")
    page.set_input_files("#id_issue_result-file", str(result))
    page.fill("#id_issue_result-result_number", "126/GKS-UBND")
    page.fill("#id_issue_result-signer_position", "Chủ tịch Ủy ban nhân dân phường")
    submit_action(page, "issue_result")
    assert "Đã ban hành kết quả." in page.inner_text(".messages")

    # The result is handed to the post: the outbox sends the waiting order; the panel shows the item code.
    run_outbox()  # dossier.event: the delivery is queued
    run_outbox()  # postal.create: sent to the operator
    order.refresh_from_db()
    [sent] = post_peer.orders()
    assert order.status == "accepted" and order.tracking_number == sent["ItemCode"]
    page.reload()
    assert order.tracking_number in page.inner_text("section.postal")
    check(page, "post-03-backoffice-handed-to-post")
    log_out(page)

    # The postman delivers: the peer calls our signed webhook, which closes the return.
    answer = post_peer.call("/_sim/advance", {"OrderCode": order.reference, "Status": "delivered", "EventId": "E2E-1"})
    assert answer["answer"] == {"status": "ok"}
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED

    # The citizen's dossier page shows the order delivered, with its item code.
    log_in_from_home(page, base, "congdan", DEMO_PASSWORD)
    page.goto(f"{base}/tai-khoan/ho-so/{code}/")
    box = page.locator("section.dossier-postal")
    assert "Đã phát thành công" in box.inner_text() and order.tracking_number in box.inner_text()
    assert "Đã trả kết quả" in page.locator("#status-title + p").inner_text()
    check(page, "post-04-citizen-delivered")
