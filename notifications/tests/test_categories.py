"""Notification categories come from the apps; a newly registered one is on by default and
gets its switch on the settings page."""

import pytest
from django.urls import reverse

from notifications import categories
from notifications.models import NotificationPreference

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainings_category(monkeypatch):
    monkeypatch.setattr(categories, "_categories", dict(categories._categories))
    categories.register_category("trainings", "Schulungen", order=90)
    return "trainings"


def test_the_exchange_registers_its_five_categories():
    assert categories.category_slugs() == [
        "news",
        "discussions",
        "mentions",
        "documents",
        "meetings",
    ]


def test_a_new_category_is_on_and_has_a_switch(client, network, trainings_category):
    preference = NotificationPreference.objects.create(user=network.staff, email_news=False)
    assert preference.wants_email(trainings_category)
    assert not preference.email_news
    assert trainings_category in preference.email_categories()
    client.force_login(network.staff)
    html = client.get(reverse("notifications:settings")).content.decode()
    assert 'name="email_trainings"' in html
    client.post(reverse("notifications:settings"), {"daily_digest": "on", "email_news": "on"})
    preference.refresh_from_db()
    assert preference.email_off == ["discussions", "documents", "meetings", "mentions", "trainings"]


def test_the_migration_keeps_every_switch():
    from importlib import import_module

    migration = import_module("notifications.migrations.0002_categories_from_the_apps")

    class Row:
        email_news, email_discussions, email_mentions = True, False, True
        email_documents, email_meetings = False, True
        email_off: list[str] = []

        def save(self, update_fields):
            self.saved = update_fields

    class Manager:
        def __init__(self, rows):
            self.rows = rows

        def all(self):
            return self

        def iterator(self):
            return iter(self.rows)

    class Model:
        objects = Manager([Row()])

    class Apps:
        def get_model(self, app, name):
            return Model

    migration.columns_to_list(Apps(), None)
    assert Model.objects.rows[0].email_off == ["discussions", "documents"]
    migration.list_to_columns(Apps(), None)
    row = Model.objects.rows[0]
    assert (row.email_news, row.email_discussions, row.email_documents) == (True, False, False)
