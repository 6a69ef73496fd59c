"""The fee-requested notice carries the amount and the absolute link to the payment page; the
result-returned notice carries the link to the rating; on every channel (e-mail, SMS, Zalo ZNS,
in-app), delivered to the local peers. Databases seeded before get the new default texts."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.core import mail

from motcua.core import outbox
from motcua.dossiers.services import lifecycle
from motcua.notifications.models import MessageTemplate, Notice
from motcua.notifications.seed import templates
from motcua.payments.ticks import assess_waiting
from tests.feedback.conftest import returned_dossier
from tests.helpers import as_, pdf_upload, submit
from tests.payments.catalogue import import_fee_procedure

SITE = "https://dichvucong.example.vn"


@pytest.fixture
def site(settings: Any) -> None:
    settings.MOTCUA_PUBLIC_URL = SITE


def sent(sms_gateway: Any, zalo: Any, code: str) -> tuple[list[Any], list[Any], list[Any]]:
    """(e-mails, SMS, ZNS messages) about dossier ``code``."""
    emails = [m for m in mail.outbox if code in m.subject]
    return (
        emails,
        [m for m in sms_gateway.messages if code in m["Content"]],
        [m for m in zalo.messages if m["template_data"]["ma_ho_so"] == code],
    )


@pytest.mark.django_db
def test_fee_requested_notice_has_the_amount_and_the_payment_link(
    world: Any, site: None, sms_gateway: Any, zalo: Any
) -> None:
    import_fee_procedure()
    d = submit(
        world,
        procedure="T.003",
        files={"TK": [pdf_upload()]},
        form_data={"muc_dich": "Xin việc", "so_luong_phieu": "3"},
    )
    d = lifecycle.receive(d.pk, actor=as_(world, "reception"))
    assert (d.status, assess_waiting()) == ("fee_requested", 1)
    mail.outbox.clear()
    outbox.deliver_due()
    link = f"{SITE}/thanh-toan/{d.code}/"
    emails, sms, zns = sent(sms_gateway, zalo, d.code)
    fee = [m for m in emails if "phí" in m.subject]
    assert [m.subject for m in fee] == [f"Hồ sơ {d.code}: đề nghị nộp phí, lệ phí 205.000 đồng"]
    assert "Số tiền: 205.000 đồng\n" in fee[0].body and f"\nThanh toán trực tuyến: {link}\n" in fee[0].body
    assert [m["Content"] for m in sms if "nop" in m["Content"]] == [
        f"Ho so {d.code}: de nghi nop 205.000 dong. Thanh toan: {link}"
    ]
    [payment_zns] = [m for m in zns if "so_tien" in m["template_data"]]
    assert (payment_zns["template_data"]["so_tien"], payment_zns["template_data"]["duong_dan"]) == (
        "205.000 đồng",
        link,
    )
    notice = Notice.objects.get(event="payment_requested")
    assert (notice.title, notice.body, notice.url) == (
        f"Hồ sơ {d.code}: đề nghị nộp phí, lệ phí 205.000 đồng",
        "Đề nghị nộp 205.000 đồng cho hồ sơ Cấp phiếu thử nghiệm có phí. Bấm “Thanh toán” trên trang hồ sơ.",
        f"{SITE}/tai-khoan/ho-so/{d.code}/",
    )


@pytest.mark.django_db
def test_result_returned_notice_offers_the_rating(world: Any, site: None, sms_gateway: Any, zalo: Any) -> None:
    d = returned_dossier(world)
    mail.outbox.clear()
    outbox.deliver_due()
    link = f"{SITE}/phan-anh/danh-gia/{d.code}/"
    emails, sms, zns = sent(sms_gateway, zalo, d.code)
    [returned] = [m for m in emails if m.subject == f"Hồ sơ {d.code} đã trả kết quả"]
    assert f"\nMời Ông/Bà đánh giá mức độ hài lòng về việc giải quyết hồ sơ: {link}\n" in returned.body
    assert [m["Content"] for m in sms if "tra ket qua" in m["Content"]] == [
        f"Ho so {d.code} da tra ket qua. Moi danh gia: {link}"
    ]
    assert [m["template_data"].get("duong_dan") for m in zns if m["template_data"].get("duong_dan")] == [link]
    assert Notice.objects.get(event="returned").body == (
        "Kết quả hồ sơ Thủ tục thử nghiệm ba ngày đã được trả. Mời Ông/Bà đánh giá mức độ hài lòng trên trang hồ sơ."
    )
    # Other events carry no rating link.
    assert all(link not in m.body for m in emails if m is not returned)


@pytest.mark.django_db
def test_migration_updates_unedited_default_templates_only() -> None:
    migration = importlib.import_module("motcua.notifications.migrations.0004_payment_and_rating_links")
    new = {(r["event"], r["channel"]): r for r in templates()}
    # A later migration that changed the same text again (0009: the post in "returned") is undone first.
    later = importlib.import_module("motcua.notifications.migrations.0009_postal_notices")
    for event, channel, old_, new_ in later.CHANGES:
        if all(new[(event, channel)][f] == v for f, v in new_.items()):
            new[(event, channel)] = {**new[(event, channel)], **old_}
    for event, channel, old, _new in migration.CHANGES:
        MessageTemplate.objects.filter(event=event, channel=channel).update(**old)
        assert {f: new[(event, channel)][f] for f in _new} == _new  # the migration's texts are the seed's
    MessageTemplate.objects.filter(event="returned", channel="sms").update(body="Văn bản do quản trị viên sửa.")
    migration.forward(apps, None)
    sms = MessageTemplate.objects.get(event="payment_requested", channel="sms")
    assert sms.body == new[("payment_requested", "sms")]["body"]
    assert MessageTemplate.objects.get(event="returned", channel="sms").body == "Văn bản do quản trị viên sửa."
    migration.backward(apps, None)
    assert MessageTemplate.objects.get(event="payment_requested", channel="sms").body == (
        "Hồ sơ {{ code }}: đề nghị nộp {{ amount_vnd }}. Thanh toán: {{ url }}"
    )
