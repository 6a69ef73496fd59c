"""Deliver dossier notices queued in the outbox: e-mail to the applicant for the events they care about.

Online filings get the reception answer by e-mail (Decree 61/2018 art. 17). Runs in the worker,
never inside a request's transaction.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _

from motcua.core import outbox
from motcua.core.clock import VN_TZ
from motcua.dossiers.models import Dossier, DossierEvent


def _subjects() -> dict[str, str]:
    return {
        "submit": _("Hồ sơ %(code)s đã được gửi"),
        "receive": _("Hồ sơ %(code)s đã được tiếp nhận"),
        "request_supplement_reception": _("Hồ sơ %(code)s cần bổ sung"),
        "request_supplement_review": _("Hồ sơ %(code)s cần bổ sung"),
        "refuse_reception": _("Hồ sơ %(code)s bị từ chối tiếp nhận"),
        "refuse": _("Hồ sơ %(code)s bị từ chối giải quyết"),
        "issue_result": _("Hồ sơ %(code)s đã có kết quả"),
        "return_result": _("Hồ sơ %(code)s đã trả kết quả"),
        "extend": _("Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ %(code)s"),
        "stop": _("Hồ sơ %(code)s đã dừng giải quyết"),
        "withdraw": _("Hồ sơ %(code)s đã được rút"),
    }


@outbox.register("dossier.event")
def send_dossier_notice(payload: dict[str, Any]) -> None:
    """E-mail the applicant about one history event, if it is one they are told about."""
    with translation.override("vi"):
        subjects = _subjects()
        action = payload.get("action", "")
        if action not in subjects:
            return
        dossier = Dossier.objects.select_related("procedure_version").get(pk=payload["dossier_id"])
        event = DossierEvent.objects.get(pk=payload["event_id"])
        if not dossier.applicant_email:
            return
        lines = [
            _("Kính gửi %(name)s,") % {"name": dossier.applicant_name},
            "",
            _("Thủ tục: %(name)s") % {"name": dossier.procedure_version.name},
            _("Mã hồ sơ: %(code)s") % {"code": dossier.code},
            _("Trạng thái: %(status)s") % {"status": dossier.get_status_display()},
        ]
        if dossier.due_at and action in {"receive", "extend", "supplement"}:
            lines.append(_("Ngày hẹn trả kết quả: %(due)s") % {"due": dossier.due_at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y")})
        if event.note:
            lines.append(_("Nội dung: %(note)s") % {"note": event.note})
        for item in event.data.get("items", []):
            lines.append(f"- {item['name']}: {item['reason']}")
        lines += ["", _("Tra cứu hồ sơ: %(url)s") % {"url": f"{settings.MOTCUA_PUBLIC_URL}/api/v1/track/{dossier.code}"}]
        send_mail(subjects[action] % {"code": dossier.code}, "\n".join(lines), None, [dossier.applicant_email])
