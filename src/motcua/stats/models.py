"""Aggregates maintained with each dossier transition, so reports never scan the dossier table."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

METRICS = ("received_online", "received_offline", "finished_early", "finished_on_time", "finished_late",
           "closed_other")


class DailyCount(models.Model):
    """Per receiving agency, field (lĩnh vực) and local day: dossiers received, finished and closed.

    ``closed_other``: received dossiers that ended without a result (withdrawn, stopped).
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

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "field", "day"], name="uniq_daily_count")]
        indexes = [models.Index(fields=["day", "agency"])]
        verbose_name = _("số liệu theo ngày")
        verbose_name_plural = _("số liệu theo ngày")

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.field_id}/{self.day}"
