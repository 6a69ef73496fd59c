"""Indexes for the public disclosure page at scale (stats.selectors).

- ``stats_finished_at``: the recently completed dossiers (ORDER BY finished_at DESC LIMIT n) read
  the newest entries instead of sorting the whole table;
- ``stats_late_apology``: "late, with the apology" per body counts a small partial index.

Raw SQL because the table belongs to the dossiers app; the queries that need them live here.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("stats", "0002_overdue_counters"),
    ]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX stats_finished_at ON dossiers_dossier (finished_at) WHERE finished_at IS NOT NULL",
            "DROP INDEX stats_finished_at",
        ),
        migrations.RunSQL(
            "CREATE INDEX stats_late_apology ON dossiers_dossier (finished_at, receiving_agency_id) "
            "WHERE timeliness = 'late' AND extended_at IS NOT NULL",
            "DROP INDEX stats_late_apology",
        ),
    ]
