"""The exchange with the national public service portal: links, incoming messages, outgoing syncs.

Written only by ``national_portal.services``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class NationalLink(models.Model):
    """A dossier filed on the national portal: its national code (mã hồ sơ trên Cổng DVCQG)."""

    class Source(models.TextChoices):
        PUSH = "push", _("Cổng quốc gia gửi đến")
        PULL = "pull", _("Hệ thống lấy về")

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="national_link", verbose_name=_("hồ sơ")
    )
    national_code = models.CharField(_("mã hồ sơ trên Cổng quốc gia"), max_length=60, unique=True)
    received_at = models.DateTimeField(_("thời điểm nhận"))
    source = models.CharField(_("nguồn"), max_length=10, choices=Source.choices)

    class Meta:
        verbose_name = _("liên kết Cổng quốc gia")
        verbose_name_plural = _("liên kết Cổng quốc gia")

    def __str__(self) -> str:
        return self.national_code


class Intake(models.Model):
    """One dossier message from the portal (pushed or pulled), accepted or refused; idempotent by message id."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Đã tiếp nhận")
        REFUSED = "refused", _("Từ chối")

    message_id = models.CharField(_("mã thông điệp"), max_length=100, unique=True)
    national_code = models.CharField(_("mã hồ sơ trên Cổng quốc gia"), max_length=60, blank=True)
    source = models.CharField(_("nguồn"), max_length=10, choices=NationalLink.Source.choices)
    payload = models.JSONField(_("nội dung"), default=dict)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ")
    )
    received_at = models.DateTimeField(_("thời điểm nhận"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("hồ sơ nhận từ Cổng quốc gia")
        verbose_name_plural = _("hồ sơ nhận từ Cổng quốc gia")

    def __str__(self) -> str:
        return self.message_id


class StatusSync(models.Model):
    """One status or processing step of a dossier sent to the portal (đồng bộ trạng thái, QuaTrinhXuLy).

    ``sequence`` orders a dossier's messages: the sender sends the lowest unsent one first, so a later
    status never overtakes an earlier one. The portal deduplicates by ``message_id``.
    """

    class State(models.TextChoices):
        QUEUED = "queued", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="national_syncs", verbose_name=_("hồ sơ")
    )
    event = models.OneToOneField(
        "dossiers.DossierEvent", on_delete=models.PROTECT, related_name="+", verbose_name=_("sự kiện")
    )
    sequence = models.PositiveIntegerField(_("thứ tự"))
    message_id = models.CharField(_("mã thông điệp"), max_length=100, unique=True)
    national_status = models.CharField(_("trạng thái quốc gia"), max_length=10)
    payload = models.JSONField(_("nội dung"), default=dict)
    state = models.CharField(_("trạng thái gửi"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveIntegerField(_("số lần gửi"), default=0)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    response = models.JSONField(_("trả lời"), default=dict, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"))
    sent_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)

    class Meta:
        ordering = ["dossier_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="national_sync_sequence_unique"),
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="national_sync_state_idx")]
        verbose_name = _("đồng bộ trạng thái lên Cổng quốc gia")
        verbose_name_plural = _("đồng bộ trạng thái lên Cổng quốc gia")

    def __str__(self) -> str:
        return self.message_id


class PullCursor(models.Model):
    """Where the last pull of a feed (dossiers, payments) stopped (the portal's cursor)."""

    feed = models.CharField(_("nguồn"), max_length=20, unique=True)
    cursor = models.CharField(_("vị trí"), max_length=200, blank=True)
    pulled_at = models.DateTimeField(_("lần lấy gần nhất"))

    class Meta:
        verbose_name = _("vị trí lấy dữ liệu")
        verbose_name_plural = _("vị trí lấy dữ liệu")

    def __str__(self) -> str:
        return f"{self.feed}: {self.cursor}"
