"""The procedure catalogue pulled from the national procedure database (CSDL TTHC) through the portal.

The records are mapped to ``motcua.catalogue/1`` (``dvcqg/mapping.py``) and go through the one
write path of the catalogue, ``catalogue.services.importing.import_catalogue`` (validated, audited,
a new version only when something changed).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from motcua.catalogue.services.importing import ImportReport, import_catalogue
from motcua.national_portal.dvcqg import mapping
from motcua.national_portal.dvcqg.client import PortalError
from motcua.national_portal.dvcqg.plugin import client


def pull_catalogue(*, actor: Any = None, codes: list[str] | None = None) -> ImportReport:
    """Import the portal's procedures (all, or those of ``codes``); raises ``PortalError`` or the import's
    ``ValidationError``."""
    records = client().procedures().get("data")
    if not isinstance(records, list):
        raise PortalError(_("Cổng Dịch vụ công quốc gia trả lời không hợp lệ. Hệ thống sẽ tự gửi lại."))
    if codes:
        records = [r for r in records if isinstance(r, dict) and str(r.get("MaTTHC")) in codes]
    return import_catalogue(mapping.catalogue_from(records), actor=actor)
