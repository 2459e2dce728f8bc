"""Mails still waiting in the task queue point to the task's new home (core.mail)."""

from django.db import migrations

OLD = "accounts.tasks.send_rendered_mail"
NEW = "core.mail.send_rendered_mail"


def _move(apps, schema_editor, old, new):  # noqa: ANN001
    result = apps.get_model("django_tasks_database", "DBTaskResult")
    result.objects.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):  # noqa: ANN001
    _move(apps, schema_editor, OLD, NEW)


def backwards(apps, schema_editor):  # noqa: ANN001
    _move(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_accessrecord_append_only"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
