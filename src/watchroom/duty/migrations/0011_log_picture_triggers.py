"""R-DUTY-4: the database refuses to change or remove a log entry's picture (see
watchroom.duty.picture_triggers)."""

from django.db import migrations

from watchroom.duty import picture_triggers


def create(apps, schema_editor):
    for statement in picture_triggers.create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in picture_triggers.drop_sql(vendor):
        schema_editor.execute(statement, params=None)
    if vendor == "postgresql":
        for statement in picture_triggers.DROP_PG_FUNCTIONS:
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("duty", "0010_logpicture")]
    operations = [migrations.RunPython(create, drop)]
