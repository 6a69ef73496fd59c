"""Load the administrative units: 34 provinces and 3,321 communes (from 1 July 2025, no districts).

The rows are frozen beside this migration (``0002_admin_units.json``, taken from the
``vietnam-provinces`` 2025.10.1 package through ``motcua.organisation.units``), so that a newer
release of that package or a change of our code does not change what this migration does; a
reorganisation of the units needs its own data migration.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).with_name("0002_admin_units.json")


def forwards(apps, schema_editor):
    """Insert the units that are missing (safe to run again)."""
    AdminUnit = apps.get_model("organisation", "AdminUnit")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    existing = set(AdminUnit.objects.values_list("code", flat=True))
    AdminUnit.objects.bulk_create(
        [AdminUnit(code=code, name=name, kind="province", division_type=division_type)
         for code, name, division_type in data["provinces"] if code not in existing], batch_size=500)
    provinces = dict(AdminUnit.objects.filter(kind="province").values_list("code", "pk"))
    AdminUnit.objects.bulk_create(
        [AdminUnit(code=code, name=name, kind="commune", division_type=division_type, parent_id=provinces[parent])
         for code, name, division_type, parent in data["communes"] if code not in existing], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
