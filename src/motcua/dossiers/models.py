"""Dossiers (hồ sơ), their documents, history, clock pauses and code counters.

Nothing outside ``motcua.dossiers.services`` writes these models; see ARCHITECTURE.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import ApplicantType
from motcua.core import rowsql
from motcua.core.dates import show_date, show_moment
from motcua.dossiers.notes import NoteVisibility
from motcua.dossiers.statuses import NATIONAL_STATUS, Channel, Status, Timeliness


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=60, unique=True)
    procedure_version = models.ForeignKey(
        "catalogue.ProcedureVersion", on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("thủ tục")
    )
    # The procedure's field (lĩnh vực) at submission: reports group by it without a join.
    field = models.ForeignKey(
        "catalogue.Field", null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("lĩnh vực")
    )
    receiving_agency = models.ForeignKey(
        "organisation.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan tiếp nhận")
    )
    handling_agency = models.ForeignKey(
        "organisation.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan đang xử lý")
    )
    receiving_point = models.ForeignKey(
        "organisation.ReceivingPoint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nơi tiếp nhận"),
    )
    channel = models.PositiveSmallIntegerField(_("kênh nộp"), choices=Channel.choices)
    status = models.CharField(_("trạng thái"), max_length=30, choices=Status.choices)
    version = models.PositiveIntegerField(_("phiên bản (khóa lạc quan)"), default=1)  # bumped by every transition

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("tài khoản người nộp"),
    )
    applicant_type = models.CharField(_("đối tượng"), max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField(_("chủ hồ sơ"), max_length=200)
    # core.text.fold(applicant_name): the back office finds "nguyen thi hang" as "Nguyễn Thị Hằng".
    applicant_name_folded = models.CharField(_("tên chủ hồ sơ (không dấu)"), max_length=200, blank=True, editable=False)
    applicant_id_number = models.CharField(_("số giấy tờ"), max_length=20)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    applicant_admin_unit = models.ForeignKey(
        "organisation.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị hành chính của chủ hồ sơ"),
    )
    summary = models.CharField(_("trích yếu"), max_length=500, blank=True)
    form_data = models.JSONField(_("thông tin tờ khai"), default=dict)
    sets_count = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)

    submitted_at = models.DateTimeField(_("ngày nộp"))
    received_at = models.DateTimeField(_("ngày tiếp nhận"), null=True, blank=True)
    due_at = models.DateTimeField(_("ngày hẹn trả"), null=True, blank=True)
    original_due_at = models.DateTimeField(_("ngày hẹn trả ban đầu"), null=True, blank=True)
    extended_at = models.DateTimeField(_("ngày gia hạn"), null=True, blank=True)
    extension_reason = models.TextField(_("lý do xin lỗi, gia hạn"), blank=True)
    finished_at = models.DateTimeField(_("ngày có kết quả"), null=True, blank=True)
    returned_at = models.DateTimeField(_("ngày trả kết quả"), null=True, blank=True)
    # When processing ended: result or refusal (= finished_at), withdrawal, stop, refusal at reception.
    closed_at = models.DateTimeField(_("ngày kết thúc"), null=True, blank=True)
    timeliness = models.CharField(_("kết quả đúng hạn"), max_length=10, choices=Timeliness.choices, blank=True)
    supplement_count = models.PositiveSmallIntegerField(_("số lần bổ sung"), default=0)
    decision_note = models.TextField(_("ý kiến, lý do"), blank=True)
    # The issued result as a document: number, date of issue, signer (dossiers/services/results.py).
    # A database default too: bulk loaders that name their columns (demo/generator.py) leave these out.
    result_number = models.CharField(
        _("số, ký hiệu văn bản kết quả"), max_length=50, blank=True, default="", db_default=""
    )
    result_date = models.DateField(_("ngày ban hành kết quả"), null=True, blank=True)
    result_signer_name = models.CharField(_("người ký kết quả"), max_length=200, blank=True, default="", db_default="")
    result_signer_position = models.CharField(
        _("chức vụ người ký"), max_length=200, blank=True, default="", db_default=""
    )

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
        verbose_name=_("người xử lý"),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tiếp nhận"),
    )

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["handling_agency", "status", "due_at"]),
            models.Index(fields=["receiving_agency", "status"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["applicant", "-submitted_at"]),
            models.Index(fields=["status", "due_at"]),
            # Counter look-up of an earlier applicant, search by identification number.
            models.Index(fields=["applicant_id_number", "-submitted_at"], name="dossier_applicant_idno"),
            # Partial indexes of the statistics reads (stats.services.report, stats.selectors), small
            # at any scale: the dossiers open now by legal due time; the finished ones by finishing
            # time; the late ones with the apology (Mẫu 04) by body.
            models.Index(
                fields=["original_due_at", "received_at", "receiving_agency", "field"],
                name="stats_open_due",
                condition=models.Q(closed_at__isnull=True) & models.Q(received_at__isnull=False),
            ),
            models.Index(
                fields=["finished_at"], name="stats_finished_at", condition=models.Q(finished_at__isnull=False)
            ),
            models.Index(
                fields=["finished_at", "receiving_agency"],
                name="stats_late_apology",
                condition=models.Q(timeliness="late") & models.Q(extended_at__isnull=False),
            ),
        ]
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")

    def __str__(self) -> str:
        return self.code

    @property
    def national_status(self) -> int:
        return NATIONAL_STATUS[Status(self.status)]


class DossierCodeCounter(models.Model):
    """Running number of dossiers per receiving agency code and local day (gap-free)."""

    agency_code = models.CharField(max_length=35)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency_code", "day"], name="uniq_code_counter")]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day}: {self.last}"


class DossierEvent(models.Model):
    """One line of a dossier's history: who (on whose behalf), when, from -> to, note, data."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events", verbose_name=_("hồ sơ"))
    at = models.DateTimeField(_("thời điểm"))
    action = models.CharField(_("thao tác"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    actor_name = models.CharField(_("người thực hiện"), max_length=200)
    actor_role = models.CharField(_("vai trò"), max_length=20, blank=True)
    agency = models.ForeignKey(
        "organisation.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan"),
    )
    on_behalf_of = models.CharField(_("thay mặt"), max_length=200, blank=True)
    channel = models.CharField(_("kênh"), max_length=20, blank=True)  # web / api / counter / system
    from_status = models.CharField(_("từ trạng thái"), max_length=30, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=30)
    note = models.TextField(_("ghi chú"), blank=True)
    # Who may read ``note``: the applicant too, or only officials (motcua.dossiers.notes). The
    # database default covers bulk loads that name no such column (demo generator's COPY).
    note_visibility = models.CharField(
        _("ai xem được ghi chú"),
        max_length=10,
        choices=NoteVisibility.choices,
        default=NoteVisibility.INTERNAL,
        db_default=NoteVisibility.INTERNAL,
    )
    data = models.JSONField(_("dữ liệu"), default=dict)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["dossier", "at"])]
        verbose_name = _("lịch sử xử lý")
        verbose_name_plural = _("lịch sử xử lý")

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.action} {show_moment(self.at)}"


