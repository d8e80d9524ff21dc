"""R-HAND-5, R-DUTY-4: the database refuses to change a decided handover or a locked
log entry (see watchroom.duty.triggers)."""

from django.db import migrations

from watchroom.duty import triggers


def create(apps, schema_editor):
    for statement in triggers.create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in triggers.drop_sql(vendor):
        schema_editor.execute(statement, params=None)
    if vendor == "postgresql":
        for statement in triggers.DROP_PG_FUNCTIONS:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("duty", "0006_calendar_links")]
    operations = [migrations.RunPython(create, drop)]
