"""The portal's prefill from the registers, the dossier's verified fields, the lookup log page and
the consent withdrawal: who may, who may not."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.dossiers.models import Dossier
from motcua.organisation.services import role_grant
from motcua.portal.models import Draft
from motcua.registers import services
from motcua.registers.models import Consent, Lookup, Verification
from tests.helpers import make_user
from tests.portal.helpers import client_for, pdf
from tests.registers.conftest import AN

pytestmark = pytest.mark.django_db

MARK = "Đã xác thực từ CSDLQG về dân cư"


def _draft_at_step2(client: Client) -> Draft:
    response = client.post(
        "/nop-ho-so/R.001/",
        {
            "agency_code": "H26.101",
            "type": "citizen",
            "name": "Nguyễn Văn An",
            "id_number": AN,
            "phone": "0912345678",
            "email": "an@example.vn",
            "address": "12 Hàng Bài",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    return Draft.objects.latest("id")


def _step2(client: Client, draft: Draft, **data: Any) -> Any:
    return client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/2/", data)


def _finish(client: Client, draft: Draft, **fields: Any) -> Dossier:
    draft.refresh_from_db()
    form = {**draft.form_data, "muc_dich": "Xin xác nhận", **fields, "action": "next"}
    response = _step2(client, draft, **form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/3/", {"action": "next", "doc-TP1": pdf()}).status_code == 302
    assert client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").status_code == 302
    return Dossier.objects.latest("id")


def test_prefill_fills_and_marks_the_population_fields_and_the_dossier_keeps_them(
    lgsp: Any, register_world: Any
) -> None:
    client = client_for(register_world.user("an"))
    draft = _draft_at_step2(client)
    page = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/2/").content.decode()
    assert "Lấy thông tin từ Cơ sở dữ liệu quốc gia về dân cư" in page and "Nghị định 13/2023" in page
    assert MARK not in page
    response = _step2(client, draft, action="lookup:population", consent_population="on", muc_dich="Xin xác nhận")
    text = response.content.decode()
    assert response.status_code == 200
    assert text.count(MARK) == 4 and "Nguyễn Văn An" in text and "12/04/1985" in text
    draft.refresh_from_db()
    assert draft.form_data["ho_ten"] == "Nguyễn Văn An" and draft.form_data["muc_dich"] == "Xin xác nhận"
    # The citizen corrects the address: that field is no longer marked, the others stay.
    dossier = _finish(client, draft, thuong_tru="Số 12 ngõ Hàng Bài, Hoàn Kiếm")
    verified = dict(Verification.objects.filter(dossier=dossier).values_list("field", "lookup_id"))
    lookup = Lookup.objects.get()
    assert verified == {"ho_ten": lookup.pk, "ngay_sinh": lookup.pk, "gioi_tinh": lookup.pk}
    assert lookup.dossier == dossier and lookup.consent is not None
    assert not Verification.objects.filter(dossier__isnull=True).exists()


def test_a_changed_value_loses_its_mark_on_the_page(lgsp: Any, register_world: Any) -> None:
    client = client_for(register_world.user("an"))
    draft = _draft_at_step2(client)
    _step2(client, draft, action="lookup:population", consent_population="on")
    draft.refresh_from_db()
    form = {**draft.form_data, "ho_ten": "Nguyễn Văn Ân", "action": "save"}
    _step2(client, draft, **form)
    text = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/2/").content.decode()
    assert text.count(MARK) == 3


def test_without_the_consent_box_nothing_is_looked_up(lgsp: Any, register_world: Any) -> None:
    client = client_for(register_world.user("an"))
    draft = _draft_at_step2(client)
    text = _step2(client, draft, action="lookup:population", muc_dich="Giữ lại").content.decode()
    assert "Vui lòng đánh dấu đồng ý" in text and MARK not in text
    assert not Lookup.objects.exists() and not Consent.objects.exists() and lgsp.log() == []
    draft.refresh_from_db()
    assert draft.form_data["muc_dich"] == "Giữ lại"  # what was typed is kept


def test_a_register_down_says_so_and_the_form_is_still_submitted(lgsp: Any, register_world: Any) -> None:
    lgsp.mode("down")
    client = client_for(register_world.user("an"))
    draft = _draft_at_step2(client)
    text = _step2(client, draft, action="lookup:population", consent_population="on").content.decode()
    assert "Chưa kết nối được Cơ sở dữ liệu quốc gia về dân cư" in text and "tự nhập" in text
    dossier = _finish(
        client,
        draft,
        ho_ten="Nguyễn Văn An",
        ngay_sinh="12/04/1985",
        gioi_tinh="Nam",
        thuong_tru="12 Hàng Bài",
    )
    assert dossier.form_data["ho_ten"] == "Nguyễn Văn An"
    assert not Verification.objects.exists() and Lookup.objects.get().outcome == "failed"


def test_the_tra_cuu_button_fills_business_fields_from_the_typed_code(lgsp: Any, register_world: Any) -> None:
    client = client_for(register_world.user("an"))
    draft = _draft_at_step2(client)
    page = client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/2/").content.decode()
    assert 'value="lookup:business"' in page and 'value="lookup:land"' in page
    text = _step2(client, draft, action="lookup:business", ma_dn="0101234567").content.decode()
    assert "Công ty TNHH Hoàn Kiếm Xanh" in text and "Đã xác thực từ CSDLQG về đăng ký doanh nghiệp" in text
    text = _step2(client, draft, action="lookup:land", thua_dat="bad").content.decode()
    assert "ví dụ 15/7" in text


def test_the_account_page_lists_lookups_and_the_consent_can_be_withdrawn(lgsp: Any, register_world: Any) -> None:
    an = register_world.user("an")
    consent = services.give_consent(citizen=an, register="population", purpose="hồ sơ R.001")
    services.lookup("population", AN, actor=an, purpose="hồ sơ R.001", consent=consent)
    client = client_for(an)
    page = client.get("/tai-khoan/").content.decode()
    assert "Các lần tra cứu thông tin của tôi" in page and "hồ sơ R.001" in page and "Rút lại sự đồng ý" in page
    assert client.get(f"/csdl/dong-y/{consent.pk}/rut/").status_code == 405
    other = client_for(register_world.user("binh"))
    assert other.post(f"/csdl/dong-y/{consent.pk}/rut/").status_code == 403
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert Client().post(f"/csdl/dong-y/{consent.pk}/rut/").status_code == 302  # to the login page
    response = client.post(f"/csdl/dong-y/{consent.pk}/rut/")
    assert response.status_code == 302 and response["Location"] == "/tai-khoan/"
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert "Rút lại sự đồng ý" not in client.get("/tai-khoan/").content.decode()


def test_the_lookup_log_is_for_admin_and_tthc_control_only(lgsp: Any, register_world: Any) -> None:
    services.lookup(
        "population", AN, actor=register_world.user("reception"), purpose="Tiếp nhận R.001", consent_confirmed=True
    )
    control = make_user("control", full_name="Kiểm Soát")
    role_grant(user=control, agency=register_world.commune, role="tthc_control")
    admin_role = make_user("sysadmin", full_name="Quản Trị")
    role_grant(user=admin_role, agency=register_world.commune, role="admin")
    assert Client().get("/csdl/nhat-ky/").status_code == 302
    for name in ("an", "reception", "head"):
        assert client_for(register_world.user(name)).get("/csdl/nhat-ky/").status_code == 403, name
    for user in (control, admin_role):
        response = client_for(user).get("/csdl/nhat-ky/")
        text = response.content.decode()
        assert response.status_code == 200
        assert "001••••••345" in text and AN not in text and "Tiếp nhận R.001" in text and "Reception" in text
        assert "Nhật ký tra cứu CSDL" in client_for(user).get("/backoffice/").content.decode()  # in the menu
    assert "Nhật ký tra cứu CSDL" not in client_for(register_world.user("head")).get("/backoffice/").content.decode()
    assert "Chưa có" in client_for(control).get("/csdl/nhat-ky/?csdl=land").content.decode()
