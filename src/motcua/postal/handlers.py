"""What the postal app does on dossier events: a finished dossier sends the delivery orders that waited."""

from __future__ import annotations

from motcua.core.money import vnd
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
    """What the receipt and return notices say about the post (``postal`` in the templates).

    The receipt (``receive``): the result will be sent by post to the address, with the fee; the return
    (``return_result``): the result was handed to the post, with the tracking number (mã vận đơn).
    Notices are Vietnamese whatever the language of the page (``notifications``), so no gettext here.
    """
    orders = list(PostalOrder.objects.filter(dossier=dossier).select_related("province", "commune"))
    delivery = next(
        (o for o in reversed(orders) if o.direction == PostalOrder.Direction.DELIVERY and o.status != "cancelled"),
        None,
    )
    if event.action == "receive" and delivery is not None:
        fee = delivery.fee if delivery.fee is not None else delivery.fee_quoted
        return {
            "postal": f"Kết quả sẽ được gửi qua dịch vụ bưu chính công ích đến: {delivery.name}, "
            f"{delivery.address}. Cước bưu chính dự tính: {vnd(fee)} đồng, người nhận trả khi nhận bưu gửi."
        }
    if event.action == "return_result" and delivery is not None and delivery.tracking_number:
        return {
            "postal": "Kết quả đã được chuyển qua dịch vụ bưu chính công ích, "
            f"mã vận đơn {delivery.tracking_number}, đến: {delivery.name}, {delivery.address}."
        }
    return {}


dossier_notices.EVENT_HOOKS.append(on_dossier_event)
dossier_notices.CONTEXT_HOOKS.append(notice_context)
