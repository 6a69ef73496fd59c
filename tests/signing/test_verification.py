"""The register of issued documents, the public page /xac-thuc/ and its API, the QR code of a result."""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.core.actor import Actor
from motcua.core.errors import Conflict, PermissionDenied
from motcua.core.models import AuditLog
from motcua.dossiers.models import DossierDocument
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.result_signing import verification_url
from motcua.signing import register
from motcua.signing.models import IssuedDocument
from tests.helpers import as_, result_record
from tests.signing.test_result_signing import _approved
from tests.signing.test_services import _flip_in_signed_range

PAGE = "portal:verify"
API = "/api/v1/verification"


def _register(world: Any, pdf: bytes, number: str = "15/GKS-UBND", code: str = "H26.101-261204-0001") -> Any:
    import hashlib

    return register.record_issue(
        sha256=hashlib.sha256(pdf).hexdigest(),
        agency_id=world.commune.pk,
        dossier_code=code,
        number=number,
        issued_on=None,
    )


def _post_page(client: Client, data: bytes, name: str = "ket-qua.pdf") -> Any:
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(reverse(PAGE), {"tep": upload})


def _post_api(client: Client, data: bytes, name: str = "ket-qua.pdf") -> Any:
    return client.post(API, {"file": SimpleUploadedFile(name, data, content_type="application/pdf")})


@pytest.mark.django_db
def test_a_signed_registered_file_is_valid_trusted_and_ours(world, signing_on, signed_twice) -> None:
    _register(world, signed_twice)
    client = Client(enforce_csrf_checks=False)
    page = _post_page(client, signed_twice)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Tất cả chữ ký số hợp lệ." in html and html.count("Hợp lệ, nội dung nguyên vẹn") == 2
    assert "Nguyễn Văn An" in html and "MotCua Demo Root CA" in html and "Chưa bị thu hồi" in html
    assert "Tệp này do hệ thống ban hành" in html and "15/GKS-UBND" in html and "Còn hiệu lực" in html
    body = _post_api(client, signed_twice).json()
    assert body["valid"] and body["signed"] and body["registered"]
    first = body["signatures"][0]
    assert first["ok"] and first["trusted"] and first["timestamp_trusted"] and not first["revoked"]
    assert first["signer_common_name"] == "Nguyễn Văn An" and "MotCua Demo Root CA" in first["chain"][-1]
    assert body["issue"]["number"] == "15/GKS-UBND" and body["issue"]["agency"] == world.commune.name


@pytest.mark.django_db
def test_a_tampered_copy_is_reported_broken_and_not_ours(world, signing_on, signed_twice) -> None:
    _register(world, signed_twice)
    tampered = _flip_in_signed_range(signed_twice)
    client = Client()
    html = _post_page(client, tampered).content.decode()
    assert "Có chữ ký số không hợp lệ." in html and "nội dung đã bị thay đổi sau khi ký" in html
    assert "Tệp này không có trong sổ văn bản đã ban hành" in html
    body = _post_api(client, tampered).json()
    assert not body["valid"] and not body["registered"] and body["issue"] is None
    assert not body["signatures"][0]["intact"] and body["signatures"][0]["problem"]


@pytest.mark.django_db
def test_an_unsigned_pdf_and_a_file_that_is_not_a_pdf(world, signing_on, result_pdf) -> None:
    client = Client()
    html = _post_page(client, result_pdf).content.decode()
    assert "Tệp không có chữ ký số." in html and "không có trong sổ văn bản" in html
    body = _post_api(client, result_pdf).json()
    assert body == {**body, "signed": False, "valid": False, "signatures": [], "registered": False}
    page = _post_page(client, b"GIF89a not a pdf", "anh.pdf")
    assert page.status_code == 422 and "Tệp không phải là tệp PDF đọc được." in page.content.decode()
    api = _post_api(client, b"GIF89a not a pdf", "anh.pdf")
    assert api.status_code == 422 and api.json()["code"] == "not_a_pdf"
    truncated = _post_api(client, result_pdf[:300])
    assert truncated.status_code == 422 and truncated.json()["code"] == "not_a_pdf"
    missing = client.post(API, {})
    assert 400 <= missing.status_code < 500 and "code" in missing.json()
    assert client.post(reverse(PAGE), {}).status_code == 400


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused(world, monkeypatch, result_pdf) -> None:
    monkeypatch.setattr(register, "MAX_PDF_BYTES", 1000)
    client = Client()
    page = _post_page(client, result_pdf)
    assert page.status_code == 413 and "Tệp quá lớn" in page.content.decode()
    api = _post_api(client, result_pdf)
    assert api.status_code == 413 and api.json()["code"] == "payload_too_large"


@pytest.mark.django_db
def test_the_page_is_public_and_its_upload_needs_the_csrf_token(world, result_pdf) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse(PAGE))
    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert _post_page(client, result_pdf).status_code == 403
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token is not None
    upload = SimpleUploadedFile("a.pdf", result_pdf, content_type="application/pdf")
    assert client.post(reverse(PAGE), {"tep": upload, "csrfmiddlewaretoken": token.group(1)}).status_code == 200
    # Reachable from every page's footer.
    assert reverse(PAGE) in Client().get(reverse("portal:home")).content.decode()


