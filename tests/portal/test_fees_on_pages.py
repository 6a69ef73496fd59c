"""The fees a citizen sees: each line and the total on the review step before submitting (the same
calculation as the assessment at reception), and on the dossier page the amount due with a
"Thanh toán 205.000 đ" button leading to the payment page once payment is due."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

import pytest
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from motcua.payments import conf
from motcua.payments.gateways import vnpay_style
from motcua.payments.services.fees import assess_fees
from motcua.payments.services.payments import record_counter_payment, start_payment, vnpay_ipn
from tests.helpers import as_
from tests.payments.catalogue import import_fee_procedure
from tests.portal.helpers import APPLICANT, client_for, draft_at_review, pdf


def review_page(client: Client, copies: str) -> tuple[str, Any]:
    """Walk T.003 to its review step with ``copies`` copies; return the page and the draft."""
    assert client.post("/nop-ho-so/T.003/", APPLICANT).status_code == 302
    from motcua.portal.models import Draft

    draft = Draft.objects.latest("id")
    assert (
        client.post(
            f"/nop-ho-so/ban-nhap/{draft.pk}/2/", {"action": "next", "muc_dich": "Xin việc", "so_luong_phieu": copies}
        ).status_code
        == 302
    )
    assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "next", "doc-TK": pdf()}).status_code == 302
    response = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/4/")
    assert response.status_code == 200
    return response.content.decode(), draft


def rows(html: str) -> list[tuple[str, str]]:
    """(line name, amount) of the review step's fee table, and the total."""
    table = html[html.index('<table class="fee-estimate-table">') : html.index("</table>", html.index("fee-estimate"))]
    names = re.findall(r"<tr>\s*<td>([^<]+)<", table)
    amounts = re.findall(r'<td class="num"(?: id="fee-total")?>(?:<strong>)?([0-9.]+ đ)', table)
    return list(zip([*names, "Tổng cộng"], amounts, strict=True))


@pytest.mark.django_db
def test_review_step_shows_each_fee_line_and_the_total(world: Any) -> None:
    import_fee_procedure()
    client = client_for(world.user("citizen"))
    html, draft = review_page(client, "3")
    assert rows(html) == [
        ("Phí cung cấp thông tin", "200.000 đ"),
        ("Phí cấp thêm phiếu", "5.000 đ"),
        ("Tổng cộng", "205.000 đ"),
    ]
    assert "Căn cứ, cách tính: 200.000 đồng/lần/người (Thông tư 244/2016/TT-BTC)." in html
    assert "Căn cứ, cách tính: Từ phiếu thứ 3 trở đi: 5.000 đồng/phiếu." in html
    # Submitted and received: the assessment (the one fee calculation) charges what the review step showed.
    assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").status_code == 302
    dossier = Dossier.objects.get()
    lifecycle.receive(dossier.pk, actor=as_(world, "reception"))
    assessment = assess_fees(dossier.pk, actor=as_(world, "reception"))
    assert (assessment.total, list(assessment.lines.values_list("charged", flat=True))) == (205000, [200000, 5000])


@pytest.mark.django_db
def test_review_step_with_fewer_copies_and_without_fees(world: Any) -> None:
    import_fee_procedure()
    client = client_for(world.user("citizen"))
    html, _draft = review_page(client, "2")
    assert rows(html) == [
        ("Phí cung cấp thông tin", "200.000 đ"),
        ("Phí cấp thêm phiếu", "0 đ"),
        ("Tổng cộng", "200.000 đ"),
    ]
    draft = draft_at_review(client, "T.001")
    html = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").content.decode()
    assert rows(html) == [("Lệ phí", "10.000 đ"), ("Tổng cộng", "10.000 đ")]
    assert '<td class="num" id="fee-total"><strong>10.000 đ</strong></td>' in html
    # T.002 has no fee line at all.
    assert client.post("/nop-ho-so/T.002/", APPLICANT).status_code == 302
    from motcua.portal.models import Draft

    t2 = Draft.objects.latest("id")
    assert client.post(f"/nop-ho-so/ban-nhap/{t2.pk}/2/", {"action": "next"}).status_code == 302
    assert client.post(f"/nop-ho-so/ban-nhap/{t2.pk}/3/", {"action": "next", "doc-A": pdf()}).status_code == 302
    html = client.get(f"/nop-ho-so/ban-nhap/{t2.pk}/4/").content.decode()
    assert "Thủ tục này không thu phí, lệ phí." in html and "fee-estimate-table" not in html


