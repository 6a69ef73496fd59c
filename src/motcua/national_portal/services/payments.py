"""Payment confirmations of the national payment platform, pulled from the portal, reconciled with the fees.

A dossier paid on the national portal (``DuocThanhToanTrucTuyen``) is paid through the national
payment platform; the portal lists the confirmations (``GET /api/thanhtoan``). Each is matched to
its dossier by the national or local code and handed to the payments app's one settle path
(``payments.services.payments.record_platform_confirmation``), which is idempotent by the
platform's transaction id, so pulling the same confirmations again settles nothing twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.national_portal.dvcqg import mapping
from motcua.national_portal.dvcqg.client import PortalError
from motcua.national_portal.dvcqg.plugin import client
from motcua.national_portal.services.intake import cursor_of, save_cursor
from motcua.payments.services.payments import record_platform_confirmation

log = logging.getLogger(__name__)


@dataclass
class PaymentsPulled:
    outcomes: dict[str, int] = field(default_factory=dict)  # outcome → count
    cursor: str = ""


def dossier_of(code: str) -> Dossier | None:
    return Dossier.objects.filter(Q(code=code) | Q(national_link__national_code=code)).first()


def pull() -> PaymentsPulled:
    """Pull the confirmations since our cursor and reconcile each; raises ``PortalError``."""
    answer = client().payments(cursor_of("payments"))
    items = answer.get("data")
    if not isinstance(items, list):
        raise PortalError(_("Cổng Dịch vụ công quốc gia trả lời không hợp lệ. Hệ thống sẽ tự gửi lại."))
    result = PaymentsPulled()
    for item in items:
        confirmation = mapping.payment_from(item)
        dossier = dossier_of(confirmation.dossier_code) if confirmation else None
        if confirmation is None or dossier is None:
            outcome = "invalid" if confirmation is None else "unknown_dossier"
        else:
            outcome, _payment = record_platform_confirmation(
                dossier.pk,
                transaction_id=confirmation.transaction,
                amount=confirmation.amount,
                payer_name=confirmation.payer,
            )
        if outcome not in ("settled", "duplicate"):
            log.warning("national payment confirmation not reconciled (%s): %s", outcome, item)
        result.outcomes[outcome] = result.outcomes.get(outcome, 0) + 1
    result.cursor = str(answer.get("cursor") or cursor_of("payments"))
    save_cursor("payments", result.cursor)
    return result
