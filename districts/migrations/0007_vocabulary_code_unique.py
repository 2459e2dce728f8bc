"""Codes are unique in a district's list (after 0006 gave every entry one). A migration of its
own: PostgreSQL alters no table in the transaction that has just written its rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("districts", "0006_vocabulary_codes_filled")]

    operations = [
        migrations.AddConstraint(
            model_name="topic",
            constraint=models.UniqueConstraint(
                fields=("district", "code"), name="topic_code_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="targetgroup",
            constraint=models.UniqueConstraint(
                fields=("district", "code"), name="targetgroup_code_unique"
            ),
        ),
    ]
