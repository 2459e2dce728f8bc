"""Topics and target groups now live in districts (see districts 0004): the network's links point
there, and the network forgets its own models. No table changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0004_profiletranslation"),
        ("districts", "0004_vocabulary_moved_from_network"),
        ("exchange", "0003_vocabulary_in_districts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="profile",
                    name="topics",
                    field=models.ManyToManyField(
                        blank=True, to="districts.topic", verbose_name="Handlungsfelder"
                    ),
                ),
                migrations.AlterField(
                    model_name="profile",
                    name="target_groups",
                    field=models.ManyToManyField(
                        blank=True, to="districts.targetgroup", verbose_name="Zielgruppen"
                    ),
                ),
                migrations.AlterField(
                    model_name="contact",
                    name="topics",
                    field=models.ManyToManyField(
                        blank=True, to="districts.topic", verbose_name="Handlungsfelder"
                    ),
                ),
                migrations.AlterField(
                    model_name="agreement",
                    name="topics",
                    field=models.ManyToManyField(
                        blank=True, to="districts.topic", verbose_name="Handlungsfelder"
                    ),
                ),
                migrations.DeleteModel(name="Topic"),
                migrations.DeleteModel(name="TargetGroup"),
            ],
            database_operations=[],
        ),
    ]
