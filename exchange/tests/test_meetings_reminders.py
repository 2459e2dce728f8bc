"""Reminders before meetings: who is reminded, when, and only once."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from exchange.models import Audience, Meeting, MeetingStatus, RegistrationStatus
from exchange.notify import Category
from exchange.services import meetings as services
from exchange.services.meetings.reminders import _remind
from notifications.models import EmailDelivery, Notification

from .factories_meetings import make_meeting, make_registration

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime.combine(dt.date(2026, 3, 10), dt.time(18)))  # local time


def soon(network: Any, *, hours: float = 15, **kwargs: Any) -> Meeting:
    """A meeting of the network starting `hours` after NOW."""
    starts_at = NOW + dt.timedelta(hours=hours)
    return make_meeting(
        author_organisation=network.office,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        **kwargs,
    )


def reminders(meeting: Meeting) -> list[Notification]:
    return list(Notification.objects.filter(target_id=meeting.pk, message__startswith="Erinnerung"))


def test_confirmed_participants_are_reminded_once(network: Any) -> None:
    meeting = soon(network, capacity=1)
    make_registration(meeting=meeting, person=network.staff)
    make_registration(
        meeting=meeting, person=network.org_admin, status=RegistrationStatus.WAITING, position=1
    )
    make_registration(
        meeting=meeting, person=network.caseworker, status=RegistrationStatus.CANCELLED
    )

    assert services.send_meeting_reminders(now=NOW) == 1

    [note] = reminders(meeting)
    assert note.recipient == network.staff
    assert note.category == Category.MEETINGS
    assert note.message == "Erinnerung: %(title)s beginnt am %(date)s"
    assert note.params["title"] == meeting.title
    assert note.params["date"] == "11.03.2026 09:00"
    assert note.url == meeting.get_absolute_url()
    # Not important: it follows the e-mail settings and goes out in the evening's digest.
    assert not note.important and not EmailDelivery.objects.exists()
    meeting.refresh_from_db()
    assert meeting.reminded_at == NOW

    assert services.send_meeting_reminders(now=NOW) == 0
    assert services.send_meeting_reminders(now=NOW + dt.timedelta(hours=6)) == 0
    assert len(reminders(meeting)) == 1


def test_cancelled_started_and_distant_meetings_are_not_reminded(network: Any) -> None:
    cancelled = soon(network, status=MeetingStatus.CANCELLED)
    started = soon(network, hours=-0.5)
    distant = soon(network, hours=30)
    for meeting in (cancelled, started, distant):
        make_registration(meeting=meeting, person=network.staff)

    assert services.send_meeting_reminders(now=NOW) == 0
    assert not Notification.objects.exists()

    # The next evening the distant meeting is within 24 hours; the others still are not due.
    assert services.send_meeting_reminders(now=NOW + dt.timedelta(days=1)) == 1
    assert [n.recipient for n in reminders(distant)] == [network.staff]
    assert Meeting.objects.filter(reminded_at__isnull=False).get() == distant


def test_both_bounds_are_included(network: Any) -> None:
    at_start = soon(network, hours=0)
    at_end = soon(network, hours=24)
    just_after = soon(network, hours=24 + 1 / 60)
    for meeting in (at_start, at_end, just_after):
        make_registration(meeting=meeting, person=network.staff)

    assert services.send_meeting_reminders(now=NOW) == 2
    assert set(Meeting.objects.filter(reminded_at=NOW)) == {at_start, at_end}


def test_a_meeting_nobody_registered_for_is_still_marked(network: Any) -> None:
    meeting = soon(network)
    assert services.send_meeting_reminders(now=NOW) == 1
    meeting.refresh_from_db()
    assert meeting.reminded_at == NOW and not Notification.objects.exists()


def test_a_participant_who_can_no_longer_see_the_meeting_is_not_reminded(
    network: Any,
) -> None:
    meeting = soon(network, audience=Audience.ORGANISATIONS, organisations=[network.office])
    make_registration(meeting=meeting, person=network.staff)  # of another organisation
    assert services.send_meeting_reminders(now=NOW) == 1
    assert not reminders(meeting)


def test_an_overlapping_run_finds_the_meeting_claimed(network: Any) -> None:
    meeting = soon(network)
    make_registration(meeting=meeting, person=network.staff)
    # Both runs listed the meeting as due; only the first claim succeeds.
    assert _remind(meeting.pk, now=NOW) is True
    assert _remind(meeting.pk, now=NOW) is False
    assert len(reminders(meeting)) == 1


def test_a_meeting_cancelled_after_the_listing_is_not_reminded(network: Any) -> None:
    meeting = soon(network)
    make_registration(meeting=meeting, person=network.staff)
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CANCELLED)
    assert _remind(meeting.pk, now=NOW) is False
    assert not reminders(meeting)


def test_a_moved_meeting_is_reminded_again_for_its_new_date(network: Any) -> None:
    now = timezone.now()
    starts_at = now + dt.timedelta(hours=5)
    meeting = make_meeting(
        author_organisation=network.office,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
    )
    make_registration(meeting=meeting, person=network.staff)
    assert services.send_meeting_reminders(now=now) == 1

    later = starts_at + dt.timedelta(days=7)
    data = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    data.update(starts_at=later, ends_at=later + dt.timedelta(hours=2))
    services.meeting_update(
        actor=network.coordinator, meeting=meeting, data=data, audience=Audience.NETWORK
    )
    meeting.refresh_from_db()
    assert meeting.reminded_at is None

    assert services.send_meeting_reminders(now=later - dt.timedelta(hours=20)) == 1
    assert len(reminders(meeting)) == 2


def test_command_prints_the_count(network: Any) -> None:
    starts_at = timezone.now() + dt.timedelta(hours=3)
    meeting = make_meeting(
        author_organisation=network.office,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
    )
    make_registration(meeting=meeting, person=network.staff)
    out = StringIO()
    call_command("send_meeting_reminders", stdout=out)
    assert out.getvalue().strip() == "Reminders sent for 1 meeting(s)."
    out = StringIO()
    call_command("send_meeting_reminders", stdout=out)
    assert out.getvalue().strip() == "Reminders sent for 0 meeting(s)."
    assert len(reminders(meeting)) == 1
