"""The citizen follows a dossier: what was declared, the supplement deadline, the supplements sent,
and a history whose own lines read as the citizen's."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pytest

from motcua.catalogue.form_display import display_rows, display_value
from motcua.catalogue.services.importing import import_catalogue
from motcua.core.clock import VN_TZ
from motcua.dossiers.models import SupplementRequest
from motcua.dossiers.services import documents, lifecycle
from tests.helpers import CATALOGUE, as_, submit
from tests.portal.helpers import client_for, pdf

pytestmark = pytest.mark.django_db

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=VN_TZ)
ITEMS = [{"requirement": "TP1", "name": "Tờ khai", "reason": "Thiếu chữ ký."}]
FORM = [
    {"name": "ho_ten_tre", "label": "Họ, chữ đệm, tên của trẻ", "type": "text", "required": True},
    {"name": "ngay_sinh", "label": "Ngày, tháng, năm sinh", "type": "date", "required": True},
    {"name": "gioi_tinh", "label": "Giới tính", "type": "select", "choices": ["Nam", "Nữ"], "required": True},
    {"name": "so_ban_sao", "label": "Số bản sao", "type": "number"},
    {"name": "can_nang", "label": "Cân nặng (kg)", "type": "number"},
    {"name": "dang_ky_lai", "label": "Đăng ký lại", "type": "checkbox"},
]


def with_form(world: Any) -> Any:
    catalogue = copy.deepcopy(CATALOGUE)
    catalogue["procedures"] = [dict(catalogue["procedures"][0], code="T.003", form_fields=FORM)]
    import_catalogue(catalogue)
    return submit(
        world,
        procedure="T.003",
        form_data={
            "ho_ten_tre": "Nguyễn Minh Khang",
            "ngay_sinh": "2026-11-15",
            "gioi_tinh": "Nữ",
            "so_ban_sao": 2,
            "can_nang": "3.25",
            "dang_ky_lai": False,
        },
    )


def page(world: Any, code: str, user: str = "citizen") -> str:
    return client_for(world.user(user)).get(f"/tai-khoan/ho-so/{code}/").content.decode()


def test_the_page_shows_what_was_declared_with_labels_and_formats(world: Any) -> None:
    d = with_form(world)
    html = page(world, d.code)
    section = html[html.index('<h2 id="declared-title">') :]
    section = section[: section.index("</section>")]
    for dt, dd in [
        ("Chủ hồ sơ", "Nguyễn Thị Hằng"),
        ("Số giấy tờ", "001190012345"),
        ("Điện thoại", "0912345678"),
        ("Địa chỉ", "12 Hàng Bài"),
        ("Họ, chữ đệm, tên của trẻ", "Nguyễn Minh Khang"),
        ("Ngày, tháng, năm sinh", "15/11/2026"),
        ("Giới tính", "Nữ"),
        ("Số bản sao", "2"),
        ("Cân nặng (kg)", "3,25"),
        ("Đăng ký lại", "Không"),
    ]:
        assert f"<dt>{dt}</dt><dd>{dd}</dd>" in section, dt
    assert "2026-11-15" not in section and "ngay_sinh" not in section


def test_display_of_values() -> None:
    assert display_value({"type": "date"}, "2026-02-03") == "03/02/2026"
    assert display_value({"type": "select", "choices": [{"value": "01", "label": "Kinh"}]}, "01") == "Kinh"
    assert display_value({"type": "checkbox"}, True) == "Có"
    assert display_value({"type": "number"}, 1990) == "1990"
    assert display_value({"type": "text"}, "") == "—"
    assert display_rows([{"name": "a", "label": "A", "type": "text"}], {"b": "x", "a": "y"}) == [("A", "y"), ("b", "x")]


def test_the_supplement_deadline_is_shown_and_passes(world: Any, frozen: Any, settings: Any) -> None:
    frozen(MONDAY_9)
    d = submit(world)
    lifecycle.request_supplement(d.pk, actor=as_(world, "reception"), items=ITEMS)
    request = SupplementRequest.objects.get(dossier=d)
    # 60 days after Monday 23/11/2026 is Friday 22/01/2027: closing time of that day.
    assert request.answer_due_at == datetime(2027, 1, 22, 17, 0, tzinfo=VN_TZ)
    html = page(world, d.code)
    assert "<strong>Hạn bổ sung: 22/01/2027 17:00</strong>" in html and "Đã quá hạn bổ sung" not in html
    office = client_for(world.user("reception")).get(f"/backoffice/ho-so/{d.code}/").content.decode()
    assert "<p>Hạn bổ sung của người nộp: 17:00 22/01/2027</p>" in office
    frozen(datetime(2027, 1, 22, 17, 1, tzinfo=VN_TZ))
    assert '<span class="badge late">Đã quá hạn bổ sung</span>' in page(world, d.code)


def test_a_deadline_on_a_day_off_moves_to_the_next_working_day(world: Any, frozen: Any, settings: Any) -> None:
    frozen(MONDAY_9)
    settings.MOTCUA_SUPPLEMENT_ANSWER_DAYS = 61  # Saturday 23/01/2027
    d = submit(world)
    lifecycle.request_supplement(d.pk, actor=as_(world, "reception"), items=ITEMS)
    assert SupplementRequest.objects.get(dossier=d).answer_due_at == datetime(2027, 1, 25, 17, 0, tzinfo=VN_TZ)
    settings.MOTCUA_SUPPLEMENT_ANSWER_DAYS = 0
    other = submit(world)
    lifecycle.request_supplement(other.pk, actor=as_(world, "reception"), items=ITEMS)
    assert SupplementRequest.objects.get(dossier=other).answer_due_at is None
    assert "Hạn bổ sung" not in page(world, other.code)


def test_each_supplement_sent_is_listed_with_its_files(world: Any, frozen: Any) -> None:
    frozen(MONDAY_9)
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    client = client_for(world.user("citizen"))
    lifecycle.request_supplement(d.pk, actor=as_(world, "specialist"), items=ITEMS)
    client.post(f"/tai-khoan/ho-so/{d.code}/bo-sung/", {"item": "0", "file": pdf("to-khai-da-ky.pdf")})
    assert "Hồ sơ đã bổ sung" not in page(world, d.code)  # nothing sent yet
    client.post(f"/tai-khoan/ho-so/{d.code}/gui-bo-sung/", {"note": "Đã ký đủ."})
    frozen(datetime(2026, 11, 24, 10, 0, tzinfo=VN_TZ))
    lifecycle.request_supplement(
        d.pk, actor=as_(world, "specialist"), items=[{"name": "Giấy xác nhận cư trú", "reason": "Cần bản mới."}]
    )
    client.post(f"/tai-khoan/ho-so/{d.code}/bo-sung/", {"item": "0", "file": pdf("cu-tru.pdf")})
    client.post(f"/tai-khoan/ho-so/{d.code}/gui-bo-sung/")
    html = page(world, d.code)
    section = html[html.index('<h2 id="sent-title">Hồ sơ đã bổ sung</h2>') :]
    section = section[: section.index("</section>")]
    first, second = d.documents.filter(kind="supplement").order_by("id")
    assert "<h3>Lần 1: gửi lúc 23/11/2026 09:00</h3>" in section
    assert "Theo yêu cầu bổ sung lúc 23/11/2026 09:00: Tờ khai" in section
    assert f'<a href="/api/v1/dossiers/{d.code}/documents/{first.pk}">to-khai-da-ky.pdf</a>' in section
    assert "<p>Ghi chú: Đã ký đủ.</p>" in section
    assert "<h3>Lần 2: gửi lúc 24/11/2026 10:00</h3>" in section
    assert "Theo yêu cầu bổ sung lúc 24/11/2026 10:00: Giấy xác nhận cư trú" in section
    assert section.index("to-khai-da-ky.pdf") < section.index("Lần 2") < section.index(f"/documents/{second.pk}")


def test_the_citizens_own_actions_read_as_theirs_and_the_agencys_name_the_agency(world: Any) -> None:
    d = submit(world)
    lifecycle.request_supplement(d.pk, actor=as_(world, "reception"), items=ITEMS)
    documents.upload_document(
        d.pk, actor=as_(world, "citizen"), kind="supplement", upload=pdf("ky.pdf"), requirement_code="TP1"
    )
    lifecycle.supplement(d.pk, actor=as_(world, "citizen"))
    lifecycle.withdraw(d.pk, actor=as_(world, "citizen"), reason="Nộp nhầm thủ tục")
    html = page(world, d.code)
    history = html[html.index('<h2 id="history-title">') :]
    history = history[: history.index("</section>")]
    agency = "Ủy ban nhân dân Phường Hoàn Kiếm"
    assert (
        '<strong>Bạn đã nộp hồ sơ</strong>\n      \n      <br><span class="muted">Nơi tiếp nhận: '
        f"{agency}</span>" in history
    )
    assert (
        f'<strong>Yêu cầu bổ sung hồ sơ (khi tiếp nhận)</strong>\n      <span class="muted"> — {agency}</span>'
        in history
    )
    assert "<strong>Bạn đã tải tài liệu lên</strong>: ky.pdf\n      \n" in history
    assert "<strong>Bạn đã gửi hồ sơ bổ sung</strong>\n      \n" in history
    assert "<strong>Bạn đã rút hồ sơ</strong>\n      \n" in history and "Nộp nhầm thủ tục" in history
    # In the back office the applicant's lines name the applicant, not the body.
    office = client_for(world.user("reception")).get(f"/backoffice/ho-so/{d.code}/").content.decode()
    assert "<strong>Nộp hồ sơ</strong> — Người nộp hồ sơ: Nguyễn Thị Hằng\n" in office
    assert (
        f'<strong>Yêu cầu bổ sung hồ sơ (khi tiếp nhận)</strong> — Reception <span class="muted">({agency})</span>'
        in office
    )


def test_an_open_supplement_request_comes_right_after_the_status(world: Any, frozen: Any) -> None:
    """What the applicant must do now is at the top: the request, its deadline and the way to the answer form."""
    import re

    frozen(MONDAY_9)
    d = lifecycle.receive(submit(world).pk, actor=as_(world, "reception"))
    lifecycle.request_supplement(d.pk, actor=as_(world, "specialist"), items=ITEMS)
    html = page(world, d.code)
    sections = re.findall(r'<section class="([^"]*)"[^>]*aria-labelledby="([^"]+)"', html)
    assert [label for _c, label in sections][:2] == ["status-title", "supplement-title"]
    supplement = html[html.index('id="bo-sung"') :]
    supplement = supplement[: supplement.index("</section>")]
    assert "<strong>Hạn bổ sung: 22/01/2027 17:00</strong>" in supplement
    assert '<a href="#gui-bo-sung" class="answer-link">Đến mẫu gửi bổ sung</a>' in supplement
    assert 'id="gui-bo-sung"' in supplement and "Gửi bổ sung</button>" in supplement
