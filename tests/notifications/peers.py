"""Local peers that speak the providers' protocols over real HTTP/SMTP, for tests only.

``SmsGateway``: the "jsonbrand" brandname gateway (see motcua.notifications.channels.sms),
deduplicating by RequestId, posting signed delivery receipts, and posting signed incoming
messages (MO) of people writing to the brandname's number. ``ZaloPeer``: the ZNS
``/message/template`` endpoint, and the Official Account: its ``/v3.0/oa/message/cs`` endpoint and
its signed webhook events (``user_send_text``). ``SmtpPeer``: aiosmtpd collecting messages. Each
can fail the next N requests and can hold a request (accepted, answer delayed) so a test can kill
the sender mid-call.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import socket
import threading
import urllib.error
import urllib.request
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PHONE = re.compile(r"^84\d{9}$")


def post_to(url: str, raw: bytes, headers: dict[str, str]) -> tuple[int, dict[str, Any]]:
    """POST ``raw`` to ``url`` as JSON, as a provider's webhook does; return (status, decoded answer)."""
    request = urllib.request.Request(  # noqa: S310 - test peer
        url, data=raw, method="POST", headers={"Content-Type": "application/json", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        body = exc.read()
        try:
            return exc.code, json.loads(body or b"{}")
        except ValueError:
            return exc.code, {"raw": body.decode("utf-8", "replace")[:200]}


class _Peer:
    """An HTTP server in a daemon thread; subclasses answer ``post(path, headers, body)``."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.fail_next = 0
        self.fail_with: tuple[int, dict[str, Any]] = (503, {})
        self.hold = threading.Event()  # set: accept, then wait for ``release`` before answering
        self.release = threading.Event()
        self.accepted_while_holding = threading.Event()
        self.lock = threading.Lock()
        peer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # http.server API
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status, answer = peer.post(self.path, dict(self.headers), raw)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def post(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, Any]]:
        raise NotImplementedError

    def _maybe_fail(self) -> tuple[int, dict[str, Any]] | None:
        with self.lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return self.fail_with
        return None

    def _hold_after_accepting(self) -> None:
        if self.hold.is_set():
            self.accepted_while_holding.set()
            self.release.wait(timeout=60)


class SmsGateway(_Peer):
    def __init__(
        self,
        *,
        api_key: str = "key-1",
        secret: str = "secret-1",  # noqa: S107 - test peer
        brandname: str = "UBND-HK",
        send_dlr: bool = False,
    ) -> None:
        super().__init__()
        self.api_key, self.secret, self.brandname, self.send_dlr = api_key, secret, brandname, send_dlr
        self.messages: list[dict[str, Any]] = []  # SMS actually sent to phones
        self.by_request: dict[str, str] = {}
        self.dlr_posted: list[tuple[int, dict[str, Any]]] = []
        self.mo_count = 0

    def post(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, Any]]:
        body = json.loads(raw)
        self.requests.append(body)
        if path != "/v1/sms/send":
            return 404, {"CodeResult": "404"}
        if (failure := self._maybe_fail()) is not None:
            return failure
        if body.get("ApiKey") != self.api_key or body.get("SecretKey") != self.secret:
            return 200, {"CodeResult": "101", "ErrorMessage": "Authorize Failed"}
        if body.get("Brandname") != self.brandname:
            return 200, {"CodeResult": "104", "ErrorMessage": "Brandname not registered"}
        if not PHONE.match(str(body.get("Phone", ""))):
            return 200, {"CodeResult": "118", "ErrorMessage": "Phone invalid"}
        with self.lock:
            request_id = str(body.get("RequestId", ""))
            if request_id and request_id in self.by_request:
                return 200, {
                    "CodeResult": "124",
                    "SMSID": self.by_request[request_id],
                    "ErrorMessage": "Duplicate RequestId",
                }
            sms_id = f"SMS{len(self.messages) + 1:06d}"
            self.messages.append({"SMSID": sms_id, **body})
            if request_id:
                self.by_request[request_id] = sms_id
        self._hold_after_accepting()
        if self.send_dlr and body.get("CallbackUrl"):
            threading.Thread(target=self._post_dlr, args=(body["CallbackUrl"], sms_id, request_id), daemon=True).start()
        return 200, {"CodeResult": "100", "SMSID": sms_id, "CountRegenerate": 0}

    def receipt(self, sms_id: str, request_id: str, status: str = "delivered") -> tuple[bytes, str]:
        """Return a delivery receipt body and its X-Signature, as this gateway posts them."""
        raw = json.dumps(
            {
                "SMSID": sms_id,
                "RequestId": request_id,
                "Status": status,
                "ErrorCode": "0",
                "DoneAt": "2026-11-23T09:00:05+07:00",
            }
        ).encode()
        return raw, hmac.new(self.secret.encode(), raw, hashlib.sha256).hexdigest()

    def mo_request(self, phone: str, content: str, *, mo_id: str | None = None) -> tuple[bytes, str]:
        """Return the body and X-Signature of an MO message, as this gateway posts them."""
        with self.lock:
            self.mo_count += 1
            number = self.mo_count
        raw = json.dumps(
            {
                "MoId": mo_id or f"MO{number:06d}",
                "Phone": phone,
                "ServiceNumber": "8077",
                "Brandname": self.brandname,
                "Content": content,
                "ReceivedAt": "2026-11-23T09:00:00+07:00",
            },
            ensure_ascii=False,
        ).encode()
        return raw, self.sign(raw)

    def sign(self, raw: bytes) -> str:
        return hmac.new(self.secret.encode(), raw, hashlib.sha256).hexdigest()

    def mo(self, url: str, phone: str, content: str, *, mo_id: str | None = None) -> tuple[int, dict[str, Any]]:
        """Post to ``url``, as this gateway does, an SMS a person sent to the service number; return our answer."""
        raw, signature = self.mo_request(phone, content, mo_id=mo_id)
        return post_to(url, raw, {"X-Signature": signature})

    def _post_dlr(self, url: str, sms_id: str, request_id: str) -> None:
        raw, signature = self.receipt(sms_id, request_id)
        request = urllib.request.Request(  # noqa: S310 - test peer
            url, data=raw, method="POST", headers={"Content-Type": "application/json", "X-Signature": signature}
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                self.dlr_posted.append((response.status, json.loads(response.read())))
        except urllib.error.HTTPError as exc:
            self.dlr_posted.append((exc.code, json.loads(exc.read() or b"{}")))


class ZaloPeer(_Peer):
    def __init__(
        self,
        *,
        access_token: str = "zalo-token-1",  # noqa: S107
        templates: tuple[str, ...] = ("246810",),
        app_id: str = "3608465249409039",
        oa_secret_key: str = "oa-secret-1",  # noqa: S107
        oa_id: str = "388613280878808645",
    ) -> None:
        super().__init__()
        self.access_token, self.templates = access_token, set(templates)
        self.app_id, self.oa_secret_key, self.oa_id = app_id, oa_secret_key, oa_id
        self.messages: list[dict[str, Any]] = []
        self.oa_messages: list[dict[str, Any]] = []  # OA text messages delivered to people
        self.events = 0

    def post(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, dict[str, Any]]:
        body = json.loads(raw)
        self.requests.append(body)
        if path == "/v3.0/oa/message/cs":
            return self._oa_message(headers, body)
        if path != "/message/template":
            return 404, {"error": -1, "message": "not found"}
        if (failure := self._maybe_fail()) is not None:
            return failure
        token = {k.lower(): v for k, v in headers.items()}.get("access_token")
        if token != self.access_token:
            return 200, {"error": -124, "message": "Access token is invalid"}
        if not PHONE.match(str(body.get("phone", ""))):
            return 200, {"error": -108, "message": "Phone number is invalid"}
        if str(body.get("template_id")) not in self.templates:
            return 200, {"error": -109, "message": "Template id is invalid"}
        with self.lock:
            msg_id = f"zns{len(self.messages) + 1:08d}"
            self.messages.append({"msg_id": msg_id, **body})
        self._hold_after_accepting()
        return 200, {
            "error": 0,
            "message": "Success",
            "data": {
                "msg_id": msg_id,
                "sent_time": "1795400000000",
                "quota": {"dailyQuota": "500", "remainingQuota": "499"},
            },
        }

    def _oa_message(self, headers: dict[str, str], body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """``/v3.0/oa/message/cs``: a consultation text to a person who wrote to the OA."""
        if (failure := self._maybe_fail()) is not None:
            return failure
        if {k.lower(): v for k, v in headers.items()}.get("access_token") != self.access_token:
            return 200, {"error": -216, "message": "Access token is invalid"}
        recipient = body.get("recipient") if isinstance(body.get("recipient"), dict) else {}
        text = (body.get("message") or {}).get("text") if isinstance(body.get("message"), dict) else None
        if not str(recipient.get("user_id", "")).isdigit() or not isinstance(text, str) or not text:
            return 200, {"error": -201, "message": "Parameters are invalid"}
        with self.lock:
            message_id = f"oa{len(self.oa_messages) + 1:08d}"
            self.oa_messages.append({"message_id": message_id, "user_id": recipient["user_id"], "text": text})
        return 200, {
            "error": 0,
            "message": "Success",
            "data": {"message_id": message_id, "user_id": recipient["user_id"]},
        }

    def signature(self, raw: bytes, timestamp: str) -> str:
        """X-ZEvent-Signature of a webhook body: mac = sha256(app id + body + timestamp + OA secret key)."""
        return (
            "mac="
            + hashlib.sha256(self.app_id.encode() + raw + timestamp.encode() + self.oa_secret_key.encode()).hexdigest()
        )

    def event_request(
        self, user_id: str, text: str, *, msg_id: str | None = None, event_name: str = "user_send_text"
    ) -> tuple[bytes, str]:
        """Return the body and X-ZEvent-Signature of the webhook event of a person writing to the OA."""
        with self.lock:
            self.events += 1
            number = self.events
        timestamp = str(1795400000000 + number)
        raw = json.dumps(
            {
                "app_id": self.app_id,
                "user_id_by_app": "552177279717587730",
                "event_name": event_name,
                "timestamp": timestamp,
                "sender": {"id": user_id},
                "recipient": {"id": self.oa_id},
                "message": {"text": text, "msg_id": msg_id or f"zmsg{number:06d}"},
            },
            ensure_ascii=False,
        ).encode()
        return raw, self.signature(raw, timestamp)

    def user_text(self, url: str, user_id: str, text: str, *, msg_id: str | None = None) -> tuple[int, dict[str, Any]]:
        """Post to ``url``, as Zalo does, the event of a person writing ``text`` to the OA; return our answer."""
        raw, signature = self.event_request(user_id, text, msg_id=msg_id)
        return post_to(url, raw, {"X-ZEvent-Signature": signature})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SmtpPeer:
    """aiosmtpd on a free local port, keeping every message it receives."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller

        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.reject_next = 0
        peer = self

        class Handler:
            async def handle_RCPT(  # noqa: N802
                self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
            ) -> str:
                if peer.reject_next > 0:
                    peer.reject_next -= 1
                    return "451 4.3.0 Try again later"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
                peer.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
                peer.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                return "250 Message accepted for delivery"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()
