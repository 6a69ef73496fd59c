"""Dossier codes (mã hồ sơ), Circular 01/2018/TT-VPCP art. 19.

``<receiving agency code>-<YYMMDD>-<NNNN>``: the running number is per agency and local day
(Asia/Ho_Chi_Minh), unique and gap-free. The counter row is incremented under a row lock in the
transaction that creates the dossier, so a rolled-back submission gives its number back.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction

from motcua.core.clock import VN_TZ
from motcua.dossiers.models import DossierCodeCounter


def next_dossier_code(agency_code: str, at: datetime) -> str:
    """Take the next number for ``agency_code`` on the local day of ``at``. Call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_dossier_code() must run inside the transaction that creates the dossier")
    day = at.astimezone(VN_TZ).date()
    counter = DossierCodeCounter.objects.select_for_update().filter(agency_code=agency_code, day=day).first()
    if counter is None:
        try:
            with transaction.atomic():
                counter = DossierCodeCounter.objects.create(agency_code=agency_code, day=day, last=0)
        except IntegrityError:  # another transaction created it first: wait for its lock
            counter = DossierCodeCounter.objects.select_for_update().get(agency_code=agency_code, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{agency_code}-{day:%y%m%d}-{counter.last:04d}"
