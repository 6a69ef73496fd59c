"""What a submission is filed against: the procedure, the body and its receiving point.

Every submission (online, at the counter, from a draft) looks these up by code. They are small
and rarely edited, so each process keeps a copy (``core.caching``): an edit through the ORM or
the admin (including the many-to-many lists) drops the copies in every process. The objects
are shared between requests: read them, never change them.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from motcua.catalogue.models import DocumentRequirement, Procedure, ProcedureVersion
from motcua.core.caching import ProcessCache, watch, watch_m2m
from motcua.organisation.models import Agency, ReceivingPoint
from motcua.organisation.services import receiving_point_for


@dataclass(frozen=True)
class Target:
    """An active procedure's current version, the bodies it lists and its document list."""

    version: ProcedureVersion  # .procedure loaded
    listed_agency_ids: frozenset[int]
    requirements: tuple[DocumentRequirement, ...]


def _load_target(code: Hashable) -> Target | None:
    procedure = Procedure.objects.select_related("current_version").filter(code=code, active=True).first()
    if procedure is None or procedure.current_version is None:
        return None
    version = procedure.current_version
    version.procedure = procedure  # no query for version.procedure later
    return Target(
        version=version,
        listed_agency_ids=frozenset(version.agencies.values_list("pk", flat=True)),
        requirements=tuple(version.documents.all()),
    )


def _load_agency(code: Hashable) -> Agency | None:
    return Agency.objects.filter(code=code).first()


def _load_point(agency_id: Hashable) -> ReceivingPoint | None:
    return receiving_point_for(int(str(agency_id)))


TARGETS: ProcessCache[Target | None] = ProcessCache("submission-targets", _load_target)
watch(TARGETS, Procedure, ProcedureVersion, DocumentRequirement)
watch_m2m(TARGETS, ProcedureVersion.agencies.through)
AGENCIES: ProcessCache[Agency | None] = ProcessCache("agencies-by-code", _load_agency)
watch(AGENCIES, Agency)
POINTS: ProcessCache[ReceivingPoint | None] = ProcessCache("receiving-point-of-agency", _load_point)
watch(POINTS, ReceivingPoint, Agency)
watch_m2m(POINTS, ReceivingPoint.serves.through)


def target(procedure_code: str) -> Target | None:
    return TARGETS.get(procedure_code)


def agency_by_code(code: str) -> Agency | None:
    return AGENCIES.get(code)


def receiving_point(agency: Any) -> ReceivingPoint | None:
    """The receiving point that serves ``agency`` (or belongs to it), if any."""
    return POINTS.get(agency.pk)
