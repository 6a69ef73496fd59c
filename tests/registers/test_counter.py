"""The counter's lookup of the applicant in the population register, with the consent checkbox."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.registers.models import Consent, Lookup, Verification
from tests.helpers import pdf_upload
from tests.portal.helpers import client_for
from tests.registers.conftest import BINH

pytestmark = pytest.mark.django_db
URL = "/backoffice/tiep-nhan/?thu_tuc=R.001"


def _intake(**fields: Any) -> dict[str, Any]:
    return {
        "agency": "H26.101",
        "applicant_type": "citizen",
        "applicant_name": "Trần Thị Bình",
        "applicant_id_number": BINH,
        "applicant_phone": "0987654321",
        "applicant_address": "5 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội",
        "channel": "1",
        "sets_count": "1",
        "ff_muc_dich": "Xin xác nhận",
        "doc_0": "on",
        "file_0": pdf_upload("to-khai.pdf"),
        **fields,
    }


def test_the_official_prefills_with_the_applicants_consent_and_the_dossier_keeps_the_verified_fields(
    lgsp: Any, register_world: Any
) -> None:
    client = client_for(register_world.user("reception"))
    page = client.get(URL).content.decode()
    assert "Lấy thông tin từ Cơ sở dữ liệu quốc gia về dân cư" in page and 'name="register_consent"' in page
    text = client.post(URL, {"register_lookup": "1", "register_id": BINH}).content.decode()
    assert "Vui lòng xác nhận người nộp đã đồng ý" in text and not Lookup.objects.exists()
    response = client.post(URL, {"register_lookup": "1", "register_id": BINH, "register_consent": "on"})
    text = response.content.decode()
    assert response.status_code == 200
    assert 'value="03/09/1990"' in text and 'value="Trần Thị Bình"' in text and "Đã xác thực từ CSDLQG" in text
    lookup = Lookup.objects.get()
    assert f'name="register_lookup_id" value="{lookup.pk}"' in text
    assert Consent.objects.get().recorded_by == register_world.user("reception")
    # The official corrects the address before receiving: the others stay verified.
    response = client.post(
        URL,
        _intake(
            register_lookup_id=str(lookup.pk),
            ff_ho_ten="Trần Thị Bình",
            ff_ngay_sinh="03/09/1990",
            ff_gioi_tinh="Nữ",
            ff_thuong_tru="Số 5 Tràng Tiền",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    dossier = Dossier.objects.get()
    assert sorted(Verification.objects.filter(dossier=dossier).values_list("field", flat=True)) == [
        "gioi_tinh",
        "ho_ten",
        "ngay_sinh",
    ]
    lookup.refresh_from_db()
    assert lookup.dossier == dossier
    page = client.get(f"/backoffice/ho-so/{dossier.code}/").content.decode()
    assert "Đã xác thực từ cơ sở dữ liệu quốc gia" in page and "Ngày sinh — CSDL quốc gia về dân cư" in page
    assert "Nơi thường trú —" not in page


def test_another_officials_lookup_verifies_nothing(lgsp: Any, register_world: Any) -> None:
    from motcua.registers import services

    other = register_world.user("other_reception")
    result = services.lookup("population", BINH, actor=other, purpose="x", consent_confirmed=True, form_fields=_specs())
    client = client_for(register_world.user("reception"))
    response = client.post(
        URL,
        _intake(
            register_lookup_id=str(result.lookup_id),
            ff_ho_ten="Trần Thị Bình",
            ff_ngay_sinh="03/09/1990",
            ff_gioi_tinh="Nữ",
            ff_thuong_tru="5 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội",
        ),
    )
    assert response.status_code == 302
    assert not Verification.objects.filter(dossier__isnull=False).exists()


def test_the_register_down_at_the_counter_says_so_and_the_intake_still_works(lgsp: Any, register_world: Any) -> None:
    lgsp.mode("down")
    client = client_for(register_world.user("reception"))
    text = client.post(URL, {"register_lookup": "1", "register_id": BINH, "register_consent": "on"}).content.decode()
    assert "Chưa kết nối được Cơ sở dữ liệu quốc gia về dân cư" in text and "tự nhập" in text
    response = client.post(
        URL,
        _intake(ff_ho_ten="Trần Thị Bình", ff_ngay_sinh="03/09/1990", ff_gioi_tinh="Nữ", ff_thuong_tru="5 Tràng Tiền"),
    )
    assert response.status_code == 302 and Dossier.objects.count() == 1


def test_only_reception_officers_use_the_counter_lookup(lgsp: Any, register_world: Any) -> None:
    for name in ("head", "an"):
        response = client_for(register_world.user(name)).post(
            URL, {"register_lookup": "1", "register_id": BINH, "register_consent": "on"}
        )
        assert response.status_code == 403, name
    assert not Lookup.objects.exists() and lgsp.log() == []


def _specs() -> list[dict[str, Any]]:
    from tests.registers.conftest import FORM

    return FORM
