"""The search tables lose their single-column district indexes: the (district, language)
indexes serve the same look-ups, and PostgreSQL often chose the single column one, read all
eight languages of a district and filtered seven away.

Only the indexes are dropped (one statement each, the same on PostgreSQL and SQLite): letting
Django alter the field would rebuild the table on SQLite and drop the FTS5 triggers on it."""

import django.db.models.deletion
from django.db import migrations, models

INDEXES = {
    "directory_offersearchdocument": "directory_offersearchdocument_district_id_f1b0adba",
    "directory_searchword": "directory_searchword_district_id_fa153f9a",
}


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_translationjob_place_event"),
        ("districts", "0003_alter_district_slug"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX IF EXISTS {index}",
                    reverse_sql=f"CREATE INDEX IF NOT EXISTS {index} ON {table} (district_id)",
                )
                for table, index in INDEXES.items()
            ],
            state_operations=[
                migrations.AlterField(
                    model_name=model,
                    name="district",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="districts.district",
                    ),
                )
                for model in ("offersearchdocument", "searchword")
            ],
        ),
    ]
