"""An action with files is one transaction: killed between its halves, it leaves nothing behind.

Each action that stores or links files (supplement at the counter, issue_result in the back office
and from a process step, the applicant's supplement on the portal and through the API, issue_result
through the API) is made to fail at two points: after its files are stored, before the transition;
and after the transition, before the pending files are linked to its history line. Either way the
dossier is exactly as before: status, version, documents, files in the storage, history, outbox.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from motcua.core import clock
from motcua.core.models import OutboxMessage
from motcua.dossiers.models import (
    ClockPause,
    Dossier,
    DossierDocument,
    DossierEvent,
    SupplementRequest,
)
from motcua.dossiers.services import lifecycle
from tests.helpers import PDF, api_client, as_, named_bytes, pdf_upload, submit

pytestmark = pytest.mark.django_db(transaction=True)  # the action's own transaction is the outermost one

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=clock.VN_TZ)
RESULT = {
    "result_number": "125/GKS-UBND",
    "result_date": "2026-11-23",
    "signer_name": "Phạm Quốc Hùng",
    "signer_position": "Chủ tịch Ủy ban nhân dân phường",
}
POINTS = ("before_transition", "before_linking")


class Crash(Exception):
    """The failure injected between the two halves of an action."""


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def crash_at(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Make the next action fail at ``point``; its files are stored (or linked pending) by then."""

    def arm(point: str) -> None:
        real_transition, real_link = lifecycle.transition, lifecycle._link_pending  # type: ignore[attr-defined]

        def transition(**kwargs: Any) -> Any:
            assert DossierDocument.objects.filter(dossier_id=kwargs["dossier_id"], event__isnull=True).exists()
            if point == "before_transition":
                raise Crash(point)
            return real_transition(**kwargs)

        def link(dossier: Dossier, kind: str, event: DossierEvent) -> None:
            assert DossierEvent.objects.filter(pk=event.pk).exists()  # the transition has written its line
            raise Crash(point)

        monkeypatch.setattr(lifecycle, "transition", transition)
        if point == "before_linking":
            monkeypatch.setattr(lifecycle, "_link_pending", link)
        assert real_link is not None

    return arm


def state(d: Dossier, media: Path) -> dict[str, Any]:
    """Everything an action may change."""
    row = Dossier.objects.get(pk=d.pk)
    return {
        "dossier": (row.status, row.version, row.supplement_count, row.due_at, row.finished_at, row.result_number),
        "documents": list(
            DossierDocument.objects.filter(dossier=d).order_by("pk").values_list("pk", "kind", "event_id", "file")
        ),
        "files": sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()),
        "history": list(DossierEvent.objects.filter(dossier=d).order_by("pk").values_list("pk", "action")),
        "outbox": list(OutboxMessage.objects.order_by("pk").values_list("pk", "topic", "key")),
        "requests": list(SupplementRequest.objects.filter(dossier=d).values_list("pk", "fulfilled_at")),
        "pauses": list(ClockPause.objects.filter(dossier=d).values_list("pk", "resumed_at")),
    }


def logged_in(world: Any, name: str) -> Client:
    client = Client()
    client.force_login(world.user(name))
    return client


@pytest.fixture
def received(world: Any, frozen: Any) -> Callable[[], Dossier]:
    frozen(MONDAY_9)

    def make() -> Dossier:
        d = submit(world)
        return lifecycle.receive(d.pk, actor=as_(world, "reception"))

    return make


def supplement_requested(world: Any, d: Dossier) -> Dossier:
    return lifecycle.request_supplement(
        d.pk, actor=as_(world, "head"), items=[{"requirement": "TP1", "name": "Tờ khai", "reason": "Sai"}]
    )


def approved(world: Any, d: Dossier) -> Dossier:
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    return lifecycle.approve(d.pk, actor=as_(world, "head"))


