"""Fixtures of the back-office tests: logged-in clients and dossiers in given states."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from django.test import Client

from motcua.core import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import lifecycle
from tests.helpers import as_, submit

MONDAY_9 = datetime(2026, 11, 23, 9, 0, tzinfo=clock.VN_TZ)


@pytest.fixture
def login(world: Any) -> Callable[[str | None], Client]:
    """Return a client logged in as the named world user (None: anonymous)."""

    def make(name: str | None) -> Client:
        client = Client()
        if name is not None:
            client.force_login(world.user(name))
        return client

    return make


@pytest.fixture
def at_monday(frozen: Any) -> Any:
    frozen(MONDAY_9)
    return frozen


def fresh(dossier: Dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


def in_state(world: Any, state: str) -> Dossier:
    """Return a T.001 dossier of the citizen brought to ``state`` through the services."""
    d = submit(world)
    if state == "submitted":
        return d
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    if state == "received":
        return fresh(d)
    lifecycle.assign(d.pk, actor=as_(world, "head"), assignee_username="specialist")
    if state == "processing":
        return fresh(d)
    lifecycle.approve(d.pk, actor=as_(world, "head"))
    if state == "approved":
        return fresh(d)
    raise ValueError(state)
