"""Indexes for the public disclosure page at scale (stats.selectors), now in ``Dossier.Meta.indexes``.

- ``stats_finished_at``: the recently completed dossiers (ORDER BY finished_at DESC LIMIT n) read
  the newest entries instead of sorting the whole table;
- ``stats_late_apology``: "late, with the apology" per body counts a small partial index.

They were created here by raw SQL, because the table belongs to the dossiers app. They are now
declared on the model and built, where missing, by dossiers 0006: a database that ran this
migration before keeps the ones made here, and on a new one this migration does nothing.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("stats", "0002_overdue_counters"),
    ]

    operations = []
