"""MOTCUA_SMTP_TIMEOUT (EMAIL_TIMEOUT) bounds the wait for an SMTP server that does not answer."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from django.core.mail import get_connection

from motcua.core import outbox
from motcua.notifications import conf
from motcua.notifications.models import Notification
from tests.notifications.helpers import enqueue_notice, states


@pytest.fixture
def silent_smtp(settings: Any) -> Iterator[int]:
    """A server that takes the connection and never says a word."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(5)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.getsockname()[1]
        yield server.getsockname()[1]


def test_the_connection_takes_the_configured_timeout(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_TIMEOUT = 7
    assert getattr(get_connection(**conf.email_connection_options()), "timeout") == 7  # noqa: B009 (SMTP backend attribute)


@pytest.mark.django_db
def test_a_silent_smtp_server_fails_the_attempt_after_the_timeout(frozen: Any, silent_smtp: int, settings: Any) -> None:
    frozen(datetime.fromisoformat("2026-11-23T09:00+07:00"))
    settings.EMAIL_TIMEOUT = 0.5
    enqueue_notice(email="hang@example.vn")
    started = time.monotonic()
    outbox.deliver_due()
    assert time.monotonic() - started < 10  # the old fixed 30 s would still be waiting
    assert states() == [("email", "pending", 1)]
    assert "timed out" in Notification.objects.get().last_error
