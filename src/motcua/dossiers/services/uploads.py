"""Checks of uploaded files: size cap, and the content type sniffed from the bytes, not the name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import magic
from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import ValidationError

# Sniffed types that some libmagic versions report for the allowed formats.
_ALIASES = {"application/x-pdf": "application/pdf", "image/jpg": "image/jpeg"}


@dataclass(frozen=True)
class CheckedFile:
    name: str
    content: bytes
    content_type: str
    size: int
    sha256: str


def check_upload(upload: Any, *, field: str = "file") -> CheckedFile:
    """Read ``upload`` (a Django UploadedFile) and return it checked, or raise ``ValidationError``."""
    name = (getattr(upload, "name", "") or "tep").rsplit("/", 1)[-1][:200]
    limit = settings.MOTCUA_MAX_UPLOAD_BYTES
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_large(name, field, limit)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _too_large(name, field, limit)
    if not content:
        raise ValidationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty_file",
                              details={"field": field, "file": name})
    sniffed = magic.from_buffer(content[:8192], mime=True)
    sniffed = _ALIASES.get(sniffed, sniffed)
    if sniffed not in settings.MOTCUA_ALLOWED_UPLOAD_TYPES:
        raise ValidationError(
            _("Tệp “%(name)s” có định dạng %(type)s, không được chấp nhận. Chỉ nhận PDF, ảnh JPEG/PNG/TIFF "
              "hoặc văn bản Word.") % {"name": name, "type": sniffed},
            code="file_type_not_allowed", details={"field": field, "file": name, "detected_type": sniffed},
        )
    return CheckedFile(name=name, content=content, content_type=sniffed, size=len(content),
                       sha256=hashlib.sha256(content).hexdigest())


def _too_large(name: str, field: str, limit: int) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(mb)s MB).") % {"name": name, "mb": limit // (1024 * 1024)},
        code="file_too_large", details={"field": field, "file": name, "max_bytes": limit},
    )
