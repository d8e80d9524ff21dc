from django.db import migrations

from watchroom.audit import triggers


def create(apps, schema_editor):
    for statement in triggers.create_sql(schema_editor.connection.vendor):
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in triggers.drop_sql(vendor):
        schema_editor.execute(statement, params=None)
    if vendor == "postgresql":
        schema_editor.execute(triggers.DROP_PG_FUNCTION, params=None)


def head(apps, schema_editor):
    AuditHead = apps.get_model("audit", "AuditHead")
    AuditHead.objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"seq": 0, "prev_hash": "0" * 64, "hash": "0" * 64}
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.RunPython(create, drop),
        migrations.RunPython(head, migrations.RunPython.noop),
    ]
