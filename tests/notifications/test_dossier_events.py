"""Dossier history events become notices for the applicant, with the right Vietnamese text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.core import mail

from motcua.core import outbox
from motcua.dossiers.notifications import ACTION_EVENTS
from motcua.dossiers.services import lifecycle
from motcua.dossiers.statuses import TRANSITIONS
from motcua.notifications.events import Event
from motcua.notifications.models import Notification
from tests.helpers import as_, submit

T0 = datetime.fromisoformat("2026-11-23T09:00+07:00")


def test_every_mapped_action_exists_and_every_event_is_known() -> None:
    assert set(ACTION_EVENTS) - {"submit"} <= set(TRANSITIONS)
    assert set(ACTION_EVENTS.values()) <= set(Event.values)


@pytest.mark.django_db
def test_apology_with_new_date_supplement_items_and_refusal(world: Any, frozen: Any) -> None:
    frozen(T0)
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    lifecycle.extend(
        d.pk,
        actor=as_(world, "head"),
        new_due_at=datetime.fromisoformat("2026-12-02T16:00+07:00"),
        reason="Cần xác minh tại nơi cư trú",
    )
    s = submit(world)
    lifecycle.request_supplement(
        s.pk, actor=as_(world, "reception"), items=[{"name": "Tờ khai", "reason": "thiếu chữ ký"}]
    )
    r = submit(world)
    lifecycle.refuse_at_reception(r.pk, actor=as_(world, "reception"), reasons="Không thuộc thẩm quyền")
    mail.outbox.clear()
    outbox.deliver_due()
    by_subject = {m.subject: m.body for m in mail.outbox}
    apology = by_subject[f"Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {d.code}"]
    assert "Ủy ban nhân dân Phường Hoàn Kiếm thành thật xin lỗi Ông/Bà" in apology
    assert (
        "Lý do: Cần xác minh tại nơi cư trú\nNgày hẹn trả cũ: 17:00 27/11/2026\n"
        "Ngày hẹn trả kết quả mới: 16:00 02/12/2026\n" in apology
    )
    assert "Giấy tờ cần bổ sung:\n- Tờ khai: thiếu chữ ký\n" in by_subject[f"Hồ sơ {s.code} cần bổ sung"]
    assert "Lý do: Không thuộc thẩm quyền\n" in by_subject[f"Hồ sơ {r.code} bị từ chối tiếp nhận"]
    assert Notification.objects.get(dossier=d, event="extended", channel="in_app").body == (
        "Hồ sơ Thủ tục thử nghiệm ba ngày chưa giải quyết đúng hẹn. Ngày hẹn trả mới: 16:00 02/12/2026. "
        "Lý do: Cần xác minh tại nơi cư trú"
    )


@pytest.mark.django_db
def test_internal_steps_are_not_told(world: Any, frozen: Any) -> None:
    frozen(T0)
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    outbox.deliver_due()
    assert sorted(set(Notification.objects.filter(dossier=d).values_list("event", flat=True))) == [
        "received",
        "submitted",
    ]


@pytest.mark.django_db
def test_payment_and_feedback_notices_as_the_other_apps_enqueue_them(world: Any, frozen: Any) -> None:
    frozen(T0)
    d = submit(world)
    outbox.enqueue(
        topic="notify",
        key="payment_received:1",
        payload={
            "event": "payment_received",
            "dossier_id": d.pk,
            "user_id": d.applicant_id,
            "email": d.applicant_email,
            "phone": d.applicant_phone,
            "context": {
                "code": d.code,
                "amount": "10000",
                "channel": "VietQR",
                "reference": "MC2611230001",
                "receipt_url": "http://127.0.0.1:8000/thanh-toan/bien-lai/1.pdf",
            },
        },
    )
    outbox.enqueue(
        topic="notify",
        key="feedback:7:feedback_answered",
        payload={
            "event": "feedback_answered",
            "dossier_id": None,
            "user_id": world.user("other_citizen").pk,
            "email": "khach@example.vn",
            "phone": "",
            "context": {
                "feedback_id": "7",
                "title": "Đèn đường hỏng",
                "status": "Đã trả lời",
                "url": "http://127.0.0.1:8000/phan-anh/cua-toi/7/",
                "answer": "Đã sửa xong ngày 20/11.",
            },
        },
    )
    mail.outbox.clear()
    outbox.deliver_due()
    paid = next(m for m in mail.outbox if m.subject == f"Hồ sơ {d.code}: đã nhận thanh toán")
    assert paid.body.startswith(
        "Kính gửi Nguyễn Thị Hằng,\n\nKhoản thanh toán của Ông/Bà đã được ghi nhận.\n\n"
        "Thủ tục: Thủ tục thử nghiệm ba ngày\n"
    )
    assert (
        "Số tiền: 10.000 đồng\nMã giao dịch: MC2611230001\nBiên lai điện tử: "
        "http://127.0.0.1:8000/thanh-toan/bien-lai/1.pdf\n" in paid.body
    )
    answered = next(m for m in mail.outbox if m.to == ["khach@example.vn"])
    assert answered.subject == "Phản ánh, kiến nghị 7 đã có trả lời"
    assert answered.body == (
        "Kính gửi Ông/Bà,\n\nPhản ánh, kiến nghị của Ông/Bà đã được trả lời.\n\nPhản ánh, kiến nghị: Đèn đường hỏng\n"
        "Mã phản ánh: 7\nTrạng thái: Đã trả lời\n\nNội dung trả lời:\nĐã sửa xong ngày 20/11.\n\n"
        "Theo dõi phản ánh, kiến nghị: http://127.0.0.1:8000/phan-anh/cua-toi/7/\n\n"
        "(Thư tự động, vui lòng không trả lời.)"
    )
