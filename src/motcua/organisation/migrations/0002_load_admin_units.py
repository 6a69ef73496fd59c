from django.db import migrations


def forwards(apps, schema_editor):
    from motcua.organisation.units import load_admin_units

    load_admin_units(apps.get_model("organisation", "AdminUnit"))


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
