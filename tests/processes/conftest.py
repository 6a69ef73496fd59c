"""Fixtures of the process tests: a received dossier and a definition made from a step table."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from motcua.core.actor import SYSTEM
from motcua.core.clock import VN_TZ
from motcua.dossiers.services import lifecycle
from motcua.processes import services
from motcua.processes.bpmn.durations import Allotment
from motcua.processes.bpmn.generate import StepSpec
from motcua.processes.models import DossierProcess, DossierStep
from tests.helpers import as_, submit

FILES = Path(__file__).parent / "files"
MONDAY = datetime(2026, 11, 23, 8, 0, tzinfo=VN_TZ)  # a working Monday


def table(*, refuse: bool = True) -> list[StepSpec]:
    return [
        StepSpec(1, "Tiếp nhận, chuyển hồ sơ", "{receiving}", "reception", Allotment("working_hours", Decimal(2))),
        StepSpec(
            2,
            "Thẩm định hồ sơ",
            "{handling}",
            "specialist",
            Allotment("working_days", Decimal(1)),
            can_request_supplement=True,
            can_refuse=refuse,
        ),
        StepSpec(3, "Phê duyệt", "{handling}", "head", Allotment("working_hours", Decimal(4)), can_refuse=refuse),
        StepSpec(4, "Vào sổ, đóng dấu", "H26.24", "clerk", Allotment("working_hours", Decimal(2))),
    ]


@pytest.fixture(autouse=True)
def _fresh_spec_cache() -> Any:
    services.clear_caches()
    yield
    services.clear_caches()


@pytest.fixture
def received(world: Any, frozen: Any) -> Any:
    """Return a function that submits and receives a T.001 dossier at ``at`` (Monday 8:00).

    The engine tests drive ``services.start``/``complete_step`` themselves, so the process that
    reception started is removed here (tests/processes/test_lifecycle.py covers reception starting it).
    """

    def make(at: datetime = MONDAY, **kwargs: Any) -> Any:
        frozen(at)
        dossier = submit(world, **kwargs)
        lifecycle.receive(dossier.id, actor=as_(world, "reception"))
        DossierStep.objects.filter(dossier=dossier).delete()
        DossierProcess.objects.filter(dossier=dossier).delete()
        dossier.refresh_from_db()
        return dossier

    return make


@pytest.fixture
def t001(world: Any) -> Any:
    return services.definition_from_steps("T.001", table(), actor=SYSTEM)
