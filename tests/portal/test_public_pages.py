"""Home, procedure list and page, public tracking: anyone may see them; no personal data."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.dossiers.services import lifecycle
from tests.helpers import as_, submit


@pytest.mark.django_db
def test_home_offers_search_fields_agencies_and_tracking(world: Any) -> None:
    html = Client().get("/").content.decode()
    assert 'action="/thu-tuc/"' in html and 'name="q"' in html
    assert 'href="/thu-tuc/?field=T-HT">Hộ tịch thử nghiệm</a> <span class="muted">(2)</span>' in html
    assert 'href="/thu-tuc/?agency=H26.101">Ủy ban nhân dân Phường Hoàn Kiếm</a> <span class="muted">(2)</span>' in html
    assert "?agency=H26.24" not in html  # the department receives none of the test procedures
    assert 'action="/tra-cuu/"' in html and 'name="ma"' in html


@pytest.mark.django_db
def test_search_ignores_diacritics_and_case(world: Any) -> None:
    html = Client().get("/thu-tuc/", {"q": "THU TUC thu nghiem ba ngay"}).content.decode()
    assert '<a href="/thu-tuc/T.001/">Thủ tục thử nghiệm ba ngày</a>' in html
    assert "/thu-tuc/T.002/" not in html
    assert "Tìm thấy 1 thủ tục" in html


@pytest.mark.django_db
def test_filters_by_field_level_and_agency(world: Any) -> None:
    client = Client()
    assert "Tìm thấy 2 thủ tục" in client.get("/thu-tuc/", {"field": "T-HT"}).content.decode()
    assert "Tìm thấy 0 thủ tục" in client.get("/thu-tuc/", {"level": "department"}).content.decode()
    assert "Tìm thấy 2 thủ tục" in client.get("/thu-tuc/", {"level": "commune"}).content.decode()
    assert "Tìm thấy 0 thủ tục" in client.get("/thu-tuc/", {"agency": "H26.24"}).content.decode()
    assert "Tìm thấy 2 thủ tục" in client.get("/thu-tuc/", {"agency": "H26.102"}).content.decode()


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results(world: Any) -> None:
    response = Client().get("/thu-tuc/", {"q": "trong ngay"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html and "/thu-tuc/T.002/" in html and "/thu-tuc/T.001/" not in html


@pytest.mark.django_db
def test_procedure_page_shows_what_an_applicant_needs(world: Any) -> None:
    response = Client().get("/thu-tuc/T.001/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Thủ tục thử nghiệm ba ngày</h1>" in html
    for text in (
        "Công dân",
        "3 ngày làm việc",
        "Toàn trình",
        "Giấy xác nhận",
        "Lệ phí: <strong>10.000 đ</strong>",
        "Tờ khai",
        "Giấy tờ khác",
        "Bản chính",
        "Bản sao",
        "Ủy ban nhân dân Phường Hoàn Kiếm",
        "Ủy ban nhân dân Phường Cửa Nam",
        'href="/nop-ho-so/T.001/">Nộp hồ sơ trực tuyến',
    ):
        assert text in html, text
    assert "Sở Tư pháp" not in html  # not of the implementing level


@pytest.mark.django_db
def test_same_day_procedure_and_template_link(world: Any) -> None:
    from motcua.catalogue.models import DocumentRequirement

    DocumentRequirement.objects.filter(code="A").update(template_url="/static/mau/a.docx", template_name="Mẫu A")
    html = Client().get("/thu-tuc/T.002/").content.decode()
    assert "Trong ngày làm việc (nhận sau 15:00 thì trả trong ngày làm việc tiếp theo)" in html
    assert '<a href="/static/mau/a.docx" download>Tải mẫu: Mẫu A</a>' in html
    assert "Một phần" in html and "/nop-ho-so/T.002/" in html


@pytest.mark.django_db
def test_unknown_or_inactive_procedure_is_404(world: Any) -> None:
    from motcua.catalogue.models import Procedure

    assert Client().get("/thu-tuc/X.999/").status_code == 404
    Procedure.objects.filter(code="T.002").update(active=False)
    assert Client().get("/thu-tuc/T.002/").status_code == 404


@pytest.mark.django_db
def test_tracking_form_redirects_to_the_code(world: Any) -> None:
    client = Client()
    assert client.get("/tra-cuu/").status_code == 200
    response = client.get("/tra-cuu/", {"ma": " h26.101-261123-0001 "})
    assert response.status_code == 302 and response["Location"] == "/tra-cuu/H26.101-261123-0001/"


@pytest.mark.django_db
def test_tracking_form_answers_a_code_with_a_slash_with_not_found(world: Any) -> None:
    """No address holds a "/" in the code (nor does a dossier code): the tracking page says it found none."""
    response = Client().get("/tra-cuu/", {"ma": "h26/0001"})
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ có mã “H26/0001”" in response.content.decode()


@pytest.mark.django_db
def test_tracking_shows_status_and_dates_without_personal_data(world: Any, frozen: Any) -> None:
    from datetime import datetime

    frozen(datetime(2026, 11, 23, 9, 0))
    dossier = submit(world)
    html = Client().get(f"/tra-cuu/{dossier.code}/").content.decode()
    assert '<span class="badge " id="track-status">Mới đăng ký</span>' in html
    assert "23/11/2026 09:00" in html
    frozen(datetime(2026, 11, 23, 10, 0))
    lifecycle.receive(dossier.pk, actor=as_(world, "reception"))
    html = Client().get(f"/tra-cuu/{dossier.code.lower()}/").content.decode()
    assert (
        "Đã tiếp nhận" in html and "Trong hạn" in html and "27/11/2026 17:00" in html
    )  # 24 November is a day off (Resolution 28/2026/QH16)
    for private in ("Nguyễn Thị Hằng", "001190012345", "0912345678", "hang@example.vn", "12 Hàng Bài", "Bổ túc hồ sơ"):
        assert private not in html


@pytest.mark.django_db
def test_tracking_unknown_code_is_404_with_the_form(world: Any) -> None:
    response = Client().get("/tra-cuu/H26.101-000000-9999/")
    assert response.status_code == 404
    assert "Không tìm thấy hồ sơ có mã “H26.101-000000-9999”" in response.content.decode()
