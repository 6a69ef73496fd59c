"""A local payment gateway simulator speaking both gateway protocols from the gateway side.

Not a mock: a separate HTTP server (``core/peer_server.py``, stdlib, threaded) that a developer or
a test runs beside MotCua, so our client and callback code talk real HTTP with real signatures.

- Gateway A (national platform style): ``POST /national/init`` (signed INIT → payment URL),
  ``GET /national/pay/<id>`` (page with "Thanh toán thành công" / "Thất bại"), ``POST`` of that
  page (signed NOTIFY to the merchant's ``UrlThongBao``, then the browser to ``UrlTraVe``),
  ``POST /national/query``.
- Gateway B (VNPay style): ``GET /vnpay/paymentv2/vpcpay.html?...`` (signed redirect → page),
  ``POST /vnpay/pay/<ref>`` (signed IPN to the registered IPN URL, then the browser to
  ``vnp_ReturnUrl``), ``POST /vnpay/merchant_webapi/api/transaction`` (querydr).
- ``GET /_sim/log``: the notifications sent and the merchant's answers (JSON), ``GET /health``.
- ``POST /_sim/mode {"mode": "ok|down|slow|garbage", "slow_seconds": N}``: the fault mode of the
  calls our server makes (INIT, the two status queries): down answers 503 (a JSON error in the
  gateway's words), slow waits ``slow_seconds`` (``--slow-seconds``) before answering, garbage
  answers 200 with a body that is not JSON. The pages and the notifications are not affected.

With ``faults=True`` (``--test-faults``) the pay page also offers faults to inject into the
notification: a broken signature, a wrong amount (correctly signed), or sending it twice.
The simulator leaves expiry to the merchant, so late notifications can be exercised.
"""

from __future__ import annotations

import html
import json
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from motcua.core.money import vnd_text
from motcua.core.peer_server import PeerHandler, PeerServer
from motcua.payments.gateways import national, vnpay_style

FAULTS = ("", "bad_signature", "wrong_amount", "duplicate")
# What the pages say (the pages are Vietnamese, as the gateways' own are).
FAULT_TEXT = {
    "": "Không có lỗi",
    "bad_signature": "Sai chữ ký",
    "wrong_amount": "Sai số tiền",
    "duplicate": "Báo kết quả hai lần",
}
STATUS_TEXT = {"pending": "đang chờ thanh toán", "paid": "đã thanh toán", "failed": "không thành công"}


@dataclass
class SimConfig:
    secret_a: str
    merchant_a: str
    secret_b: str
    merchant_b: str
    ipn_url: str  # gateway B: the merchant's IPN URL, registered with the gateway
    public_url: str = ""
    faults: bool = False
    slow_seconds: float = 5.0  # the delay of the "slow" mode


@dataclass
class Txn:
    gateway: str  # "a" or "b"
    key: str
    request: dict[str, Any]
    amount: int
    status: str = "pending"  # pending / paid / failed
    number: str = field(default_factory=lambda: str(secrets.randbelow(90_000_000) + 10_000_000))
    paid_at: str = ""


def _now() -> str:
    return national.timestamp(datetime.now(national.VN_TZ))


# What a gateway that is down answers (503), in each protocol's words.
DOWN_A = {"MaLoi": national.ERR_OTHER, "MoTaLoi": "Hệ thống tạm ngừng phục vụ"}
DOWN_B = {"vnp_ResponseCode": "99", "vnp_Message": "Service unavailable"}


