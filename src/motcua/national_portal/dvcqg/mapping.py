"""The field mapping between MotCua and the national public service portal (both ways), in one place.

Source: the message fields known from practice (``docs/domain.md`` §9: the portal's dossier and
QuaTrinhXuLy messages, ``error_code "0"``); the official specification (Circular 04/2025/TT-VPCP,
from 25 January 2026) could not be consulted, so the status codes are a setting
(``MOTCUA_DVCQG_STATUS_MAP``) over the built-in map of ``dossiers.statuses.NATIONAL_STATUS``, and
every other name is here and only here (``docs/integrations/dvcqg.md`` lists them).

- ``intake_*``: a dossier message from the portal → what the submission service takes;
- ``status_message``: a dossier and one of its history lines → the sync message (HoSo + QuaTrinhXuLy);
- ``catalogue_from``: the portal's procedure records (CSDL TTHC) → the import format ``motcua.catalogue/1``;
- ``payment_from``: a payment platform confirmation → its plain values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from motcua.accounts.models import NATIONAL_APPLICANT_TYPE
from motcua.core.clock import VN_TZ
from motcua.dossiers import notes
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.statuses import EVENT_LABELS, NATIONAL_STATUS, Status
from motcua.national_portal import conf
from motcua.national_portal.dvcqg import DATE_FORMAT

APPLICANT_TYPE_OF_CODE = {str(code): name for name, code in NATIONAL_APPLICANT_TYPE.items()}
CODE = re.compile(r"^[0-9A-Za-z._:/-]{1,60}$")
# The fields a dossier message must carry (the rest are optional).
REQUIRED = ("MaHoSo", "MaTTHC", "DonViXuLy", "ChuHoSo", "LoaiDoiTuong")
ROLE_TITLES = {
    "reception": "Cán bộ tiếp nhận",
    "specialist": "Chuyên viên",
    "head": "Lãnh đạo",
    "clerk": "Văn thư",
    "applicant": "Người nộp hồ sơ",
    "system": "Hệ thống",
}


# --- dates ----------------------------------------------------------------------------------------


def date_out(moment: datetime | None) -> str:
    """A time as the portal writes it: ``yyyyMMddHHmmss`` in Vietnam time ("" for none)."""
    return moment.astimezone(VN_TZ).strftime(DATE_FORMAT) if moment else ""


def date_in(text: Any) -> datetime | None:
    """Read a ``yyyyMMddHHmmss`` time (Vietnam time); None when empty or not such a time."""
    try:
        return datetime.strptime(str(text or ""), DATE_FORMAT).replace(tzinfo=VN_TZ)
    except ValueError:
        return None


# --- statuses -------------------------------------------------------------------------------------


def status_map() -> dict[str, str]:
    """Local status → TrangThaiHoSo: the built-in map, overridden key by key by ``MOTCUA_DVCQG_STATUS_MAP``."""
    built_in = {status.value: str(code) for status, code in NATIONAL_STATUS.items()}
    return {**built_in, **conf.status_map_override()}


def national_status(status: str) -> str:
    return status_map().get(status, "")


# --- the dossier message from the portal -----------------------------------------------------------


@dataclass(frozen=True)
class IncomingFile:
    requirement_code: str  # MaThanhPhanHoSo: the catalogue's document code
    name: str
    link: str
    digitised: bool = False  # DuocSoHoa
    reused: bool = False  # DuocTaiSuDung
    from_national_store: bool = False  # DuocLayTuKhoDMQG


@dataclass(frozen=True)
class IncomingDossier:
    national_code: str
    procedure_code: str
    agency_code: str
    applicant_type: str
    name: str
    id_number: str
    phone: str
    email: str
    address: str
    summary: str
    form_data: dict[str, Any]
    files: tuple[IncomingFile, ...] = field(default=())
    vneid_verified: bool = False
    paid_online: bool = False


def intake_errors(hoso: Any) -> dict[str, str]:
    """What is missing or malformed in a dossier message (field → problem); empty when it is well formed."""
    if not isinstance(hoso, dict):
        return {"HoSo": "not an object"}
    errors = {key: "required" for key in REQUIRED if not str(hoso.get(key) or "").strip()}
    if "MaHoSo" not in errors and not CODE.match(str(hoso["MaHoSo"])):
        errors["MaHoSo"] = "bad code"
    if "LoaiDoiTuong" not in errors and str(hoso["LoaiDoiTuong"]) not in APPLICANT_TYPE_OF_CODE:
        errors["LoaiDoiTuong"] = "one of 1, 2, 3, 4"
    if not isinstance(hoso.get("DuLieuToKhai", {}), dict):
        errors["DuLieuToKhai"] = "not an object"
    files = hoso.get("TaiLieuNop", [])
    if not isinstance(files, list) or not all(
        isinstance(f, dict) and f.get("MaThanhPhanHoSo") and f.get("DuongDanTepTin") for f in files
    ):
        errors["TaiLieuNop"] = "a list of {MaThanhPhanHoSo, TenTepTin, DuongDanTepTin}"
    return errors


def _flag(value: Any) -> bool:
    return value in (True, 1, "1", "true", "True")


def intake_from(hoso: dict[str, Any]) -> IncomingDossier:
    """The portal's dossier message (checked by ``intake_errors``) → the values MotCua files it with."""
    return IncomingDossier(
        national_code=str(hoso["MaHoSo"]).strip(),
        procedure_code=str(hoso["MaTTHC"]).strip(),
        agency_code=str(hoso["DonViXuLy"]).strip(),
        applicant_type=APPLICANT_TYPE_OF_CODE[str(hoso["LoaiDoiTuong"])],
        name=str(hoso["ChuHoSo"]).strip()[:200],
        id_number=str(hoso.get("SoGiayToChuHoSo") or "").strip()[:20],
        phone=str(hoso.get("SoDienThoai") or "").strip()[:20],
        email=str(hoso.get("Email") or "").strip()[:254],
        address=str(hoso.get("DiaChiChuHoSo") or "").strip()[:300],
        summary=str(hoso.get("TrichYeuHoSo") or "").strip()[:500],
        form_data=dict(hoso.get("DuLieuToKhai") or {}),
        files=tuple(
            IncomingFile(
                requirement_code=str(f["MaThanhPhanHoSo"]),
                name=str(f.get("TenTepTin") or "tep-tin.pdf")[:200],
                link=str(f["DuongDanTepTin"]),
                digitised=_flag(f.get("DuocSoHoa")),
                reused=_flag(f.get("DuocTaiSuDung")),
                from_national_store=_flag(f.get("DuocLayTuKhoDMQG")),
            )
            for f in hoso.get("TaiLieuNop", [])
        ),
        vneid_verified=_flag(hoso.get("TaiKhoanDuocXacThucVoiVNeID")),
        paid_online=_flag(hoso.get("DuocThanhToanTrucTuyen")),
    )


