"""The dossier page: applicant, labelled form data, documents, clock, history, allowed actions."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import DossierDocument
from motcua.dossiers.services import lifecycle
from tests.backoffice.conftest import in_state
from tests.helpers import as_, submit

pytestmark = pytest.mark.django_db


def action_names(response: Any) -> list[str]:
    return [a["spec"].name for a in response.context["actions"]]


def test_page_shows_the_dossier(world: Any, login: Any, at_monday: Any) -> None:
    d = submit(world)
    response = login("reception").get(f"/backoffice/ho-so/{d.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    doc = DossierDocument.objects.get(dossier=d)
    for text in [
        d.code,
        "Nguyễn Thị Hằng",
        "001190012345",
        "0912345678",
        "hang@example.vn",
        "12 Hàng Bài",
        "Mục đích",
        "Bổ túc hồ sơ",
        "Thủ tục thử nghiệm ba ngày",
        "Tờ khai",
        "to-khai.pdf",
        f'href="/api/v1/dossiers/{d.code}/documents/{doc.pk}"',
        "Nộp hồ sơ",
        "Lịch sử xử lý",
        "Thời hạn bắt đầu tính khi tiếp nhận hồ sơ.",
    ]:
        assert text in html, text
    assert action_names(response) == ["receive", "request_supplement", "refuse_reception", "withdraw"]
    assert f'name="receive-version" value="{d.version}"' in html
    assert html.count("csrfmiddlewaretoken") >= 5
    assert "style=" not in html and "onclick" not in html and "<script>" not in html


def test_clock_running_due_soon_overdue_paused(world: Any, login: Any, frozen: Any) -> None:
    from tests.backoffice.conftest import MONDAY_9

    frozen(MONDAY_9)
    d = in_state(world, "processing")  # due Friday 17:00
    client = login("head")
    clock = client.get(f"/backoffice/ho-so/{d.code}/").context["clock"]
    assert clock.state == "running"
    # Monday 9:00-17:00 less lunch (6 h), Tuesday 24/11 is a day off (Ngày Văn hóa Việt Nam), Wed-Fri 3 × 7.5 h.
    assert clock.remaining == "3 ngày 6 giờ"
    frozen(MONDAY_9.replace(day=27, hour=15))
    clock = client.get(f"/backoffice/ho-so/{d.code}/").context["clock"]
    assert (clock.state, clock.remaining) == ("due_soon", "2 giờ")
    frozen(MONDAY_9.replace(day=30, hour=8, minute=30))
    response = client.get(f"/backoffice/ho-so/{d.code}/")
    assert (response.context["clock"].state, response.context["clock"].remaining) == ("overdue", "1 giờ")
    assert "Quá hạn 1 giờ làm việc" in response.content.decode()
    lifecycle.request_supplement(
        d.pk, actor=as_(world, "specialist"), items=[{"name": "Tờ khai", "reason": "Thiếu chữ ký"}]
    )
    response = client.get(f"/backoffice/ho-so/{d.code}/")
    assert response.context["clock"].state == "paused"
    assert "Tạm dừng tính thời hạn từ 08:30 30/11/2026" in response.content.decode()


def test_actions_follow_role_and_state(world: Any, login: Any, at_monday: Any) -> None:
    d = in_state(world, "received")
    url = f"/backoffice/ho-so/{d.code}/"
    assert action_names(login("reception").get(url)) == ["forward", "withdraw"]
    assert action_names(login("head").get(url)) == ["request_supplement", "forward", "assign", "extend", "stop"]
    assert action_names(login("specialist").get(url)) == ["request_supplement"]
    assert action_names(login("clerk").get(url)) == []
    assert "Bạn không có thao tác nào" in login("clerk").get(url).content.decode()


def test_history_shows_every_step_with_items(world: Any, login: Any, at_monday: Any) -> None:
    d = submit(world)
    lifecycle.request_supplement(
        d.pk, actor=as_(world, "reception"), items=[{"requirement": "TP2", "name": "Giấy tờ khác", "reason": "Bản mờ"}]
    )
    html = login("reception").get(f"/backoffice/ho-so/{d.code}/").content.decode()
    assert "Yêu cầu bổ sung hồ sơ (khi tiếp nhận)" in html
    assert "Giấy tờ khác: Bản mờ" in html
    assert "Đang chờ bổ sung" in html
    assert f'href="/backoffice/ho-so/{d.code}/mau-02.pdf"' in html


def test_notices_include_is_guarded(world: Any, login: Any, at_monday: Any) -> None:
    from motcua.backoffice.views.dossier import NOTICES_TEMPLATE, template_exists

    d = submit(world)
    response = login("reception").get(f"/backoffice/ho-so/{d.code}/")
    assert response.context["has_notices"] is template_exists(NOTICES_TEMPLATE)