class PaygateSimulator(PeerServer):
    def __init__(self, address: tuple[str, int], config: SimConfig) -> None:
        super().__init__(address, Handler, slow_seconds=config.slow_seconds)
        self.config = config
        if not config.public_url:
            config.public_url = self.url
        self.txns: dict[str, Txn] = {}
        self.log: list[dict[str, Any]] = []

    def reset(self) -> None:
        super().reset()
        self.txns.clear()
        self.log.clear()

    # --- notifications to the merchant -------------------------------------------------------

    def send(self, method: str, url: str, body: dict[str, Any] | None) -> dict[str, Any]:
        entry: dict[str, Any] = {"method": method, "url": url, "body": body}
        try:
            data = json.dumps(body).encode("utf-8") if body is not None else None
            request = urllib.request.Request(  # noqa: S310 - the merchant's URL
                url, data=data, method=method, headers={"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - local peer
                entry["status"] = response.status
                entry["answer"] = json.loads(response.read().decode("utf-8") or "{}")
        except urllib.error.HTTPError as exc:
            entry["status"] = exc.code
            entry["answer"] = exc.read().decode("utf-8", "replace")[:2000]
        except (urllib.error.URLError, OSError, ValueError) as exc:
            entry["status"] = 0
            entry["answer"] = f"{type(exc).__name__}: {exc}"
        with self.lock:
            self.log.append(entry)
        return entry


class Handler(PeerHandler):
    server: PaygateSimulator

    # --- plumbing ------------------------------------------------------------------------

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _html(self, body: str, status: int = 200) -> None:
        self.reply(status, body.encode("utf-8"), "text/html; charset=utf-8")

    def _redirect(self, url: str) -> None:
        self.send_response(303)
        self.send_header("Location", url)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "0")
        self.end_headers()

    # --- routes --------------------------------------------------------------------------

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        parts = urlsplit(self.path)
        if parts.path == "/favicon.ico":
            return self.reply(204, b"", "image/x-icon")
        if self.common_get():  # GET /health
            return None
        if parts.path == "/_sim/log":
            with self.server.lock:
                return self.json(list(self.server.log))
        if parts.path.startswith("/national/pay/"):
            return self._national_page(parts.path.rsplit("/", 1)[-1])
        if parts.path == "/vnpay/paymentv2/vpcpay.html":
            return self._vnpay_start(dict(parse_qsl(parts.query, keep_blank_values=True)))
        return self._html(_page("Không tìm thấy", "<p>Không tìm thấy.</p>"), 404)

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        if self.common_post():  # POST /_sim/reset
            return None
        path = self.route
        if path == "/_sim/mode":
            return self.set_mode(self.json_body())
        if path.startswith("/national/pay/"):
            return self._national_confirm(path.rsplit("/", 1)[-1], self._form())
        if path.startswith("/vnpay/pay/"):
            return self._vnpay_confirm(path.rsplit("/", 1)[-1], self._form())
        api = {
            "/national/init": (self._national_init, DOWN_A),
            "/national/query": (self._national_query, DOWN_A),
            "/vnpay/merchant_webapi/api/transaction": (self._vnpay_query, DOWN_B),
        }
        if path not in api:
            return self.json({"error": "not found"}, 404)
        handle, down = api[path]
        body = self.json_body()
        if self.fault(down):  # the calls our server makes: down, slow, garbage
            return None
        return handle(body)

    def _form(self) -> dict[str, str]:
        return dict(parse_qsl(self._body().decode("utf-8"), keep_blank_values=True))

    # --- gateway A -----------------------------------------------------------------------

    def _national_init(self, msg: dict[str, Any]) -> None:
        cfg = self.server.config
        ref = str(msg.get("MaThamChieu", ""))

        def answer(code: str, txn: str = "", url: str = "") -> None:
            body = {"MaLoi": code, "MaThamChieu": ref, "MaGiaoDich": txn, "UrlThanhToan": url}
            self.json(national.sign(body, national.INIT_ANSWER_FIELDS, cfg.secret_a))

        if not national.verify(msg, national.INIT_FIELDS, cfg.secret_a) or msg.get("MaDoiTac") != cfg.merchant_a:
            return answer(national.ERR_SIGNATURE)
        if msg.get("MaTienTe") != "VND" or not str(msg.get("SoTien", "")).isdigit() or int(msg["SoTien"]) <= 0:
            return answer(national.ERR_AMOUNT)
        lines_total = sum(int(line.get("SoTien", 0)) for line in msg.get("DanhSachPhiLePhi") or [])
        if lines_total != int(msg["SoTien"]):
            return answer(national.ERR_AMOUNT)
        key = "GD" + secrets.token_hex(8).upper()
        with self.server.lock:
            self.server.txns[key] = Txn(gateway="a", key=key, request=msg, amount=int(msg["SoTien"]))
        answer(national.OK, key, f"{cfg.public_url}/national/pay/{key}")

    def _national_page(self, key: str) -> None:
        txn = self.server.txns.get(key)
        if txn is None or txn.gateway != "a":
            return self._html(_page("Không tìm thấy", "<p>Không tìm thấy giao dịch.</p>"), 404)
        m = txn.request
        lines = "".join(
            f"<li>{html.escape(str(line.get('TenPhiLePhi')))}: {vnd_text(line.get('SoTien', 0))}</li>"
            for line in m.get("DanhSachPhiLePhi") or []
        )
        body = (
            f"<p>Đơn vị thụ hưởng: {html.escape(str(m.get('MaDoiTac')))}</p>"
            f"<p>Mã hồ sơ: <strong>{html.escape(str(m.get('MaHoSo')))}</strong></p>"
            f"<p>Thủ tục: {html.escape(str(m.get('TenTTHC')))}</p>"
            f"<p>Người nộp: {html.escape(str(m.get('HoTenNguoiNop')))}</p><ul>{lines}</ul>"
            f"<p>Số tiền: <strong>{vnd_text(txn.amount)}</strong></p>" + self._buttons(f"/national/pay/{key}", txn)
        )
        self._html(_page("Cổng thanh toán quốc gia (giả lập)", body))

    def _buttons(self, action: str, txn: Txn) -> str:
        if txn.status != "pending":
            return f"<p>Giao dịch đã kết thúc: {STATUS_TEXT.get(txn.status, html.escape(txn.status))}.</p>"
        fault = ""
        if self.server.config.faults:
            options = "".join(f'<option value="{f}">{FAULT_TEXT[f]}</option>' for f in FAULTS)
            fault = f'<p><label for="fault">Lỗi giả lập</label> <select id="fault" name="fault">{options}</select></p>'
        return (
            f'<form method="post" action="{action}">{fault}'
            f'<button type="submit" name="result" value="success">Thanh toán thành công</button> '
            f'<button type="submit" name="result" value="fail">Thất bại</button></form>'
        )

    def _national_confirm(self, key: str, form: dict[str, str]) -> None:
        cfg = self.server.config
        txn = self.server.txns.get(key)
        if txn is None or txn.gateway != "a":
            return self._html(_page("Không tìm thấy", "<p>Không tìm thấy giao dịch.</p>"), 404)
        fault = form.get("fault", "") if cfg.faults else ""
        with self.server.lock:
            if txn.status == "pending":
                txn.status = "paid" if form.get("result") == "success" else "failed"
                txn.paid_at = _now()
        m = txn.request
        state = national.PAID if txn.status == "paid" else national.FAILED
        notify = {
            "LoaiBanTin": "NOTIFY",
            "PhienBan": national.VERSION,
            "MaDoiTac": cfg.merchant_a,
            "MaThamChieu": m["MaThamChieu"],
            "MaGiaoDich": key,
            "MaHoSo": m.get("MaHoSo", ""),
            "SoTien": txn.amount + (1000 if fault == "wrong_amount" else 0),
            "MaTienTe": "VND",
            "TrangThai": state,
            "ThoiGianThanhToan": txn.paid_at,
            "MaNganHang": "SIMBANK",
        }
        notify = national.sign(notify, national.NOTIFY_FIELDS, cfg.secret_a)
        if fault == "bad_signature":
            notify["MaXacThuc"] = "0" * 64
        for _ in range(2 if fault == "duplicate" else 1):
            self.server.send("POST", str(m["UrlThongBao"]), notify)
        back = national.sign(
            {"MaThamChieu": m["MaThamChieu"], "MaGiaoDich": key, "TrangThai": state},
            national.RETURN_FIELDS,
            cfg.secret_a,
        )
        sep = "&" if "?" in str(m["UrlTraVe"]) else "?"
        self._redirect(f"{m['UrlTraVe']}{sep}{_qs(back)}")

    def _national_query(self, msg: dict[str, Any]) -> None:
        cfg = self.server.config
        ref = str(msg.get("MaThamChieu", ""))
        txn = next((t for t in self.server.txns.values() if t.gateway == "a" and t.request["MaThamChieu"] == ref), None)
        if not national.verify(msg, national.QUERY_FIELDS, cfg.secret_a) or msg.get("MaDoiTac") != cfg.merchant_a:
            body: dict[str, Any] = {"MaLoi": national.ERR_SIGNATURE, "MaThamChieu": ref}
        elif txn is None:
            body = {"MaLoi": national.ERR_NOT_FOUND, "MaThamChieu": ref}
        else:
            state = {"paid": national.PAID, "failed": national.FAILED}.get(txn.status, national.PENDING)
            body = {
                "MaLoi": national.OK,
                "MaThamChieu": ref,
                "MaGiaoDich": txn.key,
                "SoTien": txn.amount,
                "MaTienTe": "VND",
                "TrangThai": state,
                "ThoiGianThanhToan": txn.paid_at,
            }
        self.json(national.sign(body, national.QUERY_ANSWER_FIELDS, cfg.secret_a))

    # --- gateway B -----------------------------------------------------------------------

    def _vnpay_start(self, params: dict[str, str]) -> None:
        cfg = self.server.config
        if not vnpay_style.verify(params, cfg.secret_b) or params.get("vnp_TmnCode") != cfg.merchant_b:
            return self._html(_page("Lỗi", "<p>Sai chữ ký (mã lỗi 97).</p>"), 400)
        if params.get("vnp_CurrCode") != "VND" or not params.get("vnp_Amount", "").isdigit():
            return self._html(_page("Lỗi", "<p>Số tiền không hợp lệ.</p>"), 400)
        ref = params["vnp_TxnRef"]
        with self.server.lock:
            txn = self.server.txns.get(ref)
            if txn is None:
                txn = Txn(gateway="b", key=ref, request=params, amount=int(params["vnp_Amount"]))
                self.server.txns[ref] = txn
        body = (
            f"<p>Đơn vị: {html.escape(cfg.merchant_b)}</p>"
            f"<p>Nội dung: {html.escape(params.get('vnp_OrderInfo', ''))}</p>"
            f"<p>Số tiền: <strong>{vnd_text(txn.amount // 100)}</strong></p>" + self._buttons(f"/vnpay/pay/{ref}", txn)
        )
        self._html(_page("Cổng thanh toán (giả lập)", body))

    def _vnpay_result(self, txn: Txn, amount: int) -> dict[str, str]:
        ok = txn.status == "paid"
        return {
            "vnp_TmnCode": self.server.config.merchant_b,
            "vnp_Amount": str(amount),
            "vnp_BankCode": "NCB",
            "vnp_BankTranNo": "VNP" + txn.number,
            "vnp_CardType": "ATM",
            "vnp_PayDate": txn.paid_at,
            "vnp_OrderInfo": txn.request.get("vnp_OrderInfo", ""),
            "vnp_TransactionNo": txn.number,
            "vnp_ResponseCode": vnpay_style.SUCCESS if ok else vnpay_style.CANCELLED,
            "vnp_TransactionStatus": vnpay_style.SUCCESS if ok else "02",
            "vnp_TxnRef": txn.key,
            "vnp_SecureHashType": "HmacSHA512",
        }

    def _vnpay_confirm(self, ref: str, form: dict[str, str]) -> None:
        cfg = self.server.config
        txn = self.server.txns.get(ref)
        if txn is None or txn.gateway != "b":
            return self._html(_page("Không tìm thấy", "<p>Không tìm thấy giao dịch.</p>"), 404)
        fault = form.get("fault", "") if cfg.faults else ""
        with self.server.lock:
            if txn.status == "pending":
                txn.status = "paid" if form.get("result") == "success" else "failed"
                txn.paid_at = _now()
        result = self._vnpay_result(txn, txn.amount + (100_000 if fault == "wrong_amount" else 0))
        query = vnpay_style.signed_query(result, cfg.secret_b)
        if fault == "bad_signature":
            query = query.rsplit("=", 1)[0] + "=" + "0" * 128
        sep = "&" if "?" in cfg.ipn_url else "?"
        for _ in range(2 if fault == "duplicate" else 1):
            self.server.send("GET", f"{cfg.ipn_url}{sep}{query}", None)
        back = vnpay_style.signed_query(self._vnpay_result(txn, txn.amount), cfg.secret_b)
        return_url = txn.request.get("vnp_ReturnUrl", "")
        self._redirect(f"{return_url}{'&' if '?' in return_url else '?'}{back}")

    def _vnpay_query(self, msg: dict[str, Any]) -> None:
        cfg = self.server.config
        response_id = secrets.token_hex(8)
        txn = self.server.txns.get(str(msg.get("vnp_TxnRef", "")))
        base = {
            "vnp_ResponseId": response_id,
            "vnp_Command": "querydr",
            "vnp_TmnCode": cfg.merchant_b,
            "vnp_TxnRef": str(msg.get("vnp_TxnRef", "")),
        }
        if (
            not vnpay_style.verify_pipe(msg, vnpay_style.QUERY_FIELDS, cfg.secret_b)
            or msg.get("vnp_TmnCode") != cfg.merchant_b
        ):
            body = {**base, "vnp_ResponseCode": "97", "vnp_Message": "Invalid Checksum"}
        elif txn is None or txn.gateway != "b":
            body = {**base, "vnp_ResponseCode": "91", "vnp_Message": "Transaction not found"}
        else:
            status = {"paid": vnpay_style.SUCCESS, "failed": "02"}.get(txn.status, vnpay_style.PENDING)
            body = {
                **base,
                "vnp_ResponseCode": "00",
                "vnp_Message": "QueryDR Success",
                "vnp_Amount": str(txn.amount),
                "vnp_BankCode": "NCB",
                "vnp_PayDate": txn.paid_at,
                "vnp_TransactionNo": txn.number,
                "vnp_TransactionType": "01",
                "vnp_TransactionStatus": status,
                "vnp_OrderInfo": txn.request.get("vnp_OrderInfo", ""),
                "vnp_PromotionCode": "",
                "vnp_PromotionAmount": "",
            }
        body[vnpay_style.HASH] = vnpay_style.pipe_hash(body, vnpay_style.QUERY_ANSWER_FIELDS, cfg.secret_b)
        self.json(body)


def _qs(data: dict[str, Any]) -> str:
    return urlencode({k: str(v) for k, v in data.items()})


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head><body><main><h1>{html.escape(title)}</h1>{body}"
        f"<p><small>Máy chủ giả lập cổng thanh toán của MotCua — không có giao dịch thật.</small></p>"
        f"</main></body></html>"
    )


def make_server(host: str, port: int, config: SimConfig) -> PaygateSimulator:
    return PaygateSimulator((host, port), config)