# --- the status and step message to the portal -----------------------------------------------------


@dataclass(frozen=True)
class ResultFile:
    name: str
    link: str


def dossier_message(dossier: Dossier, *, national_code: str, results: list[ResultFile]) -> dict[str, Any]:
    """The dossier part (HoSo) of a sync message: identity, applicant, dates, status, results."""
    version = dossier.procedure_version
    return {
        "MaHoSo": national_code or dossier.code,
        "MaHoSoDiaPhuong": dossier.code,
        "MaTTHC": version.procedure.code,
        "TenTTHC": version.name,
        "MaLinhVuc": dossier.field.code if dossier.field is not None else "",
        "TenLinhVuc": dossier.field.name if dossier.field is not None else "",
        "KenhThucHien": dossier.channel,
        "ChuHoSo": dossier.applicant_name,
        "SoGiayToChuHoSo": dossier.applicant_id_number,
        "LoaiDoiTuong": NATIONAL_APPLICANT_TYPE.get(dossier.applicant_type, 4),
        "Email": dossier.applicant_email,
        "SoDienThoai": dossier.applicant_phone,
        "TrichYeuHoSo": dossier.summary,
        "NgayNopHoSo": date_out(dossier.submitted_at),
        "NgayTiepNhan": date_out(dossier.received_at),
        "NgayHenTra": date_out(dossier.due_at),
        "TrangThaiHoSo": national_status(dossier.status),
        "NgayKetThucXuLy": date_out(dossier.finished_at),
        "NgayTra": date_out(dossier.returned_at),
        "DonViXuLy": dossier.handling_agency.name,
        "MaDonViXuLy": dossier.handling_agency.code,
        "DanhSachGiayToKetQua": [
            {
                "TenGiayTo": r.name,
                "SoKyHieu": dossier.result_number,
                "NgayBanHanh": dossier.result_date.strftime("%Y%m%d") if dossier.result_date else "",
                "NguoiKy": dossier.result_signer_name,
                "DuongDanTepTin": r.link,
            }
            for r in results
        ],
    }


def step_message(dossier: Dossier, event: DossierEvent, *, national_code: str) -> dict[str, Any]:
    """One processing step (QuaTrinhXuLy) from a history line; an internal note is not sent."""
    label = str(EVENT_LABELS.get(event.action, event.action))
    note = notes.for_applicant(event)
    return {
        "MaHoSo": national_code or dossier.code,
        "NguoiXuLy": event.actor_name,
        "ChucDanh": ROLE_TITLES.get(event.actor_role, event.actor_role),
        "ThoiDiemXuLy": date_out(event.at),
        "PhongBanXuLy": (event.agency or dossier.handling_agency).name,
        "NoiDungXuLy": f"{label}: {note}" if note else label,
        "TrangThai": national_status(event.to_status),
        "NgayBatDau": date_out(event.at),
        "NgayKetThucTheoQuyDinh": date_out(dossier.due_at),
    }


