"""Who may read a history note (DossierEvent.note_visibility), and the supplement's answer deadline.

Existing lines get the default of their action (motcua.dossiers.notes at the time of writing):
the applicant's own notes, reasons the law says go to the applicant and the one-stop desk's
answers stay visible to the applicant; the bodies' working notes (forward, assign, approve,
complete_step, reminders, officials' uploads) become internal.
"""

from django.db import migrations, models

TOLD = ["submit", "supplement", "withdraw", "request_supplement_reception", "request_supplement_review",
        "refuse_reception", "refuse", "refuse_step", "stop", "extend",
        "receive", "fee_paid", "issue_result", "return_result"]


def visible_by_action(apps, schema_editor):
    DossierEvent = apps.get_model("dossiers", "DossierEvent")
    DossierEvent.objects.filter(action__in=TOLD).update(note_visibility="applicant")
    DossierEvent.objects.filter(actor_role="applicant").update(note_visibility="applicant")


class Migration(migrations.Migration):

    dependencies = [
        ("dossiers", "0003_applicant_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossierevent",
            name="note_visibility",
            field=models.CharField(choices=[("applicant", "Người nộp hồ sơ xem được"), ("internal", "Nội bộ")],
                                   db_default="internal", default="internal", max_length=10,
                                   verbose_name="ai xem được ghi chú"),
        ),
        migrations.AddField(
            model_name="supplementrequest",
            name="answer_due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="hạn bổ sung"),
        ),
        migrations.RunPython(visible_by_action, migrations.RunPython.noop),
    ]
