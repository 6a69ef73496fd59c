"""Digitisation (số hóa) in the back office: at the counter with the intake, and later from the dossier page."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from motcua.dossiers.models import Digitisation, Dossier, DossierDocument
from tests.backoffice.test_counter import URL, good
from tests.dossiers.test_digitisation import counter_dossier, paper_of

pytestmark = pytest.mark.django_db

META = {
    "dz0-document_type": "KHAI_SINH",
    "dz0-number": "45/2019",
    "dz0-issuing_body": "UBND Phường Hoàn Kiếm",
    "dz0-issued_on": "04/05/2019",
    "dz0-valid_until": "",
    "dz0-kind": "scan",
    "dz0-certified_by": "",
}


def test_the_counter_digitises_each_paper_with_the_intake(world: Any, login: Any, at_monday: Any) -> None:
    form = login("reception").get(URL).content.decode()
    assert 'name="dz0-document_type"' in form and "Giấy khai sinh" in form
    response = login("reception").post(URL, good(**META))
    assert response.status_code == 302, response.content.decode()[:2000]
    d = Dossier.objects.get()
    record = Digitisation.objects.get(document__dossier=d)
    assert (record.document_type, record.number, str(record.issued_on), record.digitised_by) == (
        "KHAI_SINH",
        "45/2019",
        "2019-05-04",
        world.user("reception"),
    )
    assert [e.action for e in d.events.all()] == ["submit", "receive", "digitise"]
    page = login("head").get(response["Location"]).content.decode()
    for text in ["Đã số hóa", "Giấy khai sinh", "45/2019", "UBND Phường Hoàn Kiếm", "04/05/2019", "Chưa ký số"]:
        assert text in page, text


def test_bad_metadata_at_the_counter_writes_nothing(world: Any, login: Any, at_monday: Any) -> None:
    response = login("reception").post(URL, good(**{**META, "dz0-issued_on": "01/01/2027"}))
    assert response.status_code == 422
    assert "Ngày cấp không được sau ngày hôm nay." in response.content.decode()
    assert not Dossier.objects.exists() and not Digitisation.objects.exists()
    unknown = login("reception").post(URL, good(**{**META, "dz0-document_type": "NOPE"}))
    assert unknown.status_code == 422 and not Dossier.objects.exists()


def test_a_paper_left_for_later_is_digitised_from_the_dossier_page(world: Any, login: Any, at_monday: Any) -> None:
    response = login("reception").post(URL, good())  # no metadata: digitised later
    assert response.status_code == 302
    d = Dossier.objects.get()
    doc = DossierDocument.objects.get(dossier=d)
    url = reverse("backoffice:digitise", args=[d.code, doc.pk])
    page = login("reception").get(reverse("backoffice:dossier", args=[d.code])).content.decode()
    assert f'href="{url}"' in page  # reachable by a click from the dossier page
    assert "Chưa số hóa" in login("head").get(reverse("backoffice:dossier", args=[d.code])).content.decode()
    assert login("reception").get(url).status_code == 200
    bad = login("reception").post(
        url, {k.removeprefix("dz0-"): v for k, v in META.items()} | {"valid_until": "03/05/2019"}
    )
    assert bad.status_code == 422 and "Ngày hết giá trị không được trước ngày cấp." in bad.content.decode()
    done = login("reception").post(url, {k.removeprefix("dz0-"): v for k, v in META.items()})
    assert done.status_code == 302 and done["Location"] == reverse("backoffice:dossier", args=[d.code])
    assert Digitisation.objects.get(document=doc).number == "45/2019"
    again = login("reception").get(url)
    assert again.status_code == 409 and "Giấy tờ này đã được số hóa." in again.content.decode()


def test_the_digitise_page_is_denied_to_whoever_may_not(world: Any, login: Any) -> None:
    d = counter_dossier(world)
    doc = paper_of(d)
    url = reverse("backoffice:digitise", args=[d.code, doc.pk])
    body = {k.removeprefix("dz0-"): v for k, v in META.items()}
    anonymous = login(None).post(url, body)
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]
    assert login("citizen").get(url).status_code == 403
    for outsider in ["other_reception", "other_head", "dept_reception"]:
        assert login(outsider).get(url).status_code == 404
        assert login(outsider).post(url, body).status_code == 404
    for role in ["specialist", "head", "clerk"]:
        assert login(role).post(url, body).status_code == 403
    other = counter_dossier(world)
    assert login("reception").get(reverse("backoffice:digitise", args=[d.code, paper_of(other).pk])).status_code == 404
    assert not Digitisation.objects.exists()
