"""The applicant's electronic data store (kho dữ liệu điện tử của tổ chức, cá nhân).

Decree 45/2020/NĐ-CP art. 16 (the article the brief of issue #14 names; docs/domain.md names the
decree, not the article: to be checked by legal review): each organisation and person with an
account on the portal has an electronic data store of their documents and of the results issued to
them, so that nobody submits the same paper twice; the procedure rules now in force are Decree
118/2025/NĐ-CP (which replaced Decree 61/2018 as amended by Decree 107/2021; article not cited here,
for legal review) and docs/domain.md §11: results are "stored for reuse, and pushed to the
applicant's e-data store".

Nothing outside ``motcua.datastore.services`` writes these models.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _


def private_storage() -> Storage:
    """The default storage; on the local disk with files readable by the owner only (0600)."""
    if isinstance(default_storage, FileSystemStorage):
        default: Any = settings.STORAGES.get("default", {})
        location = (default.get("OPTIONS") or {}).get("location")
        # Without a location of its own it follows MEDIA_ROOT (and a test's override of it).
        return FileSystemStorage(location=location, file_permissions_mode=0o600)
    return default_storage


def _item_path(instance: StoredItem, filename: str) -> str:
    return f"datastore/{instance.owner_id}/{instance.sha256[:16]}-{filename}"


class StoredItem(models.Model):
    """A document in an applicant's store (giấy tờ trong kho dữ liệu): metadata and a copy of the file."""

    class Source(models.TextChoices):
        RESULT = "result", _("Kết quả giải quyết thủ tục hành chính")
        DIGITISED = "digitised", _("Số hóa khi tiếp nhận hồ sơ")
        UPLOADED = "uploaded", _("Do chủ tài khoản tải lên")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("chủ kho dữ liệu")
    )
    title = models.CharField(_("tên giấy tờ"), max_length=300)
    document_code = models.CharField(_("mã loại giấy tờ"), max_length=40, blank=True, db_index=True)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    issuing_body = models.CharField(_("cơ quan cấp"), max_length=300, blank=True)
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    valid_until = models.DateField(_("có giá trị đến"), null=True, blank=True)
    file = models.FileField(upload_to=_item_path, storage=private_storage, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    source = models.CharField(_("nguồn"), max_length=20, choices=Source.choices)
    source_dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("hồ sơ")
    )
    source_document = models.OneToOneField(
        "dossiers.DossierDocument",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("văn bản kết quả"),
    )
    created_at = models.DateTimeField(_("ngày lưu"))

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "document_code"])]
        verbose_name = _("giấy tờ trong kho dữ liệu")
        verbose_name_plural = _("giấy tờ trong kho dữ liệu")

    def __str__(self) -> str:
        return self.title

    def is_valid_on(self, day: Any) -> bool:
        return self.valid_until is None or self.valid_until >= day


class AccessGrant(models.Model):
    """The owner lets the body handling one dossier read chosen items (cho phép khai thác)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("chủ kho dữ liệu")
    )
    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="+", verbose_name=_("hồ sơ"))
    agency = models.ForeignKey(
        "organisation.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan được khai thác")
    )
    items = models.ManyToManyField(StoredItem, related_name="grants", verbose_name=_("giấy tờ được khai thác"))
    granted_at = models.DateTimeField(_("cho phép lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("quyền khai thác kho dữ liệu")
        verbose_name_plural = _("quyền khai thác kho dữ liệu")

    def __str__(self) -> str:
        return f"{self.owner_id} → {self.agency_id} ({self.dossier_id})"


class AccessLog(models.Model):
    """One read of an item by someone other than its owner: who, what, when, why (nhật ký khai thác)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("chủ kho dữ liệu")
    )
    item = models.ForeignKey(
        StoredItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("giấy tờ")
    )
    item_title = models.CharField(_("tên giấy tờ"), max_length=300)
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người khai thác"),
    )
    reader_name = models.CharField(_("tên người khai thác"), max_length=200)
    agency = models.ForeignKey(
        "organisation.Agency", null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("cơ quan")
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("hồ sơ")
    )
    # "grant" (under the owner's grant for a dossier), "counter" (taken at reception),
    # "counter_list" (its title shown at reception)
    purpose = models.CharField(_("mục đích"), max_length=40)
    at = models.DateTimeField(_("thời điểm"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("nhật ký khai thác kho dữ liệu")
        verbose_name_plural = _("nhật ký khai thác kho dữ liệu")

    def __str__(self) -> str:
        return f"{self.reader_name} {self.item_title}"


class ReuseRecord(models.Model):
    """A dossier document taken from the store instead of uploaded (tái sử dụng dữ liệu, Decision 766)."""

    dossier = models.ForeignKey("dossiers.Dossier", on_delete=models.CASCADE, related_name="+", verbose_name=_("hồ sơ"))
    document = models.OneToOneField(
        "dossiers.DossierDocument", on_delete=models.CASCADE, related_name="+", verbose_name=_("thành phần hồ sơ")
    )
    item = models.ForeignKey(
        StoredItem,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reuses",
        verbose_name=_("giấy tờ trong kho dữ liệu"),
    )
    requirement_code = models.CharField(_("mã giấy tờ"), max_length=40)
    channel = models.CharField(_("kênh"), max_length=20)  # web / api / counter
    reused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("người lấy")
    )
    reused_at = models.DateTimeField(_("thời điểm"))

    class Meta:
        ordering = ["reused_at", "id"]
        verbose_name = _("tái sử dụng dữ liệu")
        verbose_name_plural = _("tái sử dụng dữ liệu")

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.requirement_code} ← {self.item_id}"


class DraftPick(models.Model):
    """An item chosen from the store for a requirement of a portal draft, turned into reuse on submission."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("chủ bản nháp")
    )
    draft_id = models.PositiveBigIntegerField(_("mã bản nháp"), db_index=True)
    requirement_code = models.CharField(_("mã giấy tờ"), max_length=40)
    item = models.ForeignKey(StoredItem, on_delete=models.CASCADE, related_name="+", verbose_name=_("giấy tờ"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["draft_id", "requirement_code"], name="uniq_datastore_pick")]
        verbose_name = _("giấy tờ chọn cho bản nháp")
        verbose_name_plural = _("giấy tờ chọn cho bản nháp")

    def __str__(self) -> str:
        return f"{self.draft_id} {self.requirement_code}"
