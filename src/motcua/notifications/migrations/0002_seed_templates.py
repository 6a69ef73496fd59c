"""Load the default Vietnamese notification templates (motcua.notifications.seed)."""

from django.db import migrations


def seed(apps, schema_editor):
    from motcua.notifications.seed import templates

    MessageTemplate = apps.get_model("notifications", "MessageTemplate")
    for row in templates():
        MessageTemplate.objects.get_or_create(
            event=row["event"], channel=row["channel"],
            defaults={k: v for k, v in row.items() if k not in {"event", "channel"}},
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
