"""The inbox's model comes from footage (its table, footage_notification, is kept as
it is: state only), and the outbox's Delivery is new."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("footage", "0006_notification_moves_to_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("text", models.CharField(max_length=300, verbose_name="text")),
                        ("link", models.CharField(blank=True, max_length=200,
                                                  verbose_name="link")),
                        ("created_at", models.DateTimeField(verbose_name="created")),
                        ("read_at", models.DateTimeField(blank=True, null=True,
                                                         verbose_name="read")),
                        ("user", models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="notifications", to=settings.AUTH_USER_MODEL,
                            verbose_name="user")),
                    ],
                    options={
                        "verbose_name": "notification",
                        "verbose_name_plural": "notifications",
                        "db_table": "footage_notification",
                        "ordering": ["-created_at"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
