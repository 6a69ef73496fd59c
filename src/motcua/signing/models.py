"""The register of issued signed documents (sổ văn bản điện tử đã ban hành).

At issue the SHA-256 of each signed file the system gives out (a result today) is recorded with
the dossier, the number and date, and the issuing agency, so that anyone holding a file can learn
whether this system issued it (the verification page ``/xac-thuc/``), and whether the issue was
later revoked (thu hồi). The dossier is referenced by code and id, not by a foreign key: ``signing``
sits below ``dossiers`` (ARCHITECTURE.md).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.organisation.models import Agency


class IssuedDocument(models.Model):
    """One signed file issued by an agency (văn bản đã ban hành), found by its SHA-256."""

    class Kind(models.TextChoices):
        RESULT = "result", _("Kết quả giải quyết thủ tục hành chính")

    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, unique=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.RESULT)
    dossier_code = models.CharField(_("mã hồ sơ"), max_length=60)
    dossier_id = models.PositiveBigIntegerField(_("hồ sơ"), null=True, blank=True)
    document_id = models.PositiveBigIntegerField(_("tệp"), null=True, blank=True)
    number = models.CharField(_("số văn bản"), max_length=100)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="issued_documents", verbose_name=_("cơ quan ban hành")
    )
    registered_at = models.DateTimeField(_("thời điểm ghi sổ"))
    revoked_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thu hồi"),
    )
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["dossier_code", "number"], name="signing_issued_code_number")]
        verbose_name = _("văn bản đã ban hành")
        verbose_name_plural = _("văn bản đã ban hành")

    def __str__(self) -> str:
        return f"{self.number} ({self.dossier_code})"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None
