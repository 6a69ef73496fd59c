"""Rendered PDFs shared by the form tests (rendering takes a fraction of a second each)."""

from __future__ import annotations

import pytest

from motcua.forms.render import (
    render_receipt_pdf,
    render_refusal_pdf,
    render_supplement_request_pdf,
)

from .samples import receipt, refusal, supplement_request


@pytest.fixture(scope="session")
def receipt_pdf() -> bytes:
    return render_receipt_pdf(receipt())


@pytest.fixture(scope="session")
def supplement_request_pdf() -> bytes:
    return render_supplement_request_pdf(supplement_request())


@pytest.fixture(scope="session")
def refusal_pdf() -> bytes:
    return render_refusal_pdf(refusal())
