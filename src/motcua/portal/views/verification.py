"""Public verification of a signed document (xác thực văn bản điện tử), no login.

Anyone uploads a PDF and sees each signature (intact, signer, time, timestamp, chain, revocation)
and whether this system issued the file (its SHA-256 in the register) and whether that issue was
revoked; or enters a dossier code and a result number (the QR code of a signed result links
here with both) and sees the registered issue: agency, number, date, state and hash only.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua.core.errors import DomainError
from motcua.signing import register


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("ma", "").strip()[:60]
    number = request.GET.get("so", "").strip()[:100]
    context: dict[str, Any] = {"code": code, "number": number, "max_mb": register.MAX_PDF_BYTES // (1024 * 1024)}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("tep")
        if upload is None:
            context["upload_error"] = _("Vui lòng chọn tệp PDF cần xác thực.")
            status = 400
        elif upload.size is not None and upload.size > register.MAX_PDF_BYTES:
            context["upload_error"] = str(register.too_large().message)
            status = 413
        else:
            try:
                check = register.check_pdf(upload.read())
            except DomainError as exc:
                context["upload_error"] = str(exc.message)
                status = exc.http_status
            else:
                context["check"] = check
                context["file_name"] = upload.name
                if check.issued is not None:
                    context["issue"] = register.public_issue(check.issued)
    elif code or number:
        issued = register.lookup(code, number)
        if issued is None:
            context["lookup_error"] = _(
                "Không tìm thấy văn bản số “%(number)s” của hồ sơ “%(code)s” trong sổ văn bản đã ban hành."
            ) % {"number": number, "code": code}
            status = 404
        else:
            context["issue"] = register.public_issue(issued)
    return render(request, "portal/verify.html", context, status=status)
