"""Fixtures of the catalogue tests: the bundled demo catalogue, loaded fresh for each test."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from motcua.catalogue.services import DEMO_CATALOGUE, import_catalogue

_DEMO: dict[str, Any] = json.loads(DEMO_CATALOGUE.read_text(encoding="utf-8"))


@pytest.fixture
def demo_data() -> dict[str, Any]:
    """A deep copy of data/procedures.json that a test may modify."""
    return copy.deepcopy(_DEMO)


@pytest.fixture
def demo_catalogue(db: Any, demo_data: dict[str, Any]) -> dict[str, Any]:
    """Import the demo catalogue and return the data that was imported."""
    import_catalogue(copy.deepcopy(demo_data))
    return demo_data
