"""The inbox's model moves to the notifications app; its table stays where it is."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("footage", "0005_request_originals_as_evidence"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
