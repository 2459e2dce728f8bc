"""iCalendar of meetings: the .ics file of one meeting and the personal feed behind a secret."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from districts.models import Membership
from exchange.models import Audience
from exchange.services import meetings as services

from .factories_meetings import in_days, make_meeting, make_registration

pytestmark = pytest.mark.django_db


def events(body: bytes) -> list[Any]:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_ics_of_a_meeting(network: Any) -> None:
    meeting = make_meeting(
        author_organisation=network.office,
        author=network.coordinator,
        title="Netzwerktreffen Mayen",
        description=(
            '<p>Bitte melden bei <a href="mailto:orga@example.org">orga@example.org</a></p>'
        ),
        agenda="<ul><li>Begrüßung</li></ul>",
        online_url="https://video.example.org/raum",
    )
    make_registration(meeting=meeting, person=network.staff)
    response = signed_in(network.staff).get(reverse("exchange:meeting_ical", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    [event] = events(response.content)
    assert str(event["uid"]) == f"lotse-meeting-{meeting.pk}@127.0.0.1"
    assert event.decoded("dtstart") == meeting.starts_at
    assert event.decoded("dtstart").utcoffset() == dt.timedelta(0)
    assert event.decoded("dtend") == meeting.ends_at
    assert str(event["summary"]) == "Netzwerktreffen Mayen"
    assert str(event["location"]) == meeting.place
    assert str(event["url"]).endswith(meeting.get_absolute_url())
    assert "Begrüßung" in str(event["description"]) and "<" not in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"
    text = response.content.decode()
    for person in (network.staff, network.coordinator):
        assert person.name not in text and person.email not in text
    assert "@example.org" not in text and "ATTENDEE" not in text and "ORGANIZER" not in text
    # The same meeting keeps its UID.
    again = signed_in(network.coordinator).get(reverse("exchange:meeting_ical", args=[meeting.pk]))
    assert events(again.content)[0]["uid"] == event["uid"]


def test_ics_of_a_cancelled_meeting(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office, status="cancelled")
    response = signed_in(network.staff).get(reverse("exchange:meeting_ical", args=[meeting.pk]))
    assert str(events(response.content)[0]["status"]) == "CANCELLED"


def test_ics_follows_the_audience(network: Any, other_network: Any) -> None:
    meeting = make_meeting(
        author_organisation=network.office,
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
    )
    url = reverse("exchange:meeting_ical", args=[meeting.pk])
    for outsider in (network.staff, network.volunteer, other_network.coordinator):
        assert signed_in(outsider).get(url).status_code in (403, 404)
    assert signed_in(network.coordinator).get(url).status_code == 200


def test_personal_feed(network: Any, other_network: Any) -> None:
    mine = make_meeting(author_organisation=network.office, title="Meins")
    waiting = make_meeting(author_organisation=network.office, title="Warte")
    left = make_meeting(author_organisation=network.office, title="Abgemeldet")
    other = make_meeting(author_organisation=network.office, title="Fremd")
    make_registration(meeting=mine, person=network.staff)
    make_registration(meeting=waiting, person=network.staff, status="waiting", position=1)
    make_registration(meeting=left, person=network.staff, status="cancelled")
    make_registration(meeting=other, person=network.org_admin)
    token = services.feed_token_create(actor=network.staff)
    url = reverse("exchange:meeting_feed", args=[token])

    response = Client().get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert [str(e["summary"]) for e in events(response.content)] == ["Meins"]
    assert network.staff.email not in response.content.decode()
    assert network.staff.name not in response.content.decode()
    assert Client().get(reverse("exchange:meeting_feed", args=["falsch"])).status_code == 404

    # The audience is checked on every request: the meeting narrowed to another organisation …
    mine.audience = Audience.ORGANISATIONS
    mine.save()
    mine.organisations.set([network.office])
    assert events(Client().get(url).content) == []
    mine.audience = Audience.NETWORK
    mine.save()
    assert len(events(Client().get(url).content)) == 1
    # … and the membership: without one the feed is empty.
    Membership.objects.filter(user=network.staff).update(is_active=False)
    assert events(Client().get(url).content) == []
    # A deactivated person's link stops working.
    network.staff.is_active = False
    network.staff.save()
    assert Client().get(url).status_code == 404


def test_feed_link_is_renewed_and_revoked_on_the_settings_page(network: Any) -> None:
    client = signed_in(network.staff)
    page = reverse("exchange:meeting_calendar_settings")
    assert "noch keinen Kalender-Link" in client.get(page).content.decode()

    response = client.post(page, {"action": "new"}, follow=True)
    shown = response.context["new_url"]
    assert shown.startswith("http") and shown in response.content.decode()
    assert client.get(urlsplit(shown).path).status_code == 200
    # Shown once only.
    assert client.get(page).context["new_url"] == ""

    renewed = client.post(page, {"action": "new"}, follow=True).context["new_url"]
    assert renewed != shown
    assert Client().get(urlsplit(shown).path).status_code == 404
    client.post(page, {"action": "revoke"})
    assert Client().get(urlsplit(renewed).path).status_code == 404


def test_feed_leaves_out_meetings_long_past(network: Any) -> None:
    old = make_meeting(
        author_organisation=network.office, starts_at=in_days(-400), ends_at=in_days(-400, 12)
    )
    make_registration(meeting=old, person=network.staff)
    token = services.feed_token_create(actor=network.staff)
    assert events(Client().get(reverse("exchange:meeting_feed", args=[token])).content) == []
