"""The account area: my dossiers and drafts, a dossier's page, supplement, withdrawal, result."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import documents, lifecycle
from tests.helpers import as_, pdf_upload, result_record, submit
from tests.portal.helpers import client_for, pdf

ITEMS = [{"requirement": "TP1", "name": "Tờ khai", "reason": "Thiếu chữ ký."}]


@pytest.mark.django_db
def test_account_lists_my_dossiers_only(world: Any) -> None:
    mine = submit(world)
    other = submit(world, user="other_citizen")
    lifecycle.request_supplement(mine.pk, actor=as_(world, "reception"), items=ITEMS)
    html = client_for(world.user("citizen")).get("/tai-khoan/").content.decode()
    assert f'href="/tai-khoan/ho-so/{mine.code}/">{mine.code}</a>' in html
    assert '<span class="badge warn">Yêu cầu bổ sung</span>' in html
    assert other.code not in html and "Lê Văn Khách" not in html


@pytest.mark.django_db
def test_dossier_page_shows_status_timeline_and_receipt_only_after_reception(world: Any) -> None:
    dossier = submit(world)
    client = client_for(world.user("citizen"))
    html = client.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    assert "Mới đăng ký" in html and "<strong>Bạn đã nộp hồ sơ</strong>" in html
    assert "receipt.pdf" not in html
    assert "Giấy tiếp nhận hồ sơ và hẹn trả kết quả sẽ có sau khi cơ quan tiếp nhận hồ sơ." in html
    assert f'href="/tai-khoan/ho-so/{dossier.code}/rut/"' in html
    lifecycle.receive(dossier.pk, actor=as_(world, "reception"))
    html = client.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    assert f'href="/api/v1/dossiers/{dossier.code}/receipt.pdf"' in html
    assert "<strong>Tiếp nhận hồ sơ</strong>" in html and "Trạng thái: Đã tiếp nhận" in html
    assert client.get(f"/api/v1/dossiers/{dossier.code}/receipt.pdf").content[:5] == b"%PDF-"


@pytest.mark.django_db
def test_supplement_upload_per_item_then_send(world: Any) -> None:
    dossier = submit(world)
    lifecycle.request_supplement(dossier.pk, actor=as_(world, "reception"), items=ITEMS)
    client = client_for(world.user("citizen"))
    html = client.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    assert "Thiếu chữ ký." in html and 'id="supplement-0" name="file"' in html and "Gửi bổ sung" in html
    # Sending before uploading is refused by the service, with its message.
    response = client.post(f"/tai-khoan/ho-so/{dossier.code}/gui-bo-sung/", follow=True)
    assert "Vui lòng tải lên giấy tờ bổ sung trước khi gửi." in response.content.decode()
    html = client.post(f"/tai-khoan/ho-so/{dossier.code}/bo-sung/", {"item": "0"}).content.decode()
    assert '<p class="error" id="supplement-0-error">Vui lòng chọn tệp cần tải lên.</p>' in html
    response = client.post(f"/tai-khoan/ho-so/{dossier.code}/bo-sung/", {"item": "0", "file": pdf("bo-sung.pdf")})
    assert response.status_code == 302
    doc = dossier.documents.get(kind="supplement")
    assert (doc.requirement.code, doc.original_name, doc.event_id) == ("TP1", "bo-sung.pdf", None)
    client.post(f"/tai-khoan/ho-so/{dossier.code}/gui-bo-sung/", {"note": "Đã ký."})
    dossier.refresh_from_db()
    doc.refresh_from_db()
    assert dossier.status == "submitted" and dossier.supplement_count == 1 and doc.event_id is not None
    assert "Yêu cầu bổ sung hồ sơ</h2>" not in client.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()


@pytest.mark.django_db
def test_withdrawal_needs_confirmation(world: Any) -> None:
    dossier = submit(world)
    client = client_for(world.user("citizen"))
    assert "Tôi xác nhận muốn rút hồ sơ này." in client.get(f"/tai-khoan/ho-so/{dossier.code}/rut/").content.decode()
    html = client.post(f"/tai-khoan/ho-so/{dossier.code}/rut/", {"reason": "Nộp nhầm"}).content.decode()
    assert "Vui lòng đánh dấu xác nhận rút hồ sơ." in html
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
    client.post(f"/tai-khoan/ho-so/{dossier.code}/rut/", {"reason": "Nộp nhầm", "confirm": "yes"})
    dossier.refresh_from_db()
    assert dossier.status == "withdrawn"
    html = client.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    assert "Rút hồ sơ theo yêu cầu" in html and "/rut/" not in html
    assert client.get(f"/tai-khoan/ho-so/{dossier.code}/rut/")["Location"] == f"/tai-khoan/ho-so/{dossier.code}/"


@pytest.mark.django_db
def test_result_is_offered_for_download_once_issued(world: Any) -> None:
    dossier = submit(world)
    lifecycle.receive(dossier.pk, actor=as_(world, "reception"))
    lifecycle.assign(dossier.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(dossier.pk, actor=as_(world, "head"))
    doc = documents.upload_document(
        dossier.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf")
    )
    client = client_for(world.user("citizen"))
    assert "Tải kết quả" not in client.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    lifecycle.issue_result(dossier.pk, actor=as_(world, "clerk"), record=result_record())
    html = client.get(f"/tai-khoan/ho-so/{dossier.code}/").content.decode()
    link = f'href="/api/v1/dossiers/{dossier.code}/documents/{doc.pk}" download>Tải kết quả: ket-qua.pdf</a>'
    assert link in html and "Đã có kết quả" in html
    assert client.get(f"/api/v1/dossiers/{dossier.code}/documents/{doc.pk}").status_code == 200
    assert Dossier.objects.get(pk=dossier.pk).status == "result_ready"
