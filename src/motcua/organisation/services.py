"""The write path for agencies, receiving points and officials' roles."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from motcua.core.audit import audit
from motcua.core.errors import ValidationError
from motcua.organisation.agency_codes import validate_agency_code
from motcua.organisation.models import Agency, AgencyCode, OfficialRole, ReceivingPoint, Role


@transaction.atomic
def agency_create(
    *,
    code: str,
    name: str,
    level: str,
    parent: Agency | None = None,
    admin_unit: Any = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    predecessors: Iterable[Agency] = (),
    actor: Any = None,
    **contact: str,
) -> Agency:
    """Create an agency with a validated Decision 20/2020 code and open its code history."""
    code = validate_agency_code(code)
    agency = Agency.objects.create(
        code=code,
        name=name,
        level=level,
        parent=parent,
        admin_unit=admin_unit,
        valid_from=valid_from,
        valid_to=valid_to,
        **contact,
    )
    predecessors = list(predecessors)
    if predecessors:
        agency.predecessors.set(predecessors)
    AgencyCode.objects.create(agency=agency, code=code, valid_from=valid_from)
    audit(actor=actor, action="agency.create", obj=agency, changes={"code": code, "name": name})
    return agency


# The fields agency_update may change; the code changes only through agency_change_code (its history).
AGENCY_FIELDS = (
    "name",
    "level",
    "parent",
    "admin_unit",
    "valid_from",
    "valid_to",
    "predecessors",
    "address",
    "phone",
    "email",
)


def _shown(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return sorted(_shown(v) for v in value)
    return str(value)


def _apply(obj: Any, fields: dict[str, Any], *, many: str) -> dict[str, list[Any]]:
    """Set ``fields`` on the locked ``obj`` (``many`` is its one many-to-many field) and save what
    changed; return the changes as ``{field: [old, new]}`` for the audit line."""
    changes: dict[str, list[Any]] = {}
    for name, value in fields.items():
        if name == many:
            old = sorted(getattr(obj, many).values_list("pk", flat=True))
            new = _shown(list(value))
            if old != new:
                getattr(obj, many).set(list(value))
                changes[name] = [old, new]
            continue
        if getattr(obj, name) != value:
            changes[name] = [_shown(getattr(obj, name)), _shown(value)]
            setattr(obj, name, value)
    scalar = [n for n in changes if n != many]
    if scalar:
        obj.save(update_fields=scalar)
    return changes


@transaction.atomic
def agency_update(*, agency: Agency, actor: Any = None, **fields: Any) -> Agency:
    """Change an agency's name, level, place in the hierarchy, validity or contact details (audited,
    old and new values). The code is not among them: ``agency_change_code`` keeps its dated history."""
    unknown = sorted(set(fields) - set(AGENCY_FIELDS))
    if unknown:
        raise ValidationError(
            _("Không sửa được trường %(fields)s của cơ quan.") % {"fields": ", ".join(unknown)},
            code="agency_field_not_editable",
            details={"fields": unknown},
        )
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    changes = _apply(agency, fields, many="predecessors")
    if changes:
        audit(actor=actor, action="agency.update", obj=agency, changes=changes)
    return agency


@transaction.atomic
def agency_change_code(*, agency: Agency, new_code: str, on: date, actor: Any = None) -> Agency:
    """Re-issue an agency's code from ``on``; the old code stays in the dated history."""
    new_code = validate_agency_code(new_code)
    old = Agency.objects.select_for_update().filter(pk=agency.pk).values_list("code", flat=True).get()
    if new_code == old:
        raise ValidationError(
            _("Mã mới trùng mã hiện tại của cơ quan."), code="same_agency_code", details={"code": new_code}
        )
    if Agency.objects.filter(code=new_code).exclude(pk=agency.pk).exists():
        raise ValidationError(
            _("Mã định danh %(code)s đã được cấp cho cơ quan khác.") % {"code": new_code},
            code="agency_code_taken",
            details={"code": new_code},
        )
    AgencyCode.objects.filter(agency=agency, valid_to__isnull=True).update(valid_to=on)
    AgencyCode.objects.create(agency=agency, code=new_code, valid_from=on)
    agency.code = new_code
    agency.save(update_fields=["code"])
    audit(actor=actor, action="agency.change_code", obj=agency, changes={"code": [old, new_code]})
    return agency


