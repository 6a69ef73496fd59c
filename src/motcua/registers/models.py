"""Consents (sự đồng ý của chủ thể dữ liệu) and the lookup log (nhật ký tra cứu).

Decree 13/2023/NĐ-CP on personal data protection: art. 11 (consent: given for a stated purpose,
recorded in a form that can be checked, withdrawable at any time, art. 12) and art. 27 (the
processing is logged). The key looked up (a personal ID) is stored only as an HMAC with the
secret key (``subject_hash``) and a masked hint; the register's answer is not stored here, only
in the form data the person submitted.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Register(models.TextChoices):
    POPULATION = "population", _("CSDL quốc gia về dân cư")
    BUSINESS = "business", _("CSDL quốc gia về đăng ký doanh nghiệp")
    LAND = "land", _("CSDL đất đai")


class Consent(models.Model):
    """A data subject's consent to one register lookup purpose (Decree 13/2023 art. 11)."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Cổng dịch vụ công (công dân tự đồng ý)")
        COUNTER = "counter", _("Tại quầy (cán bộ xác nhận)")

    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="register_consents",
        verbose_name=_("chủ thể dữ liệu"),
    )
    subject_hash = models.CharField(_("mã băm số định danh"), max_length=64, db_index=True)
    register = models.CharField(_("cơ sở dữ liệu"), max_length=20, choices=Register.choices)
    purpose = models.CharField(_("mục đích"), max_length=300)
    channel = models.CharField(_("hình thức"), max_length=10, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cán bộ xác nhận"),
    )
    given_at = models.DateTimeField(_("đồng ý lúc"))
    withdrawn_at = models.DateTimeField(_("rút lại lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-given_at", "-id"]
        verbose_name = _("sự đồng ý tra cứu")
        verbose_name_plural = _("sự đồng ý tra cứu")

    def __str__(self) -> str:
        return f"{self.register} {self.purpose}"


class Lookup(models.Model):
    """One lookup in a register: who asked, about whom (hashed), why, under which consent, what came back."""

    class ActorKind(models.TextChoices):
        CITIZEN = "citizen", _("Công dân")
        OFFICIAL = "official", _("Cán bộ")

    class Outcome(models.TextChoices):
        OK = "ok", _("Có kết quả")
        NOT_FOUND = "not_found", _("Không tìm thấy")
        FAILED = "failed", _("Không kết nối được")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="register_lookups",
        verbose_name=_("người tra cứu"),
    )
    actor_kind = models.CharField(_("vai trò"), max_length=10, choices=ActorKind.choices)
    register = models.CharField(_("cơ sở dữ liệu"), max_length=20, choices=Register.choices)
    subject_hash = models.CharField(_("mã băm khóa tra cứu"), max_length=64, db_index=True)
    subject_hint = models.CharField(_("khóa tra cứu (che bớt)"), max_length=40)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="register_lookups_about",
        verbose_name=_("chủ thể dữ liệu"),
    )
    purpose = models.CharField(_("mục đích"), max_length=300)
    consent = models.ForeignKey(
        Consent, null=True, blank=True, on_delete=models.PROTECT, related_name="lookups", verbose_name=_("sự đồng ý")
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="register_lookups",
        verbose_name=_("hồ sơ"),
    )
    draft_id = models.PositiveBigIntegerField(_("mã bản nháp"), null=True, blank=True)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    error_code = models.CharField(_("mã lỗi"), max_length=40, blank=True)
    message_id = models.CharField(_("mã thông điệp trục liên thông"), max_length=64, blank=True)
    at = models.DateTimeField(_("thời điểm"))

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "-at"]), models.Index(fields=["-at"])]
        verbose_name = _("lượt tra cứu")
        verbose_name_plural = _("nhật ký tra cứu cơ sở dữ liệu")

    def __str__(self) -> str:
        return f"{self.register} {self.subject_hint} {self.outcome}"


class Verification(models.Model):
    """A form field filled from a lookup: verified while its value stays the register's (digest)."""

    lookup = models.ForeignKey(Lookup, on_delete=models.CASCADE, related_name="verifications")
    field = models.CharField(_("trường tờ khai"), max_length=64)
    value_digest = models.CharField(_("mã băm giá trị"), max_length=64)
    draft_id = models.PositiveBigIntegerField(_("mã bản nháp"), null=True, blank=True, db_index=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="verified_fields",
        verbose_name=_("hồ sơ"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("trường đã xác thực")
        verbose_name_plural = _("trường đã xác thực")

    def __str__(self) -> str:
        return self.field
