"""Postal orders (đơn bưu chính công ích) of a dossier and their status events.

Decision 45/2016/QĐ-TTg: the applicant may hand in the dossier (pickup, thu gom) and receive the
result (delivery, phát trả) through the public postal service. Written only by ``postal.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PostalOrder(models.Model):
    class Direction(models.TextChoices):
        PICKUP = "pickup", _("Thu gom hồ sơ tại địa chỉ người nộp")
        DELIVERY = "delivery", _("Chuyển phát kết quả đến người nhận")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Chờ có kết quả")
        QUEUED = "queued", _("Đang gửi yêu cầu đến bưu chính")
        REJECTED = "rejected", _("Bưu chính từ chối đơn")
        ACCEPTED = "accepted", _("Bưu chính đã nhận đơn")
        PICKED_UP = "picked_up", _("Bưu tá đã nhận bưu gửi")
        IN_TRANSIT = "in_transit", _("Đang vận chuyển")
        DELIVERED = "delivered", _("Đã phát thành công")
        RETURNED = "returned", _("Đã hoàn trả")
        FAILED = "failed", _("Phát không thành công")
        CANCELLED = "cancelled", _("Đã hủy")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="postal_orders", verbose_name=_("hồ sơ")
    )
    direction = models.CharField(_("chiều"), max_length=10, choices=Direction.choices)
    operator = models.CharField(_("doanh nghiệp bưu chính"), max_length=30, default="vnpost")
    # Our order reference (mã đơn của khách hàng): dossier code, purpose and attempt; the operator
    # is idempotent by it, so a retried request never makes a second order.
    reference = models.CharField(_("mã đơn"), max_length=100, unique=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices)
    name = models.CharField(_("người nhận / người gửi"), max_length=200)
    phone = models.CharField(_("điện thoại"), max_length=20)
    province = models.ForeignKey(
        "organisation.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh, thành phố")
    )
    commune = models.ForeignKey(
        "organisation.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã, phường, đặc khu")
    )
    street = models.CharField(_("số nhà, đường, thôn"), max_length=300)
    fee_quoted = models.PositiveIntegerField(_("cước dự tính"), default=0)
    fee = models.PositiveIntegerField(_("cước bưu chính"), null=True, blank=True)
    tracking_number = models.CharField(_("mã vận đơn"), max_length=40, blank=True)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("ngày tạo"))
    sent_at = models.DateTimeField(_("ngày gửi đơn"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("đơn bưu chính")
        verbose_name_plural = _("đơn bưu chính")

    def __str__(self) -> str:
        return self.reference

    @property
    def address(self) -> str:
        return f"{self.street}, {self.commune.name}, {self.province.name}"


class PostalEvent(models.Model):
    """One status of an order: from the operator's webhook (with its event id) or our own step."""

    order = models.ForeignKey(PostalOrder, on_delete=models.CASCADE, related_name="events")
    event_id = models.CharField(_("mã sự kiện"), max_length=100, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=PostalOrder.Status.choices)
    at = models.DateTimeField(_("thời điểm"))
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    raw = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event_id"], condition=~models.Q(event_id=""), name="postal_event_id_unique"
            )
        ]
        verbose_name = _("trạng thái đơn bưu chính")
        verbose_name_plural = _("trạng thái đơn bưu chính")

    def __str__(self) -> str:
        return f"{self.order_id} {self.status}"
