"""Fixtures: provider peers on free local ports, and the settings that point our channels at them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from motcua.notifications.models import MessageTemplate
from motcua.notifications.seed import templates
from tests.notifications.peers import SmsGateway, SmtpPeer, ZaloPeer


@pytest.fixture
def sms_gateway(settings: Any) -> Iterator[SmsGateway]:
    peer = SmsGateway()
    settings.MOTCUA_SMS_URL = peer.url
    settings.MOTCUA_SMS_API_KEY = peer.api_key
    settings.MOTCUA_SMS_SECRET = peer.secret
    settings.MOTCUA_SMS_BRANDNAME = peer.brandname
    yield peer
    peer.stop()


@pytest.fixture
def zalo(settings: Any, db: Any) -> Iterator[ZaloPeer]:
    peer = ZaloPeer()
    settings.MOTCUA_ZALO_URL = peer.url
    settings.MOTCUA_ZALO_ACCESS_TOKEN = peer.access_token
    for row in templates():
        if row["channel"] == "zalo":
            MessageTemplate.objects.update_or_create(
                event=row["event"],
                channel="zalo",
                defaults={"active": True, "zalo_template_id": "246810", "zalo_params": row["zalo_params"]},
            )
    yield peer
    peer.stop()


@pytest.fixture
def zalo_oa(settings: Any) -> Iterator[ZaloPeer]:
    """The Zalo peer as the province's Official Account: its webhook secret and its message API."""
    peer = ZaloPeer()
    settings.MOTCUA_ZALO_APP_ID = peer.app_id
    settings.MOTCUA_ZALO_OA_SECRET_KEY = peer.oa_secret_key
    settings.MOTCUA_ZALO_OA_URL = peer.url
    settings.MOTCUA_ZALO_OA_ACCESS_TOKEN = peer.access_token
    yield peer
    peer.stop()


@pytest.fixture
def smtp(settings: Any) -> Iterator[SmtpPeer]:
    peer = SmtpPeer()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = peer.port
    settings.EMAIL_TIMEOUT = 5  # MOTCUA_SMTP_TIMEOUT
    yield peer
    peer.stop()
