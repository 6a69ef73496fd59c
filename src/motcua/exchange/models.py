"""The message log (nhật ký trao đổi dữ liệu) and the circuit breakers' state."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageLog(models.Model):
    """One call through the gateway, outgoing or incoming: who asked what, when, and what came back.

    Each row is HMAC-signed (``signature``) over its fields and the previous row's signature
    (``previous``), with a key kept outside the database (``conf.log_key``): an edited or deleted
    row breaks the chain, which ``motcua exchange-verify-log`` reports.
    """

    class Direction(models.TextChoices):
        OUT = "out", _("Gửi đi")
        IN = "in", _("Nhận vào")

    message_id = models.CharField(_("mã thông điệp"), max_length=64)
    direction = models.CharField(_("chiều"), max_length=3, choices=Direction.choices)
    client = models.CharField(_("bên gọi"), max_length=200)
    service = models.CharField(_("dịch vụ"), max_length=300)
    user_id = models.CharField(_("người dùng"), max_length=200, blank=True)
    purpose = models.CharField(_("mục đích"), max_length=300, blank=True)
    at = models.DateTimeField(_("thời điểm"))
    request_hash = models.CharField(_("băm yêu cầu"), max_length=64)
    response_hash = models.CharField(_("băm trả lời"), max_length=64, blank=True)
    status = models.IntegerField(_("mã trạng thái"), default=0)
    outcome = models.CharField(_("kết quả"), max_length=40)
    duration_ms = models.IntegerField(_("thời gian (ms)"), default=0)
    previous = models.CharField(_("chữ ký dòng trước"), max_length=64, blank=True)
    signature = models.CharField(_("chữ ký"), max_length=64)

    class Meta:
        verbose_name = _("nhật ký trao đổi dữ liệu")
        verbose_name_plural = _("nhật ký trao đổi dữ liệu")
        ordering = ["id"]
        indexes = [
            # the duplicate check of an incoming message id and the per-client rate count
            models.Index(fields=["direction", "client", "message_id"], name="exchange_log_client_msg"),
            models.Index(fields=["direction", "client", "at"], name="exchange_log_client_at"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.service}"


class Breaker(models.Model):
    """The circuit breaker of one service, in the database so every process sees the same state."""

    service = models.CharField(_("dịch vụ"), max_length=300, unique=True)
    failures = models.IntegerField(_("số lần lỗi liên tiếp"), default=0)
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("cầu dao dịch vụ")
        verbose_name_plural = _("cầu dao dịch vụ")

    def __str__(self) -> str:
        return self.service


class ServiceGrant(models.Model):
    """What one gateway member may ask MotCua (quyền khai thác dịch vụ): the services it may call,
    optionally only about dossiers of some agencies, with its bearer token (only the SHA-256 kept).

    Written only by ``exchange.grants`` (audited); the token is shown once when the grant is made.
    """

    client_id = models.CharField(
        _("mã bên gọi"), max_length=200, unique=True, help_text=_("INSTANCE/CLASS/MEMBER/SUBSYSTEM trên trục")
    )
    name = models.CharField(_("tên cơ quan, hệ thống"), max_length=200)
    services = models.JSONField(_("dịch vụ được gọi"), default=list, blank=True)
    agencies = models.ManyToManyField(
        "organisation.Agency",
        blank=True,
        related_name="+",
        verbose_name=_("chỉ hồ sơ của các cơ quan"),
        help_text=_("Để trống: hồ sơ của mọi cơ quan."),
    )
    active = models.BooleanField(_("đang hiệu lực"), default=True)
    rate_per_minute = models.PositiveIntegerField(_("số lần gọi tối đa mỗi phút"), default=120)
    token_prefix = models.CharField(_("tiền tố khóa"), max_length=12)
    token_hash = models.CharField(_("mã băm của khóa"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("quyền khai thác dịch vụ qua trục")
        verbose_name_plural = _("quyền khai thác dịch vụ qua trục")
        ordering = ["client_id"]

    def __str__(self) -> str:
        return self.client_id
