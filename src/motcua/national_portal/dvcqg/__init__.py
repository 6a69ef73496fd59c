"""The exchange protocol with the national public service portal (Cổng Dịch vụ công quốc gia, DVCQG).

Shared by our client, our push endpoint and the local peer ``motcua sim dvcqg``. The official
specification (Circular 04/2025/TT-VPCP, in force from 25 January 2026, and the portal's technical
guide) could not be consulted: the message fields follow public practice (``docs/domain.md`` §9,
``docs/integrations/dvcqg.md``), and what may differ is a setting or lives in ``mapping.py``.

JSON over HTTPS, UTF-8, dates ``yyyyMMddHHmmss`` (Vietnam time); every answer carries ``error_code``
(``"0"`` success) and ``message``.

MotCua → portal (header ``Authorization: Bearer <MOTCUA_DVCQG_TOKEN>``):

- ``GET /api/hoso/moi?cursor=C``: dossiers filed on the portal since cursor C →
  ``{"error_code": "0", "cursor": C2, "data": [{"MessageId", "HoSo": {...}}]}`` (pull);
- ``POST /api/hoso/dongbo`` ``{"MessageId", "HoSo": {...status...}, "QuaTrinhXuLy": [...]}``: one status
  or step of a dossier; the portal keeps the first message of a ``MessageId`` and answers a repeat
  with ``"0"`` again (``"duplicate": true``);
- ``POST /api/hoso/tracuu`` ``{"DanhSachMaHoSo": [...]}``: the portal's status of dossiers (reconciliation);
- ``GET /api/tthc``: the national procedure database (CSDL TTHC), for the catalogue pull;
- ``GET /api/thanhtoan?cursor=C``: payment confirmations of the national payment platform;
- ``GET <link>`` of a submitted file (``TaiLieuNop[].DuongDanTepTin``).

Portal → MotCua: ``POST /dvcqg/ho-so`` ``{"MessageId", "HoSo": {...}}`` with the header
``X-DVCQG-Signature: hex(HMAC-SHA256(MOTCUA_DVCQG_SECRET, body))``.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-DVCQG-Signature"
DATE_FORMAT = "%Y%m%d%H%M%S"  # yyyyMMddHHmmss

# error_code values of our answers to the portal (``"0"`` = success, as the portal's own answers).
OK = "0"
BAD_SIGNATURE = "401"
BAD_REQUEST = "400"
REFUSED = "422"
SERVER_ERROR = "500"


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str, secret: str) -> bool:
    return bool(secret) and hmac.compare_digest(sign(body, secret), (signature or "").strip().lower())
