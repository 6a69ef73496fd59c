"""The counter's lookup of the applicant in the national population database (registers).

The officer types the applicant's personal ID and ticks that the applicant consents to the
lookup (Decree 13/2023/NĐ-CP art. 11); "Lấy thông tin" fills the applicant's name and address
and the form's ``population.*`` fields. The lookup's id rides in the intake form (a hidden
input), so the dossier received keeps which fields were verified (``attach``). A register that
cannot be reached leaves the form empty with a message: the fields are typed by hand.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from motcua.backoffice.forms.counter import FORM_PREFIX
from motcua.catalogue.models import Procedure
from motcua.core.dates import parse_date, show_date
from motcua.core.errors import PermissionDenied, ValidationError
from motcua.registers import services

LOOKUP_FIELD = "register_lookup_id"


def purpose_of(procedure: Procedure) -> str:
    return _("tiếp nhận hồ sơ thủ tục %(code)s tại quầy") % {"code": procedure.code}


def handle(request: HttpRequest, procedure: Procedure) -> tuple[dict[str, Any], dict[str, Any]]:
    """Look the typed ID up; return the intake form's initial values and what the panel shows."""
    version = procedure.current_version
    specs = list(version.form_fields or []) if version else []
    key = str(request.POST.get("register_id", "")).strip()[:20]
    initial: dict[str, Any] = {"applicant_id_number": key}
    panel: dict[str, Any] = {"number": key}
    try:
        result = services.lookup(
            "population",
            key,
            actor=request.user,
            purpose=purpose_of(procedure),
            consent_confirmed=request.POST.get("register_consent") == "on",
            form_fields=specs,
        )
    except (ValidationError, PermissionDenied) as exc:
        panel["error"] = str(exc.message)
        return initial, panel
    if not result.ok:
        panel["error"] = result.message
        return initial, panel
    initial.update(
        applicant_type="citizen",
        applicant_name=result.values.get("name", ""),
        applicant_address=result.values.get("permanent_address", ""),
    )
    types = {spec["name"]: spec["type"] for spec in specs}
    for name, value in result.prefill.items():
        day = parse_date(value) if types.get(name) == "date" else None
        initial[FORM_PREFIX + name] = show_date(day) if day else value
    labels = {spec["name"]: spec["label"] for spec in specs}
    panel.update(lookup_id=result.lookup_id, verified=[labels[name] for name in result.prefill])
    return initial, panel


def lookup_ids(request: HttpRequest) -> list[int]:
    raw = str(request.POST.get(LOOKUP_FIELD, ""))
    return [int(raw)] if raw.isdigit() else []