@transaction.atomic
def receiving_point_create(
    *, name: str, agency: Agency, serves: list[Agency], actor: Any = None, **hours: Any
) -> ReceivingPoint:
    point = ReceivingPoint.objects.create(name=name, agency=agency, **hours)
    point.serves.set(serves)
    audit(actor=actor, action="receiving_point.create", obj=point, changes={"name": name})
    return point


RECEIVING_POINT_FIELDS = (
    "name",
    "agency",
    "serves",
    "address",
    "morning_start",
    "morning_end",
    "afternoon_start",
    "afternoon_end",
)


@transaction.atomic
def receiving_point_update(*, point: ReceivingPoint, actor: Any = None, **fields: Any) -> ReceivingPoint:
    """Change a receiving point's name, agency, the agencies it serves, address or hours (audited,
    old and new values)."""
    unknown = sorted(set(fields) - set(RECEIVING_POINT_FIELDS))
    if unknown:
        raise ValidationError(
            _("Không sửa được trường %(fields)s của bộ phận một cửa.") % {"fields": ", ".join(unknown)},
            code="receiving_point_field_not_editable",
            details={"fields": unknown},
        )
    point = ReceivingPoint.objects.select_for_update().get(pk=point.pk)
    changes = _apply(point, fields, many="serves")
    if changes:
        audit(actor=actor, action="receiving_point.update", obj=point, changes=changes)
    return point


@transaction.atomic
def receiving_point_delete(*, point: ReceivingPoint, actor: Any = None) -> None:
    """Delete a receiving point, with an audit line naming it (dossiers keep theirs: PROTECT)."""
    audit(
        actor=actor,
        action="receiving_point.delete",
        obj=point,
        changes={"name": point.name, "agency": point.agency.code},
    )
    point.delete()


@transaction.atomic
def role_grant(*, user: Any, agency: Agency, role: Role | str, actor: Any = None) -> OfficialRole:
    """Give ``user`` the ``role`` within ``agency`` (idempotent)."""
    grant, _created = OfficialRole.objects.update_or_create(
        user=user, agency=agency, role=str(role), defaults={"active": True}
    )
    if user.kind != user.Kind.OFFICIAL:
        user.kind = user.Kind.OFFICIAL
        user.save(update_fields=["kind"])
    audit(
        actor=actor, action="role.grant", obj=grant, changes={"user": user.pk, "agency": agency.code, "role": str(role)}
    )
    return grant


@transaction.atomic
def role_revoke(*, grant: OfficialRole, actor: Any = None) -> OfficialRole:
    """End an official's role (the row stays, inactive, so who held which role remains known)."""
    grant = OfficialRole.objects.select_for_update().select_related("agency").get(pk=grant.pk)
    if grant.active:
        grant.active = False
        grant.save(update_fields=["active"])
        audit(
            actor=actor,
            action="role.revoke",
            obj=grant,
            changes={"user": grant.user_id, "agency": grant.agency.code, "role": grant.role},
        )
    return grant


def receiving_point_for(agency: Agency | int) -> ReceivingPoint | None:
    """Return the receiving point that serves ``agency`` (an agency or its id), or belongs to it, if any."""
    agency_id = agency if isinstance(agency, int) else agency.pk
    return (
        ReceivingPoint.objects.filter(serves__id=agency_id).order_by("id").first()
        or ReceivingPoint.objects.filter(agency_id=agency_id).order_by("id").first()
    )
