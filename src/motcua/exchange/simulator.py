"""The local gateway peer ``motcua sim lgsp``: a real HTTP server speaking the gateway protocol.

``POST /r1/<service id>`` with the X-Road-style headers (``gateway.HEADERS``) and a bearer token;
the population, business and land registers behind it hold demo data. Errors are JSON, as a
gateway answers them: 401 wrong token, 400 a missing or wrong header, 404 unknown service or record.
``POST /_sim/mode {"mode": "ok|down|slow|garbage|badfields"}`` injects faults (down: 503; slow: waits
``slow_seconds``; garbage: a body that is not JSON; badfields: JSON whose record fields have the
wrong types, for the registers' answer checks); ``GET /_sim/log`` lists the calls it got.
"""

from __future__ import annotations

import uuid
from typing import Any

from motcua.core.peer_server import MODES as PEER_MODES
from motcua.core.peer_server import PeerHandler, PeerServer
from motcua.exchange.gateway import HEADERS

POPULATION = "VN/GOV/BCA/CSDLQGDC/population"
BUSINESS = "VN/GOV/BKHDT/DKDN/business"
LAND = "VN/GOV/BTNMT/CSDLDD/land"
# The common fault modes (core/peer_server.py) and one of the registers': ``badfields`` answers a
# record whose fields are of the wrong types (the registers' clients must refuse it).
MODES = (*PEER_MODES, "badfields")

PEOPLE: dict[str, dict[str, Any]] = {
    "001090000001": {
        "name": "Nguyễn Văn An",
        "birth_date": "1990-03-15",
        "sex": "Nam",
        "permanent_address": "12 Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
        "household": [{"name": "Trần Thị Bình", "relation": "Vợ"}, {"name": "Nguyễn Minh Khang", "relation": "Con"}],
    },
    "001190000002": {
        "name": "Trần Thị Bình",
        "birth_date": "1992-07-02",
        "sex": "Nữ",
        "permanent_address": "12 Hàng Bạc, phường Hoàn Kiếm, Hà Nội",
        "household": [{"name": "Nguyễn Văn An", "relation": "Chồng"}],
    },
    # The demo citizens (demo/data.py CITIZENS) and one person without an account; the ID's 4th
    # digit is the sex and century (0 man, 1 woman, 1900s), its 5th-6th the year of birth.
    "001085012345": {
        "name": "Nguyễn Văn An",
        "birth_date": "1985-04-12",
        "sex": "Nam",
        "permanent_address": "12 Hàng Bài, Phường Hoàn Kiếm, Thành phố Hà Nội",
        "household": [{"name": "Nguyễn Văn An", "relation": "Chủ hộ"}, {"name": "Phạm Thị Hoa", "relation": "Vợ"}],
    },
    "001190023456": {
        "name": "Trần Thị Bình",
        "birth_date": "1990-09-03",
        "sex": "Nữ",
        "permanent_address": "5 Tràng Tiền, Phường Hoàn Kiếm, Thành phố Hà Nội",
        "household": [{"name": "Trần Thị Bình", "relation": "Chủ hộ"}],
    },
    "001095034567": {
        "name": "Lê Hoàng Cường",
        "birth_date": "1995-11-20",
        "sex": "Nam",
        "permanent_address": "8 Lò Sũ, Phường Hoàn Kiếm, Thành phố Hà Nội",
        "household": [{"name": "Lê Văn Hải", "relation": "Cha"}, {"name": "Lê Hoàng Cường", "relation": "Con"}],
    },
}
BUSINESSES: dict[str, dict[str, Any]] = {
    "0101234567": {
        "name": "Công ty TNHH Hoàn Kiếm Xanh",
        "address": "25 Lý Thái Tổ, phường Hoàn Kiếm, Hà Nội",
        "legal_representative": "Lê Văn Cường",
        "status": "Đang hoạt động",
    }
}
PARCELS: dict[str, dict[str, Any]] = {
    "15/7": {"owner": "Nguyễn Văn An", "area_m2": 68.5, "land_use": "Đất ở tại đô thị (ODT)"},
}


class LgspSimulator(PeerServer):
    modes = MODES

    def __init__(self, address: tuple[str, int], token: str) -> None:
        super().__init__(address, Handler)
        self.token = token
        self.calls: list[dict[str, Any]] = []

    def reset(self) -> None:
        super().reset()
        self.calls.clear()


class Handler(PeerHandler):
    server: LgspSimulator

    def _error(self, status: int, code: str, message: str) -> None:
        self.json({"type": code, "message": message}, status)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        if self.common_get():
            return
        if self.route == "/_sim/log":
            with self.server.lock:
                self.json(list(self.server.calls))
        else:
            self._error(404, "NotFound", "unknown path")

    def do_POST(self) -> None:  # noqa: N802 - stdlib name
        if self.common_post():
            return
        body = self.json_body()
        if self.route == "/_sim/mode":
            self.set_mode(body)
            return
        if not self.route.startswith("/r1/"):
            self._error(404, "NotFound", "unknown path")
            return
        service = self.route.removeprefix("/r1/")
        headers = {key: self.headers.get(name, "") for key, name in HEADERS.items()}
        with self.server.lock:
            self.server.calls.append({"service": service, "headers": headers, "body": body})
        if self.fault({"type": "ServiceUnavailable", "message": "the provider is not available"}):
            return
        if self.headers.get("Authorization", "") != f"Bearer {self.server.token}":
            self._error(401, "Unauthorized", "wrong or missing token")
            return
        problem = _header_problem(headers, service)
        if problem:
            self._error(400, "InvalidHeaders", problem)
            return
        if self.server.mode == "badfields":
            bad = {"name": 42, "birth_date": "15/03/1990", "sex": "?", "address": None, "owner": [], "area_m2": "lots"}
            self.json({"found": True, "record": bad})
            return
        self._answer(service, body)

    def _answer(self, service: str, body: dict[str, Any]) -> None:
        if service == POPULATION:
            record = PEOPLE.get(str(body.get("personal_id", "")))
        elif service == BUSINESS:
            record = BUSINESSES.get(str(body.get("enterprise_code", "")))
        elif service == LAND:
            record = PARCELS.get(f"{body.get('parcel', '')}/{body.get('map_sheet', '')}")
        else:
            self._error(404, "UnknownService", f"no service {service}")
            return
        if record is None:
            self._error(404, "NotFound", "no such record")
            return
        self.json({"found": True, "record": record})


def _header_problem(headers: dict[str, str], service: str) -> str:
    if not headers["client"].count("/") >= 2:
        return f"{HEADERS['client']} must be INSTANCE/CLASS/MEMBER/SUBSYSTEM"
    if headers["service"] != service:
        return f"{HEADERS['service']} does not name the service of the path"
    try:
        uuid.UUID(headers["message_id"])
    except ValueError:
        return f"{HEADERS['message_id']} must be a UUID"
    if not headers["user_id"]:
        return f"{HEADERS['user_id']} is required"
    return ""


def make_server(host: str, port: int, token: str) -> LgspSimulator:
    return LgspSimulator((host, port), token)
