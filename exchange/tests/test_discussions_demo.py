"""The discussions demo: the story of the issue in Mayen-Koblenz, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from districts.models import District
from exchange import demo
from exchange.demo import discussions
from exchange.models import Thread
from exchange.notify import Category
from notifications.models import Notification


@pytest.fixture
def seeded(db, monkeypatch):
    # Only this area: the other areas' demos are tested by their own tests.
    monkeypatch.setattr(demo, "AREAS", (discussions,))
    call_command("seed_demo", stdout=StringIO())


def test_demo_threads_of_mayen_koblenz(seeded):
    myk = District.objects.get(slug="mayen-koblenz")
    question = Thread.objects.for_district(myk).get(title=discussions.RECOGNITION)
    assert question.author.email == "orga-admin@mayen-koblenz.example.org"
    assert question.topic is not None and question.topic.name == "Arbeit & Ausbildung"
    assert [o.name for o in question.mentioned_organisations.all()] == ["Jobcenter Mayen-Koblenz"]
    mention = Notification.objects.get(
        recipient__email="fachkraft@mayen-koblenz.example.org", category=Category.MENTIONS
    )
    assert mention.target_id == question.pk

    threads = Thread.objects.for_district(myk)
    volunteers = threads.get(include_volunteers=True)
    assert volunteers.solution is not None and volunteers.reply_count >= 2
    assert threads.filter(status="closed").count() == 1
    koblenz = Thread.objects.for_district(District.objects.get(slug="koblenz"))
    assert koblenz.count() == 1

    before = Thread.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Thread.objects.count() == before
