"""Dossier statuses, their national codes, and the table of allowed transitions.

This table is the only place that says which action may move a dossier from which status to
which, and who may do it (uploads included, as entries that change no status); ``rules.acting_role``
reads it for the services, the buttons and the back office alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop as N_


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Mới đăng ký")
    RECEIVED = "received", _("Đã tiếp nhận")
    NOT_RECEIVED = "not_received", _("Từ chối tiếp nhận")
    PROCESSING = "processing", _("Đang xử lý")
    APPROVED = "approved", _("Đã phê duyệt, chờ ban hành kết quả")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
    FEE_REQUESTED = "fee_requested", _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ theo yêu cầu")
    STOPPED = "stopped", _("Dừng xử lý")
    REFUSED = "refused", _("Từ chối giải quyết")
    RESULT_READY = "result_ready", _("Đã có kết quả")
    RETURNED = "returned", _("Đã trả kết quả")


# TrangThaiHoSo of the national portal (Circular 04/2025/TT-VPCP; domain.md §3).
NATIONAL_STATUS: dict[Status, int] = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.NOT_RECEIVED: 3,
    Status.PROCESSING: 4,
    Status.APPROVED: 4,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.FEE_REQUESTED: 6,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    Status.REFUSED: 9,
    Status.RESULT_READY: 9,
    Status.RETURNED: 10,
}

# Statuses in which the dossier is finished: no further processing, only return.
FINISHED = frozenset({Status.RESULT_READY, Status.REFUSED})
CLOSED = frozenset({Status.NOT_RECEIVED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED})
OPEN = frozenset(set(Status) - FINISHED - CLOSED)
# Received and not yet finished: the due-time clock applies.
IN_PROCESS = frozenset(
    {Status.RECEIVED, Status.PROCESSING, Status.APPROVED, Status.SUPPLEMENT_REQUESTED, Status.FEE_REQUESTED}
)
# In process with the clock running. The clock is paused (a ClockPause row) while the dossier waits
# for the applicant: a supplement, or the fees of a procedure paid before processing
# (services/reception.accept). Only these dossiers can be due soon or overdue.
CLOCK_RUNNING = IN_PROCESS - {Status.SUPPLEMENT_REQUESTED, Status.FEE_REQUESTED}


class Channel(models.IntegerChoices):
    """KenhThucHien of the national portal."""

    IN_PERSON = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POSTAL = 3, _("Bưu chính công ích")


class Timeliness(models.TextChoices):
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")


class Scope(models.TextChoices):
    """Whose role the actor must hold: at the agency that received the dossier, or that handles it now."""

    APPLICANT = "applicant"
    RECEIVING = "receiving"
    HANDLING = "handling"
    STEP = "step"  # the role and body of one open step of the dossier's internal process (``roles``, if
    # any, also restrict the step's role)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[Status]
    target: Status | None  # None: decided by the service (e.g. back to the status before a supplement)
    roles: frozenset[str]  # organisation.Role values; empty for applicant actions
    scope: Scope
    label: str  # marked with gettext_noop; translate where shown: gettext(spec.label)
    # An upload of this DossierDocument kind (an entry that changes no status; its history line is
    # "upload"): the sources are the statuses that allow it, the roles and scope who may upload.
    upload: str = ""


def _t(
    action: str,
    sources: set[Status] | frozenset[Status],
    target: Status | None,
    roles: set[str],
    scope: Scope,
    label: str,
    upload: str = "",
) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), scope, label, upload)


S = Status
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        # Decree 61/2018 art. 17: at reception the officer receives, asks once for all missing items, or refuses.
        # Target: received, or fee_requested (6) when the procedure wants payment before processing.
        _t("receive", {S.SUBMITTED}, None, {"reception"}, Scope.RECEIVING, N_("Tiếp nhận hồ sơ")),
        _t("fee_paid", {S.FEE_REQUESTED}, None, {"reception"}, Scope.RECEIVING, N_("Hoàn thành nghĩa vụ tài chính")),
        _t(
            "request_supplement_reception",
            {S.SUBMITTED},
            S.SUPPLEMENT_REQUESTED,
            {"reception"},
            Scope.RECEIVING,
            N_("Yêu cầu bổ sung hồ sơ (khi tiếp nhận)"),
        ),
        _t(
            "refuse_reception",
            {S.SUBMITTED, S.SUPPLEMENT_REQUESTED},
            S.NOT_RECEIVED,
            {"reception"},
            Scope.RECEIVING,
            N_("Từ chối tiếp nhận"),
        ),
        # Decree 61/2018 art. 18-19: forward, assign, review, supplement after review, approve or refuse.
        _t(
            "forward",
            {S.RECEIVED, S.PROCESSING},
            S.PROCESSING,
            {"reception", "head"},
            Scope.HANDLING,
            N_("Chuyển xử lý"),
        ),
        _t("assign", {S.RECEIVED, S.PROCESSING}, S.PROCESSING, {"head"}, Scope.HANDLING, N_("Phân công xử lý")),
        _t(
            "request_supplement_review",
            {S.RECEIVED, S.PROCESSING},
            S.SUPPLEMENT_REQUESTED,
            {"specialist", "head"},
            Scope.HANDLING,
            N_("Yêu cầu bổ sung hồ sơ (khi thẩm định)"),
        ),
        _t("supplement", {S.SUPPLEMENT_REQUESTED}, None, set(), Scope.APPLICANT, N_("Bổ sung hồ sơ")),
        _t("approve", {S.PROCESSING}, S.APPROVED, {"head"}, Scope.HANDLING, N_("Phê duyệt")),
        _t("refuse", {S.PROCESSING, S.APPROVED}, S.REFUSED, {"head"}, Scope.HANDLING, N_("Từ chối giải quyết")),
        _t("issue_result", {S.APPROVED}, S.RESULT_READY, {"clerk"}, Scope.HANDLING, N_("Ban hành kết quả")),
        _t("return_result", {S.RESULT_READY, S.REFUSED}, S.RETURNED, {"reception"}, Scope.RECEIVING, N_("Trả kết quả")),
        # Internal process (quy trình nội bộ): the holder of an open step finishes it, or refuses where the step may.
        _t(
            "complete_step",
            {S.RECEIVED, S.PROCESSING, S.APPROVED, S.RESULT_READY, S.REFUSED},
            None,
            set(),
            Scope.STEP,
            N_("Hoàn thành bước xử lý"),
        ),
        _t(
            "refuse_step",
            {S.RECEIVED, S.PROCESSING, S.APPROVED},
            S.REFUSED,
            set(),
            Scope.STEP,
            N_("Từ chối giải quyết (tại bước xử lý)"),
        ),
        # Trả lại: the head hands the dossier back to the specialist whose step came just before (processes/flow.py
        # ``returnable``). Decree 118/2025/NĐ-CP leaves the handling inside a body to its internal process (quy
        # trình nội bộ) and names no rule for this; the rule here is MotCua's, to be read against the body's process.
        _t("send_back", {S.PROCESSING}, S.PROCESSING, {"head"}, Scope.STEP, N_("Trả lại chuyên viên")),
        # Decree 118/2025 art. 21, Circular 03/2025 art. 7: withdrawal and stop at the applicant's request.
        _t(
            "withdraw",
            {S.SUBMITTED, S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED, S.FEE_REQUESTED},
            S.WITHDRAWN,
            set(),
            Scope.APPLICANT,
            N_("Rút hồ sơ"),
        ),
        _t(
            "stop",
            {S.RECEIVED, S.PROCESSING, S.SUPPLEMENT_REQUESTED},
            S.STOPPED,
            {"head"},
            Scope.HANDLING,
            N_("Dừng giải quyết"),
        ),
        # Decree 61/2018 art. 19: apology and one new due date, at least 1 working day before the due date.
        _t(
            "extend",
            {S.RECEIVED, S.PROCESSING, S.APPROVED},
            None,
            {"head"},
            Scope.HANDLING,
            N_("Xin lỗi và hẹn lại ngày trả kết quả"),
        ),
        # Uploads to an existing dossier (dossiers/services/documents.py): the applicant's supplement files
        # (or the one-stop desk's for them), the result document once approved, an attachment while the
        # dossier is open. An official holding an open step of the dossier's process with one of the roles
        # may upload too (dossiers/rules.py).
        _t(
            "upload_supplement",
            {S.SUPPLEMENT_REQUESTED},
            None,
            set(),
            Scope.APPLICANT,
            N_("Tải giấy tờ bổ sung lên"),
            upload="supplement",
        ),
        _t(
            "upload_result",
            {S.APPROVED},
            None,
            {"clerk", "head"},
            Scope.HANDLING,
            N_("Tải kết quả lên"),
            upload="result",
        ),
        _t(
            "upload_attachment",
            OPEN,
            None,
            {"reception", "specialist", "head", "clerk"},
            Scope.HANDLING,
            N_("Tải tài liệu lên"),
            upload="attachment",
        ),
    ]
}
# The upload entry of each document kind.
UPLOADS: dict[str, Transition] = {t.upload: t for t in TRANSITIONS.values() if t.upload}

# Digitisation of a paper document (số hóa, dossiers/services/digitisation.py): changes no status, so it is
# not an action of the table above; who may do it is read by the same rule (rules.acting_role). The one-stop
# desk of the receiving body scans at reception (Decree 61/2018 art. 17 as kept by Decree 118/2025, its article
# awaiting legal review; Decree 45/2020; Circular 01/2023/TT-VPCP), or later while the dossier is open.
DIGITISE = Transition(
    "digitise", frozenset(OPEN), None, frozenset({"reception"}), Scope.RECEIVING, N_("Số hóa giấy tờ")
)

# Actions an official may choose in the back office (the rest belong to applicants or the system).
OFFICIAL_ACTIONS = [a for a, t in TRANSITIONS.items() if t.scope not in (Scope.APPLICANT, Scope.STEP) and not t.upload]

# History lines that are not transitions: what happened, for the timelines.
EVENT_LABELS: dict[str, str] = {
    "submit": N_("Nộp hồ sơ"),
    "upload": N_("Tải tài liệu lên"),
    "digitise": N_("Số hóa giấy tờ"),
    "step_due_soon": N_("Bước xử lý sắp đến hạn"),
    "step_overdue": N_("Bước xử lý quá hạn"),
    "extension_due": N_("Nhắc xin lỗi, hẹn lại ngày trả"),
    # The public postal service (postal/services.py; Decision 45/2016/QĐ-TTg).
    "postal_pickup_requested": N_("Đăng ký nộp hồ sơ qua bưu chính công ích"),
    "postal_delivery_requested": N_("Đăng ký nhận kết quả qua bưu chính công ích"),
    "postal_picked_up": N_("Bưu chính đã nhận bưu gửi"),
    "postal_delivered": N_("Bưu chính đã phát thành công"),
    "postal_returned": N_("Bưu chính hoàn trả bưu gửi"),
    "postal_failed": N_("Bưu chính phát không thành công"),
}
# History lines about the internal work of the bodies, not shown to the applicant.
INTERNAL_EVENTS = frozenset({"step_due_soon", "step_overdue", "extension_due", "send_back"})


def action_label(action: str) -> str:
    """Return the translated label of a history line's action (a transition or an EVENT_LABELS key)."""
    from django.utils.translation import gettext

    spec = TRANSITIONS.get(action)
    if spec is not None:
        return gettext(spec.label)
    return gettext(EVENT_LABELS[action]) if action in EVENT_LABELS else action
