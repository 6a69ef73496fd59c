"""Fee assessment and exemptions, cash/POS at the counter, the biên lai PDF, refunds."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
from django.test import Client

from motcua.core.errors import Conflict, PermissionDenied, ValidationError
from motcua.core.models import AuditLog, OutboxMessage
from motcua.dossiers.models import Dossier
from motcua.dossiers.statuses import Status
from motcua.payments.models import AssessedFee, FeeAssessment, Payment
from motcua.payments.services.fees import Exemption, assess_fees
from motcua.payments.services.payments import record_counter_payment, refund_payment
from motcua.payments.ticks import assess_waiting
from tests.helpers import as_, submit


def logged_in(user: Any) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


def fee_line_id(dossier: Any) -> int:
    return int(dossier.procedure_version.fees.get().pk)


@pytest.mark.django_db
def test_assessment_is_idempotent_and_the_tick_queues_the_notice(world: Any, fee_dossier: Any, settings: Any) -> None:
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.example.vn"
    assert assess_waiting() == 1
    a = FeeAssessment.objects.get(dossier=fee_dossier)
    assert (a.total, a.revision, list(a.lines.values_list("name", "listed", "charged", "reason"))) == (
        10000,
        1,
        [("Lệ phí", 10000, 10000, "")],
    )
    assert assess_waiting() == 0
    assert assess_fees(fee_dossier.pk, actor=as_(world, "citizen")).pk == a.pk
    assert (FeeAssessment.objects.count(), AssessedFee.objects.count()) == (1, 1)
    msgs = list(OutboxMessage.objects.filter(topic="notify").values_list("key", "payload"))
    assert msgs == [
        (
            f"payment_requested:{fee_dossier.pk}:1",
            {
                "event": "payment_requested",
                "dossier_id": fee_dossier.pk,
                "user_id": world.user("citizen").pk,
                "email": "hang@example.vn",
                "phone": "0912345678",
                "context": {
                    "code": fee_dossier.code,
                    "amount": "10000",
                    "procedure": "Thủ tục thử nghiệm ba ngày",
                    "pay_url": f"https://dichvucong.example.vn/thanh-toan/{fee_dossier.code}/",
                },
            },
        )
    ]


@pytest.mark.django_db
def test_exemption_needs_a_reception_officer_and_a_reason_and_is_audited(world: Any, fee_dossier: Any) -> None:
    line = fee_line_id(fee_dossier)
    with pytest.raises(PermissionDenied):
        assess_fees(fee_dossier.pk, actor=as_(world, "citizen"), exemptions=[Exemption(line, "Hộ nghèo")])
    with pytest.raises(PermissionDenied):
        assess_fees(fee_dossier.pk, actor=as_(world, "other_reception"), exemptions=[Exemption(line, "x")])
    with pytest.raises(ValidationError):
        assess_fees(fee_dossier.pk, actor=as_(world, "reception"), exemptions=[Exemption(line, "  ")])
    assert FeeAssessment.objects.count() == 0
    assert AuditLog.objects.filter(action__startswith="payments.").count() == 0
    a = assess_fees(
        fee_dossier.pk,
        actor=as_(world, "reception"),
        exemptions=[Exemption(line, "Giảm 50% cho người cao tuổi", amount=5000)],
    )
    assert (a.total, a.lines.get().charged, a.lines.get().reason) == (5000, 5000, "Giảm 50% cho người cao tuổi")
    a = assess_fees(fee_dossier.pk, actor=as_(world, "reception"), exemptions=[Exemption(line, "Hộ nghèo")])
    assert (a.total, a.revision) == (0, 2)
    log = list(AuditLog.objects.filter(action="payments.fees_adjusted").order_by("id"))
    assert [(e.actor_id, e.changes["new"][0]["charged"]) for e in log] == [
        (world.user("reception").pk, 5000),
        (world.user("reception").pk, 0),
    ]
    assert log[1].changes["old"][0]["charged"] == 5000
    # Nothing is due any more: the obligation is met and processing resumes.
    d = Dossier.objects.get(pk=fee_dossier.pk)
    assert (d.status, d.events.get(action="fee_paid").note) == (Status.RECEIVED, "Được miễn phí, lệ phí.")


@pytest.mark.django_db
def test_cash_at_the_counter_moves_status_6_back_to_received(world: Any, fee_dossier: Any) -> None:
    officer = logged_in(world.user("reception"))
    page = officer.get(f"/thanh-toan/quay/{fee_dossier.code}/")
    assert page.status_code == 200 and 'value="10000"' in page.content.decode()
    assert 'class="backoffice"' in page.content.decode()  # the officer stays in the back office's frame
    wrong = officer.post(
        f"/thanh-toan/quay/{fee_dossier.code}/",
        {"channel": "cash", "amount": "9000", "payer_name": "", "receipt_no": ""},
    )
    assert wrong.status_code == 422 and "Số tiền phải bằng số phải nộp: 10.000 đồng." in wrong.content.decode()
    assert Payment.objects.count() == 0
    ok = officer.post(
        f"/thanh-toan/quay/{fee_dossier.code}/",
        {"channel": "cash", "amount": "10.000", "payer_name": "Nguyễn Văn Bố", "receipt_no": ""},
    )
    p = Payment.objects.get()
    assert (ok.status_code, ok["Location"]) == (302, f"/thanh-toan/quay/{fee_dossier.code}/?da-thu={p.pk}")
    assert (p.channel, p.status, p.amount, p.payer_name, p.recorded_by) == (
        "cash",
        "paid",
        10000,
        "Nguyễn Văn Bố",
        world.user("reception"),
    )
    d = Dossier.objects.get(pk=fee_dossier.pk)
    event = d.events.get(action="fee_paid")
    assert (d.status, d.national_status, event.actor_role, event.note) == (
        Status.RECEIVED,
        2,
        "reception",
        "Đã nộp phí, lệ phí: 10.000 đồng (Tiền mặt tại quầy).",
    )
    assert AuditLog.objects.filter(action="payments.counter_payment", object_id=str(p.pk)).count() == 1
    with pytest.raises(Conflict):
        record_counter_payment(d.pk, actor=as_(world, "reception"), channel="cash", amount=10000)


@pytest.mark.django_db
def test_pos_needs_a_receipt_number_and_the_right_officer(world: Any, fee_dossier: Any) -> None:
    with pytest.raises(ValidationError):
        record_counter_payment(fee_dossier.pk, actor=as_(world, "reception"), channel="pos", amount=10000)
    for name in ["specialist", "head", "other_reception", "citizen"]:
        with pytest.raises(PermissionDenied):
            record_counter_payment(fee_dossier.pk, actor=as_(world, name), channel="cash", amount=10000)
    p = record_counter_payment(
        fee_dossier.pk, actor=as_(world, "reception"), channel="pos", amount=10000, receipt_no="POS-000123"
    )
    assert (p.status, p.gateway_reference) == ("paid", "POS-000123")


@pytest.mark.django_db
def test_counter_page_authorization(world: Any, fee_dossier: Any) -> None:
    url = f"/thanh-toan/quay/{fee_dossier.code}/"
    form = {"channel": "cash", "amount": "10000", "payer_name": "", "receipt_no": ""}
    anonymous = logged_in(None).post(url, form)
    assert (anonymous.status_code, anonymous["Location"]) == (302, f"/dang-nhap/?next={url}")
    for name, status in [
        ("citizen", 403),
        ("other_citizen", 404),
        ("other_reception", 404),
        ("specialist", 403),
        ("head", 403),
        ("dept_reception", 404),
    ]:
        c = logged_in(world.user(name))
        assert (name, c.get(url).status_code, c.post(url, form).status_code) == (name, status, status)
    assert Payment.objects.count() == 0
    assert Dossier.objects.get(pk=fee_dossier.pk).status == Status.FEE_REQUESTED


@pytest.mark.django_db
def test_bien_lai_pdf_shows_amount_payer_and_code(world: Any, fee_dossier: Any, tmp_path: Any) -> None:
    p = record_counter_payment(fee_dossier.pk, actor=as_(world, "reception"), channel="cash", amount=10000)
    url = f"/thanh-toan/bien-lai/{p.pk}.pdf"
    response = logged_in(world.user("citizen")).get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    pdf = tmp_path / "bl.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert "Tên người nộp: Nguyễn Thị Hằng" in text
    assert f"Mã hồ sơ: {fee_dossier.code}" in text
    assert "10.000" in text and "Số tiền bằng chữ: Mười nghìn đồng" in text
    assert "Số: 0000001" in text and f"Mã giao dịch: {p.reference}" in text and "Tiền mặt tại quầy" in text
    assert logged_in(world.user("reception")).get(url).status_code == 200
    assert logged_in(world.user("head")).get(url).status_code == 200
    for name in ["other_citizen", "other_reception", "dept_head"]:
        assert logged_in(world.user(name)).get(url).status_code == 404, name
    assert logged_in(None).get(url).status_code == 302
    pending = Payment.objects.create(
        dossier=fee_dossier,
        reference="MCPENDING0000001",
        amount=1,
        channel="vietqr",
        payer_name="x",
        created_at=p.created_at,
    )
    assert logged_in(world.user("citizen")).get(f"/thanh-toan/bien-lai/{pending.pk}.pdf").status_code == 404


@pytest.mark.django_db
def test_refund_is_recorded_with_a_reason_and_audited(world: Any, fee_dossier: Any) -> None:
    p = record_counter_payment(fee_dossier.pk, actor=as_(world, "reception"), channel="cash", amount=10000)
    with pytest.raises(ValidationError):
        refund_payment(p.pk, actor=as_(world, "reception"), reason="")
    with pytest.raises(PermissionDenied):
        refund_payment(p.pk, actor=as_(world, "citizen"), reason="Nộp nhầm")
    with pytest.raises(PermissionDenied):
        refund_payment(p.pk, actor=as_(world, "other_reception"), reason="Nộp nhầm")
    assert Payment.objects.get(pk=p.pk).status == "paid"
    p = refund_payment(p.pk, actor=as_(world, "reception"), reason="Nộp trùng")
    assert (p.status, p.refund_reason) == ("refunded", "Nộp trùng")
    entry = AuditLog.objects.get(action="payments.refund")
    assert (entry.actor_id, entry.changes) == (
        world.user("reception").pk,
        {"status": ["paid", "refunded"], "amount": 10000, "reason": "Nộp trùng"},
    )
    with pytest.raises(Conflict):
        refund_payment(p.pk, actor=as_(world, "reception"), reason="again")


@pytest.mark.django_db
def test_refund_admin_action(world: Any, fee_dossier: Any) -> None:
    p = record_counter_payment(fee_dossier.pk, actor=as_(world, "reception"), channel="cash", amount=10000)
    root = world.user("admin").__class__.objects.create_superuser("root", "r@x.vn", "x")
    c = logged_in(root)
    url = "/admin/payments/payment/"
    form = c.post(url, {"action": "refund", "_selected_action": [p.pk]})
    assert form.status_code == 200 and "Xác nhận hoàn tiền" in form.content.decode()
    done = c.post(url, {"action": "refund", "_selected_action": [p.pk], "apply": "1", "reason": "Công dân rút hồ sơ"})
    assert done.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.refund_reason) == ("refunded", "Công dân rút hồ sơ")
    assert AuditLog.objects.get(action="payments.refund").actor_id == root.pk


@pytest.mark.django_db
def test_fee_paid_is_only_for_dossiers_waiting_in_status_6(world: Any) -> None:
    # A procedure without payment-before-processing: paying changes the money, not the status.
    d = submit(world)
    from motcua.dossiers.services import lifecycle

    d = lifecycle.receive(d.pk, actor=as_(world, "reception"))
    assert d.status == Status.RECEIVED
    record_counter_payment(d.pk, actor=as_(world, "reception"), channel="cash", amount=10000)
    d.refresh_from_db()
    assert (d.status, d.events.filter(action="fee_paid").count()) == (Status.RECEIVED, 0)
