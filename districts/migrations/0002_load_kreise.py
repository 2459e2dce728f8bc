"""Loads the 400 German Kreise with their outlines and neighbours (districts/data/)."""

from django.db import migrations


def load(apps, schema_editor):
    from districts.reference import load_kreise

    load_kreise(apps.get_model("districts", "Kreis"))


class Migration(migrations.Migration):
    dependencies = [
        ("districts", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, reverse_code=migrations.RunPython.noop),
    ]
