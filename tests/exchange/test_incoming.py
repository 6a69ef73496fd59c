"""Incoming calls through the gateway: MotCua's own services (status, result) for granted members.

Each refusal is a JSON error with its code, and every call, refused or not, is a signed row of the
message log (direction ``in``) that ``motcua exchange-verify-log`` accepts.
"""

from __future__ import annotations

import hashlib
import io
import json
import uuid
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from motcua.core.models import AuditLog
from motcua.dossiers.services import lifecycle
from motcua.dossiers.services.documents import upload_document
from motcua.exchange import grants, log
from motcua.exchange.models import MessageLog, ServiceGrant
from tests.helpers import PDF, as_, make_user, pdf_upload, result_record, submit

pytestmark = pytest.mark.django_db
CLIENT = "VN/GOV/000.00.00.H26.24/TUPHAP"
OURS = "VN/GOV/000.00.00.H26/MOTCUA"


def finished(world: Any) -> Any:
    d = submit(world)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("ket-qua.pdf"))
    return lifecycle.issue_result(d.pk, actor=as_(world, "clerk"), record=result_record())


def headers(token: str | None, service: str = "trang-thai", **override: str) -> dict[str, str]:
    h = {
        "X-Road-Client": CLIENT,
        "X-Road-Service": f"{OURS}/{service}",
        "X-Road-Id": str(uuid.uuid4()),
        "X-Road-UserId": "canbo.tuphap",
        "X-Road-Purpose": "kiểm tra tiến độ",
    }
    if token is not None:
        h["Authorization"] = f"Bearer {token}"
    h.update(override)
    return {k: v for k, v in h.items() if v != ""}


def call(path: str, h: dict[str, str], method: str = "get", body: bytes | None = None) -> Any:
    client = Client()
    if method == "post":
        return client.post(path, body or b"", content_type="application/json", headers=h)
    return getattr(client, method)(path, headers=h)


def grant(world: Any, services: tuple[str, ...] = ("trang-thai", "ket-qua"), **extra: Any) -> str:
    _row, token = grants.grant_create(client_id=CLIENT, name="Sở Tư pháp", services=services, **extra)
    return token


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert body["code"] == code and body["message"]
    return body


def last_log() -> MessageLog:
    row = MessageLog.objects.order_by("-id").first()
    assert row is not None
    return row


def test_a_granted_member_gets_the_status_the_result_and_its_file(world: Any, capsys: Any) -> None:
    d = finished(world)
    token = grant(world)
    h = headers(token)
    r = call(f"/lgsp/r1/ho-so/{d.code}/trang-thai", h)
    assert r.status_code == 200 and r["X-Road-Id"] == h["X-Road-Id"]
    body = json.loads(r.content)
    assert body["code"] == d.code
    assert body["status"] == {"code": "result_ready", "national_code": 9, "label": "Đã có kết quả"}
    assert body["procedure"]["code"] == "T.001"
    assert body["handling_agency"] == {"code": "H26.101", "name": "Ủy ban nhân dân Phường Hoàn Kiếm"}
    assert body["received_at"].endswith("Z") and body["due_at"] and body["returned_at"] is None
    text = r.content.decode()
    assert d.applicant_name not in text and d.applicant_id_number not in text and "0912345678" not in text
    row = last_log()
    assert (row.direction, row.client, row.user_id, row.outcome, row.status, row.message_id) == (
        "in",
        CLIENT,
        "canbo.tuphap",
        "ok",
        200,
        h["X-Road-Id"],
    )
    assert row.service == f"/lgsp/r1/ho-so/{d.code}/trang-thai"
    assert row.response_hash == hashlib.sha256(r.content).hexdigest()

    r = call(f"/lgsp/r1/ho-so/{d.code}/ket-qua", headers(token, "ket-qua"), method="post", body=b"{}")
    assert r.status_code == 200
    result = json.loads(r.content)
    assert result["result"]["number"] == "125/GKS-UBND"
    [doc] = result["documents"]
    assert doc["name"] == "ket-qua.pdf" and doc["sha256"] == hashlib.sha256(PDF).hexdigest()
    r = call(doc["path"], headers(token, "ket-qua"))
    assert r.status_code == 200 and r.content == PDF and r["Content-Type"] == "application/pdf"
    assert r["X-Content-SHA256"] == doc["sha256"] and "attachment" in r["Content-Disposition"]
    assert last_log().response_hash == doc["sha256"]

    call_command("exchange-verify-log")
    assert "OK: 3 rows" in capsys.readouterr().out


