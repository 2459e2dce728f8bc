"""The news demo: the integration office's post in Mayen-Koblenz reaches the job centre,
volunteers see only what is opened to them; seeding twice changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from districts.models import District
from exchange import demo
from exchange.demo import news
from exchange.models import Audience, NewsComment, NewsPost
from exchange.notify import Category
from notifications.models import Notification


@pytest.fixture
def seeded(db, monkeypatch):
    # Only this area: the other areas' demos are tested by their own tests.
    monkeypatch.setattr(demo, "AREAS", (news,))
    call_command("seed_demo", stdout=StringIO())


def test_demo_news_of_mayen_koblenz(seeded):
    myk = District.objects.get(slug="mayen-koblenz")
    posts = NewsPost.objects.for_district(myk)
    pinned = posts.get(title=news.APPOINTMENTS)
    assert pinned.pinned and pinned.important
    assert pinned.author.email == "koordination@mayen-koblenz.example.org"
    assert NewsComment.objects.filter(post=pinned).count() == 1
    jobcentre = User.objects.get(email="fachkraft@mayen-koblenz.example.org")
    assert Notification.objects.filter(
        recipient=jobcentre, category=Category.NEWS, target_id=pinned.pk
    ).exists()
    guide = User.objects.get(email="lotsin@mayen-koblenz.example.org")
    seen = set(NewsPost.objects.visible_to(guide).values_list("pk", flat=True))
    assert seen == set(posts.filter(include_volunteers=True).values_list("pk", flat=True))
    assert posts.filter(audience=Audience.ORGANISATIONS).count() == 1
    assert NewsPost.objects.for_district(District.objects.get(slug="koblenz")).count() == 1

    before = (NewsPost.objects.count(), NewsComment.objects.count(), Notification.objects.count())
    call_command("seed_demo", stdout=StringIO())
    after = (NewsPost.objects.count(), NewsComment.objects.count(), Notification.objects.count())
    assert after == before
