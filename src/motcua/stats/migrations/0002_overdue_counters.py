"""Overdue-in-progress counters for closed dossiers.

The statutory report's in-progress overdue column used to scan every dossier open at the period
end. Closed dossiers now carry their share in DailyCount (``overdue_from`` / ``overdue_until``,
see stats.services.counting.overdue_span); the dossiers open now are read through the partial
index ``stats_open_due``, which holds open dossiers only. That index was created here by raw SQL;
it is now declared in ``Dossier.Meta.indexes`` and built, where missing, by dossiers 0006 (a
database that ran this migration before keeps the one made here).
"""

from collections import defaultdict
from zoneinfo import ZoneInfo

from django.db import migrations, models
from django.db.models import Count, F
from django.db.models.functions import Greatest, TruncDate

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")  # the local days of the counters (motcua.core.clock.VN_TZ)


def backfill(apps, schema_editor):
    """Count the closed dossiers already in the table (the same rule as counting.overdue_span)."""
    Dossier = apps.get_model("dossiers", "Dossier")
    DailyCount = apps.get_model("stats", "DailyCount")
    spans = (Dossier.objects.filter(field__isnull=False, received_at__isnull=False, original_due_at__isnull=False,
                                    closed_at__isnull=False)
             .annotate(start=TruncDate(Greatest("received_at", "original_due_at"), tzinfo=VN_TZ),
                       end=TruncDate("closed_at", tzinfo=VN_TZ))
             .filter(end__gt=F("start")))
    adds = defaultdict(lambda: {"overdue_from": 0, "overdue_until": 0})
    for metric, day in (("overdue_from", "start"), ("overdue_until", "end")):
        for r in spans.values("receiving_agency_id", "field_id", day).annotate(n=Count("id")).order_by():
            adds[(r["receiving_agency_id"], r["field_id"], r[day])][metric] += r["n"]
    if not adds:
        return
    # Set the two counters of the rows there, add the rows missing: two bulk statements per batch.
    days = [day for _, _, day in adds]
    rows = {(r.agency_id, r.field_id, r.day): r
            for r in DailyCount.objects.filter(day__range=(min(days), max(days))).iterator(chunk_size=2000)
            if (r.agency_id, r.field_id, r.day) in adds}
    for key, row in rows.items():
        row.overdue_from, row.overdue_until = adds[key]["overdue_from"], adds[key]["overdue_until"]
    DailyCount.objects.bulk_update(list(rows.values()), ["overdue_from", "overdue_until"], batch_size=1000)
    DailyCount.objects.bulk_create(
        [DailyCount(agency_id=agency_id, field_id=field_id, day=day, **values)
         for (agency_id, field_id, day), values in adds.items() if (agency_id, field_id, day) not in rows],
        batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0002_dossier_field_closed_at"),
        ("stats", "0001_initial"),
    ]

    operations = [
        migrations.AddField(model_name="dailycount", name="overdue_from",
                            field=models.PositiveIntegerField(default=0)),
        migrations.AddField(model_name="dailycount", name="overdue_until",
                            field=models.PositiveIntegerField(default=0)),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
