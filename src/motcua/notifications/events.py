"""The notice events of the "notify" contract and the delivery channels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    SUBMITTED = "submitted", _("Đã gửi hồ sơ")
    RECEIVED = "received", _("Tiếp nhận hồ sơ")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
    REFUSED = "refused", _("Từ chối")
    RESULT_READY = "result_ready", _("Có kết quả")
    RETURNED = "returned", _("Đã trả kết quả")
    EXTENDED = "extended", _("Xin lỗi, hẹn lại ngày trả")
    STOPPED = "stopped", _("Dừng giải quyết")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")
    PAYMENT_REQUESTED = "payment_requested", _("Yêu cầu thanh toán")
    PAYMENT_RECEIVED = "payment_received", _("Đã nhận thanh toán")
    FEEDBACK_RECEIVED = "feedback_received", _("Tiếp nhận phản ánh, kiến nghị")
    FEEDBACK_ANSWERED = "feedback_answered", _("Trả lời phản ánh, kiến nghị")
    REMINDER_DUE_SOON = "reminder_due_soon", _("Đôn đốc: sắp đến hạn")
    REMINDER_OVERDUE = "reminder_overdue", _("Đôn đốc: quá hạn")
    STEP_DUE_SOON = "step_due_soon", _("Bước xử lý sắp đến hạn")
    STEP_OVERDUE = "step_overdue", _("Bước xử lý quá hạn")
    EXTENSION_DUE = "extension_due", _("Nhắc xin lỗi, hẹn lại ngày trả")
    TRACKING_REPLY = "tracking_reply", _("Trả lời tra cứu hồ sơ qua tin nhắn")
    STEP_RETURNED = "step_returned", _("Hồ sơ được trả lại để xử lý lại")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("Trên Cổng")
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("SMS")
    ZALO = "zalo", _("Zalo")
    ZALO_OA = "zalo_oa", _("Zalo OA (trả lời tin nhắn)")  # answers to messages sent to the OA, no template


# Notices to officials about their work (reminders, step deadlines, a dossier sent back): never shown
# to the applicant, though they are about the applicant's dossier.
OFFICIAL_EVENTS = frozenset(
    {
        Event.REMINDER_DUE_SOON,
        Event.REMINDER_OVERDUE,
        Event.STEP_DUE_SOON,
        Event.STEP_OVERDUE,
        Event.EXTENSION_DUE,
        Event.STEP_RETURNED,
    }
)

# The channels of notices, in the order they are planned; templates exist for these only.
CHANNEL_ORDER = [Channel.IN_APP, Channel.EMAIL, Channel.SMS, Channel.ZALO]
TEMPLATE_CHANNELS = [(c.value, c.label) for c in CHANNEL_ORDER]
