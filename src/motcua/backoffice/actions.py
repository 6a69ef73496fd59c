"""The back-office actions: for each, its form, the lifecycle call, the message and what to print.

Every call goes through ``motcua.dossiers.services`` (the one write path); the view only binds
the form, checks the role, and presents the outcome.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.backoffice.forms import actions as f
from motcua.backoffice.forms.result import record_from
from motcua.core.actor import Actor
from motcua.core.errors import Conflict
from motcua.dossiers.models import Dossier, DossierDocument
from motcua.dossiers.services import documents, lifecycle
from motcua.dossiers.statuses import TRANSITIONS, Scope
from motcua.organisation.permissions import roles_at

Run = Callable[[Dossier, dict[str, Any], Actor], Dossier]


def same_version(d: Dossier, data: dict[str, Any]) -> None:
    """Refuse before uploading files when the dossier changed since the page was shown."""
    if d.version != data["version"]:
        raise Conflict(_("Hồ sơ vừa được người khác cập nhật. Vui lòng tải lại và thực hiện lại."),
                       code="version_conflict", details={"expected_version": data["version"], "version": d.version})


def _issue_result(d: Dossier, data: dict[str, Any], actor: Actor) -> Dossier:
    same_version(d, data)
    if data.get("file"):
        documents.upload_document(d.pk, actor=actor, kind=DossierDocument.Kind.RESULT, upload=data["file"])
    return lifecycle.issue_result(d.pk, actor=actor, record=record_from(data), note=data["note"],
                                  version=data["version"])


def _supplement(d: Dossier, data: dict[str, Any], actor: Actor) -> Dossier:
    same_version(d, data)
    for upload in data.get("files") or []:
        documents.upload_document(d.pk, actor=actor, kind=DossierDocument.Kind.SUPPLEMENT, upload=upload)
    return lifecycle.supplement(d.pk, actor=actor, note=data["note"], version=data["version"])


@dataclass(frozen=True)
class ActionSpec:
    name: str
    label: Any
    form: type[f.ActionForm]
    run: Run
    done: Any  # success message
    prints: str = ""  # "mau-01" … "mau-04": offered right after the action
    danger: bool = False


SPECS: list[ActionSpec] = [
    ActionSpec("receive", _("Tiếp nhận hồ sơ"), f.ActionForm,
               lambda d, x, a: lifecycle.receive(d.pk, actor=a, note=x["note"], version=x["version"]),
               _("Đã tiếp nhận hồ sơ."), prints="mau-01"),
    ActionSpec("request_supplement", _("Yêu cầu bổ sung hồ sơ (Mẫu 02)"), f.RequestSupplementForm,
               lambda d, x, a: lifecycle.request_supplement(d.pk, actor=a, items=x["items"], note=x["note"],
                                                            version=x["version"]),
               _("Đã gửi yêu cầu bổ sung hồ sơ."), prints="mau-02"),
    ActionSpec("refuse_reception", _("Từ chối tiếp nhận (Mẫu 03)"), f.ReasonsForm,
               lambda d, x, a: lifecycle.refuse_at_reception(d.pk, actor=a, reasons=x["reasons"],
                                                             version=x["version"]),
               _("Đã từ chối tiếp nhận hồ sơ."), prints="mau-03", danger=True),
    ActionSpec("supplement", _("Nhận hồ sơ bổ sung tại quầy"), f.SupplementForm, _supplement,
               _("Đã nhận hồ sơ bổ sung.")),
    ActionSpec("fee_paid", _("Xác nhận đã hoàn thành nghĩa vụ tài chính"), f.ActionForm,
               lambda d, x, a: lifecycle.fee_paid(d.pk, actor=a, note=x["note"], version=x["version"]),
               _("Đã xác nhận hoàn thành nghĩa vụ tài chính.")),
    ActionSpec("forward", _("Chuyển xử lý"), f.ForwardForm,
               lambda d, x, a: lifecycle.forward(d.pk, actor=a, to_agency_code=x["to_agency"], note=x["note"],
                                                 version=x["version"]),
               _("Đã chuyển hồ sơ.")),
    ActionSpec("assign", _("Phân công xử lý"), f.AssignForm,
               lambda d, x, a: lifecycle.assign(d.pk, actor=a, assignee_username=x["assignee"], note=x["note"],
                                                version=x["version"]),
               _("Đã phân công xử lý.")),
    ActionSpec("approve", _("Phê duyệt"), f.ActionForm,
               lambda d, x, a: lifecycle.approve(d.pk, actor=a, note=x["note"], version=x["version"]),
               _("Đã phê duyệt hồ sơ.")),
    ActionSpec("refuse", _("Từ chối giải quyết (Mẫu 03)"), f.ReasonsForm,
               lambda d, x, a: lifecycle.refuse(d.pk, actor=a, reasons=x["reasons"], version=x["version"]),
               _("Đã từ chối giải quyết hồ sơ."), prints="mau-03", danger=True),
    ActionSpec("issue_result", _("Tải kết quả lên và ban hành"), f.IssueResultForm, _issue_result,
               _("Đã ban hành kết quả.")),
    ActionSpec("return_result", _("Trả kết quả"), f.ActionForm,
               lambda d, x, a: lifecycle.return_result(d.pk, actor=a, note=x["note"], version=x["version"]),
               _("Đã trả kết quả cho người nộp.")),
    ActionSpec("extend", _("Xin lỗi và hẹn lại ngày trả"), f.ExtendForm,
               lambda d, x, a: lifecycle.extend(d.pk, actor=a, new_due_at=x["new_due_at"], reason=x["reason"],
                                                version=x["version"]),
               _("Đã hẹn lại ngày trả kết quả."), prints="mau-04"),
    ActionSpec("stop", _("Dừng giải quyết"), f.ReasonForm,
               lambda d, x, a: lifecycle.stop(d.pk, actor=a, reason=x["reason"], version=x["version"]),
               _("Đã dừng giải quyết hồ sơ."), danger=True),
    ActionSpec("withdraw", _("Rút hồ sơ theo yêu cầu của người nộp"), f.ReasonForm,
               lambda d, x, a: lifecycle.withdraw(d.pk, actor=a, reason=x["reason"], version=x["version"]),
               _("Đã rút hồ sơ."), danger=True),
]
ACTIONS: dict[str, ActionSpec] = {spec.name: spec for spec in SPECS}


def holds_role_for(user: Any, dossier: Dossier, action: str) -> bool:
    """Whether ``user`` holds a role that may perform ``action`` on ``dossier`` in some status.

    Used to tell "wrong role" (403) from "wrong moment" (the service answers 409).
    """
    names = ["request_supplement_reception", "request_supplement_review"] if action == "request_supplement" else [action]
    for name in names:
        spec = TRANSITIONS[name]
        if spec.scope == Scope.APPLICANT:
            if "reception" in roles_at(user, dossier.receiving_agency_id):
                return True
            continue
        agency = dossier.receiving_agency_id if spec.scope == Scope.RECEIVING else dossier.handling_agency_id
        if roles_at(user, agency) & spec.roles:
            return True
    return False
