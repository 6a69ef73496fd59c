"""The VietQR payload against an independent implementation (napas-qr-python) and an
independently written CRC routine; reconciliation of a transfer from a CSV statement."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from qr_pay import QRPay
from qr_pay import decode as oracle_decode

from motcua.core.models import AuditLog
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Status
from motcua.payments.models import Payment, StatementLine
from motcua.payments.services.payments import start_payment
from motcua.payments.vietqr import Transfer, crc16_ccitt_false, fold_reference, payload
from tests.helpers import as_


def crc_table_driven(data: bytes) -> int:
    """CRC-16/CCITT-FALSE written separately (table driven) as a test oracle."""
    table = []
    for i in range(256):
        c = i << 8
        for _ in range(8):
            c = ((c << 1) ^ 0x1021) & 0xFFFF if c & 0x8000 else (c << 1) & 0xFFFF
        table.append(c)
    crc = 0xFFFF
    for b in data:
        crc = ((crc << 8) & 0xFFFF) ^ table[((crc >> 8) ^ b) & 0xFF]
    return crc


def tlv_decode(text: str) -> dict[str, str]:
    out, i = {}, 0
    while i < len(text):
        tag, size = text[i : i + 2], int(text[i + 2 : i + 4])
        out[tag] = text[i + 4 : i + 4 + size]
        i += 4 + size
    return out


def test_crc_matches_the_published_check_value_and_an_independent_routine() -> None:
    # CRC catalogue (reveng), CRC-16/IBM-3740 a.k.a. CCITT-FALSE: check("123456789") = 0x29B1.
    assert crc16_ccitt_false("123456789") == "29B1"
    assert crc_table_driven(b"123456789") == 0x29B1
    for text in ["", "A", "000201010212", "VietQR H26.101-261123-0001"]:
        assert crc16_ccitt_false(text) == f"{crc_table_driven(text.encode()):04X}"


def test_payload_equals_the_napas_qr_python_oracle_and_decodes() -> None:
    ours = payload(Transfer(bank_bin="970415", account="113000000001", amount=10000, content="H26.101-261123-0001"))
    theirs = QRPay(
        "970415",
        "113000000001",
        transaction_amount=10000,
        purpose_of_transaction="H26.101-261123-0001",
        country_code="VN",
        transaction_currency="704",
    ).code
    assert ours == theirs
    assert ours == (
        "00020101021238560010A0000007270126000697041501121130000000010208QRIBFTTA"
        "53037045405100005802VN62230819H26.101-261123-00016304AED8"
    )
    decoded = oracle_decode(ours)  # verifies the CRC too
    assert {
        k: decoded[k]
        for k in (
            "bin_id",
            "consumer_id",
            "service_code",
            "glocal_uuid",
            "transaction_amount",
            "transaction_currency",
            "country_code",
            "purpose_of_transaction",
        )
    } == {
        "bin_id": "970415",
        "consumer_id": "113000000001",
        "service_code": "QRIBFTTA",
        "glocal_uuid": "A000000727",
        "transaction_amount": "10000",
        "transaction_currency": "704",
        "country_code": "VN",
        "purpose_of_transaction": "H26.101-261123-0001",
    }
    root = tlv_decode(ours)
    assert root["63"] == f"{crc_table_driven(ours[:-4].encode()):04X}"
    assert tlv_decode(tlv_decode(root["38"])["01"]) == {"00": "970415", "01": "113000000001"}


def test_payload_strips_diacritics_and_rejects_bad_input() -> None:
    p = payload(Transfer(bank_bin="970415", account="1", amount=1, content="Lệ phí Đăng ký"))
    assert tlv_decode(tlv_decode(p)["62"]) == {"08": "Le phi Dang ky"}
    with pytest.raises(ValueError, match="the bank BIN has 6 digits"):
        payload(Transfer(bank_bin="97041", account="1", amount=1, content=""))
    with pytest.raises(ValueError, match="the amount is positive"):
        payload(Transfer(bank_bin="970415", account="1", amount=0, content=""))
    assert fold_reference(" h26.101 - 261123 - 0001 ") == "H261012611230001"


@pytest.mark.django_db
def test_vietqr_transfer_reconciled_from_a_csv_statement(
    world: Any, fee_dossier: Any, tmp_path: Path, frozen: Any
) -> None:
    started = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr")
    p = started.payment
    assert started.vietqr is not None
    assert (started.vietqr["amount"], started.vietqr["content"], started.vietqr["account_number"]) == (
        10000,
        fee_dossier.code,
        "113000000001",
    )
    assert p.expires_at - p.created_at == timedelta(days=3)
    assert start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr").payment.pk == p.pk
    booked = p.created_at.astimezone().strftime("%Y-%m-%dT%H:%M:%S%z")
    code = fee_dossier.code.lower().replace(".", " ").replace("-", "")
    statement = tmp_path / "sao-ke.csv"
    statement.write_text(
        "booked_at,bank_reference,amount,content,payer\n"
        f"{booked},FT001,10.000,MBVCB.123 {code} chuyen tien,NGUYEN THI HANG\n"
        f"{booked},FT002,50000,TIEN DIEN THANG 11,LE VAN A\n"
        f"{booked},FT003,-20000,PHI NGAN HANG,\n",
        encoding="utf-8",
    )
    call_command("payments", "reconcile", str(statement))
    p.refresh_from_db()
    assert (p.status, p.gateway_reference) == ("paid", "FT001")
    d = Dossier.objects.get(pk=fee_dossier.pk)
    assert (d.status, d.events.filter(action="fee_paid").count()) == (Status.RECEIVED, 1)
    assert list(StatementLine.objects.values_list("bank_reference", "status", "note", "payment")) == [
        ("FT001", "matched", "", p.pk),
        ("FT002", "unmatched", "no_dossier_code", None),
    ]
    # Importing the same statement again changes nothing.
    call_command("payments", "reconcile", str(statement))
    assert StatementLine.objects.count() == 2
    assert AuditLog.objects.filter(action="payments.statement_line").count() == 2
    # The unmatched line is listed for staff; a reception officer sees only lines of their dossiers.
    from django.test import Client

    staff = Client()
    staff.force_login(world.user("admin").__class__.objects.create_user("staffer", "s@x.vn", "x", is_staff=True))
    page = staff.get("/thanh-toan/doi-soat/").content.decode()
    assert "FT002" in page and "FT001" not in page
    reception = Client()
    reception.force_login(world.user("reception"))
    assert "FT002" not in reception.get("/thanh-toan/doi-soat/").content.decode()
    citizen = Client()
    citizen.force_login(world.user("citizen"))
    assert citizen.get("/thanh-toan/doi-soat/").status_code == 403


@pytest.mark.django_db
def test_transfer_with_a_different_amount_stays_unmatched_for_the_officer(world: Any, fee_dossier: Any) -> None:
    from motcua.payments.services.reconcile import Row, reconcile

    p = start_payment(fee_dossier.pk, actor=as_(world, "citizen"), channel="vietqr").payment
    result = reconcile(
        [Row(booked_at=p.created_at, bank_reference="FT9", amount=9000, content=fee_dossier.code.replace("-", " "))]
    )
    assert [(x.status, x.note, x.dossier_id) for x in result.unmatched] == [
        ("unmatched", "amount_differs", fee_dossier.pk)
    ]
    assert Payment.objects.get(pk=p.pk).status == "pending"
    from django.test import Client

    reception = Client()
    reception.force_login(world.user("reception"))
    page = reception.get("/thanh-toan/doi-soat/").content.decode()
    assert "FT9" in page and "Số tiền khác số phải nộp" in page
    other = Client()
    other.force_login(world.user("other_reception"))
    assert "FT9" not in other.get("/thanh-toan/doi-soat/").content.decode()
