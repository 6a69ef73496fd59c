"""Two officials finishing the same step at once: exactly one wins, on real threads and connections."""

from __future__ import annotations

from typing import Any

import pytest

from motcua.core.actor import SYSTEM
from motcua.core.errors import Conflict
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.services import lifecycle
from motcua.organisation.services import role_grant
from motcua.processes import services
from motcua.processes.models import DossierStep
from tests.helpers import as_, make_user, run_at_once, submit
from tests.processes.steps_world import STEPS

from .test_lifecycle import at


@pytest.mark.django_db(transaction=True)
def test_two_holders_finishing_one_step_at_once_exactly_one_wins(world: Any, frozen: Any) -> None:
    services.clear_caches()
    services.definition_from_steps("T.001", STEPS, actor=SYSTEM)
    frozen(at(23, 8))
    second = make_user("specialist2")
    role_grant(user=second, agency=world.commune, role="specialist")
    world.users["specialist2"] = second
    d = submit(world)
    lifecycle.receive(d.pk, actor=as_(world, "reception"))
    [row] = services.active_steps(d.pk)
    names = ["specialist", "specialist2"]
    results, errors = run_at_once(2, lambda i: lifecycle.complete_step(d.pk, row.pk, actor=as_(world, names[i])))
    assert len(results) == 1 and len(errors) == 1 and isinstance(errors[0], Conflict)
    assert DossierEvent.objects.filter(dossier=d, action="complete_step").count() == 1
    # The next step opened once, not twice.
    assert DossierStep.objects.filter(dossier=d, step__name="Cho ý kiến của Sở Tư pháp").count() == 1
