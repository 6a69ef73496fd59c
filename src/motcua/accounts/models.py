"""Users (citizens, businesses, officials) and API tokens."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicantType(models.TextChoices):
    """LoaiDoiTuong of the national portal: 1 citizen, 2 business, 3 state body, 4 other."""

    CITIZEN = "citizen", _("Công dân")
    BUSINESS = "business", _("Doanh nghiệp")
    STATE_BODY = "state_body", _("Cơ quan nhà nước")
    OTHER = "other", _("Tổ chức khác")


NATIONAL_APPLICANT_TYPE = {"citizen": 1, "business": 2, "state_body": 3, "other": 4}


class User(AbstractUser):
    """A person who logs in: applicant (citizen or representative of a business) or official."""

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        BUSINESS = "business", _("Doanh nghiệp, tổ chức")
        OFFICIAL = "official", _("Cán bộ, công chức")

    kind = models.CharField(_("loại tài khoản"), max_length=20, choices=Kind.choices, default=Kind.CITIZEN)
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12, null=True, blank=True, unique=True)
    tax_code = models.CharField(_("mã số thuế / mã số doanh nghiệp"), max_length=20, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    admin_unit = models.ForeignKey(
        "organisation.AdminUnit",
        verbose_name=_("đơn vị hành chính"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("chức danh"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_official(self) -> bool:
        return self.kind == self.Kind.OFFICIAL


class ApiToken(models.Model):
    """A bearer token for API clients. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("người dùng"))
    name = models.CharField(_("tên"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=12)
    key_hash = models.CharField(_("mã băm của khóa"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    last_used_at = models.DateTimeField(_("dùng lần cuối lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khóa truy cập API")
        verbose_name_plural = _("khóa truy cập API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"