def test_no_token_or_a_wrong_one_is_401_and_logged(world: Any) -> None:
    d = finished(world)
    token = grant(world)
    path = f"/lgsp/r1/ho-so/{d.code}/trang-thai"
    body = assert_error(call(path, headers(None)), 401, "unauthorized")
    assert d.code not in json.dumps(body)
    assert_error(call(path, headers("mcg_not-a-token")), 401, "unauthorized")
    assert_error(call(path, headers(token, **{"X-Road-Client": "VN/GOV/X/OTHER"})), 401, "unauthorized")
    assert list(MessageLog.objects.values_list("outcome", "status")) == [("unauthorized", 401)] * 3
    assert log.first_broken() is None


def test_a_service_not_granted_or_a_switched_off_grant_is_403(world: Any) -> None:
    d = finished(world)
    token = grant(world, services=("trang-thai",))
    assert_error(call(f"/lgsp/r1/ho-so/{d.code}/ket-qua", headers(token, "ket-qua")), 403, "not_granted")
    ServiceGrant.objects.update(active=False)
    assert_error(call(f"/lgsp/r1/ho-so/{d.code}/trang-thai", headers(token)), 403, "not_granted")
    assert [r.outcome for r in MessageLog.objects.all()] == ["not_granted", "not_granted"]


def test_a_dossier_of_an_agency_outside_the_grant_is_as_unknown(world: Any) -> None:
    d = finished(world)
    token = grant(world, agency_codes=["H26.102"])
    outside = assert_error(call(f"/lgsp/r1/ho-so/{d.code}/trang-thai", headers(token)), 404, "not_found")
    unknown = assert_error(call("/lgsp/r1/ho-so/H26.999-000000-0001/trang-thai", headers(token)), 404, "not_found")
    assert outside["message"] == unknown["message"] and set(outside) == set(unknown)
    assert assert_error(call(f"/lgsp/r1/ho-so/{d.code}/ket-qua/1", headers(token, "ket-qua")), 404, "not_found")
    ServiceGrant.objects.get().agencies.set([world.commune])
    assert call(f"/lgsp/r1/ho-so/{d.code}/trang-thai", headers(token)).status_code == 200


def test_missing_or_wrong_headers_are_400_naming_the_header(world: Any) -> None:
    d = finished(world)
    token = grant(world)
    path = f"/lgsp/r1/ho-so/{d.code}/trang-thai"
    for name in ("X-Road-Service", "X-Road-Id", "X-Road-UserId"):
        body = assert_error(call(path, headers(token, **{name: ""})), 400, "missing_header")
        assert body["details"]["header"] == name and name in body["message"]
    assert_error(call(path, headers(token, **{"X-Road-Id": "12"})), 400, "bad_header")
    body = assert_error(call(path, headers(token, **{"X-Road-Service": f"{OURS}/ket-qua"})), 400, "bad_header")
    assert f"{OURS}/trang-thai" in body["message"]
    assert MessageLog.objects.filter(direction="in", status=400).count() == 5


def test_a_garbage_body_a_large_one_a_wrong_method_and_an_unknown_path(world: Any) -> None:
    d = finished(world)
    token = grant(world)
    path = f"/lgsp/r1/ho-so/{d.code}/trang-thai"
    assert_error(call(path, headers(token), method="post", body=b"\xff<html>"), 400, "bad_body")
    assert_error(call(path, headers(token), method="post", body=b"[1, 2]"), 400, "bad_body")
    assert_error(call(path, headers(token), method="post", body=b'{"personal_id": "1"}'), 400, "bad_body")
    assert_error(call(path, headers(token), method="post", body=b"{" + b" " * 20000 + b"}"), 413, "too_large")
    assert_error(call(path, headers(token), method="put"), 405, "method_not_allowed")
    assert_error(call("/lgsp/r1/khac", headers(token)), 404, "unknown_service")
    assert_error(call("/lgsp/r1/khac", headers(None)), 401, "unauthorized")
    assert MessageLog.objects.count() == 7 and log.first_broken() is None


def test_the_same_message_id_twice_is_refused_once_answered(world: Any) -> None:
    d = finished(world)
    token = grant(world)
    path = f"/lgsp/r1/ho-so/{d.code}/trang-thai"
    h = headers(token)
    refused = call(path, {**h, "X-Road-UserId": ""})  # a refused call may be sent again with its id
    assert refused.status_code == 400
    first = call(path, h)
    assert first.status_code == 200
    body = assert_error(call(path, h), 409, "duplicate_message")
    assert body["details"]["response_hash"] == hashlib.sha256(first.content).hexdigest()
    assert [r.outcome for r in MessageLog.objects.filter(message_id=h["X-Road-Id"])] == [
        "missing_header",
        "ok",
        "duplicate_message",
    ]


