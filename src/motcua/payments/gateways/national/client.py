"""Our client of gateway A, the national payment platform style: INIT, NOTIFY and QUERY."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from motcua.core import clock
from motcua.payments import conf
from motcua.payments.gateways import Notice, Sent, Start, Status, Verdict, national, return_url
from motcua.payments.models import Payment
from motcua.payments.services.http import post_json

# The answer to a notification, by verdict: MaLoi and MoTaLoi.
ANSWERS = {
    Verdict.BAD_SIGNATURE: (national.ERR_SIGNATURE, "Sai chữ ký"),
    Verdict.NOT_FOUND: (national.ERR_NOT_FOUND, "Không tìm thấy"),
    Verdict.BAD_AMOUNT: (national.ERR_AMOUNT, "Sai số tiền"),
    Verdict.CLOSED: (national.ERR_EXPIRED, "Hết hạn"),
    Verdict.DUPLICATE: (national.OK, "Thành công"),
    Verdict.EXPIRED: (national.ERR_EXPIRED, "Hết hạn"),
    Verdict.PAID: (national.OK, "Thành công"),
    Verdict.FAILED: (national.OK, "Thành công"),
}


class NationalClient:
    def start(self, payment: Payment) -> Start:
        """The signed INIT; the platform answers it with the payment URL (``send``)."""
        dossier = payment.dossier
        message = {
            "LoaiBanTin": "INIT",
            "PhienBan": national.VERSION,
            "MaDoiTac": conf.gateway_a_merchant(),
            "MaThamChieu": payment.reference,
            "MaHoSo": dossier.code,
            "MaTTHC": dossier.procedure_version.procedure.code,
            "TenTTHC": dossier.procedure_version.name,
            "HoTenNguoiNop": dossier.applicant_name,
            "SoGiayToNguoiNop": dossier.applicant_id_number,
            "SoTien": payment.amount,
            "MaTienTe": "VND",
            "ThoiGianGD": national.timestamp(payment.created_at),
            "ThoiGianHetHan": national.timestamp(payment.expires_at or payment.created_at),
            "UrlTraVe": return_url(payment),
            "UrlThongBao": conf.public_url() + reverse("api-v1:national_callback"),
            "DanhSachPhiLePhi": [
                {"LoaiPhiLePhi": line["kind"], "TenPhiLePhi": line["name"], "SoTien": line["charged"]}
                for line in payment.fee_lines
                if line["charged"] > 0
            ],
        }
        return Start(request=national.sign(message, national.INIT_FIELDS, conf.gateway_a_secret()))

    def send(self, request: dict[str, Any]) -> Sent:
        answer = post_json(f"{conf.gateway_a_url()}/init", request)
        ok = national.verify(answer, national.INIT_ANSWER_FIELDS, conf.gateway_a_secret())
        code = str(answer.get("MaLoi", ""))
        return Sent(
            answer=answer,
            signature_ok=ok,
            accepted=ok and answer.get("MaLoi") == national.OK,
            reference=str(answer.get("MaThamChieu", "")),
            redirect_url=str(answer.get("UrlThanhToan", "")),
            gateway_reference=str(answer.get("MaGiaoDich", "")),
            code=code,
            details={"MaLoi": code},
        )

    def read(self, body: dict[str, Any]) -> Notice:
        signed = (
            national.verify(body, national.NOTIFY_FIELDS, conf.gateway_a_secret())
            and body.get("MaDoiTac") == conf.gateway_a_merchant()
        )
        return Notice(
            raw=body,
            signed=signed,
            reference=str(body.get("MaThamChieu", "")),
            amount_ok=lambda amount: str(body.get("SoTien")) == str(amount) and body.get("MaTienTe") == "VND",
            paid=body.get("TrangThai") == national.PAID,
            gateway_reference=str(body.get("MaGiaoDich", ""))[:100],
            failure_reason=f"TrangThai {body.get('TrangThai', '')}",
        )

    def answer(self, notice: Notice, verdict: Verdict) -> dict[str, Any]:
        code, text = ANSWERS[verdict]
        return national.sign(
            {"MaLoi": code, "MoTaLoi": text, "MaThamChieu": notice.reference},
            ("MaLoi", "MaThamChieu"),
            conf.gateway_a_secret(),
        )

    def query(self, payment: Payment) -> Status:
        secret = conf.gateway_a_secret()
        request = national.sign(
            {
                "LoaiBanTin": "QUERY",
                "PhienBan": national.VERSION,
                "MaDoiTac": conf.gateway_a_merchant(),
                "MaThamChieu": payment.reference,
                "ThoiGianGD": national.timestamp(clock.now()),
            },
            national.QUERY_FIELDS,
            secret,
        )
        answer = post_json(f"{conf.gateway_a_url()}/query", request)
        return Status(
            answer=answer,
            signature_ok=national.verify(answer, national.QUERY_ANSWER_FIELDS, secret)
            and answer.get("MaThamChieu") == payment.reference,
            state={national.PAID: "paid", national.FAILED: "failed"}.get(str(answer.get("TrangThai")), "pending"),
            amount_ok=str(answer.get("SoTien")) == str(payment.amount) and answer.get("MaTienTe") == "VND",
            gateway_reference=str(answer.get("MaGiaoDich", "")),
        )
