"""Users (citizens, businesses, officials), API tokens and e-ID conflicts."""

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


class EidLevel(models.IntegerChoices):
    """The e-ID level of assurance (Decree 69/2024/NĐ-CP): level 2 gives full access to online services."""

    NONE = 0, _("Chưa xác thực định danh điện tử")
    LEVEL1 = 1, _("Định danh điện tử mức độ 1")
    LEVEL2 = 2, _("Định danh điện tử mức độ 2")


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
    # E-ID (định danh điện tử, Decree 69/2024/NĐ-CP): set only by accounts.services.eid_sign_in.
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    eid_level = models.PositiveSmallIntegerField(
        _("mức định danh điện tử"), choices=EidLevel.choices, default=EidLevel.NONE, db_default=EidLevel.NONE
    )
    eid_verified_at = models.DateTimeField(_("xác thực định danh điện tử lúc"), null=True, blank=True)
    eid_subject = models.CharField(
        _("mã tài khoản định danh điện tử (sub)"), max_length=255, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_official(self) -> bool:
        return self.kind == self.Kind.OFFICIAL

    @property
    def eid_verified(self) -> bool:
        return self.eid_verified_at is not None


class EidConflict(models.Model):
    """A local account (registered with a password) had claimed a personal ID that an e-ID login proved.

    The verified identity wins (``accounts.services.eid_sign_in``): the e-ID account holds the
    personal ID, the local account lost its claim, and an official with the admin role resolves the
    row (e.g. after checking the papers, or merging the dossiers by hand) with a note.
    """

    local_user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="eid_conflicts_lost", verbose_name=_("tài khoản mật khẩu")
    )
    verified_user = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="eid_conflicts_won", verbose_name=_("tài khoản định danh điện tử")
    )
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12)
    detected_at = models.DateTimeField(_("phát hiện lúc"))
    resolved = models.BooleanField(_("đã xử lý"), default=False)
    resolved_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người xử lý")
    )
    resolution_note = models.TextField(_("ghi chú xử lý"), blank=True)

    class Meta:
        ordering = ["-detected_at", "-pk"]
        verbose_name = _("trùng số định danh khi đăng nhập định danh điện tử")
        verbose_name_plural = _("trùng số định danh khi đăng nhập định danh điện tử")

    def __str__(self) -> str:
        return f"{self.personal_id}: {self.local_user} / {self.verified_user}"


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
