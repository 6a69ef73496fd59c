"""Catalogue admin: read-only rows, JSON import through the service, export action."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure
from motcua.core.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db: Any) -> Client:
    user = User.objects.create_superuser("admin", "admin@example.vn", "matkhau-rat-dai")
    client = Client()
    client.force_login(user)
    return client


def _upload(client: Client, data: Any) -> Any:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    return client.post(
        reverse("admin:catalogue_procedure_import"),
        {"file": SimpleUploadedFile("c.json", raw, content_type="application/json")},
    )


def test_import_view_imports_and_audits_with_the_user(admin_client: Client, demo_data: dict[str, Any]) -> None:
    assert admin_client.get(reverse("admin:catalogue_procedure_import")).status_code == 200
    response = _upload(admin_client, demo_data)
    assert response.status_code == 302
    assert Procedure.objects.count() == 13
    assert AuditLog.objects.filter(action="catalogue.version_published", actor__username="admin").count() == 13
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Đã nhập: tạo mới 13, cập nhật 0, không đổi 0 thủ tục."]


def test_import_view_shows_each_error(admin_client: Client, demo_data: dict[str, Any]) -> None:
    data = copy.deepcopy(demo_data)
    data["procedures"][0]["documents"][1]["form"] = "photo"
    response = _upload(admin_client, data)
    assert response.status_code == 200
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(messages) == 1 and messages[0].startswith(
        f"procedures[0].documents[1].form ({data['procedures'][0]['code']}): "
    )
    assert Procedure.objects.count() == 0
    response = _upload(admin_client, b"\xff not json")
    assert "không phải JSON UTF-8" in next(str(m) for m in get_messages(response.wsgi_request))


def test_import_view_needs_permission(db: Any, demo_data: dict[str, Any]) -> None:
    user = User.objects.create_user("staff", password="matkhau-rat-dai", is_staff=True)
    client = Client()
    client.force_login(user)
    assert _upload(client, demo_data).status_code == 403
    assert Procedure.objects.count() == 0


def test_changelist_detail_and_export_action(admin_client: Client, demo_catalogue: dict[str, Any]) -> None:
    changelist = reverse("admin:catalogue_procedure_changelist")
    page = admin_client.get(changelist, {"q": "dang ky khai sinh"})
    assert (
        page.status_code == 200 and "1.001193" in page.content.decode() and "Nhập từ tệp JSON" in page.content.decode()
    )
    procedure = Procedure.objects.get(code="1.001193")
    assert admin_client.get(reverse("admin:catalogue_procedure_change", args=[procedure.pk])).status_code == 200
    version_url = reverse("admin:catalogue_procedureversion_change", args=[procedure.current_version_id])
    assert admin_client.get(version_url).status_code == 200
    assert admin_client.get(reverse("admin:catalogue_field_changelist")).status_code == 200
    response = admin_client.post(changelist, {"action": "export_json", "_selected_action": [procedure.pk]})
    assert response.status_code == 200
    assert [p["code"] for p in json.loads(response.content)["procedures"]] == ["1.001193"]
