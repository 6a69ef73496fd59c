"""Compare the statuses MotCua holds with the portal's, for the dossiers submitted in a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext as _

from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Dossier
from motcua.national_portal import conf
from motcua.national_portal.dvcqg import mapping
from motcua.national_portal.dvcqg.client import PortalError
from motcua.national_portal.dvcqg.plugin import client

BATCH = 100


@dataclass(frozen=True)
class Difference:
    code: str  # the local code
    national_code: str  # MaHoSo as the portal knows it
    local_status: str  # TrangThaiHoSo by our status
    national_status: str  # the portal's ("" when it does not know the dossier)


def _start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VN_TZ)


def differences(date_from: date, date_to: date) -> list[Difference]:
    """Each dossier submitted from ``date_from`` to ``date_to`` (inclusive, Vietnam time) whose status the
    portal holds differently, or not at all; raises ``PortalError``."""
    dossiers = Dossier.objects.filter(
        submitted_at__gte=_start(date_from), submitted_at__lt=_start(date_to + timedelta(days=1))
    ).select_related("national_link")
    if not conf.sync_all():
        dossiers = dossiers.filter(national_link__isnull=False)
    ours: dict[str, tuple[str, str]] = {}
    for d in dossiers.order_by("id"):
        link = getattr(d, "national_link", None)
        ours[link.national_code if link else d.code] = (d.code, mapping.national_status(d.status))
    theirs: dict[str, str] = {}
    codes = list(ours)
    for i in range(0, len(codes), BATCH):
        data = client().statuses(codes[i : i + BATCH]).get("data")
        if not isinstance(data, list):
            raise PortalError(_("Cổng Dịch vụ công quốc gia trả lời không hợp lệ. Hệ thống sẽ tự gửi lại."))
        theirs.update({str(r.get("MaHoSo")): str(r.get("TrangThaiHoSo") or "") for r in data if isinstance(r, dict)})
    return [
        Difference(code=local, national_code=code, local_status=status, national_status=theirs.get(code, ""))
        for code, (local, status) in ours.items()
        if theirs.get(code, "") != status
    ]
