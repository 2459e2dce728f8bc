"""The notification categories come from the apps that register them; a person's e-mail
switches move from one column per category to the list of categories switched off, keeping
every existing choice."""

from django.db import migrations, models

import notifications.categories

CATEGORIES = ("news", "discussions", "mentions", "documents", "meetings")


def columns_to_list(apps, schema_editor):  # noqa: ANN001
    preference = apps.get_model("notifications", "NotificationPreference")
    for row in preference.objects.all().iterator():
        row.email_off = [c for c in CATEGORIES if not getattr(row, f"email_{c}")]
        row.save(update_fields=["email_off"])


def list_to_columns(apps, schema_editor):  # noqa: ANN001
    preference = apps.get_model("notifications", "NotificationPreference")
    for row in preference.objects.all().iterator():
        off = set(row.email_off or [])
        for category in CATEGORIES:
            setattr(row, f"email_{category}", category not in off)
        row.save(update_fields=[f"email_{c}" for c in CATEGORIES])


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notificationpreference",
            name="email_off",
            field=models.JSONField(blank=True, default=list, verbose_name="Bereiche ohne E-Mail"),
        ),
        migrations.RunPython(columns_to_list, list_to_columns),
        *[
            migrations.RemoveField(model_name="notificationpreference", name=f"email_{category}")
            for category in CATEGORIES
        ],
        migrations.AlterField(
            model_name="notification",
            name="category",
            field=models.CharField(
                choices=notifications.categories.category_choices,
                max_length=20,
                verbose_name="Bereich",
            ),
        ),
    ]
