"""An administrator reconciles a bank statement in the browser; nobody else may import one."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.organisation.services import role_grant
from motcua.payments.models import Payment, StatementLine
from motcua.payments.services.payments import start_payment
from tests.helpers import as_


def statement(code: str, booked: str) -> SimpleUploadedFile:
    text = f"booked_at,bank_reference,amount,content,payer\n{booked},FT777,10000,{code} chuyen tien,NGUYEN THI HANG\n"
    return SimpleUploadedFile("sao-ke.csv", text.encode(), content_type="text/csv")


@pytest.mark.django_db
def test_admin_uploads_a_statement_and_others_are_refused(world: Any, fee_dossier: Any, frozen: Any) -> None:
    payment = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr").payment
    booked = payment.created_at.astimezone().strftime("%Y-%m-%dT%H:%M:%S%z")
    for name in ["reception", "head", "citizen"]:
        client = Client()
        client.force_login(world.user(name))
        response = client.post("/thanh-toan/doi-soat/", {"statement": statement(fee_dossier.code, booked)})
        assert response.status_code == 403, name
    assert StatementLine.objects.count() == 0
    assert Payment.objects.get(pk=payment.pk).status == "pending"
    role_grant(user=world.user("admin"), agency=world.department, role="admin")
    admin = Client()
    admin.force_login(world.user("admin"))
    assert "Nhập sao kê ngân hàng" in admin.get("/thanh-toan/doi-soat/").content.decode()
    response = admin.post("/thanh-toan/doi-soat/", {"statement": statement(fee_dossier.code, booked)})
    assert response.status_code == 200
    assert "Đã khớp 1 giao dịch" in response.content.decode()
    assert Payment.objects.get(pk=payment.pk).status == "paid"
    empty = admin.post("/thanh-toan/doi-soat/", {})
    assert "Vui lòng chọn tệp sao kê CSV" in empty.content.decode()
