"""Who may read the sync log and send a message again; the dossier page's panel; the signed result link."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.core import clock
from motcua.dossiers.models import DossierDocument
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.national_portal.dvcqg import sign
from motcua.national_portal.models import Intake, NationalLink, StatusSync
from tests.helpers import as_, make_user, pdf_upload, submit

SECRET = "motcua-demo-dvcqg-secret-CHANGE-ME"


def logged_in(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def failed(world: Any) -> StatusSync:
    """A dossier from the portal whose first sync message failed (no peer needed: nothing is sent)."""
    d = submit(world)
    NationalLink.objects.create(dossier=d, national_code="DVCQG-TEST-1", received_at=clock.now(), source="push")
    Intake.objects.create(
        message_id="M-1",
        national_code="DVCQG-TEST-1",
        source="push",
        outcome="accepted",
        dossier=d,
        received_at=clock.now(),
    )
    Intake.objects.create(
        message_id="M-2",
        national_code="DVCQG-X",
        source="pull",
        outcome="refused",
        reason="Không tìm thấy thủ tục",
        received_at=clock.now(),
    )
    return StatusSync.objects.create(
        dossier=d,
        event=d.events.get(action="submit"),
        sequence=1,
        message_id="MOTCUA-T-1",
        national_status="1",
        payload={},
        state="failed",
        attempts=48,
        last_error="HTTP 503",
        created_at=clock.now(),
    )


def test_the_sync_log_is_for_tthc_control_and_administrators(world, failed, controller):
    anonymous = Client().get("/dvcqg/nhat-ky/")
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]
    for name in ("citizen", "reception", "head"):
        assert logged_in(world.user(name)).get("/dvcqg/nhat-ky/").status_code == 403
    page = logged_in(controller).get("/dvcqg/nhat-ky/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "MOTCUA-T-1" in html and "HTTP 503" in html and "Gửi lại" in html
    assert "M-1" in html and "M-2" in html and "Không tìm thấy thủ tục" in html
    superuser = make_user("root", is_superuser=True, is_staff=True)
    assert logged_in(superuser).get("/dvcqg/nhat-ky/").status_code == 200


def test_the_log_filters_by_state_and_outcome(world, failed, controller):
    c = logged_in(controller)
    assert "MOTCUA-T-1" not in c.get("/dvcqg/nhat-ky/?trang_thai=sent").content.decode()
    assert "MOTCUA-T-1" in c.get("/dvcqg/nhat-ky/?trang_thai=failed").content.decode()
    refused = c.get("/dvcqg/nhat-ky/?ket_qua=refused").content.decode()
    assert "M-2" in refused and ">M-1<" not in refused
    assert c.get("/dvcqg/nhat-ky/?trang_thai=bogus&trang=x").status_code == 200


def test_the_menu_links_the_log_for_those_who_may_read_it(world, controller):
    assert 'href="/dvcqg/nhat-ky/"' in logged_in(controller).get("/backoffice/").content.decode()
    assert 'href="/dvcqg/nhat-ky/"' not in logged_in(world.user("reception")).get("/backoffice/").content.decode()


def test_resend_is_for_tthc_control_only_and_only_of_a_failed_message(world, failed, controller):
    url = f"/dvcqg/dong-bo/{failed.pk}/gui-lai/"
    assert Client().post(url).status_code == 302  # to the login
    for name in ("citizen", "reception", "head"):
        assert logged_in(world.user(name)).post(url).status_code == 403
    failed.refresh_from_db()
    assert failed.state == "failed"
    c = logged_in(controller)
    assert c.get(url).status_code == 405
    r = c.post(url, {"next": f"/backoffice/ho-so/{failed.dossier.code}/"})
    assert (r.status_code, r["Location"]) == (302, f"/backoffice/ho-so/{failed.dossier.code}/")
    failed.refresh_from_db()
    assert failed.state == "queued"
    again = c.post(url, follow=True)  # not failed any more: refused with a message, nothing queued twice
    assert "Chỉ gửi lại được thông điệp gửi lỗi." in again.content.decode()
    assert c.post("/dvcqg/dong-bo/999999/gui-lai/").status_code == 404


def test_the_dossier_page_shows_the_national_code_and_its_sync_lines(world, failed, controller):
    code = failed.dossier.code
    html = logged_in(world.user("reception")).get(f"/backoffice/ho-so/{code}/").content.decode()
    assert "DVCQG-TEST-1" in html and "HTTP 503" in html
    assert f"/dvcqg/dong-bo/{failed.pk}/gui-lai/" not in html  # the reception officer may not send again
    html = logged_in(controller).get(f"/backoffice/ho-so/{code}/").content.decode()
    assert f"/dvcqg/dong-bo/{failed.pk}/gui-lai/" in html


def test_a_result_file_is_served_only_by_its_signed_link(world):
    d = submit(world)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    result = upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    good = sign(str(result.pk).encode(), SECRET)
    r = Client().get(f"/dvcqg/ket-qua/{result.pk}/{good}")
    assert r.status_code == 200 and r.getvalue().startswith(b"%PDF")
    assert Client().get(f"/dvcqg/ket-qua/{result.pk}/{sign(b'1', SECRET)}").status_code == 403
    assert Client().get(f"/dvcqg/ket-qua/{result.pk}/x").json()["error_code"] == "403"
    submitted = DossierDocument.objects.get(dossier=d, kind="submitted")
    sig = sign(str(submitted.pk).encode(), SECRET)
    assert Client().get(f"/dvcqg/ket-qua/{submitted.pk}/{sig}").status_code == 404  # not a result
