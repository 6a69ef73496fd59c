"""Our client of the VNPost-style order API."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from django.utils.translation import gettext as _

from motcua.postal import conf
from motcua.postal.models import PostalOrder
from motcua.postal.operators import Created, OperatorError, OperatorRefused, StatusNotice, vnpost


def order_message(order: PostalOrder) -> dict[str, Any]:
    """The create-order message: sender and receiver, address by post-2025 province and commune codes."""
    dossier = order.dossier
    agency = dossier.receiving_agency
    person = {
        "Fullname": order.name,
        "Tel": order.phone,
        "Address": order.street,
        "ProvinceCode": order.province.code,
        "CommuneCode": order.commune.code,
    }
    office = {"Fullname": agency.name, "Tel": "", "Address": agency.name, "ProvinceCode": "", "CommuneCode": ""}
    sender, receiver = (person, office) if order.direction == PostalOrder.Direction.PICKUP else (office, person)
    return {
        "CustomerCode": conf.customer_code(),
        "OrderCode": order.reference,
        "ServiceCode": vnpost.SERVICE,
        **{f"Sender{k}": v for k, v in sender.items()},
        **{f"Receiver{k}": v for k, v in receiver.items()},
        "PackageContent": f"{dossier.code} ({order.get_direction_display()})",
        "Weight": 200,
        "CodAmount": 0,
        "IsReceiverPayFreight": order.direction == PostalOrder.Direction.DELIVERY,
    }


def _post(path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    url = conf.url() + path
    if not url.startswith(("http://", "https://")):
        raise OperatorError(_("Địa chỉ dịch vụ bưu chính không hợp lệ."), details={"url": url})
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "Authorization": f"Bearer {conf.token()}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=conf.timeout()) as response:  # noqa: S310 - checked above
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
        if status >= 500:
            raise OperatorError(
                _("Dịch vụ bưu chính đang gián đoạn (HTTP %(status)s). Hệ thống sẽ tự gửi lại.") % {"status": status}
            ) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise OperatorError(
            _("Không kết nối được dịch vụ bưu chính (%(error)s). Hệ thống sẽ tự gửi lại.")
            % {"error": type(exc).__name__}
        ) from None
    try:
        answer = json.loads(raw.decode("utf-8"))
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise OperatorError(_("Dịch vụ bưu chính trả lời không hợp lệ. Hệ thống sẽ tự gửi lại."))
    return status, answer


class VNPostClient:
    def create(self, order: PostalOrder) -> Created:
        status, answer = _post("/orders", order_message(order))
        if status == 200 and answer.get("Success") is True and answer.get("OrderCode") == order.reference:
            item = str(answer.get("ItemCode") or "")
            fee = answer.get("TotalFee")
            if item and isinstance(fee, int) and fee >= 0:
                return Created(tracking_number=item[:40], fee=fee, raw=answer)
            raise OperatorError(_("Dịch vụ bưu chính trả lời không hợp lệ. Hệ thống sẽ tự gửi lại."))
        if answer.get("Success") is False and 400 <= status < 500:
            raise OperatorRefused(
                _("Bưu chính từ chối đơn: %(message)s") % {"message": str(answer.get("Message", ""))[:200]},
                details={"ErrorCode": str(answer.get("ErrorCode", ""))},
            )
        raise OperatorError(_("Dịch vụ bưu chính trả lời không hợp lệ. Hệ thống sẽ tự gửi lại."))

    def cancel(self, order: PostalOrder) -> None:
        _post(f"/orders/{order.tracking_number}/cancel", {"OrderCode": order.reference})

    def read(self, body: bytes, signature: str) -> StatusNotice:
        signed = vnpost.verify(body, signature, conf.webhook_secret())
        data = json.loads(body.decode("utf-8")) if signed else {}
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return StatusNotice(
            signed=signed,
            event_id=str(data.get("EventId", ""))[:100],
            reference=str(data.get("OrderCode", ""))[:100],
            tracking_number=str(data.get("ItemCode", ""))[:40],
            status=str(data.get("Status", "")),
            at=str(data.get("StatusTime", "")),
            note=str(data.get("Note", ""))[:500],
            raw=data,
        )
