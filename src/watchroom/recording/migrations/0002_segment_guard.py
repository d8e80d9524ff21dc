from django.db import migrations

from watchroom.recording import triggers


def create(apps, schema_editor):
    for statement in triggers.create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    for statement in triggers.drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("recording", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
