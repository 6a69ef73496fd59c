"""A refused request is one warning line in the log, not a traceback; server errors keep theirs."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from tests.helpers import make_user

pytestmark = pytest.mark.django_db


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


# The project's URLs plus one view that fails (used with @pytest.mark.urls(__name__)).
urlpatterns = [path("test-boom/", _boom), path("", include("motcua.urls"))]


def request_records(caplog: Any) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "django.request"]


def one_line(record: logging.LogRecord) -> str:
    """What the console handler prints for ``record`` (settings.LOGGING's format)."""
    return logging.Formatter("%(levelname)s %(name)s %(message)s").format(record)


def test_a_403_logs_one_warning_line_without_traceback(caplog: Any) -> None:
    client = Client()
    client.force_login(make_user("visitor", kind="citizen"))
    with caplog.at_level(logging.INFO):
        response = client.get("/backoffice/")  # a citizen in the back office: PermissionDenied
    assert response.status_code == 403
    records = request_records(caplog)
    assert len(records) == 1, [r.getMessage() for r in records]
    record = records[0]
    assert record.levelno == logging.WARNING
    assert record.getMessage() == "Forbidden (Permission denied): /backoffice/"
    assert record.exc_info is None
    text = one_line(record)
    assert "\n" not in text and "Traceback" not in text


def test_a_403_from_the_admin_is_one_line_too(caplog: Any) -> None:
    from motcua.organisation.services import agency_create, role_grant

    user = make_user("control")
    role_grant(
        user=user, agency=agency_create(code="H26", name="UBND Thành phố Hà Nội", level="province"), role="tthc_control"
    )
    client = Client()
    client.force_login(user)
    with caplog.at_level(logging.INFO):
        assert client.get("/admin/organisation/agency/").status_code == 403  # not the role's model
    records = request_records(caplog)
    assert [(r.levelno, r.exc_info) for r in records] == [(logging.WARNING, None)]
    assert "Traceback" not in caplog.text


@pytest.mark.urls(__name__)
def test_a_500_still_logs_its_traceback(caplog: Any) -> None:
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.INFO):
        assert client.get("/test-boom/").status_code == 500
    records = request_records(caplog)
    assert len(records) == 1 and records[0].levelno == logging.ERROR
    assert records[0].exc_info is not None and "Traceback" in one_line(records[0])
