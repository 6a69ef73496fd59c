from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.core.actor import SYSTEM
from motcua.processes import services
from motcua.processes.models import ProcessDefinition
from tests.helpers import make_user

from .test_import import mini

pytestmark = pytest.mark.django_db


@pytest.fixture
def root() -> Client:
    client = Client()
    client.force_login(make_user("root", is_staff=True, is_superuser=True))
    return client


def test_import_page_shows_each_error_with_its_element(world: Any, root: Client) -> None:
    upload = SimpleUploadedFile("p.bpmn", mini(default="").encode(), content_type="application/xml")
    response = root.post("/admin/processes/processdefinition/import/", {"procedure_code": "T.001", "file": upload})
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "<strong>exclusiveGateway &#x27;G&#x27; (Doanh nghiệp?)</strong>: cổng rẽ nhánh chưa có luồng mặc định" in body
    )
    assert not ProcessDefinition.objects.exists()
    upload = SimpleUploadedFile("p.bpmn", mini().encode(), content_type="application/xml")
    response = root.post("/admin/processes/processdefinition/import/", {"procedure_code": "T.001", "file": upload})
    assert response.status_code == 302
    assert ProcessDefinition.objects.get().number == 1


def test_step_table_page_creates_a_version(world: Any, root: Client) -> None:
    data = {
        "procedure_code": "T.001",
        "steps-TOTAL_FORMS": "2",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-order": "1",
        "steps-0-name": "Tiếp nhận",
        "steps-0-body": "{receiving}",
        "steps-0-role": "reception",
        "steps-0-amount": "2",
        "steps-0-unit": "working_hours",
        "steps-1-order": "2",
        "steps-1-name": "Giải quyết",
        "steps-1-body": "{handling}",
        "steps-1-role": "specialist",
        "steps-1-amount": "1",
        "steps-1-unit": "working_days",
        "steps-1-can_refuse": "on",
    }
    response = root.post("/admin/processes/processdefinition/step-table/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    d = ProcessDefinition.objects.get()
    assert list(d.steps.values_list("name", "role", "can_refuse")) == [
        ("Tiếp nhận", "reception", False),
        ("Giải quyết", "specialist", True),
    ]
    page = root.get(response["Location"])
    assert page.status_code == 200 and page.content.decode().count('data-kind="task"') == 2


def test_admin_process_pages_denied_to_officials_without_rights(world: Any) -> None:
    d = services.import_bpmn("T.001", mini(), actor=SYSTEM)
    urls = [
        "/admin/processes/processdefinition/import/",
        "/admin/processes/processdefinition/step-table/",
        f"/admin/processes/processdefinition/{d.pk}/diagram/",
        f"/admin/processes/processdefinition/{d.pk}/bpmn/",
    ]
    for user in (None, world.user("citizen"), world.user("reception"), world.user("head")):
        client = Client()
        if user is not None:
            client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (user, url)
