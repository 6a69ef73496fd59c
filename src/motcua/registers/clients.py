"""The register clients by name, found through the plugin registry (kind ``LOOKUP``)."""

from __future__ import annotations

from motcua.core import plugins
from motcua.registers.base import RegisterClient

NAMES = ("population", "business", "land")


def client(register: str) -> RegisterClient:
    """The client of ``register``; an unknown name is ``plugins.UnknownPlugin``."""
    found = plugins.get(plugins.Kind.LOOKUP, register).client
    assert isinstance(found, RegisterClient)
    return found
