"""Every new endpoint and page: anonymous, another citizen, an official of another agency and the
wrong role are denied; nothing changes and nothing leaks."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Status
from motcua.payments.gateways import national, vnpay_style
from motcua.payments.models import FeeAssessment, Payment, PaymentCallback
from motcua.payments.services.payments import start_payment
from tests.helpers import api_client, as_

NOT_FOUND = {"code": "not_found", "message": "Không tìm thấy.", "details": {"object": "dossier"}}


def state() -> tuple[Any, ...]:
    return (
        Payment.objects.count(),
        FeeAssessment.objects.count(),
        PaymentCallback.objects.count(),
        OutboxMessage.objects.filter(topic="notify").count(),
        list(Dossier.objects.values_list("status", "version")),
    )


@pytest.mark.django_db
def test_api_list_payments(world: Any, fee_dossier: Any) -> None:
    url = f"/api/v1/dossiers/{fee_dossier.code}/payments"
    before = state()
    assert api_client(None).get(url).status_code == 401
    for name in ["other_citizen", "other_reception", "dept_head"]:
        r = api_client(world.user(name)).get(url)
        assert (r.status_code, r.json()) == (404, NOT_FOUND), name
    assert state() == before
    for name in ["citizen", "reception", "specialist"]:
        r = api_client(world.user(name)).get(url)
        assert r.status_code == 200, name
        body = r.json()
        assert (body["total"], body["outstanding"], body["payments"], body["assessed"]) == (10000, 10000, [], False)
        assert body["fees"] == [
            {
                "kind": "fee",
                "name": "Lệ phí",
                "rule": "",
                "listed": 10000,
                "charged": 10000,
                "exempted": False,
                "reason": "",
            }
        ]


@pytest.mark.django_db
def test_api_start_payment(world: Any, fee_dossier: Any) -> None:
    url = f"/api/v1/dossiers/{fee_dossier.code}/payments"
    body = {"channel": "vietqr"}
    before = state()
    assert api_client(None).post(url, body, content_type="application/json").status_code == 401
    for name in ["other_citizen", "other_reception", "dept_reception"]:
        r = api_client(world.user(name)).post(url, body, content_type="application/json")
        assert (r.status_code, r.json()) == (404, NOT_FOUND), name
    for name in ["specialist", "head", "clerk"]:  # they see the dossier, but do not collect fees
        r = api_client(world.user(name)).post(url, body, content_type="application/json")
        assert (r.status_code, r.json()["code"]) == (403, "owner_only"), name
    bad = api_client(world.user("citizen")).post(url, {"channel": "cash"}, content_type="application/json")
    assert bad.status_code == 422
    extra = api_client(world.user("citizen")).post(
        url, {"channel": "vietqr", "amount": 1}, content_type="application/json"
    )
    assert extra.status_code == 422
    assert state() == before
    ok = api_client(world.user("citizen")).post(url, body, content_type="application/json")
    assert ok.status_code == 201
    out = ok.json()
    assert (out["redirect_url"], out["vietqr"]["amount"], out["vietqr"]["content"], out["payment"]["channel"]) == (
        "",
        10000,
        fee_dossier.code,
        "vietqr",
    )
    assert out["vietqr"]["payload"].startswith("00020101021238560010A000000727")


@pytest.mark.django_db
def test_callbacks_need_valid_signatures_and_leak_nothing(world: Any, fee_dossier: Any, settings: Any) -> None:
    p = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr").payment
    c = Client(enforce_csrf_checks=True)
    forged = national.sign(
        {
            "LoaiBanTin": "NOTIFY",
            "MaDoiTac": "MOTCUA-DEMO",
            "MaThamChieu": p.reference,
            "SoTien": 10000,
            "MaTienTe": "VND",
            "TrangThai": "00",
        },
        national.NOTIFY_FIELDS,
        "wrong",
    )
    r = c.post("/api/v1/payments/callback/national", json.dumps(forged), content_type="application/json")
    assert (r.status_code, r.json()["MaLoi"]) == (200, "01")
    assert r.json()["MaXacThuc"] == national.signature(
        r.json(), ("MaLoi", "MaThamChieu"), "motcua-demo-national-secret-CHANGE-ME"
    )
    # A correctly signed notification for a payment of another channel is not found.
    signed = national.sign({**forged, "MaXacThuc": ""}, national.NOTIFY_FIELDS, "motcua-demo-national-secret-CHANGE-ME")
    r = c.post("/api/v1/payments/callback/national", json.dumps(signed), content_type="application/json")
    assert r.json()["MaLoi"] == "02"
    r = c.post("/api/v1/payments/callback/national", b"not json", content_type="application/json")
    assert r.json()["MaLoi"] == "01"
    params = {
        "vnp_TmnCode": "MOTCUA01",
        "vnp_TxnRef": p.reference,
        "vnp_Amount": "1000000",
        "vnp_ResponseCode": "00",
        "vnp_TransactionStatus": "00",
    }
    bad = c.get("/api/v1/payments/callback/vnpay-style?" + vnpay_style.signed_query(params, "wrong"))
    assert bad.json() == {"RspCode": "97", "Message": "Invalid Checksum"}
    good = c.get(
        "/api/v1/payments/callback/vnpay-style?"
        + vnpay_style.signed_query(params, "MOTCUADEMOVNPAYSTYLESECRETCHANGEME")
    )
    assert good.json() == {"RspCode": "01", "Message": "Order not found"}
    assert Payment.objects.get(pk=p.pk).status == "pending"
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.FEE_REQUESTED
    assert list(PaymentCallback.objects.order_by("id").values_list("outcome", flat=True)) == [
        "bad_signature",
        "not_found",
        "bad_signature",
        "bad_signature",
        "not_found",
    ]


@pytest.mark.django_db
def test_citizen_pages_are_for_the_owner_only(world: Any, fee_dossier: Any) -> None:
    p = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr").payment
    pages = [f"/thanh-toan/{fee_dossier.code}/", f"/thanh-toan/ket-qua/{p.reference}/"]
    before = state()
    for url in pages:
        r = Client().get(url)
        assert (r.status_code, r["Location"]) == (302, f"/dang-nhap/?next={url}")
        for name in ["other_citizen", "reception", "other_reception", "head"]:
            c = Client()
            c.force_login(world.user(name))
            r = c.get(url)
            body = r.content.decode()
            assert r.status_code == 404 and "Nguyễn Thị Hằng" not in body and "10.000" not in body, (url, name)
    for name in ["other_citizen", "reception", "other_reception"]:
        c = Client()
        c.force_login(world.user(name))
        assert c.post(f"/thanh-toan/{fee_dossier.code}/bat-dau/", {"channel": "vietqr"}).status_code == 404
        assert c.post(f"/thanh-toan/ket-qua/{p.reference}/").status_code == 404
    assert state() == before
    owner = Client()
    owner.force_login(world.user("citizen"))
    page = owner.get(pages[0])
    html = page.content.decode()
    assert page.status_code == 200
    for text in [
        "Thanh toán qua Cổng thanh toán quốc gia",
        "Thanh toán qua cổng thanh toán",
        "VietinBank",
        "113000000001",
        "10.000 đ",
        fee_dossier.code,
        "<svg",
    ]:
        assert text in html, text
    csp = page["Content-Security-Policy"]
    assert "form-action 'self' http://127.0.0.1:8765" in csp


@pytest.mark.django_db
def test_dossier_payments_partial(world: Any, fee_dossier: Any, rf: Any) -> None:
    from django.template.loader import render_to_string

    request = rf.get("/")
    request.user = world.user("reception")
    html = render_to_string("payments/_dossier_payments.html", {"dossier": fee_dossier, "request": request})
    assert "Phí, lệ phí và thanh toán" in html and "10.000" in html
    assert f'href="/thanh-toan/quay/{fee_dossier.code}/"' in html
    request.user = world.user("specialist")
    html = render_to_string("payments/_dossier_payments.html", {"dossier": fee_dossier, "request": request})
    assert "/thanh-toan/quay/" not in html


@pytest.mark.django_db
def test_a_free_procedure_has_no_payments_card(world: Any, rf: Any) -> None:
    from django.template.loader import render_to_string

    from tests.helpers import pdf_upload, submit

    request = rf.get("/")
    request.user = world.user("reception")
    free = submit(world, procedure="T.002", files={"A": [pdf_upload()]}, form_data={})
    html = render_to_string("payments/_dossier_payments.html", {"dossier": free, "request": request})
    assert "Phí, lệ phí và thanh toán" not in html and "<section" not in html
