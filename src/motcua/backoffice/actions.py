"""The back-office actions: for each, its label, form, message and what to print.

What each action does is the domain's registry (``motcua.dossiers.services.actions``), shared
with the API; here is only the presentation. The view binds the form, checks the role, turns the
form's cleaned data into the registry's input (``action_input``) and presents the outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.backoffice.forms import actions as f
from motcua.backoffice.forms.result import record_from
from motcua.core.actor import Actor
from motcua.dossiers import rules
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import actions as registry
from motcua.dossiers.statuses import Status


def action_input(name: str, data: dict[str, Any]) -> dict[str, Any]:
    """The registry's input fields from a valid form's cleaned data (the result record and the
    files under the registry's names)."""
    values = dict(data)
    if name == "issue_result":
        values["record"] = record_from(data)
        values["files"] = [data["file"]] if data.get("file") else []
    if name == "supplement":
        values["files"] = list(data.get("files") or [])
    return values


@dataclass(frozen=True)
class ActionSpec:
    name: str
    label: Any
    form: type[f.ActionForm]
    done: Any  # success message
    prints: str = ""  # "mau-01" … "mau-04": offered right after the action
    danger: bool = False

    def run(self, d: Dossier, data: dict[str, Any], actor: Actor) -> Dossier:
        """Do the action with a valid form's cleaned data (one transaction, files included)."""
        action = registry.ACTIONS[self.name]
        return action.run(d.pk, action.build(action_input(self.name, data)), actor)


SPECS: list[ActionSpec] = [
    ActionSpec("receive", _("Tiếp nhận hồ sơ"), f.ActionForm, _("Đã tiếp nhận hồ sơ."), prints="mau-01"),
    ActionSpec(
        "request_supplement",
        _("Yêu cầu bổ sung hồ sơ (Mẫu 02)"),
        f.RequestSupplementForm,
        _("Đã gửi yêu cầu bổ sung hồ sơ."),
        prints="mau-02",
    ),
    ActionSpec(
        "refuse_reception",
        _("Từ chối tiếp nhận (Mẫu 03)"),
        f.ReasonsForm,
        _("Đã từ chối tiếp nhận hồ sơ."),
        prints="mau-03",
        danger=True,
    ),
    ActionSpec("supplement", _("Nhận hồ sơ bổ sung tại quầy"), f.SupplementForm, _("Đã nhận hồ sơ bổ sung.")),
    ActionSpec(
        "fee_paid",
        _("Xác nhận đã hoàn thành nghĩa vụ tài chính"),
        f.ActionForm,
        _("Đã xác nhận hoàn thành nghĩa vụ tài chính."),
    ),
    ActionSpec("forward", _("Chuyển xử lý"), f.ForwardForm, _("Đã chuyển hồ sơ.")),
    ActionSpec("assign", _("Phân công xử lý"), f.AssignForm, _("Đã phân công xử lý.")),
    ActionSpec("approve", _("Phê duyệt"), f.ActionForm, _("Đã phê duyệt hồ sơ.")),
    ActionSpec(
        "refuse",
        _("Từ chối giải quyết (Mẫu 03)"),
        f.ReasonsForm,
        _("Đã từ chối giải quyết hồ sơ."),
        prints="mau-03",
        danger=True,
    ),
    ActionSpec("issue_result", _("Tải kết quả lên và ban hành"), f.IssueResultForm, _("Đã ban hành kết quả.")),
    ActionSpec("return_result", _("Trả kết quả"), f.ActionForm, _("Đã trả kết quả cho người nộp.")),
    ActionSpec(
        "extend", _("Xin lỗi và hẹn lại ngày trả"), f.ExtendForm, _("Đã hẹn lại ngày trả kết quả."), prints="mau-04"
    ),
    ActionSpec("stop", _("Dừng giải quyết"), f.ReasonForm, _("Đã dừng giải quyết hồ sơ."), danger=True),
    ActionSpec("withdraw", _("Rút hồ sơ theo yêu cầu của người nộp"), f.ReasonForm, _("Đã rút hồ sơ."), danger=True),
]
ACTIONS: dict[str, ActionSpec] = {spec.name: spec for spec in SPECS}


def holds_role_for(user: Any, dossier: Dossier, action: str) -> bool:
    """Whether ``user`` holds a role that may perform ``action`` on ``dossier``, whatever its status.

    Used to tell "wrong role" (403) from "wrong moment" (the service answers 409); the rule is
    the services' own (``dossiers.rules.acting_role``), for the entry the service will check
    (request_supplement: the reception's while the dossier is submitted, else the review's).
    """
    spec = rules.entry_for(action, Status(dossier.status))
    return rules.acting_role(spec, rules.standing(user, dossier)) is not None