@pytest.mark.parametrize("point", POINTS)
def test_supplement_at_the_counter(world: Any, received: Any, crash_at: Any, media: Path, point: str) -> None:
    d = supplement_requested(world, received())
    before = state(d, media)
    crash_at(point)
    with pytest.raises(Crash):
        logged_in(world, "reception").post(
            f"/backoffice/ho-so/{d.code}/thao-tac/supplement/",
            {"supplement-version": str(d.version), "supplement-files": [pdf_upload("a.pdf"), pdf_upload("b.pdf")]},
        )
    assert state(d, media) == before
    assert before["files"] == [p for p in before["files"] if "supplement" not in p]  # nothing was pending


@pytest.mark.parametrize("point", POINTS)
def test_issue_result_in_the_back_office(world: Any, received: Any, crash_at: Any, media: Path, point: str) -> None:
    d = approved(world, received())
    before = state(d, media)
    crash_at(point)
    with pytest.raises(Crash):
        logged_in(world, "clerk").post(
            f"/backoffice/ho-so/{d.code}/thao-tac/issue_result/",
            {
                "issue_result-version": str(d.version),
                "issue_result-file": pdf_upload("ket-qua.pdf"),
                **{f"issue_result-{k}": v for k, v in RESULT.items()},
            },
        )
    assert state(d, media) == before
    assert not DossierDocument.objects.filter(dossier=d, kind="result").exists()


@pytest.mark.parametrize("point", POINTS)
def test_issue_result_with_its_file_through_the_service(
    world: Any, received: Any, crash_at: Any, media: Path, point: str
) -> None:
    """The path of the clerk's process step (backoffice/views/steps.py) and of any other caller."""
    from motcua.dossiers.services.results import ResultRecord

    d = approved(world, received())
    before = state(d, media)
    crash_at(point)
    with pytest.raises(Crash):
        lifecycle.issue_result(
            d.pk,
            actor=as_(world, "clerk"),
            version=d.version,
            files=[pdf_upload("kq.pdf")],
            record=ResultRecord(number="1/GKS", issued_on=MONDAY_9.date(), signer_name="A", signer_position="B"),
        )
    assert state(d, media) == before


@pytest.mark.parametrize("point", POINTS)
def test_applicant_supplement_on_the_portal(world: Any, received: Any, crash_at: Any, media: Path, point: str) -> None:
    d = supplement_requested(world, received())
    citizen = logged_in(world, "citizen")
    citizen.post(f"/tai-khoan/ho-so/{d.code}/bo-sung/", {"item": "0", "file": pdf_upload("bo-sung.pdf")})
    before = state(d, media)
    assert [k for _, k, event, _ in before["documents"] if event is None] == ["supplement"]  # pending, on disk
    crash_at(point)
    with pytest.raises(Crash):
        citizen.post(f"/tai-khoan/ho-so/{d.code}/gui-bo-sung/", {"note": "Đã ký.", "version": str(d.version)})
    assert state(d, media) == before


@pytest.mark.parametrize("point", POINTS)
def test_applicant_supplement_through_the_api(
    world: Any, received: Any, crash_at: Any, media: Path, point: str
) -> None:
    d = supplement_requested(world, received())
    citizen = api_client(world.user("citizen"))
    up = citizen.post(
        f"/api/v1/dossiers/{d.code}/documents", {"kind": "supplement", "file": named_bytes(PDF, "bs.pdf")}
    )
    assert up.status_code == 201
    before = state(d, media)
    crash_at(point)
    with pytest.raises(Crash):  # the test client re-raises what the API answers as its JSON 500
        citizen.post(
            f"/api/v1/dossiers/{d.code}/actions/supplement", {"version": d.version}, content_type="application/json"
        )
    assert state(d, media) == before


@pytest.mark.parametrize("point", POINTS)
def test_issue_result_through_the_api(world: Any, received: Any, crash_at: Any, media: Path, point: str) -> None:
    d = approved(world, received())
    clerk = api_client(world.user("clerk"))
    up = clerk.post(f"/api/v1/dossiers/{d.code}/documents", {"kind": "result", "file": named_bytes(PDF, "kq.pdf")})
    assert up.status_code == 201
    before = state(d, media)
    crash_at(point)
    with pytest.raises(Crash):
        clerk.post(
            f"/api/v1/dossiers/{d.code}/actions/issue_result",
            {
                "version": d.version,
                "result": {"number": "1/GKS", "date": "2026-11-23", "signer_name": "A", "signer_position": "B"},
            },
            content_type="application/json",
        )
    assert state(d, media) == before


