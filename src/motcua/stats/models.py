"""Aggregates maintained with each dossier transition, so reports never scan the dossier table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core import rowsql

METRICS = (
    "received_online",
    "received_offline",
    "finished_early",
    "finished_on_time",
    "finished_late",
    "closed_other",
    "overdue_from",
    "overdue_until",
)


class DailyCount(models.Model):
    """Per receiving agency, field (lĩnh vực) and local day: dossiers received, finished and closed.

    ``closed_other``: received dossiers that ended without a result (withdrawn, stopped).
    ``overdue_from`` / ``overdue_until``: received dossiers that are closed, counted when they close
    if they were still open at the end of a day on which their legal due time had passed:
    ``overdue_from`` on the local day the due time (or the reception, if later) fell,
    ``overdue_until`` on the day they closed. The sum of the first minus the second over the days
    up to D is the number of closed dossiers that were overdue and in progress at the end of D;
    the report adds the dossiers still open (stats.services.report).
    Written in the transaction of the transition that causes it (stats.services.counting).
    """

    agency = models.ForeignKey("organisation.Agency", on_delete=models.PROTECT, related_name="+")
    field = models.ForeignKey("catalogue.Field", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    received_online = models.PositiveIntegerField(default=0)
    received_offline = models.PositiveIntegerField(default=0)
    finished_early = models.PositiveIntegerField(default=0)
    finished_on_time = models.PositiveIntegerField(default=0)
    finished_late = models.PositiveIntegerField(default=0)
    closed_other = models.PositiveIntegerField(default=0)
    overdue_from = models.PositiveIntegerField(default=0)
    overdue_until = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "field", "day"], name="uniq_daily_count")]
        indexes = [models.Index(fields=["day", "agency"])]
        verbose_name = _("số liệu theo ngày")
        verbose_name_plural = _("số liệu theo ngày")

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.field_id}/{self.day}"


rowsql.register(DailyCount)  # counted by upserts in the transaction of each transition


class IndexSnapshot(models.Model):
    """The Decision 766 measures of one body from 1 January to the day computed, kept by the worker.

    The leaders' dashboard reads these instead of computing the index (which joins documents,
    payments and fee lines over the whole year) on every page view; ``stats.snapshots`` refreshes
    them every 30 minutes and computes a missing one on first use.
    """

    agency = models.ForeignKey("organisation.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    computed_at = models.DateTimeField()
    measures = models.JSONField(default=dict)  # {name: [numerator, denominator]}

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="uniq_index_snapshot")]
        verbose_name = _("số liệu chỉ số phục vụ (tạm tính)")
        verbose_name_plural = _("số liệu chỉ số phục vụ (tạm tính)")

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}"
