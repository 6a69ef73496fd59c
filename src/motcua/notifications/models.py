"""Notification templates, per-user channel choices, each notification sent, and in-app notices.

Nothing outside ``motcua.notifications.services`` / ``dispatch`` writes these models, except the
templates, which administrators edit in the Django admin (validated on save).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.notifications.events import TEMPLATE_CHANNELS, Channel, Event
from motcua.notifications.notice_text import validate_template


class MessageTemplate(models.Model):
    """The text of one event on one channel, in Django template syntax over the payload context.

    E-mail: ``subject`` + ``body``; SMS: ``body`` (``sms_ascii`` strips diacritics, as
    brandname SMS are usually sent); Zalo ZNS: ``zalo_template_id`` + ``zalo_params`` (name →
    template); in-app: ``subject`` (title) + ``body``.
    """

    event = models.CharField(_("sự kiện"), max_length=40, choices=Event.choices)
    channel = models.CharField(_("kênh"), max_length=10, choices=TEMPLATE_CHANNELS)
    active = models.BooleanField(_("đang dùng"), default=True)
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    sms_ascii = models.BooleanField(
        _("SMS không dấu"),
        default=True,
        help_text=_("Bỏ dấu tiếng Việt khi gửi SMS (tin nhắn thương hiệu thường gửi không dấu)."),
    )
    zalo_template_id = models.CharField(_("mã mẫu ZNS"), max_length=40, blank=True)
    zalo_params = models.JSONField(
        _("tham số ZNS"),
        default=dict,
        blank=True,
        help_text=_('Tên tham số → mẫu nội dung, ví dụ {"ma_ho_so": "{{ code }}"}.'),
    )
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        ordering = ["event", "channel"]
        constraints = [models.UniqueConstraint(fields=["event", "channel"], name="uniq_message_template")]
        verbose_name = _("mẫu thông báo")
        verbose_name_plural = _("mẫu thông báo")

    def __str__(self) -> str:
        return f"{self.get_event_display()} — {self.get_channel_display()}"

    def clean(self) -> None:
        validate_template(self)


class ChannelPreference(models.Model):
    """Which channels a person wants notices on. No row means every channel is on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preference")
    email = models.BooleanField(_("thư điện tử"), default=True)
    sms = models.BooleanField(_("tin nhắn SMS"), default=True)
    zalo = models.BooleanField(_("Zalo"), default=True)
    in_app = models.BooleanField(_("trên Cổng"), default=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("kênh nhận thông báo")
        verbose_name_plural = _("kênh nhận thông báo")

    def __str__(self) -> str:
        return str(self.user)


class Notification(models.Model):
    """One message of one event on one channel to one recipient, with its delivery state.

    ``key`` (outbox key + channel) is unique: each event is delivered at most once per channel.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        SENT = "sent", _("Đã gửi")
        DELIVERED = "delivered", _("Đã đến người nhận")
        FAILED = "failed", _("Gửi thất bại")
        UNKNOWN = "unknown", _("Không rõ kết quả")
        SKIPPED = "skipped", _("Không gửi")

    key = models.CharField(_("khóa"), max_length=250, unique=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("hồ sơ"),
    )
    event = models.CharField(_("sự kiện"), max_length=40, choices=Event.choices)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người nhận"),
    )
    recipient = models.CharField(_("người nhận"), max_length=254, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True)  # ZNS template id/params, SMS segments
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    provider_message_id = models.CharField(_("mã tin của nhà cung cấp"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    last_attempt_at = models.DateTimeField(_("gửi lần cuối lúc"), null=True, blank=True)
    sent_at = models.DateTimeField(_("thời điểm gửi"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("thời điểm đến"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["dossier", "created_at"]),
            models.Index(fields=["channel", "provider_message_id"]),
        ]
        verbose_name = _("thông báo đã gửi")
        verbose_name_plural = _("thông báo đã gửi")

    def __str__(self) -> str:
        return f"{self.event} {self.channel} {self.status}"

    @property
    def reference(self) -> str:
        """The client reference given to providers (SMS RequestId, ZNS tracking_id)."""
        return f"motcua-n{self.pk}"


class Notice(models.Model):
    """A notice shown to a user inside the portal / back office (thông báo trên Cổng)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("người nhận")
    )
    notification = models.OneToOneField(
        Notification,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notice",
        verbose_name=_("thông báo gửi đi"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("hồ sơ")
    )
    event = models.CharField(_("sự kiện"), max_length=40, choices=Event.choices)
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    read_at = models.DateTimeField(_("đọc lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        verbose_name = _("thông báo trên Cổng")
        verbose_name_plural = _("thông báo trên Cổng")

    def __str__(self) -> str:
        return self.title


class InboundMessage(models.Model):
    """A tracking request received by SMS (MO) or by the Zalo Official Account, and what it got.

    The sender is kept as a keyed hash (``tracking.sender_key``), enough to count their messages for
    the rate limit without storing the number or the Zalo id; the text itself is not kept.
    ``(channel, provider_id)`` is unique: a webhook delivered twice is answered once.
    """

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Đã trả lời tình trạng hồ sơ")
        NOT_FOUND = "not_found", _("Không tìm thấy hồ sơ")
        HELP = "help", _("Đã hướng dẫn cú pháp")
        LIMITED = "limited", _("Quá giới hạn, đã báo thử lại sau")
        SILENCED = "silenced", _("Quá giới hạn, không trả lời")

    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    provider_id = models.CharField(_("mã tin của nhà cung cấp"), max_length=100)
    sender = models.CharField(_("người gửi (mã băm)"), max_length=64)
    code = models.CharField(_("mã hồ sơ tra cứu"), max_length=60, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    received_at = models.DateTimeField(_("thời điểm nhận"))

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["channel", "provider_id"], name="uniq_inbound_message")]
        indexes = [models.Index(fields=["channel", "sender", "received_at"]), models.Index(fields=["received_at"])]
        verbose_name = _("tin nhắn tra cứu")
        verbose_name_plural = _("tin nhắn tra cứu")

    def __str__(self) -> str:
        return f"{self.channel} {self.provider_id} {self.outcome}"
