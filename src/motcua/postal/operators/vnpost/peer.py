"""The local peer of the VNPost-style order API (``motcua sim post``): a real HTTP server, not a mock.

- ``POST /orders``: create an order, idempotent by ``OrderCode`` (the same answer again);
- ``POST /orders/<ItemCode>/cancel``;
- ``GET /_sim/orders``: the orders kept, with how many create requests each got;
- ``POST /_sim/advance {"ItemCode" or "OrderCode", "Status", "Note"}``: move an order on and send the
  signed status webhook to ``--webhook-url`` (answers with MotCua's status and body);
- ``POST /_sim/mode {"mode": "ok|down|slow|garbage"}``: down answers 503, slow waits ``--slow-seconds``
  before answering, garbage answers 200 with a body that is not JSON;
- ``GET /health``.
"""

from __future__ import annotations

import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from motcua.core.peer_server import GARBAGE, PeerHandler, PeerServer
from motcua.postal.operators import vnpost


@dataclass
class PeerConfig:
    token: str
    webhook_secret: str
    webhook_url: str
    slow_seconds: float = 5.0


@dataclass
class Order:
    request: dict[str, Any]
    item_code: str
    fee: int
    status: str = "accepted"
    requests: int = 1
    history: list[dict[str, Any]] = field(default_factory=list)


class PostPeer(PeerServer):
    def __init__(self, address: tuple[str, int], config: PeerConfig) -> None:
        super().__init__(address, Handler, slow_seconds=config.slow_seconds)
        self.config = config
        self.orders: dict[str, Order] = {}

    def reset(self) -> None:
        super().reset()
        self.orders.clear()


def fee_of(message: dict[str, Any]) -> int:
    same = message.get("SenderProvinceCode") and message.get("SenderProvinceCode") == message.get(
        "ReceiverProvinceCode"
    )
    return 25000 if same else 35000


class Handler(PeerHandler):
    server: PostPeer

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.common_get():
            return None
        if self.route == "/_sim/orders":
            with self.server.lock:
                return self.json(
                    [
                        {
                            "OrderCode": ref,
                            "ItemCode": o.item_code,
                            "Status": o.status,
                            "requests": o.requests,
                            "TotalFee": o.fee,
                            "request": o.request,
                            "history": o.history,
                        }
                        for ref, o in self.server.orders.items()
                    ]
                )
        return self.json({"Success": False, "ErrorCode": "NOT_FOUND", "Message": "not found"}, 404)

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        if self.common_post():  # POST /_sim/reset
            return None
        path = self.route
        body = self.json_body()
        if path == "/_sim/mode":
            return self.set_mode(body)
        if path == "/_sim/advance":
            return self._advance(body)
        # garbage: the order is made, then the answer is not JSON (our side retries; idempotent).
        if self.fault({"Success": False, "ErrorCode": "UNAVAILABLE", "Message": "down"}, garbage=False):
            return None
        if self.headers.get("Authorization", "") != f"Bearer {self.server.config.token}":
            return self.json({"Success": False, "ErrorCode": "UNAUTHORIZED", "Message": "bad token"}, 401)
        if path == "/orders":
            answer, status = self._create(body)
        elif path.startswith("/orders/") and path.endswith("/cancel"):
            answer, status = self._cancel(path.split("/")[2])
        else:
            answer, status = {"Success": False, "ErrorCode": "NOT_FOUND", "Message": "not found"}, 404
        if self.server.mode == "garbage":
            return self.reply(200, GARBAGE, "text/html")
        self.json(answer, status)

    def _create(self, msg: dict[str, Any]) -> tuple[dict[str, Any], int]:
        ref = str(msg.get("OrderCode", ""))
        missing = [k for k in ("OrderCode", "ReceiverFullname", "ReceiverAddress") if not msg.get(k)]
        if missing:
            return {"Success": False, "ErrorCode": "INVALID", "Message": f"missing {', '.join(missing)}"}, 400
        with self.server.lock:
            order = self.server.orders.get(ref)
            if order is None:
                item = f"EB{secrets.randbelow(900_000_000) + 100_000_000}VN"
                order = Order(request=msg, item_code=item, fee=fee_of(msg))
                order.history.append({"Status": "accepted", "StatusTime": _now()})
                self.server.orders[ref] = order
            else:
                order.requests += 1  # the same order again: idempotent by OrderCode
        return {
            "Success": True,
            "OrderCode": ref,
            "ItemCode": order.item_code,
            "TotalFee": order.fee,
            "Status": order.status,
        }, 200

    def _cancel(self, item: str) -> tuple[dict[str, Any], int]:
        with self.server.lock:
            order = next((o for o in self.server.orders.values() if o.item_code == item), None)
            if order is None:
                return {"Success": False, "ErrorCode": "NOT_FOUND", "Message": "unknown item"}, 404
            order.status = "cancelled"
        return {"Success": True, "ItemCode": item, "Status": "cancelled"}, 200

    def _advance(self, msg: dict[str, Any]) -> None:
        status = str(msg.get("Status", ""))
        if status not in vnpost.STATUSES:
            return self.json({"error": f"Status must be one of {', '.join(vnpost.STATUSES)}"}, 400)
        with self.server.lock:
            order = self.server.orders.get(str(msg.get("OrderCode", ""))) or next(
                (o for o in self.server.orders.values() if o.item_code == msg.get("ItemCode")), None
            )
            if order is None:
                return self.json({"error": "unknown order"}, 404)
            order.status = status
            event = {
                "EventId": str(msg.get("EventId") or "EV" + secrets.token_hex(8).upper()),
                "OrderCode": order.request["OrderCode"],
                "ItemCode": order.item_code,
                "Status": status,
                "StatusTime": _now(),
                "Note": str(msg.get("Note", "")),
            }
            order.history.append(event)
        self.json(send_webhook(self.server, event))


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def send_webhook(self: PostPeer, event: dict[str, Any]) -> dict[str, Any]:
    body = json.dumps(event, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - the configured webhook URL
        self.config.webhook_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            vnpost.SIGNATURE_HEADER: vnpost.sign(body, self.config.webhook_secret),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - local peer
            return {"event": event, "status": response.status, "answer": json.loads(response.read() or b"{}")}
    except urllib.error.HTTPError as exc:
        return {"event": event, "status": exc.code, "answer": exc.read().decode("utf-8", "replace")[:2000]}
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return {"event": event, "status": 0, "answer": f"{type(exc).__name__}: {exc}"}


def make_server(host: str, port: int, config: PeerConfig) -> PostPeer:
    return PostPeer((host, port), config)
