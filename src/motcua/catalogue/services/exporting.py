"""Write the catalogue out in the exchange format (``motcua.catalogue/1``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from motcua.catalogue import form_schema
from motcua.catalogue.models import FeeLine, Procedure, ProcedureVersion
from motcua.catalogue.services.schema import FEE_RULE_DEFAULTS, FORMAT, format_time_amount
from motcua.core.errors import NotFound


def version_content(version: ProcedureVersion) -> dict[str, Any]:
    """Return the canonical content of ``version``: a procedure entry without ``code`` and ``field``.

    Prefetch ``documents``, ``fees`` and ``agencies`` when calling this for many versions.
    """
    return {
        "name": version.name,
        "implementing_level": version.implementing_level,
        "agencies": sorted(agency.code for agency in version.agencies.all()),
        "applicant_types": list(version.applicant_types),
        "online_level": version.online_level,
        "processing_time": {
            "unit": version.time_unit,
            "amount": format_time_amount(version.time_amount),
            "same_day_cutoff": version.same_day_cutoff.strftime("%H:%M") if version.same_day_cutoff else None,
            "note": version.time_note,
        },
        "result_type": version.result_type,
        "valid_from": version.valid_from.isoformat() if version.valid_from else None,
        "legal_basis": version.legal_basis,
        "requirements": version.requirements,
        "description": version.description,
        "payment_before_processing": version.payment_before_processing,
        # PostgreSQL's jsonb does not keep key order: rebuild the canonical order.
        "form_fields": form_schema.normalize_field_specs(version.form_fields),
        "documents": [
            {
                "code": doc.code,
                "name": doc.name,
                "form": doc.form,
                "count": doc.count,
                "required": doc.required,
                "applicant_types": list(doc.applicant_types),
                "template_name": doc.template_name,
                "template_url": doc.template_url,
                "note": doc.note,
                "channels": {"online": doc.online_mode, "counter": doc.counter_mode},
            }
            for doc in version.documents.all()
        ],
        "fees": [_fee(fee) for fee in version.fees.all()],
    }


def procedure_entry(procedure: Procedure, version: ProcedureVersion) -> dict[str, Any]:
    """Return one ``procedures[]`` entry of the exchange format for ``version`` of ``procedure``."""
    content = version_content(version)
    return {
        "code": procedure.code,
        "name": content.pop("name"),
        "field": procedure.field.code,
        "requires_eid_level2": procedure.requires_eid_level2,
        **content,
    }


def export_catalogue(codes: list[str] | None = None) -> dict[str, Any]:
    """Return the current published version of each procedure as an exchange document.

    ``codes`` limits the export to those procedures (all of them must exist and be published,
    else ``NotFound`` naming the missing codes). Procedures and fields are sorted by code, so
    exporting twice gives identical JSON; importing the result into an empty catalogue and
    exporting again gives it back unchanged.
    """
    qs = (
        Procedure.objects.filter(current_version__isnull=False)
        .select_related("field", "current_version")
        .prefetch_related("current_version__documents", "current_version__fees", "current_version__agencies")
        .order_by("code")
    )
    if codes is not None:
        qs = qs.filter(code__in=codes)
    procedures = list(qs)
    if codes is not None:
        missing = sorted(set(codes) - {p.code for p in procedures})
        if missing:
            raise NotFound(
                _("Không tìm thấy thủ tục đã công bố có mã: %(codes)s.") % {"codes": ", ".join(missing)},
                details={"codes": missing},
            )
    fields = {p.field.code: p.field.name for p in procedures}
    entries = []
    for procedure in procedures:
        assert procedure.current_version is not None
        entries.append(procedure_entry(procedure, procedure.current_version))
    return {
        "format": FORMAT,
        "fields": [{"code": code, "name": fields[code]} for code in sorted(fields)],
        "procedures": entries,
    }


def _fee(fee: FeeLine) -> dict[str, Any]:
    """One fee line in canonical form: the rule keys only when they differ from their defaults."""
    data: dict[str, Any] = {
        "kind": fee.kind,
        "name": fee.name,
        "amount": fee.amount,
        "rule": fee.rule,
        "exemptions": fee.exemptions,
    }
    for key, default in FEE_RULE_DEFAULTS.items():
        if getattr(fee, key) != default:
            data[key] = getattr(fee, key)
    return data