def status_message(
    dossier: Dossier, event: DossierEvent, *, message_id: str, national_code: str, results: list[ResultFile]
) -> dict[str, Any]:
    """The whole sync message of one history line: the dossier as it was after it, and the step.

    ``TrangThaiHoSo`` is the status the line left the dossier in (not the current one), so a message
    resent later still says what happened at that step.
    """
    hoso = dossier_message(dossier, national_code=national_code, results=results)
    hoso["TrangThaiHoSo"] = national_status(event.to_status)
    return {
        "MessageId": message_id,
        "HoSo": hoso,
        "QuaTrinhXuLy": [step_message(dossier, event, national_code=national_code)],
    }


# --- the procedure database (CSDL TTHC) → the import format ----------------------------------------

LEVELS = {"1": "province", "2": "department", "3": "commune", "tinh": "province", "so": "department", "xa": "commune"}
ONLINE = {"toan_trinh": "full", "mot_phan": "partial", "2": "full", "1": "partial", "0": "none"}


def _amount(value: Any) -> str:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return "0"
    return format(number.normalize(), "f") if number >= 0 else "0"


def procedure_from(record: dict[str, Any]) -> dict[str, Any]:
    """One national procedure record → one ``procedures[]`` entry of ``motcua.catalogue/1``."""
    types = [
        APPLICANT_TYPE_OF_CODE[str(t)] for t in record.get("DoiTuongThucHien", []) if str(t) in APPLICANT_TYPE_OF_CODE
    ]
    return {
        "code": str(record.get("MaTTHC", "")),
        "name": str(record.get("TenTTHC", "")),
        "field": str(record.get("MaLinhVuc", "")),
        "implementing_level": LEVELS.get(str(record.get("CapThucHien", "")), "commune"),
        "applicant_types": types or ["citizen"],
        "online_level": ONLINE.get(str(record.get("MucDoDVC", "")), "none"),
        "processing_time": {"unit": "working_days", "amount": _amount(record.get("ThoiHanGiaiQuyet", 0))},
        "result_type": str(record.get("KetQuaThucHien", "") or "Kết quả giải quyết"),
        "legal_basis": str(record.get("CanCuPhapLy", "")),
        "documents": [
            {
                "code": str(d.get("MaGiayTo", "")),
                "name": str(d.get("TenGiayTo", "")),
                "count": max(int(d.get("SoLuong", 1) or 1), 1),
                "required": _flag(d.get("BatBuoc", True)),
            }
            for d in record.get("ThanhPhanHoSo", [])
            if isinstance(d, dict)
        ],
        "fees": [
            {
                "kind": "fee" if str(f.get("Loai", "le_phi")) == "le_phi" else "charge",
                "name": str(f.get("TenPhiLePhi", "")),
                "amount": max(int(f.get("MucPhi", 0) or 0), 0),
            }
            for f in record.get("PhiLePhi", [])
            if isinstance(f, dict)
        ],
    }


def catalogue_from(records: list[dict[str, Any]]) -> dict[str, Any]:
    """The portal's procedure records → one ``motcua.catalogue/1`` document (its fields from the records)."""
    fields = {str(r.get("MaLinhVuc", "")): str(r.get("TenLinhVuc", "")) for r in records if isinstance(r, dict)}
    return {
        "format": "motcua.catalogue/1",
        "fields": [{"code": code, "name": name} for code, name in fields.items()],
        "procedures": [procedure_from(r) for r in records if isinstance(r, dict)],
    }


# --- the payment platform's confirmation ------------------------------------------------------------


@dataclass(frozen=True)
class PaymentConfirmation:
    transaction: str  # MaGiaoDich
    dossier_code: str  # MaHoSo (national or local)
    amount: int  # SoTien, VND
    paid_at: datetime | None  # ThoiGianThanhToan
    payer: str  # NguoiNop


def payment_from(record: Any) -> PaymentConfirmation | None:
    """A confirmation record → its values; None when it lacks the transaction, the dossier or an amount."""
    if not isinstance(record, dict):
        return None
    try:
        amount = int(record.get("SoTien"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    transaction, code = str(record.get("MaGiaoDich") or ""), str(record.get("MaHoSo") or "")
    if not transaction or not code or amount <= 0:
        return None
    return PaymentConfirmation(
        transaction=transaction[:100],
        dossier_code=code[:60],
        amount=amount,
        paid_at=date_in(record.get("ThoiGianThanhToan")),
        payer=str(record.get("NguoiNop") or "")[:200],
    )


def local_status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status