# Written by hand-made SQL on the hot paths (transitions, code numbering): no signals, no save().
rowsql.register(Dossier, DossierCodeCounter, DossierEvent)


def _document_path(instance: DossierDocument, filename: str) -> str:
    return f"dossiers/{instance.dossier.submitted_at:%Y/%m}/{instance.dossier_id}/{instance.sha256[:16]}-{filename}"


class DossierDocument(models.Model):
    """A file of a dossier: a submitted document, a supplement, or a result."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Thành phần hồ sơ")
        SUPPLEMENT = "supplement", _("Hồ sơ bổ sung")
        RESULT = "result", _("Kết quả giải quyết")
        ATTACHMENT = "attachment", _("Tài liệu đính kèm")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="documents")
    requirement = models.ForeignKey(
        "catalogue.DocumentRequirement", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    event = models.ForeignKey(DossierEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=_document_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Digitisation(models.Model):
    """The digitisation (số hóa) of one paper document of a dossier at reception: the scan's metadata.

    Decree 45/2020/NĐ-CP (procedures in the electronic environment) and Circular 01/2023/TT-VPCP
    want the paper documents of a dossier received at the counter or by post scanned and described
    (domain.md §11; not needed for e-filed dossiers, papers only shown, internal verification results).
    ``kind`` says what the file is: the scan of the paper (bản số hóa), or an electronic copy certified
    from the original (bản sao điện tử được chứng thực từ bản chính, Decree 23/2015/NĐ-CP on
    certification; domain.md does not cover it, so its articles await legal review), then with the
    certifying official. The organisation signature that makes the scan a valid electronic copy is
    applied by ``dossiers.services.digitisation.request_organisation_seal`` (``sealed_at`` /
    ``sealed_file``, with ``MOTCUA_SIGNING_SEAL_SCANS``; empty otherwise).
    Written only by ``dossiers.services.digitisation.digitise``.
    """

    class Kind(models.TextChoices):
        SCAN = "scan", _("Bản số hóa từ bản giấy")
        CERTIFIED_COPY = "certified_copy", _("Bản sao điện tử chứng thực từ bản chính")

    document = models.OneToOneField(
        DossierDocument, on_delete=models.CASCADE, related_name="digitisation", verbose_name=_("tài liệu")
    )
    document_type = models.CharField(_("loại giấy tờ"), max_length=40)  # catalogue.code_lists "document_type"
    number = models.CharField(_("số giấy tờ"), max_length=100)
    issuing_body = models.CharField(_("cơ quan cấp"), max_length=300)
    issued_on = models.DateField(_("ngày cấp"))
    valid_until = models.DateField(_("có giá trị đến"), null=True, blank=True)
    kind = models.CharField(_("hình thức"), max_length=20, choices=Kind.choices)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người chứng thực"),
    )
    digitised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người số hóa")
    )
    digitised_at = models.DateTimeField(_("thời điểm số hóa"))
    # The copy with the body's organisation signature (MOTCUA_SIGNING_SEAL_SCANS), filled by
    # dossiers.services.digitisation.request_organisation_seal.
    sealed_at = models.DateTimeField(_("thời điểm ký số của cơ quan"), null=True, blank=True)
    sealed_file = models.FileField(
        _("bản sao điện tử đã ký số"), upload_to="dossiers/sealed/%Y/%m/", max_length=300, blank=True
    )

    # Not stored: why the seal was not applied, on the instance ``digitise`` returns ("" when sealed or off).
    seal_problem: str = ""

    class Meta:
        verbose_name = _("số hóa giấy tờ")
        verbose_name_plural = _("số hóa giấy tờ")

    def __str__(self) -> str:
        return f"{self.document_type} {self.number}"


class ClockPause(models.Model):
    """The due-time clock stopped while waiting for the applicant (supplement after acceptance).

    Both legal readings are computed from these timestamps: Decree 61/2018 art. 19.4 restarts
    the full time at ``resumed_at``; Decision 766/QĐ-TTg subtracts the paused working time.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="clock_pauses")
    paused_at = models.DateTimeField()
    resumed_at = models.DateTimeField(null=True, blank=True)
    due_at_before = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=40)

    class Meta:
        ordering = ["paused_at"]

    def __str__(self) -> str:
        return f"{show_moment(self.paused_at)} – {show_moment(self.resumed_at) if self.resumed_at else '…'}"


class SupplementRequest(models.Model):
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02): what is missing and why."""

    class Stage(models.TextChoices):
        RECEPTION = "reception", _("Khi tiếp nhận")
        REVIEW = "review", _("Khi thẩm định")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplement_requests")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    items = models.JSONField(default=list)  # [{"requirement": code or "", "name": str, "reason": str}]
    note = models.TextField(blank=True)
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # When the applicant should have answered by (settings.MOTCUA_SUPPLEMENT_ANSWER_DAYS; see timing.answer_due).
    answer_due_at = models.DateTimeField(_("hạn bổ sung"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    return_status = models.CharField(max_length=30)  # status to go back to when supplemented

    class Meta:
        ordering = ["requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {show_date(self.requested_at.date())}"
