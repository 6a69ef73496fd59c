"""The partial indexes of the statistics reads become part of ``Dossier.Meta.indexes``.

``stats_open_due``, ``stats_finished_at`` and ``stats_late_apology`` were created by raw SQL in
stats 0002 and 0003, so Django did not know them (a later change of the table could not see or
keep them). Here Django's state learns them (``state_operations``), and the database gets each one
only where it is missing (``database_operations``): a database that ran the old stats migrations
already has all three and nothing is done there; a new one builds them, on PostgreSQL with
``CREATE INDEX CONCURRENTLY`` (so the migration is not atomic: that statement cannot run inside a
transaction), elsewhere with a plain ``CREATE INDEX``. Going back drops them the same way.
"""

from django.db import migrations, models


class AddIndexUnlessPresent(migrations.operations.base.Operation):
    """Create ``index`` on the model's table unless an index of that name exists (no state change).

    Frozen here, with the migration: a later change of project code cannot change what it does.
    """

    reversible = True
    reduces_to_sql = False

    def __init__(self, model_name, index):
        self.model_name = model_name
        self.index = index

    def deconstruct(self):
        return (self.__class__.__qualname__, [], {"model_name": self.model_name, "index": self.index})

    def state_forwards(self, app_label, state):
        pass

    def _present(self, schema_editor, model):
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            return self.index.name in connection.introspection.get_constraints(cursor, model._meta.db_table)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        model = to_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model) or self._present(schema_editor, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(model, self.index, concurrently=True)
        else:
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        model = from_state.apps.get_model(app_label, self.model_name)
        if not self.allow_migrate_model(schema_editor.connection.alias, model) or not self._present(schema_editor, model):
            return
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.remove_index(model, self.index, concurrently=True)
        else:
            schema_editor.remove_index(model, self.index)

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} unless it is there"

    @property
    def migration_name_fragment(self):
        return f"{self.model_name.lower()}_{self.index.name.lower()}"


INDEXES = [
    models.Index(fields=["original_due_at", "received_at", "receiving_agency", "field"], name="stats_open_due",
                 condition=models.Q(closed_at__isnull=True) & models.Q(received_at__isnull=False)),
    models.Index(fields=["finished_at"], name="stats_finished_at", condition=models.Q(finished_at__isnull=False)),
    models.Index(fields=["finished_at", "receiving_agency"], name="stats_late_apology",
                 condition=models.Q(timeliness="late") & models.Q(extended_at__isnull=False)),
]


class Migration(migrations.Migration):

    atomic = False  # CREATE INDEX CONCURRENTLY (PostgreSQL) cannot run in a transaction

    dependencies = [
        ("dossiers", "0005_dossier_result_record"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="dossier", index=index) for index in INDEXES],
            database_operations=[AddIndexUnlessPresent(model_name="dossier", index=index) for index in INDEXES],
        ),
    ]
