"""Look up an earlier applicant at the counter by identification number (tra cứu người nộp).

The reception officer types the applicant's personal identification number (or tax code) and the
intake form is prefilled from what the administration already holds, so it is not asked again:
the applicant's latest dossier received at one of the officer's one-stop desks, and, for what
that dossier lacks, the applicant's own account. Dossiers of other agencies are never read.
Each look-up that returns data is written to the audit log (``personal_data.read``: the officer,
the dossier or account read) — Decree 13/2023/NĐ-CP: keep a record of who processed whose data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _

from motcua.accounts.models import ApplicantType, User
from motcua.core.audit import audit
from motcua.core.errors import ValidationError
from motcua.dossiers.models import Dossier

ID_NUMBER_RE = re.compile(r"^\d{9,13}$")  # 12-digit personal ID, 9-digit old ID card, 10/13-digit tax code


@dataclass(frozen=True)
class KnownApplicant:
    """What the counter form is prefilled with, and where it came from."""

    type: str
    name: str
    id_number: str
    phone: str
    email: str
    address: str
    source: str  # "dossier" or "account"
    dossier_code: str = ""


def lookup_applicant(*, officer: Any, agency_ids: list[int], id_number: str) -> KnownApplicant | None:
    """Return the applicant known by ``id_number`` at ``agency_ids`` (the officer's desks), or None.

    Raises ``ValidationError`` (``invalid_id_number``) for a number that cannot be one.
    """
    number = re.sub(r"[\s.]", "", id_number or "")
    if not ID_NUMBER_RE.match(number):
        raise ValidationError(
            _("Số giấy tờ gồm 9 đến 13 chữ số."), code="invalid_id_number", details={"field": "id_number"}
        )
    found, dossier_id = _from_dossier(number, agency_ids)
    account, user_id = _from_account(number)
    if found is None:
        found = account
    elif account is not None:
        found = replace(
            found,
            phone=found.phone or account.phone,
            email=found.email or account.email,
            address=found.address or account.address,
        )
    if found is not None:
        audit(
            actor=officer,
            action="personal_data.read",
            object_type="dossiers.dossier" if dossier_id else "accounts.user",
            object_id=str(dossier_id or user_id),
            changes={"purpose": "counter_intake_prefill", "dossier": found.dossier_code, "account": user_id},
        )
    return found


def _from_dossier(number: str, agency_ids: list[int]) -> tuple[KnownApplicant | None, int | None]:
    if not agency_ids:
        return None, None
    d = (
        Dossier.objects.filter(applicant_id_number=number, receiving_agency_id__in=agency_ids)
        .order_by("-submitted_at", "-id")
        .only(
            "code",
            "applicant_type",
            "applicant_name",
            "applicant_id_number",
            "applicant_phone",
            "applicant_email",
            "applicant_address",
        )
        .first()
    )
    if d is None:
        return None, None
    return KnownApplicant(
        type=d.applicant_type,
        name=d.applicant_name,
        id_number=d.applicant_id_number,
        phone=d.applicant_phone,
        email=d.applicant_email,
        address=d.applicant_address,
        source="dossier",
        dossier_code=d.code,
    ), d.pk


def _from_account(number: str) -> tuple[KnownApplicant | None, int | None]:
    user = (
        User.objects.filter(kind=User.Kind.CITIZEN, personal_id=number, is_active=True).first()
        or User.objects.filter(kind=User.Kind.BUSINESS, tax_code=number, is_active=True)
        .order_by("-date_joined", "-id")
        .first()
    )
    if user is None:
        return None, None
    kind = ApplicantType.CITIZEN if user.kind == User.Kind.CITIZEN else ApplicantType.BUSINESS
    return KnownApplicant(
        type=kind,
        name=user.full_name,
        id_number=number,
        phone=user.phone,
        email=user.email,
        address=user.address,
        source="account",
    ), user.pk
