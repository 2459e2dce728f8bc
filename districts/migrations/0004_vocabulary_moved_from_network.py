"""Topics and target groups become the district's shared vocabulary: the models move from the
network app to districts. Only Django's picture of the models changes here; the tables stay as
they are (renamed in 0005), so every entry keeps its id and every link to it."""

import django.db.models.deletion
from django.db import migrations, models


def _fields() -> list:
    return [
        (
            "id",
            models.BigAutoField(
                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
            ),
        ),
        ("name", models.CharField(max_length=100, verbose_name="Name")),
        ("is_active", models.BooleanField(default=True, verbose_name="aktiv")),
        ("position", models.PositiveSmallIntegerField(default=100, verbose_name="Reihenfolge")),
        (
            "district",
            models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="districts.district",
                verbose_name="Kreis",
            ),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0003_alter_district_slug"),
        ("network", "0004_profiletranslation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Topic",
                    fields=_fields(),
                    options={
                        "verbose_name": "Handlungsfeld",
                        "verbose_name_plural": "Handlungsfelder",
                        "ordering": ["position", "name"],
                        "abstract": False,
                        "db_table": "network_topic",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("district", "name"), name="topic_unique"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="TargetGroup",
                    fields=_fields(),
                    options={
                        "verbose_name": "Zielgruppe",
                        "verbose_name_plural": "Zielgruppen",
                        "ordering": ["position", "name"],
                        "abstract": False,
                        "db_table": "network_targetgroup",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("district", "name"), name="targetgroup_unique"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