def test_the_rate_of_a_member_is_capped(world: Any) -> None:
    d = finished(world)
    token = grant(world, rate_per_minute=2)
    path = f"/lgsp/r1/ho-so/{d.code}/trang-thai"
    assert [call(path, headers(token)).status_code for _ in range(2)] == [200, 200]
    r = call(path, headers(token))
    assert_error(r, 429, "too_many_requests")
    assert r["Retry-After"] == "60"


def test_the_command_prints_a_working_token_once_and_the_grant_is_audited(world: Any) -> None:
    d = finished(world)
    out = io.StringIO()
    call_command("exchange-grant", CLIENT, "--service", "trang-thai", "--agency", "H26.101", stdout=out)
    token = out.getvalue().splitlines()[-1]
    row = ServiceGrant.objects.get()
    assert token.startswith("mcg_") and row.token_hash == grants.hash_token(token) and token not in str(row.__dict__)
    assert list(row.agencies.values_list("code", flat=True)) == ["H26.101"]
    assert call(f"/lgsp/r1/ho-so/{d.code}/trang-thai", headers(token)).status_code == 200
    audit = AuditLog.objects.get(action="exchange_grant.create")
    assert audit.changes["services"] == ["trang-thai"] and token not in json.dumps(audit.changes)
    new = grants.token_reissue(grant=row)
    assert_error(call(f"/lgsp/r1/ho-so/{d.code}/trang-thai", headers(token)), 401, "unauthorized")
    assert call(f"/lgsp/r1/ho-so/{d.code}/trang-thai", headers(new)).status_code == 200


def test_the_admin_makes_a_grant_shows_its_token_once_and_audits_a_change(world: Any) -> None:
    root = make_user("root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(root)
    r = client.post(
        "/admin/exchange/servicegrant/add/",
        {
            "client_id": CLIENT,
            "name": "Sở Tư pháp",
            "services": ["trang-thai", "ket-qua"],
            "agencies": [world.commune.pk],
            "active": "on",
            "rate_per_minute": "60",
        },
        follow=True,
    )
    assert r.status_code == 200
    shown = [str(m) for m in r.context["messages"]]
    [token] = [m.rsplit(" ", 1)[-1] for m in shown if "chỉ hiện một lần" in m]
    row = ServiceGrant.objects.get()
    assert row.token_hash == grants.hash_token(token) and row.services == ["ket-qua", "trang-thai"]
    r = client.post(
        f"/admin/exchange/servicegrant/{row.pk}/change/",
        {"name": "Sở Tư pháp", "services": ["trang-thai"], "agencies": [], "rate_per_minute": "60"},
    )
    assert r.status_code == 302
    row.refresh_from_db()
    assert (row.active, row.services, row.agencies.count()) == (False, ["trang-thai"], 0)
    change = AuditLog.objects.get(action="exchange_grant.change")
    assert change.changes["active"] is False and change.changes["agencies"] == []
    assert client.get(f"/admin/exchange/servicegrant/{row.pk}/change/").content.decode().count(token) == 0


def test_only_system_administrators_manage_grants_in_the_admin(world: Any) -> None:
    from motcua.organisation.services import role_grant

    sysadmin = make_user("sysadmin")
    role_grant(user=sysadmin, agency=world.commune, role="admin")
    tthc = make_user("tthc")
    role_grant(user=tthc, agency=world.commune, role="tthc_control")
    for user, status in [(sysadmin, 200), (tthc, 403)]:
        client = Client()
        client.force_login(user)
        assert client.get("/admin/exchange/servicegrant/add/").status_code == status
    client = Client()
    client.force_login(sysadmin)
    assert client.get("/admin/exchange/servicegrant/1/delete/").status_code in (403, 302)


@pytest.mark.django_db(transaction=True)
def test_two_calls_with_one_message_id_at_once_get_one_answer(world: Any) -> None:
    import threading

    from django.db import connection

    d = finished(world)
    token = grant(world)
    h = headers(token)
    path = f"/lgsp/r1/ho-so/{d.code}/trang-thai"
    start, statuses = threading.Barrier(2), []

    def one() -> None:
        try:
            start.wait()
            statuses.append(call(path, h).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 409]
    assert sorted(MessageLog.objects.values_list("outcome", flat=True)) == ["duplicate_message", "ok"]
    assert log.first_broken() is None
