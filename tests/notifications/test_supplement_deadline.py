"""The supplement-requested notice tells the answer deadline (hạn bổ sung) on every channel; databases
seeded before get the new default texts, edited ones are left alone."""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any

import pytest
from django.apps import apps
from django.core import mail

from motcua.core import outbox
from motcua.dossiers.services import lifecycle
from motcua.notifications.models import MessageTemplate, Notice
from motcua.notifications.seed import templates
from tests.helpers import as_, submit

pytestmark = pytest.mark.django_db
T0 = datetime.fromisoformat("2026-11-23T09:00+07:00")  # + 60 days: Friday 22/01/2027, closing 17:00
ITEMS = [{"name": "Tờ khai", "reason": "thiếu chữ ký"}]


def test_the_supplement_notice_has_the_deadline_on_every_channel(
    world: Any, frozen: Any, sms_gateway: Any, zalo: Any
) -> None:
    frozen(T0)
    d = submit(world)
    lifecycle.request_supplement(d.pk, actor=as_(world, "reception"), items=ITEMS)
    mail.outbox.clear()
    outbox.deliver_due()
    [email] = [m for m in mail.outbox if m.subject == f"Hồ sơ {d.code} cần bổ sung"]
    assert "Giấy tờ cần bổ sung:\n- Tờ khai: thiếu chữ ký\nHạn bổ sung: 17:00 22/01/2027\n" in email.body
    [sms] = [m["Content"] for m in sms_gateway.messages if "bo sung" in m["Content"]]
    assert sms.startswith(f"Ho so {d.code} can bo sung giay to truoc 17:00 22/01/2027. Xem chi tiet: ")
    [zns] = [m for m in zalo.messages if "han_bo_sung" in m["template_data"]]
    assert zns["template_data"]["han_bo_sung"] == "17:00 22/01/2027"
    notice = Notice.objects.get(event="supplement_requested")
    assert notice.body == (
        "Hồ sơ Thủ tục thử nghiệm ba ngày cần bổ sung, hoàn thiện. Hạn bổ sung: 17:00 22/01/2027.\n"
        "- Tờ khai: thiếu chữ ký"
    )


def test_without_a_deadline_the_notice_says_none(world: Any, frozen: Any, settings: Any, sms_gateway: Any) -> None:
    settings.MOTCUA_SUPPLEMENT_ANSWER_DAYS = 0
    frozen(T0)
    d = submit(world)
    lifecycle.request_supplement(d.pk, actor=as_(world, "reception"), items=ITEMS)
    outbox.deliver_due()
    [sms] = [m["Content"] for m in sms_gateway.messages if "bo sung" in m["Content"]]
    assert sms.startswith(f"Ho so {d.code} can bo sung giay to. Xem chi tiet: ")
    assert "Hạn bổ sung" not in Notice.objects.get(event="supplement_requested").body


def test_migration_updates_unedited_default_templates_only() -> None:
    migration = importlib.import_module("motcua.notifications.migrations.0007_supplement_answer_deadline")
    new = {(r["event"], r["channel"]): r for r in templates()}
    assert {channel for _e, channel, _o, _n in migration.CHANGES} == {"email", "sms", "zalo", "in_app"}
    for event, channel, old, _new in migration.CHANGES:
        MessageTemplate.objects.filter(event=event, channel=channel).update(**old)
        assert {f: new[(event, channel)][f] for f in _new} == _new  # the migration's texts are the seed's
    MessageTemplate.objects.filter(event="supplement_requested", channel="email").update(body="Quản trị viên sửa.")
    migration.forward(apps, None)
    assert (
        MessageTemplate.objects.get(event="supplement_requested", channel="sms").body
        == (new[("supplement_requested", "sms")]["body"])
    )
    assert MessageTemplate.objects.get(event="supplement_requested", channel="email").body == "Quản trị viên sửa."
    migration.backward(apps, None)
    assert MessageTemplate.objects.get(event="supplement_requested", channel="sms").body == (
        "Hồ sơ {{ code }} cần bổ sung giấy tờ. Xem chi tiết: {{ url }}"
    )
