"""Which agencies of this install carry out a procedure (cơ quan thực hiện)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from motcua.catalogue.models import Procedure
from motcua.core.audit import audit
from motcua.organisation.models import Agency


@transaction.atomic
def procedure_assign_agencies(*, procedure: Procedure, agencies: list[Agency], actor: Any = None) -> None:
    """Name the agencies that receive the current version of ``procedure`` in this install.

    An empty list means "every agency of the procedure's implementing level".
    """
    version = procedure.current_version
    if version is None:
        return
    before = sorted(version.agencies.values_list("code", flat=True))
    version.agencies.set(agencies)
    audit(
        actor=actor,
        action="procedure.assign_agencies",
        obj=version,
        changes={"agencies": [before, sorted(a.code for a in agencies)]},
    )
