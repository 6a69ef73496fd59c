"""The procedure catalogue (thủ tục hành chính). A dossier keeps the version it was filed under."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.money import vnd_text


class Field(models.Model):
    """Lĩnh vực: the field a procedure belongs to (Hộ tịch, Xây dựng, ...); code ``MX1X2-LV``."""

    code = models.CharField(_("mã lĩnh vực"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """A procedure of the national catalogue (e.g. 1.001193 Đăng ký khai sinh)."""

    code = models.CharField(_("mã thủ tục"), max_length=40, unique=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("lĩnh vực"))
    search_text = models.TextField(_("văn bản tìm kiếm"), editable=False, default="")  # catalogue.search.index_text
    current_version = models.ForeignKey(
        "ProcedureVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("phiên bản hiện hành"),
    )
    active = models.BooleanField(_("đang áp dụng"), default=True)
    # Decree 69/2024/NĐ-CP: an e-ID of level 2 counts as showing the identity paper; a procedure
    # with this flag is filed online only by an applicant logged in with such an e-ID.
    requires_eid_level2 = models.BooleanField(_("yêu cầu định danh điện tử mức độ 2"), default=False, db_default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TimeUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")


class OnlineLevel(models.TextChoices):
    """Decree 42/2022: fully online (toàn trình), partly online (một phần), or none."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không trực tuyến")


class ProcedureVersion(models.Model):
    """One published text of a procedure. Immutable once a dossier refers to it."""

    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="versions", verbose_name=_("thủ tục")
    )
    number = models.PositiveIntegerField(_("số phiên bản"))
    name = models.CharField(_("tên thủ tục"), max_length=500)
    valid_from = models.DateField(_("áp dụng từ"), null=True, blank=True)
    description = models.TextField(_("trình tự thực hiện"), blank=True)
    implementing_level = models.CharField(_("cấp thực hiện"), max_length=20)  # organisation.Agency.Level
    agencies = models.ManyToManyField(
        "organisation.Agency", blank=True, related_name="procedure_versions", verbose_name=_("cơ quan thực hiện")
    )
    applicant_types = models.JSONField(_("đối tượng thực hiện"), default=list)  # accounts.ApplicantType values
    online_level = models.CharField(_("mức độ trực tuyến"), max_length=10, choices=OnlineLevel.choices)
    time_unit = models.CharField(_("đơn vị thời hạn"), max_length=20, choices=TimeUnit.choices)
    time_amount = models.DecimalField(_("thời hạn giải quyết"), max_digits=6, decimal_places=2)
    same_day_cutoff = models.TimeField(_("giờ chốt nhận trong ngày"), null=True, blank=True)
    time_note = models.CharField(_("ghi chú thời hạn"), max_length=500, blank=True)
    result_type = models.CharField(_("kết quả thực hiện"), max_length=500)
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True)
    requirements = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    form_fields = models.JSONField(_("trường thông tin tờ khai"), default=list)
    payment_before_processing = models.BooleanField(_("nộp phí trước khi giải quyết"), default=False)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)

    class Meta:
        ordering = ["procedure", "number"]
        constraints = [models.UniqueConstraint(fields=["procedure", "number"], name="uniq_procedure_version")]
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"


class DocumentRequirement(models.Model):
    """Thành phần hồ sơ: one document the applicant must (or may) submit.

    ``online_mode`` and ``counter_mode`` say how the paper is given in each channel
    (``catalogue.documents``): uploaded / scanned, replaced by the e-form (the tờ khai online),
    shown for comparison only (xuất trình để đối chiếu), or not part of the dossier there.
    """

    class Mode(models.TextChoices):
        UPLOAD = "upload", _("Nộp tệp (bản quét)")
        EFORM = "eform", _("Kê khai trên tờ khai điện tử")
        SHOW = "show", _("Xuất trình để đối chiếu")
        NONE = "none", _("Không nộp")

    class Form(models.TextChoices):
        ORIGINAL = "original", _("Bản chính")
        COPY = "copy", _("Bản sao")
        CERTIFIED_COPY = "certified_copy", _("Bản sao chứng thực")
        ORIGINAL_OR_COPY = "original_or_copy", _("Bản chính hoặc bản sao")

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="documents", verbose_name=_("phiên bản thủ tục")
    )
    code = models.CharField(_("mã giấy tờ"), max_length=40)
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    form = models.CharField(_("loại bản"), max_length=20, choices=Form.choices, default=Form.ORIGINAL)
    count = models.PositiveIntegerField(_("số lượng"), default=1)
    required = models.BooleanField(_("bắt buộc"), default=True)
    applicant_types = models.JSONField(_("áp dụng cho"), default=list)  # empty = all
    template_name = models.CharField(_("mẫu đơn, tờ khai"), max_length=300, blank=True)
    template_url = models.CharField(_("đường dẫn mẫu"), max_length=500, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    online_mode = models.CharField(_("khi nộp trực tuyến"), max_length=10, choices=Mode.choices, default=Mode.UPLOAD)
    counter_mode = models.CharField(
        _("khi nộp tại quầy, qua bưu chính"), max_length=10, choices=Mode.choices, default=Mode.UPLOAD
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["version", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="uniq_requirement_code")]
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")

    def __str__(self) -> str:
        return self.name


class FeeLine(models.Model):
    """Lệ phí (fee) or phí (charge) of a procedure, in VND."""

    class Kind(models.TextChoices):
        FEE = "fee", _("Lệ phí")
        CHARGE = "charge", _("Phí")

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="fees", verbose_name=_("phiên bản thủ tục")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên khoản thu"), max_length=300)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"))
    rule = models.CharField(_("cách tính"), max_length=500, blank=True)
    exemptions = models.CharField(_("miễn, giảm"), max_length=500, blank=True)
    # By rule (catalogue.fees.charge): ``amount`` per unit of a numeric form field, after ``free_quantity``
    # units, for at most ``max_quantity`` units, capped at ``max_amount``. Empty field: a fixed amount.
    # ``multiplier_field``: the result is multiplied by that numeric field (per copy × copies).
    quantity_field = models.CharField(_("tính theo trường tờ khai"), max_length=100, blank=True)
    free_quantity = models.PositiveIntegerField(_("số đơn vị không thu"), default=0)
    max_quantity = models.PositiveIntegerField(_("số đơn vị tối đa"), null=True, blank=True)
    max_amount = models.PositiveBigIntegerField(_("mức thu tối đa (đồng)"), null=True, blank=True)
    multiplier_field = models.CharField(_("nhân với trường tờ khai"), max_length=100, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["version", "order", "id"]
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")

    def __str__(self) -> str:
        return f"{self.name}: {vnd_text(self.amount)}"
