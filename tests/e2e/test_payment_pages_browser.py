"""The citizen's payment in a real browser: our page → the simulator's page → back to our
return page; CSP (form-action to the gateway), accessibility, 360 px."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Status
from motcua.payments.models import Payment
from tests.e2e.conftest import axe, shot
from tests.payments.conftest import fee_dossier, paygate  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db(transaction=True)


def login(page: Any, base: str) -> None:
    page.goto(f"{base}/dang-nhap/")
    page.fill("input[name=username]", "citizen")
    page.fill("input[name=password]", "pw-for-tests-123")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_pay_through_the_national_gateway_in_a_browser(
    world: Any,
    fee_dossier: Any,  # noqa: F811
    paygate: Any,  # noqa: F811
    live_server: Any,
    page: Any,
) -> None:
    login(page, live_server.url)
    response = page.goto(f"{live_server.url}/thanh-toan/{fee_dossier.code}/")
    assert response.status == 200
    assert f"form-action 'self' {paygate.url}" in response.headers["content-security-policy"]
    assert page.locator("h1").inner_text() == "Thanh toán phí, lệ phí"
    assert axe(page) == []
    shot(page, "payments-fees")
    page.get_by_role("button", name="Thanh toán qua Cổng thanh toán quốc gia").click()
    page.wait_for_url(f"{paygate.url}/national/pay/*")
    shot(page, "payments-simulator")
    page.get_by_role("button", name="Thanh toán thành công").click()
    page.wait_for_url(f"{live_server.url}/thanh-toan/ket-qua/**")
    assert page.locator("#payment-status").inner_text() == "Đã thanh toán"
    assert axe(page) == []
    shot(page, "payments-result")
    assert Payment.objects.get().status == "paid"
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.RECEIVED


def test_vietqr_block_at_360px(
    world: Any,
    fee_dossier: Any,  # noqa: F811
    live_server: Any,
    page: Any,
) -> None:
    login(page, live_server.url)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/thanh-toan/{fee_dossier.code}/")
    page.get_by_role("button", name="Chuyển khoản bằng mã VietQR").click()
    page.wait_for_url(f"{live_server.url}/thanh-toan/{fee_dossier.code}/#vietqr")
    assert page.locator("svg.vietqr-code").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe(page) == []
    shot(page, "payments-vietqr-360")
