"""Checks of uploaded files: size cap, and the content type sniffed from the bytes, not the name."""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from typing import Any

import magic
from django.conf import settings
from django.utils.translation import gettext as _

from motcua.core.errors import ValidationError

# Sniffed types that some libmagic versions report for the allowed formats.
_ALIASES = {"application/x-pdf": "application/pdf", "image/jpg": "image/jpeg"}
# Short names for sniffed types that mimetypes has no extension for.
_SHORT_TYPES = {
    "application/x-dosexec": ".exe",
    "application/x-executable": ".elf",
    "application/x-msdownload": ".exe",
    "text/x-shellscript": ".sh",
    "text/x-python": ".py",
    "application/x-rar": ".rar",
    "application/x-7z-compressed": ".7z",
    "application/octet-stream": "",
}
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")
MAX_SHOWN_NAME = 40  # a file name in a message is cut to this, so the message fits a phone screen


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
        raise ValidationError(
            _("Tệp “%(name)s” rỗng.") % {"name": name}, code="empty_file", details={"field": field, "file": name}
        )
    sniffed = magic.from_buffer(content[:8192], mime=True)
    sniffed = _ALIASES.get(sniffed, sniffed)
    if sniffed not in settings.MOTCUA_ALLOWED_UPLOAD_TYPES:
        raise ValidationError(
            _type_message(name, sniffed),
            code="file_type_not_allowed",
            details={"field": field, "file": name, "detected_type": sniffed},
        )
    return CheckedFile(
        name=name, content=content, content_type=sniffed, size=len(content), sha256=hashlib.sha256(content).hexdigest()
    )


def short_type(name: str, sniffed: str) -> str:
    """A name people know for a refused file: the extension of its name (".exe") unless that is an
    allowed one, else the usual extension of the sniffed type (".txt"), else the type's last part."""
    match = _EXTENSION.search(name)
    own = match.group(0).lower() if match else ""
    allowed = {ext for t in settings.MOTCUA_ALLOWED_UPLOAD_TYPES for ext in mimetypes.guess_all_extensions(t)}
    allowed |= {".jpg", ".jpeg", ".tif", ".tiff", ".doc", ".docx", ".pdf", ".png"}
    if own and own not in allowed:
        return own
    guessed = _SHORT_TYPES.get(sniffed, mimetypes.guess_extension(sniffed) or "")
    if guessed:
        return guessed
    return own or sniffed.rsplit("/", 1)[-1].removeprefix("x-")[:20]


def _shown_name(name: str) -> str:
    return name if len(name) <= MAX_SHOWN_NAME else name[: MAX_SHOWN_NAME - 12] + "…" + name[-11:]


def _type_message(name: str, sniffed: str) -> str:
    kind = short_type(name, sniffed)
    match = _EXTENSION.search(name)
    if match and match.group(0).lower() != kind:
        # The name promises an accepted format (".pdf") but the content is something else.
        return _(
            "Tệp “%(name)s” thực chất là tệp %(kind)s, không được chấp nhận. Chỉ nhận PDF, ảnh JPEG/PNG/TIFF "
            "hoặc văn bản Word."
        ) % {"name": _shown_name(name), "kind": kind}
    if not kind:
        return _("Tệp “%(name)s” không được chấp nhận. Chỉ nhận PDF, ảnh JPEG/PNG/TIFF hoặc văn bản Word.") % {
            "name": _shown_name(name)
        }
    return _("Tệp %(kind)s không được chấp nhận (“%(name)s”). Chỉ nhận PDF, ảnh JPEG/PNG/TIFF hoặc văn bản Word.") % {
        "name": _shown_name(name),
        "kind": kind,
    }


def _too_large(name: str, field: str, limit: int) -> ValidationError:
    return ValidationError(
        _("Tệp “%(name)s” vượt quá dung lượng cho phép (%(mb)s MB).") % {"name": name, "mb": limit // (1024 * 1024)},
        code="file_too_large",
        details={"field": field, "file": name, "max_bytes": limit},
    )
