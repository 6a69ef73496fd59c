"""The local peer of the national public service portal (``motcua sim dvcqg``): a real HTTP server, not a mock.

The exchange API MotCua calls (bearer token; ``dvcqg/__init__`` lists it): ``GET /api/hoso/moi``
(dossiers to pull), ``POST /api/hoso/dongbo`` (statuses and steps; kept in arrival order, deduplicated
by ``MessageId``), ``POST /api/hoso/tracuu`` (the statuses it holds), ``GET /api/tthc`` (a procedure
catalogue), ``GET /api/thanhtoan`` (payment confirmations), ``GET /files/<id>`` (a submitted file).

What a test or a demo user tells it:

- ``POST /_sim/dossier {HoSo fields}``: file a dossier on the portal (kept for the pull);
- ``POST /_sim/push {HoSo fields}``: file one and push it, signed, to ``--push-url`` (MotCua's
  ``/dvcqg/ho-so``); ``{"MessageId": M}`` pushes message M again; answers MotCua's status and body;
- ``POST /_sim/pay {"MaHoSo", "SoTien"}``: the payment platform confirms a payment;
- ``GET /_sim/log``: every status message received, in order (``duplicates`` counts the repeats);
  ``GET /_sim/statuses/<MaHoSo>``: those of one dossier; ``GET /_sim/dossiers``;
- ``POST /_sim/mode {"mode": "ok|down|slow|garbage"}``: down answers 503, slow waits ``--slow-seconds``,
  garbage answers 200 with a body that is not JSON (the exchange API and the files only);
- ``POST /_sim/reset``: forget the dossiers, messages, payments, their numbering and the mode (a fresh start);
- ``GET /health`` (core/peer_server.py, which this peer is built on).
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from motcua.core.peer_server import PeerHandler, PeerServer
from motcua.national_portal.dvcqg import DATE_FORMAT, SIGNATURE_HEADER, sign

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# The demo procedure (from the demo catalogue) and its declaration, for a dossier filed on the portal.
DEMO_PROCEDURE = "2.000635"  # Cấp bản sao Trích lục hộ tịch, at a commune
DEMO_AGENCY = "H26.101"  # Ủy ban nhân dân Phường Hoàn Kiếm
DEMO_FORM: dict[str, Any] = {
    "loai_trich_luc": "Khai sinh",
    "ho_ten_nguoi_duoc_cap": "Nguyễn Văn An",
    "noi_dang_ky": "Ủy ban nhân dân phường Hoàn Kiếm",
    "so_ban_sao": 1,
}
# Procedures of the national procedure database as the portal lists them (demo records, not real ones).
CATALOGUE: list[dict[str, Any]] = [
    {
        "MaTTHC": "DVCQG.0001",
        "TenTTHC": "Xác nhận thông tin hộ tịch (thủ tục mẫu của Cổng quốc gia giả lập)",
        "MaLinhVuc": "DVCQG-HT",
        "TenLinhVuc": "Hộ tịch (Cổng quốc gia giả lập)",
        "CapThucHien": "xa",
        "DoiTuongThucHien": [1],
        "MucDoDVC": "toan_trinh",
        "ThoiHanGiaiQuyet": 3,
        "KetQuaThucHien": "Giấy xác nhận",
        "CanCuPhapLy": "Luật Hộ tịch 2014",
        "ThanhPhanHoSo": [
            {"MaGiayTo": "to-khai", "TenGiayTo": "Tờ khai", "SoLuong": 1, "BatBuoc": True},
            {"MaGiayTo": "giay-to-khac", "TenGiayTo": "Giấy tờ khác", "SoLuong": 1, "BatBuoc": False},
        ],
        "PhiLePhi": [{"Loai": "le_phi", "TenPhiLePhi": "Lệ phí", "MucPhi": 5000}],
    },
    {
        "MaTTHC": "DVCQG.0002",
        "TenTTHC": "Cấp bản sao giấy tờ (thủ tục mẫu của Cổng quốc gia giả lập)",
        "MaLinhVuc": "DVCQG-HT",
        "TenLinhVuc": "Hộ tịch (Cổng quốc gia giả lập)",
        "CapThucHien": "xa",
        "DoiTuongThucHien": [1, 2],
        "MucDoDVC": "mot_phan",
        "ThoiHanGiaiQuyet": 1,
        "KetQuaThucHien": "Bản sao",
        "ThanhPhanHoSo": [{"MaGiayTo": "ban-chinh", "TenGiayTo": "Bản chính", "SoLuong": 1, "BatBuoc": True}],
        "PhiLePhi": [],
    },
]


@dataclass
class PeerConfig:
    token: str
    secret: str
    push_url: str
    procedure: str = DEMO_PROCEDURE
    agency: str = DEMO_AGENCY
    form: dict[str, Any] = field(default_factory=lambda: dict(DEMO_FORM))
    documents: tuple[str, ...] = ()  # document codes a filed dossier uploads a file for
    slow_seconds: float = 5.0
    base_url: str = ""  # how MotCua reaches this peer (the file links); default: its bound address


class PortalPeer(PeerServer):
    def __init__(self, address: tuple[str, int], config: PeerConfig) -> None:
        super().__init__(address, Handler, slow_seconds=config.slow_seconds)
        self.config = config
        self.dossiers: list[dict[str, Any]] = []  # {"seq", "MessageId", "HoSo"}
        self.log: list[dict[str, Any]] = []  # status messages in arrival order
        self.seen: dict[str, int] = {}  # MessageId → times received
        self.payments: list[dict[str, Any]] = []
        self.counter = 0

    def reset(self) -> None:
        super().reset()
        self.dossiers.clear()
        self.log.clear()
        self.seen.clear()
        self.payments.clear()
        self.counter = 0

    def new_dossier(self, overrides: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.counter += 1
            n = self.counter
            now = datetime.now(UTC)
            code = str(overrides.get("MaHoSo") or f"DVCQG-{now:%y%m%d}-{n:04d}-{id(self) % 1000:03d}")
            hoso = {
                "MaHoSo": code,
                "MaTTHC": self.config.procedure,
                "DonViXuLy": self.config.agency,
                "KenhThucHien": 2,
                "ChuHoSo": "Nguyễn Văn An",
                "SoGiayToChuHoSo": "001090000001",
                "LoaiDoiTuong": 1,
                "Email": "an.nguyen@example.vn",
                "SoDienThoai": "0912345678",
                "DiaChiChuHoSo": "12 Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
                "TrichYeuHoSo": "Hồ sơ nộp trên Cổng Dịch vụ công quốc gia",
                "NgayNopHoSo": now.strftime(DATE_FORMAT),
                "TaiKhoanDuocXacThucVoiVNeID": 1,
                "DuocThanhToanTrucTuyen": 0,
                "DuLieuToKhai": dict(self.config.form),
                "TaiLieuNop": [
                    {
                        "TepTinId": f"{n}-{doc}",
                        "TenTepTin": f"{doc}.pdf",
                        "MaThanhPhanHoSo": doc,
                        "DuongDanTepTin": f"{self.base_url}/files/{n}-{doc}",
                        "DuocSoHoa": 1,
                        "DuocTaiSuDung": 0,
                        "DuocLayTuKhoDMQG": 0,
                    }
                    for doc in self.config.documents
                ],
            }
            hoso.update({k: v for k, v in overrides.items() if k != "MessageId"})
            item = {"seq": n, "MessageId": str(overrides.get("MessageId") or f"DVCQG-MSG-{n:06d}-{code}"), "HoSo": hoso}
            self.dossiers.append(item)
        return item

    @property
    def base_url(self) -> str:
        if self.config.base_url:
            return self.config.base_url.rstrip("/")
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"


class Handler(PeerHandler):
    server: PortalPeer

    def _json_body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            return json.loads(self.rfile.read(length).decode("utf-8") or "{}") if length else {}
        except ValueError:
            return None

    def _fault(self) -> bool:
        """Apply the fault mode to a call of the exchange API, then the token; True when it answered already."""
        if self.fault({"error_code": "503", "message": "down"}):
            return True
        if self.headers.get("Authorization", "") != f"Bearer {self.server.config.token}":
            self.json({"error_code": "401", "message": "bad token"}, 401)
            return True
        return False

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        if self.common_get():  # GET /health
            return None
        if path == "/_sim/log":
            with self.server.lock:
                return self.json({"messages": self.server.log, "duplicates": self._duplicates()})
        if path.startswith("/_sim/statuses/"):
            code = path.rsplit("/", 1)[-1]
            with self.server.lock:
                return self.json([m for m in self.server.log if m.get("HoSo", {}).get("MaHoSo") == code])
        if path == "/_sim/dossiers":
            with self.server.lock:
                return self.json(self.server.dossiers)
        if not (path.startswith("/api/") or path.startswith("/files/")):
            return self.json({"error_code": "404", "message": "not found"}, 404)
        if self._fault():
            return None
        cursor = _int((query.get("cursor") or ["0"])[0])
        if path == "/api/hoso/moi":
            with self.server.lock:
                items = [
                    {"MessageId": d["MessageId"], "HoSo": d["HoSo"]} for d in self.server.dossiers if d["seq"] > cursor
                ]
                last = max([d["seq"] for d in self.server.dossiers] + [cursor])
            return self.json({"error_code": "0", "message": "ok", "cursor": str(last), "data": items})
        if path == "/api/tthc":
            return self.json({"error_code": "0", "message": "ok", "data": CATALOGUE})
        if path == "/api/thanhtoan":
            with self.server.lock:
                items = [p for p in self.server.payments if p["seq"] > cursor]
                last = max([p["seq"] for p in self.server.payments] + [cursor])
            return self.json({"error_code": "0", "message": "ok", "cursor": str(last), "data": items})
        if path.startswith("/files/"):
            return self.reply(200, PDF, "application/pdf")
        return self.json({"error_code": "404", "message": "not found"}, 404)

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        if self.common_post():  # POST /_sim/reset
            return None
        path = urlsplit(self.path).path
        body = self._json_body()
        if path == "/_sim/mode":
            return self.set_mode(body if isinstance(body, dict) else {})
        if path == "/_sim/dossier":
            return self.json(self.server.new_dossier(body if isinstance(body, dict) else {}))
        if path == "/_sim/push":
            return self._push(body if isinstance(body, dict) else {})
        if path == "/_sim/pay":
            return self._pay(body if isinstance(body, dict) else {})
        if not path.startswith("/api/"):
            return self.json({"error_code": "404", "message": "not found"}, 404)
        if self._fault():
            return None
        if not isinstance(body, dict):
            return self.json({"error_code": "400", "message": "body is not a JSON object"}, 400)
        if path == "/api/hoso/dongbo":
            return self._status(body)
        if path == "/api/hoso/tracuu":
            return self._lookup(body)
        return self.json({"error_code": "404", "message": "not found"}, 404)

    def _duplicates(self) -> int:
        return sum(n - 1 for n in self.server.seen.values())

    def _status(self, msg: dict[str, Any]) -> None:
        mid = str(msg.get("MessageId") or "")
        hoso = msg.get("HoSo")
        if not mid or not isinstance(hoso, dict) or not hoso.get("MaHoSo") or not hoso.get("TrangThaiHoSo"):
            return self.json({"error_code": "2", "message": "MessageId, HoSo.MaHoSo and HoSo.TrangThaiHoSo required"})
        with self.server.lock:
            duplicate = mid in self.server.seen
            self.server.seen[mid] = self.server.seen.get(mid, 0) + 1
            if not duplicate:
                self.server.log.append(msg)
        return self.json({"error_code": "0", "message": "ok", "MessageId": mid, "duplicate": duplicate})

    def _lookup(self, msg: dict[str, Any]) -> None:
        codes = msg.get("DanhSachMaHoSo")
        if not isinstance(codes, list):
            return self.json({"error_code": "2", "message": "DanhSachMaHoSo required"})
        with self.server.lock:
            latest: dict[str, str] = {}
            for m in self.server.log:
                latest[str(m["HoSo"]["MaHoSo"])] = str(m["HoSo"]["TrangThaiHoSo"])
        data = [{"MaHoSo": c, "TrangThaiHoSo": latest[c]} for c in map(str, codes) if c in latest]
        return self.json({"error_code": "0", "message": "ok", "data": data})

    def _pay(self, msg: dict[str, Any]) -> None:
        if not msg.get("MaHoSo") or _int(msg.get("SoTien")) <= 0:
            return self.json({"error": "MaHoSo and SoTien required"}, 400)
        with self.server.lock:
            seq = len(self.server.payments) + 1
            record = {
                "seq": seq,
                "MaGiaoDich": str(msg.get("MaGiaoDich") or f"NPP{seq:08d}"),
                "MaHoSo": str(msg["MaHoSo"]),
                "SoTien": _int(msg.get("SoTien")),
                "ThoiGianThanhToan": datetime.now(UTC).strftime(DATE_FORMAT),
                "NguoiNop": str(msg.get("NguoiNop") or ""),
            }
            self.server.payments.append(record)
        return self.json(record)

    def _push(self, msg: dict[str, Any]) -> None:
        again = str(msg.get("MessageId") or "")
        with self.server.lock:
            item = next((d for d in self.server.dossiers if again and d["MessageId"] == again), None)
        if item is None:
            item = self.server.new_dossier(msg)
        return self.json(push(self.server, {"MessageId": item["MessageId"], "HoSo": item["HoSo"]}))


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def push(server: PortalPeer, message: dict[str, Any]) -> dict[str, Any]:
    """Push one dossier message to MotCua, signed; return what MotCua answered."""
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - the configured push URL
        server.config.push_url,
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", SIGNATURE_HEADER: sign(body, server.config.secret)},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - local peer
            return {"message": message, "status": response.status, "answer": json.loads(response.read() or b"{}")}
    except urllib.error.HTTPError as exc:
        raw = exc.read().decode("utf-8", "replace")
        try:
            answer: Any = json.loads(raw)
        except ValueError:
            answer = raw[:2000]
        return {"message": message, "status": exc.code, "answer": answer}
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return {"message": message, "status": 0, "answer": f"{type(exc).__name__}: {exc}"}


def make_server(host: str, port: int, config: PeerConfig) -> PortalPeer:
    return PortalPeer((host, port), config)
