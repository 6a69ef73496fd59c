"""Administrative units, agencies, receiving points and officials' roles."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.dates import show_date


class AdminUnit(models.Model):
    """A province or commune (đơn vị hành chính) after 1 July 2025: no district level."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        COMMUNE = "commune", _("Xã, phường, đặc khu")

    code = models.CharField(_("mã"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("cấp"), max_length=20, choices=Kind.choices)
    division_type = models.CharField(_("loại"), max_length=50, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")

    def __str__(self) -> str:
        return self.name


class Agency(models.Model):
    """A body that receives or handles dossiers, identified by its Decision 20/2020 code."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Cấp tỉnh (UBND tỉnh)")
        DEPARTMENT = "department", _("Sở, ban, ngành cấp tỉnh")
        COMMUNE = "commune", _("Cấp xã")
        CENTRAL_OFFICE = "central_office", _("Cơ quan ngành dọc trung ương đặt tại địa phương")
        SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")

    code = models.CharField(_("mã định danh"), max_length=35, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=300)
    level = models.CharField(_("cấp"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
    )
    admin_unit = models.ForeignKey(
        AdminUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="agencies", verbose_name=_("địa bàn")
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("cơ quan tiền thân")
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")

    def __str__(self) -> str:
        return self.name


class AgencyCode(models.Model):
    """Dated history of an agency's codes; old dossiers keep the code they were issued under."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="code_history", verbose_name=_("cơ quan"))
    code = models.CharField(_("mã định danh"), max_length=35)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    class Meta:
        ordering = ["agency", "valid_from"]
        verbose_name = _("lịch sử mã định danh")
        verbose_name_plural = _("lịch sử mã định danh")

    def __str__(self) -> str:
        start = show_date(self.valid_from) if self.valid_from else "…"
        return f"{self.code} ({start} – {show_date(self.valid_to) if self.valid_to else '…'})"


class ReceivingPoint(models.Model):
    """A place that receives dossiers (bộ phận một cửa, trung tâm PVHCC) and its working hours."""

    name = models.CharField(_("tên"), max_length=300)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="receiving_points", verbose_name=_("cơ quan quản lý")
    )
    serves = models.ManyToManyField(Agency, blank=True, related_name="served_by", verbose_name=_("tiếp nhận hồ sơ cho"))
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    morning_start = models.TimeField(_("sáng từ"), default=time(7, 30))
    morning_end = models.TimeField(_("sáng đến"), default=time(11, 30))
    afternoon_start = models.TimeField(_("chiều từ"), default=time(13, 30))
    afternoon_end = models.TimeField(_("chiều đến"), default=time(17, 0))

    class Meta:
        verbose_name = _("bộ phận tiếp nhận")
        verbose_name_plural = _("bộ phận tiếp nhận")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    RECEPTION = "reception", _("Cán bộ tiếp nhận (Bộ phận Một cửa)")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    HEAD = "head", _("Lãnh đạo")
    CLERK = "clerk", _("Văn thư")
    TTHC_CONTROL = "tthc_control", _("Cán bộ kiểm soát TTHC")
    ADMIN = "admin", _("Quản trị hệ thống")


class OfficialRole(models.Model):
    """An official holds a role within one agency; every back-office action checks it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="official_roles", verbose_name=_("cán bộ")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="official_roles", verbose_name=_("cơ quan")
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    active = models.BooleanField(_("đang hiệu lực"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="uniq_official_role")]
        verbose_name = _("vai trò cán bộ")
        verbose_name_plural = _("vai trò cán bộ")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.agency.code}"
