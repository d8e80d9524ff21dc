"""On PostgreSQL, trigram indexes let the duty log's text search (`icontains`, which
PostgreSQL runs as UPPER(column) LIKE …) find rare words without reading every entry."""

from django.db import migrations

COLUMNS = ("seen", "done", "told")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS duty_log_{column}_trgm ON duty_logentry "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"DROP INDEX IF EXISTS duty_log_{column}_trgm")


class Migration(migrations.Migration):
    dependencies = [("duty", "0004_handover_status_index")]
    operations = [migrations.RunPython(create, drop)]
