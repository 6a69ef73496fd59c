"""A fee receipt as a file answer (PDF inline, XML as an attachment), for the pages and the API."""

from __future__ import annotations

from django.http import HttpResponse

from motcua.payments.models import Receipt
from motcua.payments.receipt import receipt_pdf
from motcua.payments.receipt_xml import receipt_xml


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
