from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("duty", "0007_signed_records_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="logentry",
            name="changed_at",
            field=models.DateTimeField(blank=True, help_text="by its author before the handover; the audit trail keeps each version", null=True, verbose_name="last changed"),
        ),
    ]
