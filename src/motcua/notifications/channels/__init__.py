"""Delivery channels: each sends one Notification and returns the provider's message id."""

from __future__ import annotations

from motcua.notifications.channels.base import Backend
from motcua.notifications.channels.email import EmailBackend
from motcua.notifications.channels.inapp import InAppBackend
from motcua.notifications.channels.sms import SmsBackend
from motcua.notifications.channels.zalo import ZaloBackend
from motcua.notifications.channels.zalo_oa import ZaloOaBackend

BACKENDS: dict[str, Backend] = {
    "in_app": InAppBackend(),
    "email": EmailBackend(),
    "sms": SmsBackend(),
    "zalo": ZaloBackend(),
    "zalo_oa": ZaloOaBackend(),
}


def backend(channel: str) -> Backend:
    return BACKENDS[channel]
