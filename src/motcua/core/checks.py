"""System checks of the install's configuration (motcua.config declares the variables)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from motcua import config


@checks.register(checks.Tags.security)
def check_demo_values(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse the public demo values (payment secrets, the simulator's addresses) in production.

    A demo or test install (``MOTCUA_DEMO``, set by ``motcua up`` and the tests) and a debug one
    (``MOTCUA_DEBUG=1``) may keep them.
    """
    if settings.DEBUG or settings.MOTCUA_DEMO:
        return []
    current = {v.name: getattr(settings, v.name, None) for v in config.variables() if v.demo}
    return [
        checks.Error(
            f"{name} still has its public demo value, known to everybody who reads MotCua's code.",
            hint=f"Set {name} to the value of your contract with the gateway (or MOTCUA_DEMO=1 for a demo install).",
            id="motcua.core.E001",
        )
        for name in config.demo_values(current)
    ]
