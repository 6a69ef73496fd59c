"""Register settings, read from ``django.conf.settings`` at call time (declared in ``motcua.config``)."""

from __future__ import annotations

from django.conf import settings


def service_id(register: str) -> str:
    """The gateway service id of ``register`` (``population``, ``business``, ``land``)."""
    return str(getattr(settings, f"MOTCUA_REGISTER_{register.upper()}_SERVICE"))
