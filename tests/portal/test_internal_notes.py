"""Notes of the history have a visibility: the applicant never reads an internal note, on the page,
in the citizen API or in a notice; officials read every note, the internal ones marked."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from motcua.core import outbox
from motcua.core.actor import Actor
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.notes import ALWAYS_TOLD, TOLD_BY_DEFAULT, default_visibility, resolve
from motcua.dossiers.services import documents as document_services
from motcua.dossiers.services import lifecycle
from motcua.dossiers.statuses import TRANSITIONS
from motcua.notifications.models import Notification
from tests.helpers import api_client, as_, pdf_upload, result_record
from tests.processes.steps_world import MONDAY_8, define, open_step, received

pytestmark = pytest.mark.django_db

SPECIALIST_NOTE = "Ghi chú nội bộ: đã gọi xác minh với tổ dân phố số 7"


@pytest.fixture(autouse=True)
def _process(world: Any, frozen: Any) -> None:
    define()
    frozen(MONDAY_8)


def client_of(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def specialist_noted(world: Any) -> Any:
    """A received dossier whose specialist finished the review step from the back office, with a note,
    leaving the "tell the applicant" checkbox unticked (as it starts for a working note)."""
    d = received(world, email="hang@example.vn")
    row = open_step(d)
    page = client_of(world.user("specialist")).get(f"/backoffice/ho-so/{d.code}/").content.decode()
    prefix = f"buoc-{row.pk}-complete"
    assert (
        f'<input type="checkbox" name="{prefix}-note_to_applicant" '
        f'aria-describedby="id_{prefix}-note_to_applicant_helptext" id="id_{prefix}-note_to_applicant">'
    ) in page
    d.refresh_from_db()
    response = client_of(world.user("specialist")).post(
        f"/backoffice/ho-so/{d.code}/buoc/{row.pk}/complete/",
        {f"{prefix}-version": d.version, f"{prefix}-note": SPECIALIST_NOTE},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return d


def test_every_action_has_a_rule_and_the_law_fixes_the_reasons() -> None:
    assert set(TRANSITIONS) | {"submit"} >= ALWAYS_TOLD | TOLD_BY_DEFAULT
    for action in ["assign", "approve", "forward", "complete_step", "step_overdue", "extension_due", "upload"]:
        assert default_visibility(action) == "internal", action
    for action in ["receive", "return_result", "issue_result", "refuse", "request_supplement_review", "extend"]:
        assert default_visibility(action) == "applicant", action
    # A reason the law sends to the applicant stays visible even if an official asks otherwise.
    assert resolve("refuse", "head", "internal") == "applicant"
    assert resolve("approve", "head", "applicant") == "applicant"
    assert resolve("receive", "reception", "internal") == "internal"
    assert resolve("upload", "applicant", None) == "applicant"


def test_a_specialists_note_stays_internal_on_the_page_the_api_and_the_notices(world: Any) -> None:
    d = specialist_noted(world)
    event = DossierEvent.objects.get(dossier=d, action="complete_step")
    assert (event.note, event.note_visibility, event.actor_role) == (SPECIALIST_NOTE, "internal", "specialist")
    citizen = world.user("citizen")
    page = client_of(citizen).get(f"/tai-khoan/ho-so/{d.code}/").content.decode()
    assert "Hoàn thành bước xử lý" in page and SPECIALIST_NOTE not in page
    history = api_client(citizen).get(f"/api/v1/dossiers/{d.code}/history").json()
    line = next(e for e in history if e["action"] == "complete_step")
    assert (line["note"], line["note_visibility"]) == ("", "internal")
    assert SPECIALIST_NOTE not in json.dumps(history, ensure_ascii=False)
    # Officials read it, marked as internal.
    official = api_client(world.user("head")).get(f"/api/v1/dossiers/{d.code}/history").json()
    assert next(e for e in official if e["action"] == "complete_step")["note"] == SPECIALIST_NOTE
    html = client_of(world.user("head")).get(f"/backoffice/ho-so/{d.code}/").content.decode()
    assert f'<div class="pre note-internal"><span class="badge">Nội bộ</span> {SPECIALIST_NOTE}</div>' in html
    # Walk on to the result: the consulted body, the head and the clerk finish their steps with their
    # own working notes; no notice of the walk carries any of them, while the result notice goes out.
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "dept_specialist"), note="Nhất trí, không ý kiến")
    lifecycle.complete_step(d.pk, open_step(d).pk, actor=as_(world, "head"), note="Đồng ý ký")
    document_services.upload_document(d.pk, actor=as_(world, "clerk"), kind="result", upload=pdf_upload("kq.pdf"))
    lifecycle.complete_step(
        d.pk, open_step(d).pk, actor=as_(world, "clerk"), note="Vào sổ số 12, lưu bản chính", record=result_record()
    )
    assert DossierEvent.objects.get(dossier=d, action="issue_result").note_visibility == "internal"
    outbox.deliver_due()
    sent = list(Notification.objects.filter(dossier=d).values_list("event", "body"))
    assert {"submitted", "received", "result_ready"} <= {event for event, _body in sent}
    for secret in [SPECIALIST_NOTE, "Nhất trí", "Đồng ý ký", "Vào sổ số 12"]:
        assert all(secret not in body for _event, body in sent), secret


def test_an_official_may_tell_the_applicant_a_working_note(world: Any) -> None:
    d = received(world)
    row = open_step(d)
    prefix = f"buoc-{row.pk}-complete"
    client_of(world.user("specialist")).post(
        f"/backoffice/ho-so/{d.code}/buoc/{row.pk}/complete/",
        {
            f"{prefix}-version": d.version,
            f"{prefix}-note": "Hồ sơ đủ điều kiện, chuyển lấy ý kiến Sở Tư pháp",
            f"{prefix}-note_to_applicant": "on",
        },
    )
    assert DossierEvent.objects.get(dossier=d, action="complete_step").note_visibility == "applicant"
    page = client_of(world.user("citizen")).get(f"/tai-khoan/ho-so/{d.code}/").content.decode()
    assert '<span class="note">Hồ sơ đủ điều kiện, chuyển lấy ý kiến Sở Tư pháp</span>' in page


def test_reception_chooses_for_its_note_and_the_notice_follows(world: Any) -> None:
    from tests.helpers import submit

    told = submit(world)
    kept = submit(world)
    client = client_of(world.user("reception"))
    form = client.get(f"/backoffice/ho-so/{told.code}/").content.decode()
    # The desk's note to the applicant starts ticked.
    assert (
        '<input type="checkbox" name="receive-note_to_applicant" '
        'aria-describedby="id_receive-note_to_applicant_helptext" id="id_receive-note_to_applicant" checked>'
    ) in form
    client.post(
        f"/backoffice/ho-so/{told.code}/thao-tac/receive/",
        {
            "receive-version": told.version,
            "receive-note": "Mang bản chính khi nhận kết quả",
            "receive-note_to_applicant": "on",
        },
    )
    client.post(
        f"/backoffice/ho-so/{kept.code}/thao-tac/receive/",
        {"receive-version": kept.version, "receive-note": "Hồ sơ của người quen lãnh đạo"},
    )
    assert list(
        DossierEvent.objects.filter(action="receive").order_by("id").values_list("note_visibility", flat=True)
    ) == ["applicant", "internal"]
    mail.outbox.clear()
    outbox.deliver_due()
    bodies = {m.subject: m.body for m in mail.outbox}
    assert "Nội dung: Mang bản chính khi nhận kết quả\n" in bodies[f"Hồ sơ {told.code} đã được tiếp nhận"]
    assert "Hồ sơ của người quen lãnh đạo" not in bodies[f"Hồ sơ {kept.code} đã được tiếp nhận"]
    assert "Nội dung:" not in bodies[f"Hồ sơ {kept.code} đã được tiếp nhận"]
    in_app = Notification.objects.filter(dossier=kept).values_list("body", flat=True)
    assert all("người quen" not in body for body in in_app)


def test_the_api_flag_chooses_and_reasons_stay_visible(world: Any) -> None:
    from tests.helpers import submit

    d = submit(world)
    head = api_client(world.user("reception"))
    response = head.post(
        f"/api/v1/dossiers/{d.code}/actions/receive",
        json.dumps({"note": "Chỉ cán bộ đọc", "note_to_applicant": False}),
        content_type="application/json",
    )
    assert response.status_code == 200
    r = submit(world)
    api_client(world.user("reception")).post(
        f"/api/v1/dossiers/{r.code}/actions/refuse_reception",
        json.dumps({"reasons": "Không thuộc thẩm quyền", "note_to_applicant": False}),
        content_type="application/json",
    )
    rows = dict(
        DossierEvent.objects.filter(action__in=["receive", "refuse_reception"]).values_list("action", "note_visibility")
    )
    assert rows == {"receive": "internal", "refuse_reception": "applicant"}
    mine = api_client(world.user("citizen")).get(f"/api/v1/dossiers/{r.code}/history").json()
    assert mine[-1]["note"] == "Không thuộc thẩm quyền"


def test_the_service_default_applies_without_a_choice(world: Any) -> None:
    d = received(world)
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist", note="Ưu tiên xử lý")
    told = Actor(user=world.user("head"), channel="web", note_visibility="applicant")
    lifecycle.extend(d.pk, actor=told, reason="Cần xác minh thêm", new_due_at=MONDAY_8.replace(day=30, hour=16))
    assert list(DossierEvent.objects.filter(dossier=d).order_by("id").values_list("action", "note_visibility")) == [
        ("submit", "applicant"),
        ("receive", "applicant"),
        ("assign", "internal"),
        ("extend", "applicant"),
    ]


def test_the_migration_gives_existing_lines_the_default_of_their_action(world: Any) -> None:
    import importlib

    from django.apps import apps

    d = received(world)
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist", note="Ưu tiên")
    DossierEvent.objects.update(note_visibility="internal")  # as the column's default left them
    migration = importlib.import_module("motcua.dossiers.migrations.0004_event_note_visibility")
    migration.visible_by_action(apps, None)
    assert list(DossierEvent.objects.order_by("id").values_list("action", "note_visibility")) == [
        ("submit", "applicant"),
        ("receive", "applicant"),
        ("assign", "internal"),
    ]
