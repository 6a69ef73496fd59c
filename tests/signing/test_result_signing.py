"""MOTCUA_SIGNING_SIGN_RESULTS: the clerk's issue signs the result PDF (the signer's, then the body's signature)."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import DossierDocument
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.signing.services import verify_pdf
from tests.helpers import as_, result_record, submit


def _approved(world: Any, result_pdf: bytes) -> Any:
    d = submit(world)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload = SimpleUploadedFile("ket-qua.pdf", result_pdf, content_type="application/pdf")
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=upload)
    return d


@pytest.mark.django_db
def test_the_issue_signs_the_result_with_its_number_and_date(world, signing_on, pki, result_pdf, tmp_path) -> None:
    d = _approved(world, result_pdf)
    d = lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record("15/GKS-UBND"))
    doc = DossierDocument.objects.get(dossier=d, kind="result")
    with doc.file.open("rb") as f:
        data = f.read()
    assert doc.size == len(data) and doc.file.name.endswith("-ky-so.pdf")
    report = verify_pdf(data, fetch=False)
    assert report.valid and [s.field_name for s in report.signatures] == ["personal-1", "organisation-2"]
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    # The appearance names the key's holder; the clerk recorded another signer, so no position of theirs.
    assert "Số: 15/GKS-UBND, ngày" in text and "Ký bởi: Nguyễn Văn An" in text and "Phạm Quốc Hùng" not in text
    assert "Chức vụ" not in text
    assert d.events.get(action="issue_result").data["signed"] == [doc.pk]


@pytest.mark.django_db
def test_the_recorded_position_shows_when_the_signer_holds_the_key(world, signing_on, result_pdf, tmp_path) -> None:
    d = _approved(world, result_pdf)
    record = replace(result_record(), signer_name="Nguyễn Văn An", signer_position="Chủ tịch")
    d = lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=record)
    doc = DossierDocument.objects.get(dossier=d, kind="result")
    path = tmp_path / "r.pdf"
    with doc.file.open("rb") as f:
        path.write_bytes(f.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Ký bởi: Nguyễn Văn An" in text and "Chức vụ: Chủ tịch" in text


@pytest.mark.django_db
def test_off_by_default_the_result_is_kept_as_uploaded(world, settings, result_pdf) -> None:
    assert settings.MOTCUA_SIGNING_SIGN_RESULTS is False
    d = _approved(world, result_pdf)
    d = lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())
    doc = DossierDocument.objects.get(dossier=d, kind="result")
    with doc.file.open("rb") as f:
        assert f.read() == result_pdf
    assert "signed" not in d.events.get(action="issue_result").data


@pytest.fixture
def remote_signing_on(settings, signing_on, remote):
    settings.MOTCUA_SIGNING_SIGNER = "csc"
    return remote


def _log(csc) -> list[str]:
    return [r["outcome"] for r in csc.call("/_sim/log")["requests"]]


@pytest.mark.django_db
def test_with_the_csc_signer_the_issue_signs_through_the_remote_service(world, remote_signing_on, result_pdf) -> None:
    d = _approved(world, result_pdf)
    before = len(_log(remote_signing_on))
    d = lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record("16/GKS-UBND"))
    doc = DossierDocument.objects.get(dossier=d, kind="result")
    with doc.file.open("rb") as f:
        report = verify_pdf(f.read(), fetch=False)
    assert report.valid and [s.signer_common_name for s in report.signatures] == [
        "Nguyễn Văn An",
        "Ủy ban nhân dân phường Hoàn Kiếm",
    ]
    assert _log(remote_signing_on)[before:] == ["approved", "approved"]
    assert d.events.get(action="issue_result").data["signed"] == [doc.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("mode", ["refuse", "never"])
def test_a_refusal_or_no_answer_on_the_phone_issues_nothing(
    world, settings, remote_signing_on, result_pdf, mode
) -> None:
    from motcua.signing.errors import SignatureRefused, SignatureTimedOut

    settings.MOTCUA_SIGNING_CSC_TIMEOUT = 0.5
    d = _approved(world, result_pdf)
    version = type(d).objects.get(pk=d.pk).version
    remote_signing_on.mode(mode)
    with pytest.raises(SignatureRefused if mode == "refuse" else SignatureTimedOut):
        lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())
    d.refresh_from_db()
    assert d.status == "approved" and d.version == version and not d.result_number
    assert not d.events.filter(action="issue_result").exists()
    doc = DossierDocument.objects.get(dossier=d, kind="result")
    assert doc.event_id is None
    with doc.file.open("rb") as f:
        assert f.read() == result_pdf
