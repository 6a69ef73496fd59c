"""Drafts of online submissions (hồ sơ nháp): a citizen's unfinished dossier, resumable later.

A draft is private scratch space of its owner; nothing here is a dossier. Submitting a draft
calls ``dossiers.services.submission.submit_online`` and deletes the draft in the same
transaction (see ``portal.drafts.submit_draft``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Draft(models.Model):
    """An online submission interrupted half way: the data entered so far and the step reached."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_drafts", verbose_name=_("chủ bản nháp")
    )
    procedure_version = models.ForeignKey(
        "catalogue.ProcedureVersion", on_delete=models.CASCADE, related_name="+", verbose_name=_("thủ tục")
    )
    step = models.PositiveSmallIntegerField(_("bước đã đến"), default=1)
    agency = models.ForeignKey(
        "organisation.Agency",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cơ quan tiếp nhận"),
    )
    applicant = models.JSONField(_("thông tin chủ hồ sơ"), default=dict)
    form_data = models.JSONField(_("thông tin tờ khai"), default=dict)
    created_at = models.DateTimeField(_("ngày tạo"))
    updated_at = models.DateTimeField(_("cập nhật lần cuối"))

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "-updated_at"])]
        verbose_name = _("hồ sơ nháp")
        verbose_name_plural = _("hồ sơ nháp")

    def __str__(self) -> str:
        return f"{self.owner_id} {self.procedure_version_id} bước {self.step}"


def _draft_file_path(instance: DraftFile, filename: str) -> str:
    return f"drafts/{instance.draft_id}/{instance.sha256[:16]}-{filename}"


class DraftFile(models.Model):
    """A file uploaded into a draft for one document requirement, already checked (size, sniffed type)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="files")
    requirement_code = models.CharField(_("mã giấy tờ"), max_length=40)
    file = models.FileField(upload_to=_draft_file_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)  # sniffed by motcua.dossiers.services.uploads.check_upload
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [models.UniqueConstraint(fields=["draft", "requirement_code"], name="uniq_draft_file")]

    def __str__(self) -> str:
        return self.original_name


class SubmittedDraft(models.Model):
    """A draft that became a dossier. The draft is deleted on submission; this row lets its URLs
    (Back after submitting, a second tab) lead to that dossier instead of "not found", and tells
    a repeated submission that the dossier already exists (no second dossier)."""

    draft_id = models.PositiveBigIntegerField(_("mã bản nháp"), unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("chủ bản nháp")
    )
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="+", verbose_name=_("hồ sơ"))
    submitted_at = models.DateTimeField(_("ngày nộp"))

    class Meta:
        verbose_name = _("bản nháp đã nộp")
        verbose_name_plural = _("bản nháp đã nộp")

    def __str__(self) -> str:
        return f"{self.draft_id} → {self.dossier_id}"
