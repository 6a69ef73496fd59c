"""Templates: Django syntax over the payload context, plain text, SMS without diacritics, validated on save."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from motcua.notifications.models import MessageTemplate
from motcua.notifications.notice_text import (
    render,
    sms_encoding,
    sms_segments,
    sms_text,
    strip_diacritics,
)
from motcua.notifications.seed import templates


def test_render_plain_text_no_escaping_and_missing_variables_empty() -> None:
    out = render(
        "Kính gửi {{ applicant_name }}, hồ sơ {{ code }}{{ missing }}.{% if due %} Hẹn {{ due }}{% endif %}",
        {"applicant_name": "Trần <Bình> & Co", "code": "H26.101-261123-0001"},
    )
    assert out == "Kính gửi Trần <Bình> & Co, hồ sơ H26.101-261123-0001."


def test_strip_diacritics_keeps_case_and_maps_d() -> None:
    assert (
        strip_diacritics("Đã tiếp nhận hồ sơ của Ông/Bà Nguyễn Thị Hằng, đường Hàng Bài")
        == "Da tiep nhan ho so cua Ong/Ba Nguyen Thi Hang, duong Hang Bai"
    )


def test_sms_segments_gsm7_and_ucs2() -> None:
    assert (sms_encoding("Ho so da tiep nhan"), sms_segments("a" * 160), sms_segments("a" * 161)) == ("gsm7", 1, 2)
    assert sms_segments("a" * 306) == 2 and sms_segments("a" * 307) == 3
    assert sms_segments("[" * 80) == 1 and sms_segments("[" * 81) == 2  # extension characters count twice
    assert (sms_encoding("Hồ sơ"), sms_segments("ồ" * 70), sms_segments("ồ" * 71)) == ("ucs2", 1, 2)


def test_sms_text_one_line_without_diacritics_when_asked() -> None:
    src = "Hồ sơ {{ code }}\n  đã được tiếp nhận."
    assert sms_text(src, {"code": "X-1"}, ascii_only=True) == "Ho so X-1 da duoc tiep nhan."
    assert sms_text(src, {"code": "X-1"}, ascii_only=False) == "Hồ sơ X-1 đã được tiếp nhận."


@pytest.mark.django_db
def test_every_event_is_seeded_in_vietnamese_and_valid() -> None:
    rows = {(t.event, t.channel): t for t in MessageTemplate.objects.all()}
    assert len(rows) == len(templates()) == 13 * 4 + 6 * 2  # 6 notices to officials: e-mail and in-app
    assert rows[("received", "email")].subject == "Hồ sơ {{ code }} đã được tiếp nhận"
    assert rows[("extended", "email")].subject == "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{ code }}"
    assert set(c for e, c in rows if e.startswith("reminder_")) == {"email", "in_app"}
    for tpl in rows.values():
        tpl.full_clean()  # every seeded SMS fits its segments with the sample values
    sms = [t for t in rows.values() if t.channel == "sms"]
    assert all(t.sms_ascii for t in sms)
    from motcua.notifications.notice_text import SAMPLE_CONTEXT

    assert max(sms_segments(sms_text(t.body, SAMPLE_CONTEXT, ascii_only=True)) for t in sms) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"channel": "email", "subject": "Hồ sơ {{ code|khong_co }}", "body": "x"}, "subject"),
        ({"channel": "email", "subject": "Hồ sơ", "body": "{% if x %}không đóng"}, "body"),
        ({"channel": "email", "subject": "", "body": "x"}, "subject"),
        ({"channel": "sms", "body": "Hồ sơ {{ code }} " + "rất dài " * 50, "sms_ascii": True}, "body"),
        ({"channel": "zalo", "zalo_template_id": "", "active": True}, "zalo_template_id"),
        ({"channel": "zalo", "zalo_template_id": "1", "zalo_params": {"a": "{% endif %}"}}, "zalo_params"),
        ({"channel": "zalo", "zalo_template_id": "1", "zalo_params": ["a"]}, "zalo_params"),
    ],
)
def test_invalid_templates_are_refused_on_save(fields: dict[str, Any], error_field: str) -> None:
    MessageTemplate.objects.filter(event="stopped").delete()
    tpl = MessageTemplate(event="stopped", **fields)
    with pytest.raises(ValidationError) as info:
        tpl.full_clean()
    assert error_field in info.value.message_dict


@pytest.mark.django_db
def test_sms_with_diacritics_has_70_character_segments(settings: Any) -> None:
    settings.MOTCUA_SMS_MAX_SEGMENTS = 1
    MessageTemplate.objects.filter(event="stopped", channel="sms").delete()
    ok = MessageTemplate(event="stopped", channel="sms", body="Hồ sơ {{ code }} đã dừng giải quyết.", sms_ascii=False)
    ok.full_clean()
    long = MessageTemplate(
        event="stopped",
        channel="sms",
        sms_ascii=False,
        body="Hồ sơ {{ code }} đã dừng giải quyết. Xem chi tiết: {{ url }}",
    )
    with pytest.raises(ValidationError) as info:
        long.full_clean()
    assert info.value.message_dict["body"] == ["Tin nhắn mẫu dài 2 phần (tối đa 1): 117 ký tự UCS2."]
    long.sms_ascii = True
    long.full_clean()


@pytest.mark.django_db
def test_admin_edits_a_template_and_an_invalid_one_is_refused() -> None:
    from django.test import Client

    from motcua.accounts.models import User

    admin = User.objects.create_superuser("root", "root@example.vn", "pw-for-tests-123")
    client = Client()
    client.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    tpl = MessageTemplate.objects.get(event="received", channel="email")
    url = f"/admin/notifications/messagetemplate/{tpl.pk}/change/"
    form = {
        "event": "received",
        "channel": "email",
        "active": "on",
        "subject": "Hồ sơ {{ code|khong_co }}",
        "body": tpl.body,
        "sms_ascii": "on",
        "zalo_template_id": "",
        "zalo_params": "{}",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and "Mẫu không hợp lệ" in refused.content.decode()
    tpl.refresh_from_db()
    assert tpl.subject == "Hồ sơ {{ code }} đã được tiếp nhận"
    form["subject"] = "[Một cửa] Hồ sơ {{ code }} đã được tiếp nhận"
    assert client.post(url, form).status_code == 302
    tpl.refresh_from_db()
    assert tpl.subject == "[Một cửa] Hồ sơ {{ code }} đã được tiếp nhận"
