"""Satisfaction ratings of dossiers and feedback/complaints (phản ánh, kiến nghị — PAKN).

Nothing outside ``motcua.feedback.services`` writes these models.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The three answers commonly asked of citizens (domain.md §7)."""

    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    DISSATISFIED = "dissatisfied", _("Không hài lòng")


# Nghị định 61/2018, Điều 31: what the citizen evaluates (time, contacts, attitude, correctness, costs).
CRITERIA: tuple[tuple[str, Any], ...] = (
    ("time", _("Thời gian giải quyết")),
    ("contacts", _("Số lần phải liên hệ với cơ quan")),
    ("attitude", _("Thái độ, tinh thần phục vụ của cán bộ")),
    ("correctness", _("Giải quyết đúng quy định")),
    ("costs", _("Chi phí thực hiện (phí, lệ phí đúng quy định)")),
)


class Rating(models.Model):
    """One satisfaction rating of a returned dossier (exactly one per dossier)."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        KIOSK = "kiosk", _("Tại quầy (thiết bị đánh giá)")

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ"))
    level = models.CharField(_("mức độ hài lòng"), max_length=20, choices=Level.choices)
    comment = models.TextField(_("ý kiến"), blank=True)
    time = models.CharField(_("thời gian giải quyết"), max_length=20, choices=Level.choices)
    contacts = models.CharField(_("số lần liên hệ"), max_length=20, choices=Level.choices)
    attitude = models.CharField(_("thái độ phục vụ"), max_length=20, choices=Level.choices)
    correctness = models.CharField(_("đúng quy định"), max_length=20, choices=Level.choices)
    costs = models.CharField(_("chi phí"), max_length=20, choices=Level.choices)
    channel = models.CharField(_("kênh đánh giá"), max_length=10, choices=Channel.choices)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người đánh giá (tài khoản)"),
    )
    kiosk_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cán bộ mở thiết bị đánh giá"),
    )
    # Snapshots for the aggregates: the body that handled it, the procedure, the officials who acted.
    agency = models.ForeignKey(
        "organisation.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan giải quyết")
    )
    procedure = models.ForeignKey(
        "catalogue.Procedure", on_delete=models.PROTECT, related_name="+", verbose_name=_("thủ tục")
    )
    officials = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("cán bộ đã xử lý")
    )
    created_at = models.DateTimeField(_("thời điểm đánh giá"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dossier"], name="uniq_rating_per_dossier")]
        ordering = ["-created_at"]
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.level}"


class Category(models.Model):
    """A PAKN category; each is an Open311 service (service_code = code)."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    description = models.TextField(_("mô tả"), blank=True)
    group = models.CharField(_("nhóm"), max_length=100, blank=True)
    keywords = models.CharField(_("từ khóa"), max_length=300, blank=True)
    notice = models.CharField(_("thông báo khi tiếp nhận"), max_length=300, blank=True)
    # Open311 service definition attributes: [{"code", "datatype", "required", "description", "order",
    # "datatype_description", "values": [{"key", "name"}]}]
    attributes = models.JSONField(_("thuộc tính bổ sung"), default=list, blank=True)
    active = models.BooleanField(_("đang dùng"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("lĩnh vực phản ánh")
        verbose_name_plural = _("lĩnh vực phản ánh")

    def __str__(self) -> str:
        return self.name


class Feedback(models.Model):
    """One feedback or complaint, from receipt to its published answer."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        REJECTED = "rejected", _("Từ chối (không hợp lệ)")
        INFO_REQUESTED = "info_requested", _("Yêu cầu bổ sung thông tin")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        ANSWERED = "answered", _("Đã trả lời")
        PUBLISHED = "published", _("Đã công khai")

    class Subject(models.TextChoices):
        PROCEDURE = "procedure", _("Thủ tục hành chính")
        DOSSIER = "dossier", _("Hồ sơ")
        OFFICIAL = "official", _("Cán bộ, công chức")
        SERVICE = "service", _("Dịch vụ công")

    token = models.UUIDField(_("mã tra cứu"), default=uuid.uuid4, unique=True, editable=False)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items", verbose_name=_("lĩnh vực"))
    subject = models.CharField(_("phản ánh về"), max_length=20, choices=Subject.choices)
    procedure = models.ForeignKey(
        "catalogue.Procedure",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thủ tục"),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("hồ sơ")
    )
    official_name = models.CharField(_("cán bộ được phản ánh"), max_length=200, blank=True)
    service_name = models.CharField(_("dịch vụ công"), max_length=200, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=200)
    text = models.TextField(_("nội dung"))
    public_text = models.TextField(_("nội dung công khai"), blank=True)  # set at publication, personal data removed
    attributes = models.JSONField(_("thuộc tính"), default=dict, blank=True)

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_items",
        verbose_name=_("tài khoản người gửi"),
    )
    contact_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    contact_email = models.EmailField(_("thư điện tử"), blank=True)
    contact_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    contact_address = models.CharField(_("địa chỉ liên hệ"), max_length=300, blank=True)
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    media_url = models.URLField(_("đường dẫn ảnh"), max_length=500, blank=True)
    channel = models.CharField(_("kênh"), max_length=20)  # web / api / open311
    channel_detail = models.CharField(_("chi tiết kênh"), max_length=100, blank=True)  # e.g. the Open311 key's name

    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices)
    agency = models.ForeignKey(
        "organisation.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan chịu trách nhiệm"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    version = models.PositiveIntegerField(_("phiên bản (khóa lạc quan)"), default=1)

    received_at = models.DateTimeField(_("ngày tiếp nhận"))
    updated_at = models.DateTimeField(_("cập nhật"))
    rejection_reason = models.TextField(_("lý do từ chối"), blank=True)
    info_request = models.TextField(_("thông tin cần bổ sung"), blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    rejected_at = models.DateTimeField(_("từ chối lúc"), null=True, blank=True)
    info_requested_at = models.DateTimeField(_("yêu cầu bổ sung lúc"), null=True, blank=True)
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người trả lời"),
    )
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True)

    # Decision 766/QĐ-TTg (domain.md §10): each deadline and whether it was met (None: not decided).
    reject_due_at = models.DateTimeField(_("hạn từ chối"))
    info_due_at = models.DateTimeField(_("hạn yêu cầu bổ sung"))
    resolve_due_at = models.DateTimeField(_("hạn giải quyết"))
    publish_due_at = models.DateTimeField(_("hạn công khai"), null=True, blank=True)
    reject_met = models.BooleanField(_("từ chối đúng hạn"), null=True, blank=True)
    info_met = models.BooleanField(_("yêu cầu bổ sung đúng hạn"), null=True, blank=True)
    resolve_met = models.BooleanField(_("giải quyết đúng hạn"), null=True, blank=True)
    publish_met = models.BooleanField(_("công khai đúng hạn"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["status", "published_at"]),
            models.Index(fields=["received_at"]),
        ]
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")

    def __str__(self) -> str:
        return f"PAKN {self.pk}: {self.title}"


def _attachment_path(instance: FeedbackAttachment, filename: str) -> str:
    return f"feedback/{instance.uploaded_at:%Y/%m}/{instance.feedback_id}/{instance.sha256[:16]}-{filename}"


class FeedbackAttachment(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


# What each history line's ``action`` reads as (the steps are feedback.services.pakn.STEPS).
EVENT_ACTIONS = {
    "submit": _("Gửi phản ánh, kiến nghị"),
    "route": _("Chuyển cơ quan xử lý"),
    "reject": _("Từ chối"),
    "request_info": _("Yêu cầu bổ sung thông tin"),
    "provide_info": _("Bổ sung thông tin"),
    "assign": _("Phân công xử lý"),
    "answer": _("Trả lời"),
    "publish": _("Công khai kết quả"),
}


def status_text(value: str) -> str:
    """A feedback status as people read it ("Đã tiếp nhận"), "—" for none."""
    return str(Feedback.Status(value).label) if value in Feedback.Status.values else value or "—"


class FeedbackEvent(models.Model):
    """One line of a feedback item's history."""

    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, related_name="events", verbose_name=_("phản ánh, kiến nghị")
    )
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
    actor_name = models.CharField(_("tên người thực hiện"), max_length=200)
    channel = models.CharField(_("kênh"), max_length=20, blank=True)
    from_status = models.CharField(_("từ trạng thái"), max_length=20, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=20)
    note = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict)

    class Meta:
        verbose_name = _("lượt xử lý phản ánh")
        verbose_name_plural = _("quá trình xử lý phản ánh")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.action}"

    @property
    def action_label(self) -> str:
        return str(EVENT_ACTIONS.get(self.action, self.action))

    @property
    def from_status_label(self) -> str:
        return status_text(self.from_status)

    @property
    def to_status_label(self) -> str:
        return status_text(self.to_status)


class FeedbackVote(models.Model):
    """A like (+1) or dislike (-1) of a published answer: one per account, changeable."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(choices=[(1, _("Thích")), (-1, _("Không thích"))])
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feedback", "user"], name="uniq_feedback_vote"),
            models.CheckConstraint(condition=models.Q(value__in=[1, -1]), name="feedback_vote_value"),
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.user_id} {self.value}"
