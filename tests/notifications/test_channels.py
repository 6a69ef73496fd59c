"""Each channel against its local peer: SMTP (aiosmtpd), the SMS gateway and Zalo ZNS over real HTTP."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.core import mail

from motcua.core import outbox
from motcua.core.models import OutboxAttempt, OutboxMessage
from motcua.dossiers.services import lifecycle
from motcua.notifications.models import ChannelPreference, Notice, Notification
from tests.helpers import as_, submit
from tests.notifications.helpers import enqueue_notice, states

T0 = datetime.fromisoformat("2026-11-23T09:00+07:00")


@pytest.mark.django_db
def test_email_over_smtp_arrives_with_the_vietnamese_subject_and_body(world: Any, frozen: Any, smtp: Any) -> None:
    frozen(T0)
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    assert outbox.deliver_due() == 4  # two dossier events, each queuing its notify message
    assert [str(m["Subject"]).strip() for m in smtp.messages] == [
        f"Hồ sơ {d.code} đã được gửi",
        f"Hồ sơ {d.code} đã được tiếp nhận",
    ]
    assert smtp.envelopes[1] == ("motcua@localhost", ["hang@example.vn"])
    body = smtp.messages[1].get_content().replace("\r\n", "\n")
    assert body.startswith("Kính gửi Nguyễn Thị Hằng,\n\nHồ sơ của Ông/Bà đã được tiếp nhận.\n\n")
    assert "Thủ tục: Thủ tục thử nghiệm ba ngày\nMã hồ sơ: " + d.code + "\nTrạng thái: Đã tiếp nhận\n" in body
    assert "Ngày hẹn trả kết quả: 17:00 27/11/2026\n" in body
    assert f"Tra cứu hồ sơ: http://127.0.0.1:8000/tai-khoan/ho-so/{d.code}/" in body
    n = Notification.objects.get(dossier=d, event="received", channel="email")
    assert (n.status, n.attempts, n.recipient, n.sent_at) == ("sent", 1, "hang@example.vn", T0)
    assert n.provider_message_id == smtp.messages[1]["Message-ID"]
    assert re.fullmatch(rf"<motcua-n{n.pk}\.[0-9a-f]{{16}}@localhost>", n.provider_message_id)
    assert outbox.deliver_due() == 0 and len(smtp.messages) == 2


@pytest.mark.django_db
def test_smtp_refusing_then_accepting_delivers_once(frozen: Any, smtp: Any) -> None:
    frozen(T0)
    smtp.reject_next = 1
    enqueue_notice(email="hang@example.vn")
    outbox.deliver_due()
    assert states() == [("email", "pending", 1)]
    assert "451" in Notification.objects.get().last_error
    frozen(T0 + timedelta(seconds=30))
    outbox.deliver_due()
    assert states() == [("email", "sent", 2)] and len(smtp.messages) == 1
    assert list(OutboxAttempt.objects.values_list("number", "outcome")) == [(1, "error"), (2, "ok")]


@pytest.mark.django_db
def test_sms_through_the_gateway_without_diacritics(frozen: Any, sms_gateway: Any) -> None:
    frozen(T0)
    enqueue_notice(phone="0912 345 678")
    outbox.deliver_due()
    [sent] = sms_gateway.messages
    n = Notification.objects.get(channel="sms")
    assert sent["Phone"] == "84912345678" and sent["Brandname"] == "UBND-HK" and sent["IsUnicode"] == 0
    assert sent["Content"] == (
        "Ho so H26.101-261123-0001 da duoc tiep nhan. Hen tra 17:00 27/11/2026. "
        "Tra cuu: http://127.0.0.1:8000/tra-cuu/H26.101-261123-0001/"
    )
    assert sent["RequestId"] == f"motcua-n{n.pk}"
    assert sent["CallbackUrl"] == "http://127.0.0.1:8000/api/v1/notifications/sms/dlr"
    assert (n.status, n.provider_message_id, n.data) == ("sent", "SMS000001", {"segments": 1})


@pytest.mark.django_db
def test_sms_gateway_that_fails_then_recovers_sends_once(frozen: Any, sms_gateway: Any) -> None:
    frozen(T0)
    sms_gateway.fail_next = 2
    sms_gateway.fail_with = (200, {"CodeResult": "99", "ErrorMessage": "System busy"})
    enqueue_notice(phone="0912345678")
    outbox.deliver_due()
    assert states() == [("sms", "pending", 1)]
    assert Notification.objects.get().last_error == "DeliveryError: HTTP 200 CodeResult=99 System busy"
    msg = OutboxMessage.objects.get()
    assert (msg.status, msg.next_attempt_at) == ("pending", T0 + timedelta(seconds=30))
    frozen(T0 + timedelta(seconds=30))
    outbox.deliver_due()
    frozen(T0 + timedelta(seconds=90))
    outbox.deliver_due()
    assert states() == [("sms", "sent", 3)]
    assert len(sms_gateway.requests) == 3 and len(sms_gateway.messages) == 1
    frozen(T0 + timedelta(days=2))
    assert outbox.deliver_due() == 0 and len(sms_gateway.requests) == 3
    assert OutboxMessage.objects.get().status == "sent"


@pytest.mark.django_db
def test_sms_refused_for_good_is_not_retried(frozen: Any, sms_gateway: Any, settings: Any) -> None:
    frozen(T0)
    settings.MOTCUA_SMS_BRANDNAME = "UNREGISTERED"
    enqueue_notice(phone="0912345678", email="hang@example.vn")
    outbox.deliver_due()
    assert states() == [("email", "sent", 1), ("sms", "failed", 1)]
    assert Notification.objects.get(channel="sms").last_error == "HTTP 200 CodeResult=104 Brandname not registered"
    assert OutboxMessage.objects.get().status == "sent"  # nothing left to retry
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_zalo_zns_with_template_data(frozen: Any, zalo: Any) -> None:
    frozen(T0)
    enqueue_notice(phone="0912345678")
    outbox.deliver_due()
    [sent] = zalo.messages
    n = Notification.objects.get(channel="zalo")
    assert sent == {
        "msg_id": "zns00000001",
        "phone": "84912345678",
        "template_id": "246810",
        "template_data": {
            "customer_name": "Nguyễn Thị Hằng",
            "ma_ho_so": "H26.101-261123-0001",
            "trang_thai": "Đã tiếp nhận",
            "ngay_hen_tra": "17:00 27/11/2026",
        },
        "tracking_id": f"motcua-n{n.pk}",
    }
    assert (n.status, n.provider_message_id) == ("sent", "zns00000001")


@pytest.mark.django_db
def test_zalo_errors_permanent_and_temporary(frozen: Any, zalo: Any, settings: Any) -> None:
    frozen(T0)
    enqueue_notice(key="a", phone="0212345678")  # a landline: not sent at all
    settings.MOTCUA_ZALO_ACCESS_TOKEN = "expired"
    enqueue_notice(key="b", phone="0912345678")
    outbox.deliver_due()
    assert states(key__startswith="a:") == [("zalo", "skipped", 0)]
    b = Notification.objects.get(key="b:zalo")
    assert (b.status, b.last_error) == ("pending", "DeliveryError: HTTP 200 error=-124 Access token is invalid")
    settings.MOTCUA_ZALO_ACCESS_TOKEN = zalo.access_token  # the administrator renews the token
    zalo.templates = set()  # ... but the template was withdrawn
    frozen(T0 + timedelta(seconds=30))
    outbox.deliver_due()
    b.refresh_from_db()
    assert (b.status, b.attempts) == ("failed", 2)
    assert b.last_error == "HTTP 200 error=-109 Template id is invalid (template id invalid)"


@pytest.mark.django_db
def test_in_app_notice_once_and_preferences_respected(world: Any, frozen: Any, sms_gateway: Any) -> None:
    frozen(T0)
    citizen = world.user("citizen")
    ChannelPreference.objects.create(user=citizen, email=False, sms=True, zalo=True, in_app=True, updated_at=T0)
    d = submit(world)
    outbox.deliver_due()
    assert states(dossier=d) == [("in_app", "sent", 1), ("email", "skipped", 0), ("sms", "sent", 1)]
    assert Notification.objects.get(dossier=d, channel="email").last_error == "opted out"
    notice = Notice.objects.get()
    assert (notice.user, notice.dossier, notice.title) == (citizen, d, f"Hồ sơ {d.code} đã được gửi")
    assert notice.url == f"http://127.0.0.1:8000/tai-khoan/ho-so/{d.code}/"
    assert mail.outbox == []
    ChannelPreference.objects.filter(user=citizen).update(sms=False, in_app=False, email=True)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    outbox.deliver_due()
    assert states(dossier=d, event="received") == [
        ("in_app", "skipped", 0),
        ("email", "sent", 1),
        ("sms", "skipped", 0),
    ]
    assert Notice.objects.count() == 1 and len(sms_gateway.messages) == 1 and len(mail.outbox) == 1


@pytest.mark.django_db
def test_exactly_one_delivery_per_event_and_channel(world: Any, frozen: Any, sms_gateway: Any, zalo: Any) -> None:
    frozen(T0)
    d = submit(world)
    enqueue_notice(key="dup", phone="0912345678")
    assert enqueue_notice(key="dup", phone="0912345678") is None  # same event twice: one message
    outbox.deliver_due()
    OutboxMessage.objects.update(status="pending", next_attempt_at=T0)  # even if the outbox ran it again
    outbox.deliver_due()
    assert states(dossier=d) == [("in_app", "sent", 1), ("email", "sent", 1), ("sms", "sent", 1), ("zalo", "sent", 1)]
    assert states(key__startswith="dup:") == [("sms", "sent", 1), ("zalo", "sent", 1)]
    assert (len(sms_gateway.messages), len(zalo.messages), len(mail.outbox), Notice.objects.count()) == (2, 2, 1, 1)


@pytest.mark.django_db
def test_the_last_outbox_attempt_marks_the_notification_failed(frozen: Any, sms_gateway: Any) -> None:
    frozen(T0)
    sms_gateway.fail_next = 10_000
    enqueue_notice(phone="0912345678")
    now = T0
    while OutboxMessage.objects.get().status == "pending":
        frozen(now)
        outbox.deliver_due()
        now = OutboxMessage.objects.get().next_attempt_at
    assert states() == [("sms", "failed", outbox.MAX_ATTEMPTS)]
    assert OutboxMessage.objects.get().status == "failed"


@pytest.mark.django_db
def test_unknown_event_fails_at_once(frozen: Any) -> None:
    frozen(T0)
    enqueue_notice(event="no_such_event")
    outbox.deliver_due()
    msg = OutboxMessage.objects.get()
    assert (msg.status, msg.attempts, msg.last_error) == (
        "failed",
        1,
        "PermanentError: unknown notify event 'no_such_event'",
    )
