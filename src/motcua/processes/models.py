"""Internal processes of procedures (issue 4): versioned BPMN definitions and per-dossier steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessDefinition(models.Model):
    """One version of a procedure's internal process. Never edited: a change is a new version."""

    procedure_code = models.CharField(_("mã thủ tục"), max_length=40, db_index=True)
    procedure_version = models.ForeignKey(
        "catalogue.ProcedureVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("phiên bản thủ tục"),
    )
    number = models.PositiveIntegerField(_("số phiên bản quy trình"))
    name = models.CharField(_("tên quy trình"), max_length=300, blank=True)
    bpmn_xml = models.TextField(_("tệp BPMN (đã chuẩn hóa)"))
    summary = models.JSONField(_("tóm tắt"), default=dict)
    source = models.CharField(_("nguồn"), max_length=20, default="import")  # import / step_table / demo
    active = models.BooleanField(_("đang áp dụng"), default=True)
    created_at = models.DateTimeField(_("ngày tạo"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tạo"),
    )

    class Meta:
        verbose_name = _("quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["procedure_code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure_code", "number"], name="uniq_process_number"),
            models.UniqueConstraint(
                fields=["procedure_code"], condition=models.Q(active=True), name="uniq_active_process"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_code} v{self.number}"


class ProcessStep(models.Model):
    """A step (user task) of a definition, as read from its lane and properties."""

    class Unit(models.TextChoices):
        WORKING_HOURS = "working_hours", _("giờ làm việc")
        WORKING_DAYS = "working_days", _("ngày làm việc")

    definition = models.ForeignKey(
        ProcessDefinition, on_delete=models.CASCADE, related_name="steps", verbose_name=_("quy trình")
    )
    element_id = models.CharField(_("mã phần tử BPMN"), max_length=100)
    name = models.CharField(_("tên bước"), max_length=300)
    lane = models.CharField(_("làn"), max_length=100, blank=True)
    body = models.CharField(_("cơ quan"), max_length=40)  # agency code, "{receiving}" or "{handling}"
    role = models.CharField(_("vai trò"), max_length=20)
    unit = models.CharField(_("đơn vị thời hạn"), max_length=20, choices=Unit.choices)
    amount = models.DecimalField(_("thời hạn"), max_digits=6, decimal_places=2)
    can_request_supplement = models.BooleanField(_("được yêu cầu bổ sung"), default=False)
    can_refuse = models.BooleanField(_("được từ chối"), default=False)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("bước của quy trình")
        verbose_name_plural = _("các bước của quy trình")
        ordering = ["definition", "order"]
        constraints = [models.UniqueConstraint(fields=["definition", "element_id"], name="uniq_process_step")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class DossierProcess(models.Model):
    """The process a dossier runs: pinned to the definition it started with, plus the engine state."""

    class Status(models.TextChoices):
        RUNNING = "running", _("đang chạy")
        COMPLETED = "completed", _("đã xong")
        CANCELLED = "cancelled", _("đã dừng")

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.CASCADE, related_name="process")
    definition = models.ForeignKey(ProcessDefinition, on_delete=models.PROTECT, related_name="dossiers")
    state = models.JSONField(default=dict)  # engine.dump(): the workflow without its spec
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("quy trình của hồ sơ")
        verbose_name_plural = _("quy trình của hồ sơ")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.definition_id} ({self.status})"


class DossierStep(models.Model):
    """One step of one dossier: who must do it, by when, and how it ended (Mẫu 05 reads these)."""

    class Timeliness(models.TextChoices):
        EARLY = "early", _("Trước hạn")
        ON_TIME = "on_time", _("Đúng hạn")
        LATE = "late", _("Quá hạn")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="process_steps")
    step = models.ForeignKey(ProcessStep, on_delete=models.PROTECT, related_name="+")
    task_id = models.CharField(max_length=36)  # the SpiffWorkflow task
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_steps")
    agency = models.ForeignKey(
        "organisation.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan"),
    )
    body = models.CharField(_("cơ quan (theo quy trình)"), max_length=40)
    role = models.CharField(_("vai trò"), max_length=20)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    started_at = models.DateTimeField(_("bắt đầu"))
    due_at = models.DateTimeField(_("hạn xử lý"))
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("kết quả"), max_length=30, blank=True)
    timeliness = models.CharField(_("tiến độ"), max_length=10, choices=Timeliness.choices, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    due_soon_noticed_at = models.DateTimeField(null=True, blank=True)
    overdue_noticed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("các bước xử lý hồ sơ")
        ordering = ["dossier", "started_at", "id"]
        indexes = [
            models.Index(fields=["agency", "role", "finished_at"], name="proc_step_worklist"),
            models.Index(fields=["finished_at", "due_at"], name="proc_step_due"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.step.name}"
