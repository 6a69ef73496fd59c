"""What reception needs of a procedure version (time limit, fee lines), cached per process.

A version is immutable once a dossier refers to it, so the copy cannot go stale for the dossiers
that read it; edits of a version not yet used still drop the copies (core.caching.watch).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from typing import Any

from motcua.catalogue.fees import charge
from motcua.catalogue.models import FeeLine, ProcedureVersion
from motcua.core.caching import ProcessCache


@dataclass
class FeeTerms:  # a catalogue.fees.FeeRule (not frozen: the protocol's attributes are plain ones)
    amount: int
    quantity_field: str
    free_quantity: int
    max_quantity: int | None
    max_amount: int | None
    multiplier_field: str


@dataclass(frozen=True)
class VersionTerms:
    time_unit: str
    time_amount: Decimal
    same_day_cutoff: time | None
    payment_before_processing: bool
    fees: tuple[FeeTerms, ...]

    def fees_due(self, form_data: dict[str, Any] | None) -> int:
        """Return the fees (VND) owed for ``form_data`` by the version's fee lines."""
        return sum(charge(line, form_data) for line in self.fees)


def _load(version_id: Any) -> VersionTerms:
    v = ProcedureVersion.objects.only("time_unit", "time_amount", "same_day_cutoff", "payment_before_processing").get(
        pk=version_id
    )
    fees = tuple(
        FeeTerms(*row)
        for row in FeeLine.objects.filter(version_id=version_id)
        .order_by("order", "id")
        .values_list("amount", "quantity_field", "free_quantity", "max_quantity", "max_amount", "multiplier_field")
    )
    return VersionTerms(v.time_unit, v.time_amount, v.same_day_cutoff, v.payment_before_processing, fees)


TERMS: ProcessCache[VersionTerms] = ProcessCache("version-terms", _load, max_age=3600.0)


def version_terms(version_id: int) -> VersionTerms:
    """Return the terms of the version ``version_id`` (queries only on the first call per process)."""
    return TERMS.get(version_id)
