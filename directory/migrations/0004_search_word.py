import django.db.models.deletion
from django.db import migrations, models

# The vocabulary of the search documents, for correcting misspelt query words (see
# directory.search). Filled here from the documents already indexed: in one statement on
# PostgreSQL, through the ORM elsewhere. Words longer than 100 characters are left out.
FILL_POSTGRESQL = (
    "INSERT INTO directory_searchword (district_id, language, word) "
    "SELECT DISTINCT d.district_id, d.language, w.word "
    "FROM directory_offersearchdocument d, "
    "unnest(string_to_array(d.words, ' ')) AS w(word) "
    "WHERE w.word <> '' AND char_length(w.word) <= 100 "
    "ON CONFLICT DO NOTHING"
)


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FILL_POSTGRESQL, params=None)
        return
    document = apps.get_model("directory", "OfferSearchDocument")
    word_model = apps.get_model("directory", "SearchWord")
    seen = set()
    rows = document.objects.values_list("district_id", "language", "words")
    for district_id, language, words in rows.iterator(chunk_size=2000):
        for word in words.split():
            if len(word) <= 100:
                seen.add((district_id, language, word))
    word_model.objects.bulk_create(
        [word_model(district_id=d, language=lang, word=w) for d, lang, w in sorted(seen)],
        batch_size=500,
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_search_document"),
        ("districts", "0003_alter_district_slug"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("language", models.CharField(max_length=10)),
                ("word", models.CharField(max_length=100)),
                (
                    "district",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="districts.district",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("district", "language", "word"), name="search_word_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
