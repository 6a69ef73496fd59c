"""Finishing a process step in the engine tests: always the real path, never the engine alone."""

from __future__ import annotations

from typing import Any

from motcua.dossiers.services import lifecycle
from motcua.processes import services
from motcua.processes.models import DossierStep


def finish(
    dossier_id: int, step_row_id: int, *, actor: Any, outcome: str = "done", note: str = "", record: Any = None
) -> list[DossierStep]:
    """Finish a step the real way (``lifecycle.complete_step``, inside ``transition()``, with its history
    line) and return the steps it opened, oldest first."""
    before = set(DossierStep.objects.filter(dossier_id=dossier_id).values_list("pk", flat=True))
    lifecycle.complete_step(dossier_id, step_row_id, actor=actor, outcome=outcome, note=note, record=record)
    return [r for r in services.active_steps(dossier_id) if r.pk not in before]
