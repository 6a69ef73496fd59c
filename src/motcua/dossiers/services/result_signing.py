"""Signing the result at issue (ký số kết quả), when ``MOTCUA_SIGNING_SIGN_RESULTS`` is on.

Each pending PDF result gets, in the issue's transaction, the personal signature of the configured
personal key (its appearance names the certificate's holder, never another person; the recorded
position is shown when the clerk's recorded signer is that holder) and then the organisation
signature of the handling agency, whose appearance carries the result's number and date (Decree 30/2020/NĐ-CP,
art. 8 and Annex I, II; Law on Electronic Transactions 2023). The signed file replaces the draft
in the document row (new name, size and SHA-256) and its SHA-256 is registered
(``signing.register``, sổ văn bản đã ban hành) with a QR code to the verification page
``/xac-thuc/`` of the issue inside the organisation signature's appearance; the draft's file is left for the daily
``dossiers/stray_files.py`` clean-up, as is a signed file of a rolled-back issue.

The TSA, the CRLs and a remote signer (``csc``: the signer's approval on the phone, up to
``MOTCUA_SIGNING_CSC_TIMEOUT``) are reached inside the transaction (the dossier row is locked
meanwhile), which is why it is a setting; a refusal or a timeout rolls the issue back. A later
slice moves the personal signature to the approval.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlencode

from django.core.files.base import ContentFile

from motcua.core.links import public_url
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services.results import ResultRecord
from motcua.signing import conf, register


def enabled() -> bool:
    return conf.sign_results()


def verification_url(code: str, number: str) -> str:
    """The public verification page of the issue (``/xac-thuc/``), which the QR code links to."""
    return public_url("portal:verify") + "?" + urlencode({"ma": code, "so": number})


def sign_results(dossier: Dossier, documents: list[DossierDocument], record: ResultRecord) -> list[int]:
    """Sign the PDF ``documents`` personally then for the body; the ids of those signed."""
    # Deferred cost: pyHanko takes about a second to import, and every process (web, worker, each
    # `motcua sim` peer, each command) loads the lifecycle at start-up, most of them never to sign.
    from motcua.signing import signers
    from motcua.signing.services import sign_pdf

    source = signers.configured()
    body = dossier.handling_agency.name
    issued = f"ngày {record.issued_on:%d/%m/%Y}" if record.issued_on else ""
    signed = []
    for doc in documents:
        if doc.content_type != "application/pdf":
            continue
        with doc.file.open("rb") as f:
            data = f.read()
        personal = source.signer("personal")
        holder = str(personal.signing_cert.subject.native.get("common_name", "")) if personal.signing_cert else ""
        same = holder.casefold() == record.signer_name.strip().casefold()
        data = sign_pdf(
            data,
            signer=personal,
            kind="personal",
            name=holder,
            position=record.signer_position if same else "",
            body=body,
        )
        data = sign_pdf(
            data,
            signer=source.signer("organisation"),
            kind="organisation",
            body=body,
            extra_lines=[", ".join(p for p in (f"Số: {record.number}", issued) if p)],
            qr_url=verification_url(dossier.code, record.number),
        )
        digest = hashlib.sha256(data).hexdigest()
        base = (doc.file.name or "ket-qua.pdf").rsplit("/", 1)
        name = doc.file.storage.save(f"{base[0]}/{digest[:16]}-ky-so.pdf", ContentFile(data))
        DossierDocument.objects.filter(pk=doc.pk).update(file=name, size=len(data), sha256=digest)
        register.record_issue(
            sha256=digest,
            agency_id=dossier.handling_agency_id,
            dossier_code=dossier.code,
            dossier_id=dossier.pk,
            document_id=doc.pk,
            number=record.number,
            issued_on=record.issued_on,
        )
        signed.append(doc.pk)
    return signed
