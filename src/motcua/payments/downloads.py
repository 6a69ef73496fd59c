"""A fee receipt as a file answer (PDF inline, XML as an attachment), for the pages and the API."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.payments.models import Receipt
from motcua.payments.receipt import receipt_pdf
from motcua.payments.receipt_xml import receipt_xml
from motcua.signing.errors import SigningUnavailable


def _file_name(receipt: Receipt, ext: str) -> str:
    return f"bien-lai-{receipt.series.symbol}-{receipt.number_text}.{ext}".replace("/", "-").replace('"', "")


def pdf_response(receipt: Receipt) -> HttpResponse:
    response = HttpResponse(receipt_pdf(receipt), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_file_name(receipt, "pdf")}"'
    return response


def xml_response(receipt: Receipt) -> HttpResponse:
    response = HttpResponse(receipt_xml(receipt), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(receipt, "xml")}"'
    return response


def unavailable_response(request: HttpRequest, exc: SigningUnavailable) -> HttpResponse:
    """The page of a receipt whose signature cannot be made now (TSA, CRL or key down): 503, retry later."""
    official = bool(getattr(request.user, "is_official", False))
    response = render(request, "payments/receipt_unavailable.html", {"official": official}, status=exc.http_status)
    response["Retry-After"] = "60"
    return response
