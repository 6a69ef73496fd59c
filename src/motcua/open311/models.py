"""API keys of Open311 GeoReport v2 clients. Only the key's SHA-256 is stored."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    name = models.CharField(_("tên ứng dụng"), max_length=100)
    prefix = models.CharField(_("tiền tố"), max_length=12)
    key_hash = models.CharField(_("mã băm của khóa"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("ngày tạo"))
    last_used_at = models.DateTimeField(_("lần dùng gần nhất"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("khóa API Open311")
        verbose_name_plural = _("khóa API Open311")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
