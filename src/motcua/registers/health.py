"""The health check of a register: its service id set, the gateway configured and reachable."""

from __future__ import annotations

from motcua.core import plugins
from motcua.exchange.plugin import check as gateway_check
from motcua.registers import conf


def check_register(register: str) -> plugins.Health:
    missing = plugins.configured({f"MOTCUA_REGISTER_{register.upper()}_SERVICE": conf.service_id(register)})
    if missing:
        return missing
    health = gateway_check()
    return plugins.Health(health.ok, f"{conf.service_id(register)} via the gateway: {health.detail}")
