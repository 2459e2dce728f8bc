"""The shared vocabulary's tables get their names in districts and the fields of one
meaning across apps: a code, whether the public directory offers the entry and its public
wording. 0006 fills them, 0007 makes codes unique."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0004_vocabulary_moved_from_network"),
        ("network", "0005_vocabulary_moved_to_districts"),
        ("exchange", "0003_vocabulary_in_districts"),
        ("directory", "0006_search_scope_indexes"),
    ]

    operations = [
        migrations.AlterModelTable(name="topic", table=None),
        migrations.AlterModelTable(name="targetgroup", table=None),
        *[
            operation
            for model in ("topic", "targetgroup")
            for operation in (
                migrations.AddField(
                    model_name=model,
                    name="code",
                    field=models.SlugField(
                        default="",
                        help_text="Bleibt beim Umbenennen gleich; die offene Schnittstelle nennt es.",
                        max_length=50,
                        verbose_name="Kürzel",
                    ),
                    preserve_default=False,
                ),
                migrations.AddField(
                    model_name=model,
                    name="in_directory",
                    field=models.BooleanField(
                        default=False,
                        help_text=(
                            "Steht im öffentlichen Wegweiser zur Auswahl (Kacheln, Filter, "
                            "Angebote)."
                        ),
                        verbose_name="im Wegweiser",
                    ),
                ),
                migrations.AddField(
                    model_name=model,
                    name="public_labels",
                    field=models.JSONField(
                        blank=True,
                        default=dict,
                        help_text=(
                            "Sprachcode → Bezeichnung; leer: die Übersetzung der Vorgabe oder "
                            "der Name."
                        ),
                        verbose_name="Bezeichnung im Wegweiser",
                    ),
                ),
            )
        ],
    ]
