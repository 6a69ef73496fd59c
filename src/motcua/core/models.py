"""Cross-domain records: the transactional outbox and the audit log of non-dossier changes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core import rowsql
from motcua.core.dates import show_moment


class OutboxMessage(models.Model):
    """A side effect (notice, sync call) written in the same transaction as the change.

    The worker delivers it after commit; ``key`` makes one event produce at most one message.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi thất bại")

    key = models.CharField(_("khóa"), max_length=200, unique=True)
    topic = models.CharField(_("loại thông điệp"), max_length=100)
    payload = models.JSONField(_("nội dung"), default=dict)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi lại lúc"))
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("thông điệp chờ gửi")
        verbose_name_plural = _("thông điệp chờ gửi")

    def __str__(self) -> str:
        return f"{self.topic} {self.key} ({self.status})"


rowsql.register(OutboxMessage)  # enqueued by one insert inside every transition (core.outbox)


class OutboxAttempt(models.Model):
    """One delivery attempt of an outbox message: when it started, how it ended, the error.

    An attempt without ``finished_at`` belongs to a worker that stopped mid-delivery; the next
    claim marks it ``interrupted``.
    """

    class Outcome(models.TextChoices):
        RUNNING = "running", _("Đang gửi")
        OK = "ok", _("Thành công")
        ERROR = "error", _("Lỗi")
        INTERRUPTED = "interrupted", _("Bị gián đoạn")

    message = models.ForeignKey(
        OutboxMessage, on_delete=models.CASCADE, related_name="attempt_log", verbose_name=_("thông điệp")
    )
    number = models.PositiveIntegerField(_("lần thứ"))
    started_at = models.DateTimeField(_("bắt đầu lúc"))
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=20, choices=Outcome.choices, default=Outcome.RUNNING)
    error = models.TextField(_("lỗi"), blank=True)

    class Meta:
        ordering = ["message", "number"]
        constraints = [models.UniqueConstraint(fields=["message", "number"], name="uniq_outbox_attempt")]
        verbose_name = _("lần gửi")
        verbose_name_plural = _("các lần gửi")

    def __str__(self) -> str:
        return f"{self.message_id} #{self.number} {self.outcome}"


class AuditLog(models.Model):
    """Who changed what outside a dossier (catalogue, organisation, tokens), old and new values; and
    who read whose personal data where the law wants it recorded (``personal_data.read``)."""

    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    action = models.CharField(_("thao tác"), max_length=100)
    object_type = models.CharField(_("loại đối tượng"), max_length=100)
    object_id = models.CharField(_("mã đối tượng"), max_length=100)
    changes = models.JSONField(_("thay đổi"), default=dict)

    class Meta:
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")

    def __str__(self) -> str:
        return f"{show_moment(self.at)} {self.action} {self.object_type}#{self.object_id}"