def test_without_a_failure_the_same_actions_commit_their_files(world: Any, received: Any, media: Path) -> None:
    """The control: the files, their upload lines and the action are all there."""
    d = supplement_requested(world, received())
    before = state(d, media)
    response = logged_in(world, "reception").post(
        f"/backoffice/ho-so/{d.code}/thao-tac/supplement/",
        {"supplement-version": str(d.version), "supplement-files": [pdf_upload("a.pdf")]},
    )
    assert response.status_code == 302
    after = state(d, media)
    assert after["dossier"][:3] == ("received", d.version + 1, 1)
    assert [a for _, a in after["history"][len(before["history"]) :]] == ["upload", "supplement"]
    event = DossierEvent.objects.get(dossier=d, action="supplement")
    assert [(k, e) for _, k, e, _ in after["documents"] if k == "supplement"] == [("supplement", event.pk)]
    assert len(after["files"]) == len(before["files"]) + 1


ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import signal, sys, time
from pathlib import Path
import django
django.setup()
from datetime import datetime
from django.core.files.uploadedfile import SimpleUploadedFile
from motcua.accounts.models import User
from motcua.core import clock
from motcua.dossiers.services import lifecycle
from motcua.core.actor import Actor
from motcua.dossiers.services.results import ResultRecord
from tests.helpers import PDF

marker = Path(sys.argv[2])


def hang(dossier, kind, event):  # the transition is written; the files are stored: wait for the kill
    marker.write_text("reached")
    time.sleep(600)


clock.freeze(datetime(2026, 11, 23, 10, 0, tzinfo=clock.VN_TZ))
lifecycle._link_pending = hang
lifecycle.issue_result(int(sys.argv[1]), actor=Actor(user=User.objects.get(username="clerk"), channel="web"),
                       version=int(sys.argv[3]), files=[SimpleUploadedFile("kq.pdf", PDF)],
                       record=ResultRecord(number="1/GKS", issued_on=clock.now().date(), signer_name="A",
                                           signer_position="B"))
"""


def test_issue_result_killed_mid_transaction_leaves_only_a_file_the_sweep_removes(
    world: Any, received: Any, media: Path, tmp_path: Path, frozen: Any
) -> None:
    """A real process SIGKILLed after its transition and before its commit: the database is as
    before; the one trace, the file it wrote, is what ``stray_files`` deletes once it is old."""
    from django.db import connection

    from motcua.dossiers.stray_files import GRACE, remove_stray_files

    d = approved(world, received())
    before = state(d, media)
    lines = [
        "from motcua.settings import *  # noqa",
        f"DATABASES['default']['NAME'] = {connection.settings_dict['NAME']!r}",
        f"MEDIA_ROOT = {str(media)!r}",
    ]
    (tmp_path / "kill_settings.py").write_text("\n".join(lines) + "\n")
    (tmp_path / "child.py").write_text(CHILD)
    marker = tmp_path / "reached"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kill_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src"), str(ROOT)]),
    }
    child = subprocess.Popen(
        [sys.executable, str(tmp_path / "child.py"), str(d.pk), str(marker), str(d.version)], env=env, cwd=str(ROOT)
    )
    try:
        deadline = time.monotonic() + 90
        while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert marker.exists(), "the child never reached the point between the transition and the commit"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    after = state(d, media)
    stray = sorted(set(after["files"]) - set(before["files"]))
    assert {**after, "files": before["files"]} == before  # status, version, documents, history, outbox
    assert len(stray) == 1 and stray[0].endswith("-kq.pdf")
    frozen(datetime.now(clock.VN_TZ))
    assert remove_stray_files() == 0  # it might still be an upload in progress
    frozen(datetime.now(clock.VN_TZ) + GRACE + timedelta(minutes=1))
    assert remove_stray_files() == 1  # the submitted files, named by their documents, stay
    assert state(d, media) == before