def dossier_page(world: Any, dossier: Any) -> str:
    response = client_for(world.user("citizen")).get(f"/tai-khoan/ho-so/{dossier.code}/")
    assert response.status_code == 200
    return response.content.decode()


PAY_BUTTON = re.compile(r'<a class="button primary pay-button" href="([^"]+)">([^<]+)</a>')


@pytest.mark.django_db
def test_dossier_page_offers_to_pay_what_is_due(world: Any, settings: Any) -> None:
    import_fee_procedure()
    from tests.helpers import submit

    d = submit(
        world, procedure="T.003", files={"TK": [pdf()]}, form_data={"muc_dich": "Xin việc", "so_luong_phieu": "3"}
    )
    html = dossier_page(world, d)
    assert PAY_BUTTON.findall(html) == []  # not received yet: the agency may still refuse it
    assert "Ông/bà thanh toán sau khi cơ quan tiếp nhận hồ sơ" in html and "205.000" in html

    d = lifecycle.receive(d.pk, actor=as_(world, "reception"))
    assert d.status == "fee_requested"
    html = dossier_page(world, d)
    assert PAY_BUTTON.findall(html) == [(f"/thanh-toan/{d.code}/", "Thanh toán 205.000 đ")]
    assert client_for(world.user("citizen")).get(f"/thanh-toan/{d.code}/").status_code == 200

    settings.MOTCUA_PAYGATE_B_URL = "http://127.0.0.1:1/vnpay"  # never asked: this payment never reached it
    start_payment(d.pk, actor=as_(world, "citizen"), channel="vietqr")
    html = dossier_page(world, d)
    assert "Một giao dịch qua Chuyển khoản VietQR đang chờ kết quả." in html
    assert PAY_BUTTON.findall(html) == [(f"/thanh-toan/{d.code}/", "Thanh toán 205.000 đ")]

    b = start_payment(d.pk, actor=as_(world, "citizen"), channel="gateway_b").payment  # cancels the QR code
    failed = {
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TxnRef": b.reference,
        "vnp_Amount": "20500000",
        "vnp_CurrCode": "VND",
        "vnp_ResponseCode": "24",
        "vnp_TransactionStatus": "02",
        "vnp_TransactionNo": "9",
    }
    assert vnpay_ipn(dict(parse_qsl(vnpay_style.signed_query(failed, conf.gateway_b_secret())))) == {
        "RspCode": "00",
        "Message": "Confirm Success",
    }  # the gateway tells us it failed
    payment = record_counter_payment(d.pk, actor=as_(world, "reception"), channel="cash", amount=205000)
    html = dossier_page(world, d)
    assert PAY_BUTTON.findall(html) == []
    assert f'href="/thanh-toan/bien-lai/{payment.pk}.pdf"' in html
    for label in ("Đã hủy, thay bằng giao dịch mới", "Thanh toán không thành công", "Đã thanh toán"):
        assert html.count(label) == 1, label


@pytest.mark.django_db
def test_dossier_page_of_a_procedure_without_fees_has_no_payment_part(world: Any) -> None:
    from tests.helpers import pdf_upload, submit

    d = submit(world, procedure="T.002", form_data={}, files={"A": [pdf_upload()]})
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    html = dossier_page(world, d)
    assert 'id="thanh-toan"' not in html and "Phí, lệ phí" not in html
