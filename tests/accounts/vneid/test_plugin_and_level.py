"""The plugin's health check and peer command, the catalogue flag of level-2 procedures, and the
portal's refusal of a draft of such a procedure (no provider needed for these)."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from typing import Any

import pytest
from django.test import Client

from motcua.accounts.models import User
from motcua.catalogue.models import Procedure
from motcua.catalogue.services.exporting import export_catalogue
from motcua.catalogue.services.importing import import_catalogue
from motcua.core import plugins
from motcua.core.errors import ValidationError
from motcua.core.models import AuditLog
from motcua.dossiers.models import Dossier
from tests.accounts.vneid.conftest import EidPeer
from tests.helpers import CATALOGUE
from tests.portal.helpers import client_for, draft_at_review


@pytest.mark.django_db
def test_health_needs_the_settings_and_a_discovery_that_answers(eid_peer: EidPeer, settings: Any) -> None:
    plugin = plugins.get(plugins.Kind.IDENTITY_PROVIDER, "vneid")
    health = plugin.health()
    assert health.ok and health.detail == f"{eid_peer.url} answers (discovery)"
    eid_peer.mode("garbage")
    assert plugin.health() == plugins.Health(False, "discovery failed: discovery: not JSON")
    eid_peer.mode("down")
    assert plugin.health() == plugins.Health(False, "discovery failed: discovery: HTTP 503")
    settings.MOTCUA_OIDC_ISSUER = ""
    assert plugin.health() == plugins.Health(False, "not configured: MOTCUA_OIDC_ISSUER")


def test_the_peer_command_without_node_fails_with_a_message(tmp_path: Any) -> None:
    env = {**os.environ, "PATH": str(tmp_path)}  # no node (nor npm) on this PATH
    done = subprocess.run(
        [sys.executable, "-m", "motcua", "sim", "eid", "--port", "0"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode != 0
    assert "Không tìm thấy node" in done.stderr and "node not found" in done.stderr
    assert done.stdout == ""  # `motcua up` finds no URL, warns and goes on without e-ID


@pytest.mark.django_db
def test_the_catalogue_flag_is_imported_exported_and_audited_without_a_new_version(world: Any) -> None:
    data = copy.deepcopy(CATALOGUE)
    entry = next(p for p in data["procedures"] if p["code"] == "T.001")
    versions = Procedure.objects.get(code="T.001").versions.count()
    entry["requires_eid_level2"] = True
    report = import_catalogue(data)
    procedure = Procedure.objects.get(code="T.001")
    assert procedure.requires_eid_level2 and report.updated == ["T.001"]
    assert procedure.versions.count() == versions  # the procedure's attribute, not a version's content
    audit = AuditLog.objects.get(action="catalogue.procedure_eid_level_changed", object_id=str(procedure.pk))
    assert audit.changes == {"requires_eid_level2": [False, True]}
    exported = next(p for p in export_catalogue(["T.001"])["procedures"] if p["code"] == "T.001")
    assert exported["requires_eid_level2"] is True
    assert "T.001" in import_catalogue(data).unchanged  # idempotent
    entry["requires_eid_level2"] = "yes"
    with pytest.raises(ValidationError) as refused:
        import_catalogue(data)
    assert refused.value.code == "invalid_catalogue"
    assert [e["path"] for e in refused.value.details["errors"]] == ["procedures[0].requires_eid_level2"]


@pytest.mark.django_db
def test_a_draft_of_a_procedure_that_became_level_2_cannot_be_submitted_below_level_2(world: Any) -> None:
    citizen = world.user("citizen")
    client = client_for(citizen)
    draft = draft_at_review(client)
    Procedure.objects.filter(code="T.001").update(requires_eid_level2=True)
    response = client.post(f"/nop-ho-so/ban-nhap/{draft.pk}/4/", {"action": "submit"})
    assert response.status_code == 200 and "Cần định danh điện tử mức độ 2" in response.content.decode()
    assert not Dossier.objects.exists()
    User.objects.filter(pk=citizen.pk).update(eid_level=2)
    assert "Cần định danh điện tử mức độ 2" not in client.get(f"/nop-ho-so/ban-nhap/{draft.pk}/4/").content.decode()


@pytest.mark.django_db
def test_the_refusal_page_without_e_id_configured_says_to_file_at_the_counter(world: Any, settings: Any) -> None:
    settings.MOTCUA_OIDC_ISSUER = ""
    Procedure.objects.filter(code="T.001").update(requires_eid_level2=True)
    html = client_for(world.user("citizen")).get("/nop-ho-so/T.001/").content.decode()
    assert "Hệ thống này chưa kết nối đăng nhập định danh điện tử" in html and "/oidc/login/" not in html
    assert Client().get("/nop-ho-so/T.001/").status_code == 302  # anonymous: to the login page first
