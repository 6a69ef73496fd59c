"""What the postal app does on dossier events: a finished dossier sends the delivery orders that waited."""

from __future__ import annotations

from motcua.dossiers import notifications as dossier_notices
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.postal import services
from motcua.postal.models import PostalOrder

FINISHING = frozenset({"issue_result", "refuse", "refuse_step", "complete_step"})


def on_dossier_event(dossier: Dossier, event: DossierEvent) -> None:
    """Run by the outbox's ``dossier.event`` delivery (after the commit); idempotent."""
    if event.action in FINISHING:
        services.send_waiting(dossier.pk)


def notice_context(dossier: Dossier, event: DossierEvent) -> dict[str, str]:
    """What the receipt and return notices say about the post (``postal`` in the templates)."""
    orders = list(PostalOrder.objects.filter(dossier=dossier).select_related("province", "commune"))
    delivery = next((o for o in reversed(orders) if o.direction == PostalOrder.Direction.DELIVERY), None)
    if event.action == "receive" and delivery is not None:
        return {"postal": f"Kết quả sẽ được gửi qua dịch vụ bưu chính công ích đến: {delivery.address}."}
    if event.action == "return_result" and delivery is not None and delivery.status == "delivered":
        return {
            "postal": "Kết quả đã được phát qua dịch vụ bưu chính công ích "
            f"(mã vận đơn {delivery.tracking_number}) đến: {delivery.address}."
        }
    return {}


dossier_notices.EVENT_HOOKS.append(on_dossier_event)
dossier_notices.CONTEXT_HOOKS.append(notice_context)
