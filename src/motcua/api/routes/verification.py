"""Public verification of signed documents (xác thực), the API of the page ``/xac-thuc/``."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import File, Router, UploadedFile

from motcua.api.schemas import ErrorOut, IssueOut, VerificationOut
from motcua.core.errors import not_found
from motcua.signing import register

router = Router(tags=["verification"])


@router.post(
    "/verification",
    response={200: VerificationOut, 400: ErrorOut, 413: ErrorOut, 422: ErrorOut},
    auth=None,
    summary="Verify a PDF's signatures and whether this system issued it (multipart field `file`)",
)
def verify_file(request: HttpRequest, file: File[UploadedFile]) -> Any:
    if file.size is not None and file.size > register.MAX_PDF_BYTES:
        raise register.too_large()
    check = register.check_pdf(file.read(register.MAX_PDF_BYTES + 1))
    return {
        "sha256": check.sha256,
        "size": check.size,
        "signed": bool(check.report.signatures),
        "valid": check.report.valid,
        "signatures": [asdict(s) for s in check.report.signatures],
        "registered": check.registered,
        "issue": register.public_issue(check.issued) if check.issued is not None else None,
    }


@router.get(
    "/verification",
    response={200: IssueOut, 404: ErrorOut},
    auth=None,
    summary="The registered issue of a dossier code and a document number (no personal data)",
)
def lookup(request: HttpRequest, code: str, number: str) -> Any:
    issued = register.lookup(code, number)
    if issued is None:
        raise not_found("issued document")
    return register.public_issue(issued)
