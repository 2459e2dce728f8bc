"""The meetings demo: the next Netzwerktreffen in Mayen-Koblenz invites the job centre, whose
staff member can still register; the workshop series and a full Fachtagung; seeding twice
changes nothing."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import User
from districts.models import District
from exchange import demo
from exchange.demo import meetings
from exchange.models import FollowUpTask, Meeting, MeetingMinutes, Registration
from exchange.notify import Category
from exchange.selectors.meetings import recent_activity
from notifications.models import Notification


@pytest.fixture
def seeded(db: Any, monkeypatch: Any) -> None:
    # Only this area: the other areas' demos are tested by their own tests.
    monkeypatch.setattr(demo, "AREAS", (meetings,))
    call_command("seed_demo", stdout=StringIO())


def test_demo_meetings(seeded: None) -> None:
    myk = District.objects.get(slug="mayen-koblenz")
    staff = User.objects.get(email="fachkraft@mayen-koblenz.example.org")
    network_meeting = Meeting.objects.get(district=myk, title=meetings.NETWORK_MEETING)
    assert network_meeting.capacity == 30
    assert not Registration.objects.filter(meeting=network_meeting, person=staff).exists()
    assert Notification.objects.filter(
        recipient=staff, category=Category.MEETINGS, target_id=network_meeting.pk
    ).exists()
    [row] = [r for r in recent_activity(staff, myk, limit=10) if r.title == network_meeting.title]
    assert row.action and row.action["label"] == "Anmelden"

    past = Meeting.objects.get(district=myk, title=meetings.WORKSHOP_NEEDS)
    assert past.phase == "needs" and past.is_past()
    assert MeetingMinutes.objects.filter(meeting=past).count() == 1
    assert FollowUpTask.objects.filter(meeting=past, done=True).count() == 1
    assert Registration.objects.filter(meeting=past, attended=True).count() == 2
    conference = Meeting.objects.get(district=myk, title=meetings.CONFERENCE)
    statuses = sorted(
        Registration.objects.filter(meeting=conference).values_list("status", flat=True)
    )
    assert statuses == ["registered", "registered", "waiting"]
    koblenz = District.objects.get(slug="koblenz")
    assert Meeting.objects.for_district(koblenz).count() == 1

    before = (Meeting.objects.count(), Registration.objects.count(), Notification.objects.count())
    call_command("seed_demo", stdout=StringIO())
    after = (Meeting.objects.count(), Registration.objects.count(), Notification.objects.count())
    assert after == before
