"""The write path for agencies, receiving points and officials' roles."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from motcua.core.audit import audit
from motcua.organisation.agency_codes import validate_agency_code
from motcua.organisation.models import Agency, AgencyCode, OfficialRole, ReceivingPoint, Role


@transaction.atomic
def agency_create(*, code: str, name: str, level: str, parent: Agency | None = None, admin_unit: Any = None,
                  valid_from: date | None = None, actor: Any = None, **contact: str) -> Agency:
    """Create an agency with a validated Decision 20/2020 code and open its code history."""
    code = validate_agency_code(code)
    agency = Agency.objects.create(code=code, name=name, level=level, parent=parent, admin_unit=admin_unit,
                                   valid_from=valid_from, **contact)
    AgencyCode.objects.create(agency=agency, code=code, valid_from=valid_from)
    audit(actor=actor, action="agency.create", obj=agency, changes={"code": code, "name": name})
    return agency


@transaction.atomic
def agency_change_code(*, agency: Agency, new_code: str, on: date, actor: Any = None) -> Agency:
    """Re-issue an agency's code from ``on``; the old code stays in the dated history."""
    new_code = validate_agency_code(new_code)
    old = agency.code
    AgencyCode.objects.filter(agency=agency, valid_to__isnull=True).update(valid_to=on)
    AgencyCode.objects.create(agency=agency, code=new_code, valid_from=on)
    agency.code = new_code
    agency.save(update_fields=["code"])
    audit(actor=actor, action="agency.change_code", obj=agency, changes={"code": [old, new_code]})
    return agency


@transaction.atomic
def receiving_point_create(*, name: str, agency: Agency, serves: list[Agency], actor: Any = None,
                           **hours: Any) -> ReceivingPoint:
    point = ReceivingPoint.objects.create(name=name, agency=agency, **hours)
    point.serves.set(serves)
    audit(actor=actor, action="receiving_point.create", obj=point, changes={"name": name})
    return point


@transaction.atomic
def role_grant(*, user: Any, agency: Agency, role: Role | str, actor: Any = None) -> OfficialRole:
    """Give ``user`` the ``role`` within ``agency`` (idempotent)."""
    grant, _ = OfficialRole.objects.update_or_create(user=user, agency=agency, role=str(role),
                                                     defaults={"active": True})
    if user.kind != user.Kind.OFFICIAL:
        user.kind = user.Kind.OFFICIAL
        user.save(update_fields=["kind"])
    audit(actor=actor, action="role.grant", obj=grant, changes={"user": user.pk, "agency": agency.code, "role": str(role)})
    return grant


def receiving_point_for(agency: Agency | int) -> ReceivingPoint | None:
    """Return the receiving point that serves ``agency`` (an agency or its id), or belongs to it, if any."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (ReceivingPoint.objects.filter(serves__id=agency_id).order_by("id").first()
            or ReceivingPoint.objects.filter(agency_id=agency_id).order_by("id").first())
