"""The body's organisation signature on fee receipts (MOTCUA_SIGNING_SIGN_RECEIPTS) and on the scans of
digitisation (MOTCUA_SIGNING_SEAL_SCANS): signed once and kept, verified, off by default, nothing stray
when the TSA is down."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from motcua.core import outbox
from motcua.core.actor import Actor
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import Digitisation, DossierDocument
from motcua.dossiers.services.applicants import ApplicantData
from motcua.dossiers.services.digitisation import DigitisationInput, digitise
from motcua.dossiers.services.submission import SubmissionInput, submit_at_counter
from motcua.payments.models import Receipt
from motcua.payments.receipt import receipt_pdf
from motcua.payments.receipt_signing import TOPIC
from motcua.payments.services import receipts
from motcua.signing.errors import SigningUnavailable
from motcua.signing.services import verify_pdf
from tests.backoffice.test_digitisation import META
from tests.helpers import as_
from tests.payments.test_receipts import fee_dossier_of, pay
from tests.signing.conftest import pdfsig

pytestmark = pytest.mark.django_db

DOWN = "http://127.0.0.1:9/tsa"  # the discard port: nothing answers


@pytest.fixture
def keys(settings: Any, pki: Any) -> None:
    settings.MOTCUA_SIGNING_SIGNER = "pkcs12"
    settings.MOTCUA_SIGNING_PKCS12_PERSONAL = str(pki.p12("personal"))
    settings.MOTCUA_SIGNING_PKCS12_ORGANISATION = str(pki.p12("organisation"))
    settings.MOTCUA_SIGNING_PKCS12_PASSPHRASE = pki.passphrase
    settings.MOTCUA_SIGNING_TSA_URL = pki.tsa_url
    settings.MOTCUA_SIGNING_TRUST_ROOTS = (str(pki.root_cert),)


@pytest.fixture
def receipts_on(settings: Any, keys: None) -> None:
    settings.MOTCUA_SIGNING_SIGN_RECEIPTS = True


@pytest.fixture
def scans_on(settings: Any, keys: None) -> None:
    settings.MOTCUA_SIGNING_SEAL_SCANS = True


def text_of(pdf: bytes, tmp_path: Any) -> str:
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def stored_files(root: Any) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


# --- receipts -----------------------------------------------------------------------------------


def test_a_receipt_is_signed_once_after_the_payment_and_kept(
    world: Any, receipts_on: None, pki: Any, nss_db: str, tmp_path: Any
) -> None:
    receipt = pay(world, fee_dossier_of(world))
    assert not receipt.signed_file  # the payment's transaction does not wait for the TSA
    assert OutboxMessage.objects.filter(topic=TOPIC, key=f"receipt-{receipt.pk}").exists()
    outbox.deliver_due()
    receipt.refresh_from_db()
    assert receipt.signed_file and receipt.signed_at and len(receipt.signed_sha256) == 64
    assert os.stat(receipt.signed_file.path).st_mode & 0o777 == 0o600
    data = receipt_pdf(receipt)
    assert receipt_pdf(Receipt.objects.get(pk=receipt.pk)) == data  # served as stored: a stable hash
    assert hashlib.sha256(data).hexdigest() == receipt.signed_sha256
    report = verify_pdf(data, fetch=False)
    assert report.valid and [s.field_name for s in report.signatures] == ["organisation-1"]
    sig = report.signatures[0]
    assert sig.intact and sig.trusted and sig.ltv
    text = text_of(data, tmp_path)
    assert f"Số: {receipt.number_text}, ký hiệu {receipt.series.symbol}" in text
    assert f"Ký bởi: {receipt.series.agency.name}" in text
    out = pdfsig(nss_db, data, tmp_path)
    assert (
        "Signature Validation: Signature is Valid." in out and "Certificate Validation: Certificate is Trusted." in out
    )


def test_a_receipt_not_yet_signed_is_signed_at_its_first_download(world: Any, receipts_on: None, settings: Any) -> None:
    receipt = pay(world, fee_dossier_of(world))
    data = receipt_pdf(receipt)  # the outbox has not run
    receipt.refresh_from_db()
    assert receipt.signed_file and verify_pdf(data, fetch=False).valid
    outbox.deliver_due()  # the queued job finds it signed and leaves it alone
    assert Receipt.objects.get(pk=receipt.pk).signed_file.name == receipt.signed_file.name
    settings.MOTCUA_SIGNING_SIGN_RECEIPTS = False  # once signed, it stays signed
    assert receipt_pdf(Receipt.objects.get(pk=receipt.pk)) == data


def test_a_cancelled_receipt_keeps_its_signed_original_and_serves_its_marked_copy(
    world: Any, receipts_on: None, tmp_path: Any
) -> None:
    receipt = pay(world, fee_dossier_of(world))
    original = receipt_pdf(receipt)
    receipt.refresh_from_db()
    name, digest = receipt.signed_file.name, receipt.signed_sha256
    cancelled = receipts.cancel_receipt(receipt.pk, actor=as_(world, "reception"), reason="Thu nhầm")
    cancelled = Receipt.objects.get(pk=cancelled.pk)
    assert (cancelled.signed_file.name, cancelled.signed_sha256) == (name, digest)
    with cancelled.signed_file.open("rb") as f:
        assert f.read() == original
    marked = receipt_pdf(cancelled)
    assert "ĐÃ HỦY" in text_of(marked, tmp_path) and not verify_pdf(marked, fetch=False).signatures


def test_signing_off_leaves_receipts_as_rendered(world: Any, settings: Any) -> None:
    assert settings.MOTCUA_SIGNING_SIGN_RECEIPTS is False
    receipt = pay(world, fee_dossier_of(world))
    assert not OutboxMessage.objects.filter(topic=TOPIC).exists()
    data = receipt_pdf(receipt)
    assert b"/ByteRange" not in data and not Receipt.objects.get(pk=receipt.pk).signed_file


def test_tsa_down_the_receipt_download_is_a_503_and_nothing_is_stored(
    world: Any, receipts_on: None, settings: Any
) -> None:
    receipt = pay(world, fee_dossier_of(world))
    settings.MOTCUA_SIGNING_TSA_URL = DOWN
    root = Path(settings.MEDIA_ROOT) / "payments"
    before = stored_files(root)
    with pytest.raises(SigningUnavailable):
        receipt_pdf(receipt)
    assert not Receipt.objects.get(pk=receipt.pk).signed_file and stored_files(root) == before
    # The pages answer 503 with a message to retry, never a 500 nor an unsigned copy.
    for who in ("citizen", "reception"):
        client = Client()
        client.force_login(world.user(who))
        for url in (
            reverse("payments:receipt", args=[receipt.payment_id]),
            reverse("payments:receipt_pdf", args=[receipt.pk]),
        ):
            page = client.get(url)
            assert page.status_code == 503 and "Biên lai chưa sẵn sàng" in page.content.decode(), (who, url)
    assert stored_files(root) == before
    # The queued job fails the same way and is retried later; the payment and receipt stay as they were.
    outbox.deliver_due()
    message = OutboxMessage.objects.get(topic=TOPIC)
    assert message.status != OutboxMessage.Status.SENT and message.attempts == 1
    assert Receipt.objects.get(pk=receipt.pk).status == Receipt.Status.ISSUED


# --- digitisation ---------------------------------------------------------------------------------

GOOD = DigitisationInput(
    document_type="KHAI_SINH", number="123/2020", issuing_body="UBND Phường Hoàn Kiếm", issued_on=date(2020, 5, 4)
)


def counter_dossier(world: Any, upload: SimpleUploadedFile) -> Any:
    return submit_at_counter(
        actor=Actor(user=world.user("reception"), channel="counter"),
        files={"TP1": [upload]},
        data=SubmissionInput(
            procedure_code="T.001",
            agency_code="H26.101",
            applicant=ApplicantData(type="citizen", name="Trần Văn Quầy", id_number="001085012345"),
            form_data={"purpose": "Quầy"},
        ),
    )


def paper_of(dossier: Any) -> DossierDocument:
    return DossierDocument.objects.get(dossier=dossier, kind=DossierDocument.Kind.SUBMITTED)


def png_scan() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(out, "PNG", dpi=(100, 100))
    return out.getvalue()


def test_digitising_a_pdf_scan_seals_it_and_the_dossier_page_links_the_copy(
    world: Any, scans_on: None, result_pdf: bytes, tmp_path: Any
) -> None:
    d = counter_dossier(world, SimpleUploadedFile("giay-khai-sinh.pdf", result_pdf, content_type="application/pdf"))
    doc = paper_of(d)
    record = digitise(doc.pk, GOOD, actor=as_(world, "reception"))
    assert record.sealed_at is not None and record.seal_problem == ""
    record = Digitisation.objects.get(pk=record.pk)
    assert record.sealed_file and os.stat(record.sealed_file.path).st_mode & 0o777 == 0o600
    with record.sealed_file.open("rb") as f:
        sealed = f.read()
    report = verify_pdf(sealed, fetch=False)
    assert report.valid and [s.field_name for s in report.signatures] == ["organisation-1"]
    assert f"Bản sao điện tử, hồ sơ {d.code}" in text_of(sealed, tmp_path)
    with doc.file.open("rb") as f:
        assert f.read() == result_pdf  # the scan itself stays as scanned
    official = Client()
    official.force_login(world.user("reception"))
    page = official.get(reverse("backoffice:dossier", args=[d.code])).content.decode()
    url = reverse("api-v1:download_sealed_copy", args=[d.code, doc.pk])
    assert "Đã ký số" in page and url in page
    got = official.get(url)
    assert got.status_code == 200 and got.getvalue() == sealed
    # Who may fetch it: as for the dossier's documents.
    assert Client().get(url).status_code == 401
    for stranger in ("other_citizen", "other_reception"):
        client = Client()
        client.force_login(world.user(stranger))
        assert client.get(url).status_code == 404


def test_an_image_scan_is_put_on_a_pdf_page_and_sealed(world: Any, scans_on: None) -> None:
    d = counter_dossier(world, SimpleUploadedFile("cccd.png", png_scan(), content_type="image/png"))
    record = digitise(paper_of(d).pk, GOOD, actor=as_(world, "reception"))
    with Digitisation.objects.get(pk=record.pk).sealed_file.open("rb") as f:
        assert verify_pdf(f.read(), fetch=False).valid


def test_signing_off_digitises_without_a_seal(world: Any, settings: Any, result_pdf: bytes) -> None:
    assert settings.MOTCUA_SIGNING_SEAL_SCANS is False
    d = counter_dossier(world, SimpleUploadedFile("gks.pdf", result_pdf, content_type="application/pdf"))
    record = digitise(paper_of(d).pk, GOOD, actor=as_(world, "reception"))
    assert record.sealed_at is None and not Digitisation.objects.get(pk=record.pk).sealed_file
    url = reverse("api-v1:download_sealed_copy", args=[d.code, paper_of(d).pk])
    official = Client()
    official.force_login(world.user("reception"))
    assert official.get(url).status_code == 404


def test_tsa_down_the_scan_is_digitised_unsealed_with_a_message_and_no_file(
    world: Any, scans_on: None, settings: Any, result_pdf: bytes
) -> None:
    settings.MOTCUA_SIGNING_TSA_URL = DOWN
    d = counter_dossier(world, SimpleUploadedFile("gks.pdf", result_pdf, content_type="application/pdf"))
    root = Path(settings.MEDIA_ROOT) / "dossiers" / "sealed"
    before = stored_files(root)
    record = digitise(paper_of(d).pk, GOOD, actor=as_(world, "reception"))
    assert record.seal_problem and "ký số" in record.seal_problem
    saved = Digitisation.objects.get(pk=record.pk)
    assert saved.sealed_at is None and not saved.sealed_file and stored_files(root) == before
    assert d.events.filter(action="digitise").count() == 1


def test_tsa_down_the_digitise_page_warns_that_the_scan_is_not_signed(
    world: Any, scans_on: None, settings: Any, result_pdf: bytes
) -> None:
    settings.MOTCUA_SIGNING_TSA_URL = DOWN
    d = counter_dossier(world, SimpleUploadedFile("gks.pdf", result_pdf, content_type="application/pdf"))
    client = Client()
    client.force_login(world.user("reception"))
    url = reverse("backoffice:digitise", args=[d.code, paper_of(d).pk])
    done = client.post(url, {k.removeprefix("dz0-"): v for k, v in META.items()}, follow=True)
    page = done.content.decode()
    assert done.redirect_chain[-1][0] == reverse("backoffice:dossier", args=[d.code])
    assert "Chưa ký số được bản số hóa: dịch vụ ký số không sẵn sàng." in page and "Chưa ký số" in page
