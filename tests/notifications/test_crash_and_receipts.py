"""A worker killed mid-send sends nothing twice; delivery receipts come back over real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from motcua.core import clock, outbox
from motcua.core.models import OutboxAttempt, OutboxMessage
from motcua.notifications.models import Notification
from tests.notifications.helpers import enqueue_notice, states

ROOT = Path(__file__).resolve().parents[2]


def run_worker_and_kill_it_mid_send(tmp_path: Path, peer: Any, overrides: dict[str, str]) -> None:
    """Run one outbox round in a child process and SIGKILL it once ``peer`` has accepted the message."""
    lines = [
        "from motcua.settings import *  # noqa",
        f"DATABASES['default']['NAME'] = {connection.settings_dict['NAME']!r}",
    ]
    lines += [f"{name} = {value!r}" for name, value in overrides.items()]
    (tmp_path / "kill_settings.py").write_text("\n".join(lines) + "\n")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kill_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src"), str(ROOT)]),
    }
    peer.hold.set()
    child = subprocess.Popen(
        [sys.executable, "-c", "import django; django.setup(); from motcua.core import outbox; outbox.deliver_due()"],
        env=env,
        cwd=str(ROOT),
    )
    try:
        assert peer.accepted_while_holding.wait(timeout=60), "the child never reached the provider"
    finally:
        child.kill()
        child.wait(timeout=30)
    peer.hold.clear()
    peer.release.set()


@pytest.mark.django_db(transaction=True)
def test_killed_during_sms_send_then_retry_sends_no_second_sms(tmp_path: Path, sms_gateway: Any, frozen: Any) -> None:
    enqueue_notice(key="crash-sms", phone="0912345678")
    run_worker_and_kill_it_mid_send(
        tmp_path,
        sms_gateway,
        {
            "MOTCUA_SMS_URL": sms_gateway.url,
            "MOTCUA_SMS_API_KEY": sms_gateway.api_key,
            "MOTCUA_SMS_SECRET": sms_gateway.secret,
            "MOTCUA_SMS_BRANDNAME": sms_gateway.brandname,
        },
    )
    n = Notification.objects.get()
    assert (n.status, n.attempts, n.provider_message_id) == ("sending", 1, "")  # the provider accepted; we never heard
    msg = OutboxMessage.objects.get()
    assert (msg.status, msg.attempts) == ("pending", 1) and msg.next_attempt_at > clock.now()  # leased
    assert outbox.deliver_due() == 0  # the lease holds until it ends
    frozen(msg.next_attempt_at + timedelta(seconds=1))
    assert outbox.deliver_due() == 1
    assert states() == [("sms", "sent", 2)]
    n.refresh_from_db()
    assert n.provider_message_id == "SMS000001"
    assert [r["RequestId"] for r in sms_gateway.requests] == [n.reference, n.reference]
    assert len(sms_gateway.messages) == 1  # the gateway recognised the RequestId: one SMS on the phone
    assert list(OutboxAttempt.objects.values_list("number", "outcome")) == [(1, "interrupted"), (2, "ok")]


@pytest.mark.django_db(transaction=True)
def test_killed_during_zalo_send_is_never_repeated(tmp_path: Path, zalo: Any, frozen: Any) -> None:
    enqueue_notice(key="crash-zalo", phone="0912345678")
    run_worker_and_kill_it_mid_send(
        tmp_path, zalo, {"MOTCUA_ZALO_URL": zalo.url, "MOTCUA_ZALO_ACCESS_TOKEN": zalo.access_token}
    )
    assert states() == [("zalo", "sending", 1)]
    frozen(OutboxMessage.objects.get().next_attempt_at + timedelta(seconds=1))
    outbox.deliver_due()
    n = Notification.objects.get()
    assert (n.status, n.attempts) == ("unknown", 1)
    assert n.last_error == "interrupted during sending; not repeated to avoid a duplicate"
    assert len(zalo.requests) == 1 and len(zalo.messages) == 1
    assert OutboxMessage.objects.get().status == "sent"


@pytest.mark.django_db(transaction=True)
def test_delivery_receipt_posted_by_the_gateway_marks_delivered(
    live_server: Any, sms_gateway: Any, settings: Any
) -> None:
    sms_gateway.send_dlr = True
    settings.MOTCUA_SMS_CALLBACK_URL = f"{live_server.url}/api/v1/notifications/sms/dlr"
    enqueue_notice(key="dlr", phone="0912345678")
    outbox.deliver_due()
    deadline = time.monotonic() + 20
    while not sms_gateway.dlr_posted and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sms_gateway.dlr_posted == [(200, {"status": "delivered"})]
    n = Notification.objects.get()
    assert (n.status, n.provider_message_id, n.delivered_at.isoformat()) == (
        "delivered",
        "SMS000001",
        "2026-11-23T02:00:05+00:00",
    )


@pytest.mark.django_db
def test_receipts_with_a_bad_signature_or_unknown_id_change_nothing(sms_gateway: Any) -> None:
    enqueue_notice(key="dlr2", phone="0912345678")
    outbox.deliver_due()
    n = Notification.objects.get()
    client = Client()
    raw, signature = sms_gateway.receipt("SMS000001", n.reference, status="failed")
    forged = client.post(
        "/api/v1/notifications/sms/dlr", raw, content_type="application/json", HTTP_X_SIGNATURE="0" * 64
    )
    assert (forged.status_code, forged.json()["code"]) == (403, "bad_signature")
    unknown_raw, unknown_sig = sms_gateway.receipt("SMS999999", "motcua-n999999")
    assert (
        client.post(
            "/api/v1/notifications/sms/dlr", unknown_raw, content_type="application/json", HTTP_X_SIGNATURE=unknown_sig
        ).status_code
        == 404
    )
    assert Notification.objects.get().status == "sent"
    ok = client.post("/api/v1/notifications/sms/dlr", raw, content_type="application/json", HTTP_X_SIGNATURE=signature)
    assert ok.json() == {"status": "failed"}
    n.refresh_from_db()
    assert (n.status, n.last_error, n.delivered_at) == ("failed", "DLR failed 0", None)
