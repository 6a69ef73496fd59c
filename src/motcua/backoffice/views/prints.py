"""Printable forms of a dossier for officials: Mẫu 02 (supplement request), Mẫu 03 (refusal),
Mẫu 04 (apology and new date) and Mẫu 05 (the control sheet of the internal process)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from motcua.backoffice.access import official_required
from motcua.backoffice.printing import refusal_pdf, supplement_request_pdf
from motcua.backoffice.views.dossier import visible_or_404
from motcua.core.errors import NotFound
from motcua.dossiers.apology import apology_pdf
from motcua.dossiers.models import Dossier
from motcua.processes import services as process_services
from motcua.processes.models import DossierProcess


def _pdf(request: HttpRequest, code: str, render: Callable[[Dossier], bytes], name: str) -> HttpResponse:
    dossier = visible_or_404(request, code)
    try:
        content = render(dossier)
    except NotFound:
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}-{dossier.code}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def control_sheet(dossier: Dossier) -> bytes:
    """Mẫu 05 of a dossier that has an internal process; NotFound otherwise."""
    if not DossierProcess.objects.filter(dossier_id=dossier.pk).exists():
        raise NotFound("process", code="process_not_found")
    return process_services.control_sheet_pdf(dossier.pk)


@official_required
def mau_02(request: HttpRequest, code: str) -> HttpResponse:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ of the latest supplement request."""
    return _pdf(request, code, supplement_request_pdf, "phieu-yeu-cau-bo-sung")


@official_required
def mau_05(request: HttpRequest, code: str) -> HttpResponse:
    """Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 05), from the steps of the internal process."""
    return _pdf(request, code, control_sheet, "phieu-kiem-soat")


@official_required
def mau_03(request: HttpRequest, code: str) -> HttpResponse:
    """Phiếu từ chối tiếp nhận giải quyết hồ sơ."""
    return _pdf(request, code, refusal_pdf, "phieu-tu-choi")


@official_required
def mau_04(request: HttpRequest, code: str) -> HttpResponse:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả, after the dossier's extension."""
    return _pdf(request, code, apology_pdf, "phieu-xin-loi")
