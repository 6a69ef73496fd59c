"""Render notification templates with Django's engine; SMS text helpers (diacritics, segments).

Plain-text channels render with autoescape off; a missing variable renders empty. Pages that
show an in-app notice escape it when they print it.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.utils.translation import gettext as _

from motcua.notifications import conf

# Values used to check on save that a template renders and an SMS fits its segments.
SAMPLE_CONTEXT: dict[str, str] = {
    "code": "H26.101-261123-0001",
    "procedure": "Đăng ký khai sinh",
    "applicant_name": "Nguyễn Thị Hằng",
    "agency": "Ủy ban nhân dân Phường Hoàn Kiếm",
    "status": "Đã tiếp nhận",
    "due": "17:00 27/11/2026",
    "old_due": "17:00 27/11/2026",
    "new_due": "17:00 02/12/2026",
    "reason": "Cần xác minh thêm thông tin",
    "note": "Ghi chú của cán bộ",
    "items": "- Tờ khai: thiếu chữ ký",
    "answer_due": "17:00 22/01/2027",
    "amount": "10000",
    "amount_vnd": "10.000 đồng",
    "reference": "MC2611230001",
    "receipt_url": "https://dichvucong.example.vn/thanh-toan/bien-lai/1.pdf",
    "answer": "Đơn vị đã sửa chữa xong.",
    "url": "https://dichvucong.example.vn/tra-cuu/H26.101-261123-0001",
    "pay_url": "https://dichvucong.example.vn/thanh-toan/H26.101-261123-0001/",
    "rate_url": "https://dichvucong.example.vn/phan-anh/danh-gia/H26.101-261123-0001/",
    "official_name": "Trần Văn Bình",
    "feedback_id": "1024",
    "title": "Đèn đường hỏng",
}


@lru_cache(maxsize=1)
def engine() -> Engine:
    return Engine(autoescape=False, string_if_invalid="", debug=False)


def render(source: str, context: dict[str, Any]) -> str:
    """Render ``source`` (Django template syntax) over ``context``; missing variables are empty."""
    if not source:
        return ""
    return engine().from_string(source).render(Context(context, autoescape=False))


def strip_diacritics(text: str) -> str:
    """Return ``text`` without Vietnamese diacritics, keeping case ("Đã gửi" → "Da gui")."""
    text = text.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))


# GSM 03.38 default alphabet and its extension table (extension characters count twice).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿"
    "abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")


def sms_encoding(text: str) -> str:
    """Return "gsm7" when every character is in the GSM-7 alphabet, else "ucs2"."""
    return "gsm7" if all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text) else "ucs2"


def sms_segments(text: str) -> int:
    """Return the number of SMS segments: 160/153 GSM-7 septets or 70/67 UCS-2 characters."""
    if sms_encoding(text) == "gsm7":
        units = sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)
        single, multi = 160, 153
    else:
        units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)
        single, multi = 70, 67
    if units <= single:
        return 1
    return -(-units // multi)


def sms_text(source: str, context: dict[str, Any], *, ascii_only: bool) -> str:
    """Render an SMS template: one line of text, without diacritics when ``ascii_only``."""
    text = " ".join(render(source, context).split())
    return strip_diacritics(text) if ascii_only else text


def validate_template(tpl: Any) -> None:
    """Raise ``ValidationError`` when a template does not compile, lacks a part, or an SMS is too long."""
    errors: dict[str, list[str]] = {}
    params = tpl.zalo_params if isinstance(tpl.zalo_params, dict) else {}
    sources = {"subject": tpl.subject, "body": tpl.body}
    sources.update({f"zalo_params.{k}": v for k, v in params.items() if isinstance(v, str)})
    for field, source in sources.items():
        try:
            engine().from_string(source or "")
        except TemplateSyntaxError as exc:
            errors.setdefault(field.split(".")[0], []).append(_("Mẫu không hợp lệ: %(error)s") % {"error": exc})
    if not isinstance(tpl.zalo_params, dict) or any(not isinstance(v, str) for v in (tpl.zalo_params or {}).values()):
        errors.setdefault("zalo_params", []).append(_("Tham số ZNS phải là một đối tượng JSON: tên → mẫu nội dung."))
    if errors:
        raise ValidationError(errors)
    if tpl.channel in {"email", "in_app"} and not (tpl.subject or "").strip():
        errors["subject"] = [_("Cần có tiêu đề.")]
    if tpl.channel in {"email", "in_app", "sms"} and not (tpl.body or "").strip():
        errors["body"] = [_("Cần có nội dung.")]
    if tpl.channel == "zalo" and tpl.active and not (tpl.zalo_template_id or "").strip():
        errors["zalo_template_id"] = [_("Cần có mã mẫu ZNS đã được Zalo duyệt.")]
    if tpl.channel == "sms" and tpl.body:
        sample = sms_text(tpl.body, SAMPLE_CONTEXT, ascii_only=tpl.sms_ascii)
        segments, limit = sms_segments(sample), conf.sms_max_segments()
        if segments > limit:
            errors["body"] = [
                _("Tin nhắn mẫu dài %(n)s phần (tối đa %(max)s): %(chars)s ký tự %(enc)s.")
                % {"n": segments, "max": limit, "chars": len(sample), "enc": sms_encoding(sample).upper()}
            ]
    if errors:
        raise ValidationError(errors)
