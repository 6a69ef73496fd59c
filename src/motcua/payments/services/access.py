"""Who may do what with a dossier's fees and payments."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from motcua.core.actor import Actor
from motcua.core.errors import PermissionDenied
from motcua.dossiers.models import Dossier
from motcua.organisation.permissions import roles_at


def is_system(actor: Actor) -> bool:
    return actor.user is None and actor.channel == "system"


def is_owner(user: Any, dossier: Dossier) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and dossier.applicant_id is not None
        and dossier.applicant_id == user.pk
    )


def is_cashier(user: Any, dossier: Dossier) -> bool:
    """A reception officer of the receiving agency collects fees (Decree 61/2018 art. 17)."""
    return "reception" in roles_at(user, dossier.receiving_agency_id)


def require_cashier(actor: Actor, dossier: Dossier) -> None:
    if is_system(actor) or is_cashier(actor.user, dossier):
        return
    raise PermissionDenied(
        _("Chỉ cán bộ tiếp nhận của cơ quan tiếp nhận hồ sơ mới được thực hiện thao tác này."), code="reception_only"
    )


def require_payer(actor: Actor, dossier: Dossier) -> None:
    """The applicant pays; a reception officer may start a payment on their behalf."""
    if is_system(actor) or is_owner(actor.user, dossier) or is_cashier(actor.user, dossier):
        return
    raise PermissionDenied(_("Chỉ người nộp hồ sơ mới được thanh toán hồ sơ này."), code="owner_only")
