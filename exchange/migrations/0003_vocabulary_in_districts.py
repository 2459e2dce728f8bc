"""The library's and the discussions' topics point at the shared vocabulary in districts (the
table is the same one; only Django's picture of the models changes)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exchange", "0002_meeting_reminded_at"),
        ("districts", "0004_vocabulary_moved_from_network"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="thread",
                    name="topic",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="districts.topic",
                        verbose_name="Handlungsfeld",
                    ),
                ),
                migrations.AlterField(
                    model_name="document",
                    name="topics",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="+",
                        to="districts.topic",
                        verbose_name="Handlungsfelder",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
