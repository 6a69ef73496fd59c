"""The online forms ask only what the law asks: the demo birth registration (1.001193) in the portal.

Online the tờ khai is the e-form (no upload), the identity paper is only shown (no upload), the
applicant's phone is given once in step 1, ethnicity and nationality come from the national lists,
and the birth date cannot be in the future.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import pytest

from motcua.core.errors import ValidationError
from motcua.dossiers.models import Dossier
from motcua.portal import drafts
from motcua.portal.models import Draft, DraftFile
from tests.helpers import demo_procedures
from tests.portal.helpers import APPLICANT, client_for, pdf

pytestmark = pytest.mark.django_db

BIRTH = {
    "ho_ten_tre": "Nguyễn Minh Khang",
    "ngay_sinh": "2026-11-15",
    "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
    "gioi_tinh": "Nam",
    "dan_toc": "Kinh",
    "quoc_tich": "Việt Nam",
    "quan_he_nguoi_yeu_cau": "Mẹ",
}


@pytest.fixture
def birth(world: Any, frozen: Any) -> Any:
    frozen(datetime(2026, 11, 20, 10, 0))
    demo_procedures("1.001193")
    return world


def _start(client: Any, **applicant: Any) -> Any:
    return client.post("/nop-ho-so/1.001193/", {**APPLICANT, **applicant})


def test_step1_asks_the_phone_once_because_the_form_needs_it(birth: Any) -> None:
    client = client_for(birth.user("citizen"))
    html = client.get("/nop-ho-so/1.001193/").content.decode()
    assert 'id="a-phone" name="phone" value="0912345678" maxlength="20" autocomplete="tel" required' in html
    assert "Dùng cho “Số điện thoại liên hệ” của tờ khai." in html
    html = _start(client, phone="").content.decode()
    assert (
        '<p class="error" id="a-phone-error">Vui lòng nhập thông tin này: tờ khai cần “Số điện thoại liên hệ”.</p>'
        in html
    )
    assert not Draft.objects.exists()


def test_step2_does_not_ask_again_and_uses_the_right_inputs(birth: Any) -> None:
    client = client_for(birth.user("citizen"))
    _start(client)
    draft = Draft.objects.get()
    html = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/2/").content.decode()
    # Given in step 1: not asked twice.
    assert 'id="f-so-dien-thoai"' not in html and 'id="f-email"' not in html
    assert "Số điện thoại liên hệ" not in html
    # The national code lists, as selects.
    ethnicities = re.search(r'<select id="f-dan-toc".*?</select>', html, re.S)
    assert ethnicities is not None
    options = re.findall(r'<option value="([^"]*)"', ethnicities.group(0))
    assert len(options) == 55 and options[:3] == ["", "Kinh", "Tày"] and options[-1] == "Rơ-măm"
    countries = re.search(r'<select id="f-quoc-tich".*?</select>', html, re.S)
    assert countries is not None
    options = re.findall(r'<option value="([^"]*)"', countries.group(0))
    assert len(options) == 250 and options[1] == "Việt Nam" and "Hàn Quốc" in options
    # Dates not after today, 12-digit IDs, bounded whole counts.
    # Dates are typed dd/mm/yyyy whatever the browser's language; the service checks "not after today".
    assert 'type="date"' not in html and 'name="ngay-sinh"' not in html  # names keep their underscores
    assert (
        'type="text" id="f-ngay-sinh" name="ngay_sinh" value="" inputmode="numeric" placeholder="dd/mm/yyyy" pattern="'
    ) in html
    assert (
        'type="text" id="f-so-dinh-danh-me" name="so_dinh_danh_me" value="" maxlength="12" inputmode="numeric" '
        'autocomplete="off"'
    ) in html
    assert (
        'type="number" id="f-so-ban-sao" name="so_ban_sao" value="" step="1" min="0" max="20" inputmode="numeric"'
        in html
    )


@pytest.mark.parametrize("typed", ["15/11/2026", "2026-11-15"])
def test_step2_takes_a_date_typed_day_first_or_iso_and_shows_it_day_first(birth: Any, typed: str) -> None:
    client = client_for(birth.user("citizen"))
    _start(client)
    draft = Draft.objects.get()
    response = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/2/", {"action": "next", **BIRTH, "ngay_sinh": typed})
    assert response.status_code == 302
    html = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/2/").content.decode()
    assert 'id="f-ngay-sinh" name="ngay_sinh" value="15/11/2026"' in html


def test_step2_refuses_a_birth_date_in_the_future_with_its_message(birth: Any) -> None:
    client = client_for(birth.user("citizen"))
    _start(client)
    draft = Draft.objects.get()
    response = client.post(
        f"/nop-ho-so/ban-nhap/{draft.pk}/2/",
        {
            "action": "next",
            **BIRTH,
            "ngay_sinh": "2026-11-21",
            "dan_toc": "Việt",
            "so_dinh_danh_me": "12345",
            "so_ban_sao": "2.5",
        },
    )
    html = response.content.decode()
    assert (
        '<p class="error" id="f-ngay-sinh-error">“Ngày, tháng, năm sinh” không được sau ngày hôm nay (20/11/2026).</p>'
        in html
    )
    assert '<p class="error" id="f-dan-toc-error">“Dân tộc”: “Việt” không có trong danh mục 54 dân tộc.</p>' in html
    assert (
        '<p class="error" id="f-so-dinh-danh-me-error">“Số định danh cá nhân của mẹ” phải gồm đúng 12 chữ số.</p>'
        in html
    )
    assert (
        '<p class="error" id="f-so-ban-sao-error">“Số bản sao Giấy khai sinh đề nghị cấp” phải là số nguyên.</p>'
        in html
    )
    assert (
        '<li><a href="#f-ngay-sinh">“Ngày, tháng, năm sinh” không được sau ngày hôm nay (20/11/2026).</a></li>' in html
    )
    draft.refresh_from_db()
    assert draft.step == 2


def test_step3_has_no_upload_for_the_declaration_nor_the_id_card(birth: Any) -> None:
    client = client_for(birth.user("citizen"))
    _start(client)
    draft = Draft.objects.get()
    assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/2/", {"action": "next", **BIRTH}).status_code == 302
    html = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/3/").content.decode()
    assert 'id="doc-giay-chung-sinh"' in html
    assert 'id="doc-to-khai"' not in html and 'id="doc-giay-to-tuy-than"' not in html
    assert "Tờ khai đăng ký khai sinh: lập từ tờ khai điện tử bạn đã khai ở Bước 2." in html
    assert "xuất trình để đối chiếu; thông tin được đối chiếu qua tài khoản định danh điện tử" in html
    # Only the birth certificate is missing; a file for the tờ khai is refused by the draft service too.
    html = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "next"}).content.decode()
    assert re.findall(r'<p class="error" id="doc-([a-z-]+)-error">', html) == ["giay-chung-sinh"]
    with pytest.raises(ValidationError) as exc:
        drafts.draft_attach(draft, user=birth.user("citizen"), requirement_code="to-khai", upload=pdf())
    assert exc.value.code == "not_an_upload" and not DraftFile.objects.exists()
    assert (
        client.post(
            f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "next", "doc-giay-chung-sinh": pdf("chung-sinh.pdf")}
        ).status_code
        == 302
    )

    review = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").content.decode()
    form_part = review.split('id="review-form"')[1].split("</section>")[0]
    assert "Số điện thoại" not in form_part and "Dân tộc" in form_part
    assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").status_code == 302
    dossier = Dossier.objects.get()
    assert dossier.form_data == {**BIRTH, "so_dien_thoai": "0912345678", "email": "hang@example.vn"}
    assert [d.requirement.code for d in dossier.documents.all()] == ["giay-chung-sinh"]


def test_a_draft_file_kept_from_an_older_rule_is_not_submitted(birth: Any) -> None:
    client = client_for(birth.user("citizen"))
    _start(client)
    draft = Draft.objects.get()
    client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/2/", {"action": "next", **BIRTH})
    client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "next", "doc-giay-chung-sinh": pdf("cs.pdf")})
    item = DraftFile.objects.get()
    DraftFile.objects.create(
        draft=draft,
        requirement_code="to-khai",
        original_name="to-khai.pdf",
        content_type="application/pdf",
        size=item.size,
        sha256=item.sha256,
        file=item.file.name,
        uploaded_at=item.uploaded_at,
    )
    assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").status_code == 302
    assert [d.requirement.code for d in Dossier.objects.get().documents.all()] == ["giay-chung-sinh"]


def test_the_procedure_page_says_how_each_paper_is_given(birth: Any) -> None:
    from django.test import Client

    html = Client().get("/thu-tuc/1.001193/").content.decode()
    assert '<span class="small">Khi nộp trực tuyến: kê khai trên tờ khai điện tử</span>' in html
    assert html.count('<span class="small">Khi nộp trực tuyến: xuất trình để đối chiếu</span>') == 1
    assert '<span class="small">Khi nộp tại quầy: xuất trình để đối chiếu</span>' in html