@pytest.mark.django_db
def test_lookup_by_code_and_number_found_and_not_found(world) -> None:
    issued = _register(world, b"%PDF-1.7 demo", number="7/GKS-UBND", code="H26.101-261204-0009")
    client = Client()
    page = client.get(reverse(PAGE), {"ma": "h26.101-261204-0009", "so": "7/GKS-UBND"})
    html = page.content.decode()
    assert page.status_code == 200 and "Còn hiệu lực" in html and issued.sha256 in html and world.commune.name in html
    api = client.get(API, {"code": "H26.101-261204-0009", "number": "7/GKS-UBND"})
    assert api.status_code == 200
    assert set(api.json()) == {
        "kind", "kind_label", "dossier_code", "number", "issued_on", "agency", "sha256", "revoked", "revoked_at"
    }  # fmt: skip
    for code, number in [("H26.101-261204-0009", "8/GKS-UBND"), ("H26.101-261204-0001", "7/GKS-UBND")]:
        missing = client.get(reverse(PAGE), {"ma": code, "so": number})
        assert missing.status_code == 404 and "Không tìm thấy văn bản số" in missing.content.decode()
        api = client.get(API, {"code": code, "number": number})
        assert api.status_code == 404 and api.json()["code"] == "not_found"
    assert client.get(API, {"code": "X"}).status_code == 422


@pytest.mark.django_db
def test_the_head_of_the_issuing_agency_revokes_others_may_not(world, signing_on, signed_twice) -> None:
    issued = _register(world, signed_twice)
    for name in ("other_head", "clerk", "reception", "citizen", "dept_head"):
        with pytest.raises(PermissionDenied):
            register.revoke(issued.pk, actor=as_(world, name), reason="Sai sót")
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        register.revoke(issued.pk, actor=Actor(user=AnonymousUser()), reason="Sai sót")
    assert not IssuedDocument.objects.get(pk=issued.pk).revoked
    register.revoke(issued.pk, actor=as_(world, "head"), reason="Cấp lại do sai sót ngày sinh")
    issued.refresh_from_db()
    assert issued.revoked and issued.revoked_by == world.user("head")
    log = AuditLog.objects.get(action="signing.revoke")
    assert log.object_id == str(issued.pk) and log.actor == world.user("head")
    with pytest.raises(Conflict):
        register.revoke(issued.pk, actor=as_(world, "head"), reason="lần nữa")
    client = Client()
    html = _post_page(client, signed_twice).content.decode()
    assert "Đã bị thu hồi" in html and "Tệp này do hệ thống ban hành" in html
    # The reason may name the applicant: the public sees the state and the date only.
    assert "sai sót ngày sinh" not in html
    body = _post_api(client, signed_twice).json()
    assert body["valid"] and body["issue"]["revoked"] and body["issue"]["revoked_at"]
    assert client.get(API, {"code": issued.dossier_code, "number": issued.number}).json()["revoked"] is True


def _qr_of_last_page(pdf: bytes, tmp_path: Any) -> str:
    if not shutil.which("zbarimg") or not shutil.which("pdftoppm"):
        pytest.skip("zbarimg (zbar-tools) and pdftoppm (poppler-utils) are needed")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", str(path), str(tmp_path / "p")], check=True)
    done = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "p.png")], capture_output=True, text=True, check=False
    )
    return done.stdout.strip()


@pytest.mark.django_db
def test_the_issue_registers_the_signed_result_with_a_qr_code_to_its_page(
    world, signing_on, result_pdf, settings, tmp_path
) -> None:
    settings.MOTCUA_PUBLIC_URL = "https://dichvucong.example.vn"
    d = _approved(world, result_pdf)
    d = lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record("15/GKS-UBND"))
    doc = DossierDocument.objects.get(dossier=d, kind="result")
    with doc.file.open("rb") as f:
        data = f.read()
    issued = IssuedDocument.objects.get()
    assert (issued.sha256, issued.dossier_code, issued.number, issued.agency_id, issued.document_id) == (
        doc.sha256,
        d.code,
        "15/GKS-UBND",
        d.handling_agency_id,
        doc.pk,
    )
    assert issued.issued_on == d.result_date and not issued.revoked
    url = _qr_of_last_page(data, tmp_path)
    assert url == verification_url(d.code, "15/GKS-UBND")
    parts = urlsplit(url)
    assert parts.netloc == "dichvucong.example.vn" and parts.path == reverse(PAGE)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert query == {"ma": d.code, "so": "15/GKS-UBND"}
    client = Client()
    html = client.get(parts.path, query).content.decode()
    assert "Còn hiệu lực" in html and doc.sha256 in html
    assert world.user("citizen").full_name not in html
    # The QR code is under the organisation signature: the uploaded result verifies and is ours.
    body = _post_api(client, data).json()
    assert body["valid"] and body["registered"] and body["issue"]["dossier_code"] == d.code
    assert [s["field_name"] for s in body["signatures"]] == ["personal-1", "organisation-2"]


@pytest.mark.django_db
def test_anyone_signed_in_or_not_learns_the_same_of_an_issue(world) -> None:
    issued = _register(world, b"%PDF-1.7 demo", number="9/GKS-UBND", code="H26.101-261204-0010")
    query = {"code": issued.dossier_code, "number": issued.number}
    answers = []
    for name in (None, "citizen", "other_citizen", "other_head", "head"):
        client = Client()
        if name:
            client.force_login(world.user(name))
        answers.append(client.get(API, query).json())
        page = client.get(reverse(PAGE), {"ma": issued.dossier_code, "so": issued.number})
        assert page.status_code == 200 and "Ngày thu hồi" not in page.content.decode()
    assert all(a == answers[0] for a in answers) and answers[0]["agency"] == world.commune.name
