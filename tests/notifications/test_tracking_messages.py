"""Tracking by message: an SMS to the brandname's number or a message to the Zalo OA with a dossier
code is answered with its public status, through the gateways' real protocols (local peers)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from motcua.core import outbox
from motcua.core.clock import VN_TZ
from motcua.core.models import OutboxMessage
from motcua.dossiers.services import lifecycle
from motcua.notifications.models import InboundMessage, Notification
from motcua.notifications.tracking import MAX_BODY_BYTES, find_code, sender_key
from tests.helpers import as_, submit

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)
PHONE = "84912345678"
ZALO_USER = "246845883529197922"
MO = "/api/v1/notifications/sms/mo"
WEBHOOK = "/api/v1/notifications/zalo/webhook"
PERSONAL = [
    "Nguyễn Thị Hằng",
    "Nguyen Thi Hang",
    "001190012345",
    "0912345678",
    "hang@example.vn",
    "Hàng Bài",
    "Hang Bai",
    "Bổ túc",
]
SMS_ANSWER = (
    "Ho so {code} (Thu tuc thu nghiem ba ngay): Da tiep nhan; nop 09:00 23/11/2026, hen tra 17:00 "
    "27/11/2026. Co quan xu ly: Uy ban nhan dan Phuong Hoan Kiem."
)


@pytest.fixture
def received(world: Any, frozen: Any) -> Any:
    frozen(MONDAY_9)
    return lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))


def post_mo(gateway: Any, content: str, *, phone: str = PHONE, mo_id: str | None = None) -> Any:
    raw, signature = gateway.mo_request(phone, content, mo_id=mo_id)
    return Client().post(MO, raw, content_type="application/json", HTTP_X_SIGNATURE=signature)


def post_event(zalo: Any, text: str, *, user: str = ZALO_USER, **kwargs: Any) -> Any:
    raw, signature = zalo.event_request(user, text, **kwargs)
    return Client().post(WEBHOOK, raw, content_type="application/json", HTTP_X_ZEVENT_SIGNATURE=signature)


def sms_replies(gateway: Any) -> list[dict[str, Any]]:
    """The SMS the gateway delivered as answers to tracking messages (not the dossier's own notices)."""
    ours = {n.reference for n in Notification.objects.filter(event="tracking_reply")}
    return [m for m in gateway.messages if m["RequestId"] in ours]


def sms_texts(gateway: Any) -> list[str]:
    return [m["Content"] for m in sms_replies(gateway)]


@pytest.mark.django_db(transaction=True)
def test_an_sms_with_the_code_is_answered_by_sms(live_server: Any, sms_gateway: Any, received: Any) -> None:
    status, answer = sms_gateway.mo(f"{live_server.url}{MO}", PHONE, f"TC {received.code.lower()}")
    assert (status, answer) == (200, {"status": "answered"})
    assert sms_replies(sms_gateway) == []  # the answer goes through the outbox, after the webhook returned
    outbox.deliver_due()
    [sms] = sms_replies(sms_gateway)
    assert (sms["Phone"], sms["Brandname"], sms["IsUnicode"]) == (PHONE, "UBND-HK", 0)
    assert sms["Content"] == SMS_ANSWER.format(code=received.code)
    assert not any(p in sms["Content"] for p in PERSONAL)
    n = Notification.objects.get(event="tracking_reply")
    assert (n.channel, n.recipient, n.status, n.dossier_id, n.user_id) == ("sms", PHONE, "sent", None, None)
    row = InboundMessage.objects.get()
    assert (row.channel, row.code, row.outcome) == ("sms", received.code, "answered")
    assert row.sender == sender_key("sms", PHONE) and PHONE not in row.sender


@pytest.mark.django_db(transaction=True)
def test_a_message_to_the_zalo_oa_is_answered_through_the_oa_api(live_server: Any, zalo_oa: Any, received: Any) -> None:
    status, answer = zalo_oa.user_text(f"{live_server.url}{WEBHOOK}", ZALO_USER, f"Tra cứu hồ sơ {received.code}")
    assert (status, answer) == (200, {"status": "answered"})
    outbox.deliver_due()
    [message] = zalo_oa.oa_messages
    assert message["user_id"] == ZALO_USER
    assert message["text"] == (
        f"Hồ sơ {received.code} (Thủ tục thử nghiệm ba ngày): Đã tiếp nhận; nộp 09:00 "
        "23/11/2026, hẹn trả 17:00 27/11/2026. Cơ quan xử lý: Ủy ban nhân dân Phường Hoàn Kiếm."
    )
    assert not any(p in message["text"] for p in PERSONAL)
    n = Notification.objects.get(event="tracking_reply")
    assert (n.channel, n.recipient, n.status, n.provider_message_id) == ("zalo_oa", ZALO_USER, "sent", "oa00000001")


@pytest.mark.django_db
def test_unknown_codes_and_other_text_get_a_polite_answer(sms_gateway: Any, zalo_oa: Any, received: Any) -> None:
    assert post_mo(sms_gateway, "H26.101-261123-9999").json() == {"status": "not_found"}
    assert post_mo(sms_gateway, "xin chào, hồ sơ của tôi đâu?").json() == {"status": "help"}
    assert post_mo(sms_gateway, "\x00\x00" + received.code + "\x00").json() == {"status": "answered"}
    assert post_mo(sms_gateway, "😀" * 3000).json() == {"status": "help"}
    assert post_event(zalo_oa, "H26.101-261123-9999").json() == {"status": "not_found"}
    assert post_event(zalo_oa, "Chào").json() == {"status": "help"}
    outbox.deliver_due()
    assert sms_texts(sms_gateway) == [
        "Khong tim thay ho so H26.101-261123-9999. Vui long kiem tra lai ma ho so tren giay tiep nhan.",
        "De tra cuu ho so, vui long nhan ma ho so, vi du: H26.101-261123-0001",
        SMS_ANSWER.format(code=received.code),
        "De tra cuu ho so, vui long nhan ma ho so, vi du: H26.101-261123-0001",
    ]
    assert [m["text"] for m in zalo_oa.oa_messages] == [
        "Không tìm thấy hồ sơ H26.101-261123-9999. Vui lòng kiểm tra lại mã hồ sơ trên giấy tiếp nhận.",
        "Để tra cứu hồ sơ, vui lòng nhắn mã hồ sơ, ví dụ: H26.101-261123-0001",
    ]


def test_codes_are_found_in_what_people_write() -> None:
    assert find_code("tc h26.101-261123-0001 nhe") == "H26.101-261123-0001"
    assert find_code("Ma: 000.17.22.H56 - 210531 - 0001.") == "000.17.22.H56-210531-0001"
    assert find_code("HS:H15.50.05.13-261008-0975") == "H15.50.05.13-261008-0975"
    assert find_code("0912345678") == "" and find_code("") == "" and find_code("\x00" * 10) == ""


@pytest.mark.django_db
def test_bad_signatures_and_bad_bodies_are_refused_and_change_nothing(
    sms_gateway: Any, zalo_oa: Any, received: Any
) -> None:
    client = Client()
    raw, signature = sms_gateway.mo_request(PHONE, received.code)
    forged = client.post(MO, raw, content_type="application/json", HTTP_X_SIGNATURE="0" * 64)
    assert (forged.status_code, forged.json()["code"]) == (403, "bad_signature")
    assert client.post(MO, raw, content_type="application/json").status_code == 403
    tampered = raw.replace(PHONE.encode(), b"84987654321")
    assert client.post(MO, tampered, content_type="application/json", HTTP_X_SIGNATURE=signature).status_code == 403
    raw, signature = zalo_oa.event_request(ZALO_USER, received.code)
    assert (
        client.post(
            WEBHOOK, raw, content_type="application/json", HTTP_X_ZEVENT_SIGNATURE="mac=" + "0" * 64
        ).status_code
        == 403
    )
    other_secret = zalo_oa.signature(raw, "1795400000001").replace("mac=", "mac=f")
    assert (
        client.post(WEBHOOK, raw, content_type="application/json", HTTP_X_ZEVENT_SIGNATURE=other_secret).status_code
        == 403
    )
    # Signed, but not what a gateway sends: a clean 422.
    for body in [
        b"not json",
        b"[]",
        json.dumps({"MoId": "A\x00B", "Phone": PHONE, "Content": "x"}).encode(),
        json.dumps({"MoId": "M1", "Phone": "12345", "Content": "x"}).encode(),
        json.dumps({"MoId": "M1", "Phone": PHONE, "Content": 12}).encode(),
        "\udcff".encode("utf-8", "surrogatepass"),
    ]:
        response = client.post(MO, body, content_type="application/json", HTTP_X_SIGNATURE=sms_gateway.sign(body))
        assert (response.status_code, response.json()["code"]) == (422, "bad_message"), body
    huge = json.dumps({"MoId": "M2", "Phone": PHONE, "Content": "x" * MAX_BODY_BYTES}).encode()
    response = client.post(MO, huge, content_type="application/json", HTTP_X_SIGNATURE=sms_gateway.sign(huge))
    assert (response.status_code, response.json()["code"]) == (413, "payload_too_large")
    assert client.post(WEBHOOK, huge, content_type="application/json").status_code == 413
    assert InboundMessage.objects.count() == 0 and OutboxMessage.objects.filter(topic="tracking.reply").count() == 0


@pytest.mark.django_db
def test_webhooks_are_off_until_configured(settings: Any, received: Any) -> None:
    from tests.notifications.peers import SmsGateway, ZaloPeer

    body = json.dumps({"MoId": "M1", "Phone": PHONE, "Content": received.code}).encode()
    response = Client().post(MO, body, content_type="application/json", HTTP_X_SIGNATURE=SmsGateway().sign(body))
    assert response.status_code == 403  # no gateway configured: nothing is trusted
    peer = ZaloPeer()
    raw, signature = peer.event_request(ZALO_USER, received.code)
    assert (
        Client().post(WEBHOOK, raw, content_type="application/json", HTTP_X_ZEVENT_SIGNATURE=signature).status_code
        == 403
    )
    peer.stop()


@pytest.mark.django_db
def test_other_zalo_events_are_acknowledged_and_ignored(zalo_oa: Any, received: Any) -> None:
    response = post_event(zalo_oa, received.code, event_name="user_send_sticker")
    assert (response.status_code, response.json()) == (200, {"status": "ignored"})
    assert InboundMessage.objects.count() == 0


@pytest.mark.django_db
def test_a_message_delivered_twice_is_answered_once(sms_gateway: Any, zalo_oa: Any, received: Any) -> None:
    assert post_mo(sms_gateway, received.code, mo_id="MO-7").json() == {"status": "answered"}
    assert post_mo(sms_gateway, received.code, mo_id="MO-7").json() == {"status": "duplicate"}
    assert post_event(zalo_oa, received.code, msg_id="z-7").json() == {"status": "answered"}
    assert post_event(zalo_oa, received.code, msg_id="z-7").json() == {"status": "duplicate"}
    outbox.deliver_due()
    assert len(sms_replies(sms_gateway)) == 1 and len(zalo_oa.oa_messages) == 1


@pytest.mark.django_db
def test_each_sender_is_limited_then_told_once_to_try_later(
    sms_gateway: Any, zalo_oa: Any, received: Any, settings: Any, frozen: Any
) -> None:
    settings.MOTCUA_TRACK_SENDER_LIMIT = 2
    settings.MOTCUA_TRACK_SENDER_WINDOW_SECONDS = 3600
    outcomes = [post_mo(sms_gateway, received.code).json()["status"] for _ in range(4)]
    assert outcomes == ["answered", "answered", "limited", "silenced"]
    assert post_mo(sms_gateway, received.code, phone="84987654321").json() == {"status": "answered"}
    assert [post_event(zalo_oa, received.code).json()["status"] for _ in range(3)] == [
        "answered",
        "answered",
        "limited",
    ]
    outbox.deliver_due()
    assert sms_texts(sms_gateway) == [SMS_ANSWER.format(code=received.code)] * 2 + [
        "Ban da tra cuu nhieu lan trong thoi gian ngan. Vui long thu lai sau.",
        SMS_ANSWER.format(code=received.code),
    ]
    assert zalo_oa.oa_messages[-1]["text"] == "Bạn đã tra cứu nhiều lần trong thời gian ngắn. Vui lòng thử lại sau."
    frozen(MONDAY_9 + timedelta(hours=1, seconds=1))
    assert post_mo(sms_gateway, received.code).json() == {"status": "answered"}  # the window has passed


@pytest.mark.django_db
def test_over_the_global_limit_the_gateway_is_asked_to_retry(
    sms_gateway: Any, zalo_oa: Any, received: Any, settings: Any
) -> None:
    settings.MOTCUA_TRACK_GLOBAL_LIMIT = 3
    for n in range(2):
        assert post_mo(sms_gateway, received.code, phone=f"8491234500{n}").status_code == 200
    assert post_event(zalo_oa, received.code).status_code == 200
    response = post_mo(sms_gateway, received.code, phone="84912345009")
    assert (response.status_code, response.json()["code"]) == (429, "rate_limited")
    assert response.json()["details"] == {"retry_after": 60}
    assert post_event(zalo_oa, received.code, user="1234").status_code == 429
    assert InboundMessage.objects.count() == 3


@pytest.mark.django_db
def test_a_long_procedure_name_is_shortened_to_fit_the_sms(
    sms_gateway: Any, world: Any, frozen: Any, settings: Any
) -> None:
    from motcua.catalogue.models import ProcedureVersion

    frozen(MONDAY_9)
    d = submit(world)
    ProcedureVersion.objects.filter(pk=d.procedure_version_id).update(name="Đăng ký khai sinh, " * 20)
    settings.MOTCUA_SMS_MAX_SEGMENTS = 2
    assert post_mo(sms_gateway, d.code).json() == {"status": "answered"}
    outbox.deliver_due()
    [text] = sms_texts(sms_gateway)
    assert (
        text.startswith(f"Ho so {d.code} (Dang ky khai sinh, ") and "...): Moi dang ky; nop 09:00 23/11/2026." in text
    )
    assert len(text) <= 306 and Notification.objects.get(event="tracking_reply").data == {"segments": 2}


@pytest.mark.django_db
def test_only_the_signature_authorizes_a_webhook_not_a_login(
    sms_gateway: Any, zalo_oa: Any, received: Any, world: Any
) -> None:
    from tests.helpers import api_client

    raw, signature = sms_gateway.mo_request(PHONE, received.code)
    for user in [None, world.user("citizen"), world.user("reception"), world.user("admin")]:
        client = api_client(user)
        assert client.post(MO, raw, content_type="application/json", HTTP_X_SIGNATURE="f" * 64).status_code == 403
        assert client.post(WEBHOOK, raw, content_type="application/json").status_code == 403
        assert client.get(MO).status_code == 405 and client.get(WEBHOOK).status_code == 405
    assert Client().post(MO, raw, content_type="application/json", HTTP_X_SIGNATURE=signature).status_code == 200
    assert InboundMessage.objects.count() == 1


def test_a_half_configured_oa_is_reported_at_start_up(settings: Any) -> None:
    from motcua.notifications.checks import check_channels

    settings.MOTCUA_ZALO_APP_ID = "3608465249409039"
    settings.MOTCUA_ZALO_OA_SECRET_KEY = ""
    settings.MOTCUA_ZALO_OA_ACCESS_TOKEN = ""
    settings.MOTCUA_ZALO_ACCESS_TOKEN = ""
    [error] = [e for e in check_channels() if e.id == "motcua.notifications.E006"]
    assert error.msg == (
        "Tracking through the Zalo OA is half configured: MOTCUA_ZALO_OA_SECRET_KEY, "
        "MOTCUA_ZALO_OA_ACCESS_TOKEN is not set, so its webhook is refused."
    )
    settings.MOTCUA_ZALO_OA_SECRET_KEY = "s"
    settings.MOTCUA_ZALO_ACCESS_TOKEN = "t"  # the OA answers with the ZNS token when it has none of its own
    assert [e for e in check_channels() if e.id == "motcua.notifications.E006"] == []
