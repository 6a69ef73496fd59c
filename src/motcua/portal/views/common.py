"""Helpers shared by the portal's pages: access rules, catalogue look-ups, status presentation."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.accounts.models import EidLevel
from motcua.accounts.providers.vneid import conf as eid_conf
from motcua.catalogue.competence import procedures_of_agencies
from motcua.catalogue.models import Procedure, ProcedureVersion
from motcua.core import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.submission import can_receive
from motcua.dossiers.statuses import CLOCK_RUNNING, FINISHED, Status, Timeliness
from motcua.organisation.models import Agency

View = Callable[..., HttpResponse]


def citizen_required(view: View) -> View:
    """Let logged-in applicants through; send anonymous users to login and officials to the back office."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(user, "is_official", False):
            return redirect("backoffice:home")
        return view(request, *args, **kwargs)

    return wrapper


def eid_level_refusal(request: HttpRequest, procedure: Procedure) -> HttpResponse | None:
    """The refusal page when ``procedure`` needs an e-ID of level 2 the user has not shown; else None.

    Decree 69/2024/NĐ-CP: a level-2 e-ID counts as showing the identity paper. The page offers the
    e-ID login, which comes back to ``request``'s page.
    """
    level = int(getattr(request.user, "eid_level", 0) or 0)
    if not procedure.requires_eid_level2 or level >= EidLevel.LEVEL2:
        return None
    return render(
        request,
        "portal/eid_level_required.html",
        {"procedure": procedure, "eid_enabled": eid_conf.configured(), "next": request.get_full_path()},
    )


def active_procedure(code: str) -> Procedure:
    procedure = (
        Procedure.objects.select_related("field", "current_version")
        .filter(code=code, active=True, current_version__isnull=False)
        .first()
    )
    if procedure is None:
        raise Http404(_("Không tìm thấy thủ tục."))
    return procedure


def competent_agencies(version: ProcedureVersion) -> list[Agency]:
    """Agencies that receive ``version``: as ``GET /api/v1/procedures/{code}/agencies``."""
    candidates = Agency.objects.filter(level=version.implementing_level) | version.agencies.all()
    return [a for a in candidates.distinct().order_by("code") if can_receive(version, a)]


def procedures_of_agency(qs: QuerySet[Procedure], agency: Agency) -> QuerySet[Procedure]:
    """Narrow ``qs`` to the procedures ``agency`` receives (listed, or of its level when none is listed)."""
    return procedures_of_agencies(qs, [agency])


def agencies_with_counts() -> list[tuple[Agency, int]]:
    """Every current agency with the number of active procedures it receives (three queries)."""
    today = clock.local_now().date()
    versions = list(
        Procedure.objects.filter(active=True, current_version__isnull=False).values_list(
            "current_version_id", "current_version__implementing_level"
        )
    )
    listed: dict[int, set[int]] = {}
    rows = ProcedureVersion.agencies.through.objects.filter(procedureversion_id__in=[v for v, _lv in versions])
    for version_id, agency_id in rows.values_list("procedureversion_id", "agency_id"):
        listed.setdefault(version_id, set()).add(agency_id)
    result = []
    for agency in Agency.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today)).order_by("code"):
        count = sum(1 for v, level in versions if (agency.pk in listed[v] if v in listed else level == agency.level))
        if count:
            result.append((agency, count))
    return result


BADGE = {
    Status.RESULT_READY: "ok",
    Status.RETURNED: "ok",
    Status.SUPPLEMENT_REQUESTED: "warn",
    Status.FEE_REQUESTED: "warn",
    Status.REFUSED: "late",
    Status.NOT_RECEIVED: "late",
}


def badge_class(dossier: Dossier) -> str:
    return BADGE.get(Status(dossier.status), "")


def timeliness_label(dossier: Dossier) -> tuple[str, str]:
    """(label, badge class) of a dossier's timeliness: its result class if finished, else in time / overdue."""
    if dossier.timeliness:
        cls = {"early": "ok", "on_time": "ok", "late": "late"}[dossier.timeliness]
        return str(Timeliness(dossier.timeliness).label), cls
    status = Status(dossier.status)
    if status in CLOCK_RUNNING and dossier.due_at:  # not while waiting for a supplement or the fees
        if dossier.due_at < clock.now():
            return _("Quá hạn"), "late"
        return _("Trong hạn"), "ok"
    if status in FINISHED:
        return "", ""
    return "", ""
