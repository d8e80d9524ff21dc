"""R-EQUIP-2: the database refuses to change a signed work order, its lines or its
photos (see watchroom.care.triggers)."""

from django.db import migrations

from watchroom.care import triggers


def create(apps, schema_editor):
    for statement in triggers.create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    for statement in triggers.drop_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("care", "0002_maintenance_plans_and_work_orders")]
    operations = [migrations.RunPython(create, drop)]
