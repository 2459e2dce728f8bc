"""Meeting pages: list with badges and constant queries, the meeting page with registration
(htmx and without JS), organiser pages (attendance, minutes, tasks), and the form under fuzz."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from districts.models import Role
from districts.tests.factories import MembershipFactory
from exchange.models import Audience, Meeting, MeetingMinutes, Registration
from notifications.models import Notification

from .factories_meetings import FollowUpTaskFactory, in_days, make_meeting, make_registration

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_shows_badges_and_tabs(network: Any) -> None:
    registered = make_meeting(author_organisation=network.office, title="Angemeldet-Treffen")
    waiting = make_meeting(author_organisation=network.office, title="Warte-Treffen")
    past = make_meeting(
        author_organisation=network.office,
        title="Früheres Treffen",
        starts_at=in_days(-10),
        ends_at=in_days(-10, 12),
    )
    make_meeting(
        author_organisation=network.office,
        title="Nur fürs Büro",
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
    )
    make_registration(meeting=registered, person=network.staff)
    make_registration(meeting=waiting, person=network.staff, status="waiting", position=1)
    client = signed_in(network.staff)

    upcoming = client.get(reverse("exchange:meeting_list")).content.decode()
    assert "Angemeldet-Treffen" in upcoming and "Warte-Treffen" in upcoming
    assert ">angemeldet<" in upcoming and ">Warteliste<" in upcoming
    assert past.title not in upcoming and "Nur fürs Büro" not in upcoming

    earlier = client.get(reverse("exchange:meeting_list"), {"zeit": "vergangen"})
    assert past.title in earlier.content.decode()


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("exchange:meeting_list"))
    assert response.status_code == 200
    return len(queries)


def test_list_queries_do_not_grow(network: Any) -> None:
    client = signed_in(network.staff)

    def add(count: int) -> None:
        for _ in range(count):
            meeting = make_meeting(author_organisation=network.office, capacity=10)
            make_registration(meeting=meeting, person=network.staff)
            make_registration(meeting=meeting, person=network.org_admin, status="waiting")

    add(2)
    few = _list_queries(client)
    add(18)
    assert _list_queries(client) == few


def test_register_without_js_and_with_htmx(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office, capacity=1)
    url = reverse("exchange:meeting_register", args=[meeting.pk])
    page = signed_in(network.staff).get(meeting.get_absolute_url()).content.decode()
    assert "Anmelden" in page and "Noch 1 Platz frei" in page

    response = signed_in(network.staff).post(url)
    assert response.status_code == 302
    assert response["Location"].endswith(meeting.get_absolute_url() + "#anmeldung")
    page = signed_in(network.staff).get(meeting.get_absolute_url()).content.decode()
    assert "Sie sind für dieses Treffen angemeldet." in page
    assert reverse("exchange:meeting_ical", args=[meeting.pk]) in page

    htmx = signed_in(network.org_admin).post(url, headers={"HX-Request": "true"})
    assert htmx.status_code == 200
    body = htmx.content.decode()
    assert body.lstrip().startswith('<section id="anmeldung"')
    assert "Warteliste" in body and "Platz 1" in body

    again = signed_in(network.staff).post(url, headers={"HX-Request": "true"})
    assert "bereits angemeldet" in again.content.decode()
    unregister = reverse("exchange:meeting_unregister", args=[meeting.pk])
    signed_in(network.staff).post(unregister)
    assert Registration.objects.get(person=network.org_admin).status == "registered"


def test_cannot_see_cannot_register(network: Any, other_network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office)
    url = reverse("exchange:meeting_register", args=[meeting.pk])
    assert signed_in(network.volunteer).post(url).status_code == 404
    assert signed_in(network.volunteer).get(meeting.get_absolute_url()).status_code == 404
    assert signed_in(other_network.coordinator).post(url).status_code == 404
    assert not Registration.objects.exists()


def test_past_meeting_shows_no_button_and_refuses(network: Any) -> None:
    meeting = make_meeting(
        author_organisation=network.office, starts_at=in_days(-1), ends_at=in_days(-1, 12)
    )
    client = signed_in(network.staff)
    assert (
        "Die Anmeldung ist geschlossen." in client.get(meeting.get_absolute_url()).content.decode()
    )
    response = client.post(reverse("exchange:meeting_register", args=[meeting.pk]), follow=True)
    assert "begonnen oder ist vorbei" in response.content.decode()


def test_organiser_pages(network: Any) -> None:
    meeting = make_meeting(
        author_organisation=network.other_org, starts_at=in_days(-1), ends_at=in_days(-1, 12)
    )
    registration = make_registration(
        meeting=meeting, person=network.staff, organisation=network.other_org
    )
    FollowUpTaskFactory(meeting=meeting, title="Bericht schreiben", due_on=in_days(-2).date())
    organiser, outsider = signed_in(network.org_admin), signed_in(network.staff)
    for name in (
        "meeting_attendance",
        "meeting_minutes",
        "meeting_tasks",
        "meeting_edit",
        "meeting_attendance_csv",
    ):
        url = reverse(f"exchange:{name}", args=[meeting.pk])
        assert organiser.get(url).status_code == 200, name
        assert outsider.get(url).status_code == 404, name

    attendance = organiser.get(reverse("exchange:meeting_attendance", args=[meeting.pk]))
    assert network.staff.name in attendance.content.decode()
    organiser.post(reverse("exchange:meeting_attended", args=[registration.pk]), {"attended": "1"})
    registration.refresh_from_db()
    assert registration.attended
    csv = organiser.get(reverse("exchange:meeting_attendance_csv", args=[meeting.pk]))
    assert network.staff.name in csv.content.decode("utf-8-sig")
    assert ";ja" in csv.content.decode("utf-8-sig")

    tasks = organiser.get(reverse("exchange:meeting_tasks", args=[meeting.pk])).content.decode()
    assert "meeting-task--overdue" in tasks and "überfällig" in tasks


def test_minutes_upload_and_download(network: Any, other_network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office)
    organiser = signed_in(network.coordinator)
    url = reverse("exchange:meeting_minutes", args=[meeting.pk])
    disguised = SimpleUploadedFile("protokoll.pdf", b"<html><script>alert(1)</script></html>")
    response = organiser.post(url, {"file": disguised})
    assert response.status_code == 200 and not MeetingMinutes.objects.exists()

    text = "Protokoll Netzwerktreffen\nTOP 1: Begrüßung\n".encode()
    response = organiser.post(url, {"file": SimpleUploadedFile("Protokoll März.txt", text)})
    assert response.status_code == 302
    minutes = MeetingMinutes.objects.get()
    assert minutes.version == 1 and minutes.original_name == "Protokoll März.txt"

    download = reverse("exchange:meeting_minutes_download", args=[minutes.pk])
    served: Any = signed_in(network.staff).get(download)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == text
    assert signed_in(network.volunteer).get(download).status_code == 404
    assert signed_in(other_network.coordinator).get(download).status_code == 404
    page = signed_in(network.staff).get(meeting.get_absolute_url()).content.decode()
    assert download in page


def test_create_edit_cancel_through_the_pages(network: Any) -> None:
    client = signed_in(network.org_admin)
    start = timezone.localtime(in_days(20))
    fields = {
        "organisation": network.other_org.pk,
        "kind": "workshop",
        "phase": "planning",
        "title": "Workshop Planung",
        "description": "Wir planen.",
        "agenda": "",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "place": "",
        "online_url": "https://video.example.org/w",
        "capacity": "12",
        "registration_until": "",
        "audience": Audience.NETWORK,
    }
    response = client.post(reverse("exchange:meeting_create"), fields)
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert meeting.phase == "planning" and meeting.author_organisation == network.other_org
    edit_url = reverse("exchange:meeting_edit", args=[meeting.pk])
    edit = client.get(edit_url)
    assert edit.status_code == 200 and "Workshop Planung" in edit.content.decode()
    shown = edit.context["form"]["starts_at"].value()
    assert shown == timezone.localtime(meeting.starts_at).replace(tzinfo=None)

    # A new time reaches the registered people at once; the (disabled) organiser stays.
    signed_in(network.staff).post(reverse("exchange:meeting_register", args=[meeting.pk]))
    later = start + dt.timedelta(days=1)
    fields.pop("organisation")
    response = client.post(
        edit_url,
        {
            **fields,
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (later + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.starts_at == later and meeting.author_organisation == network.other_org
    assert Notification.objects.filter(
        recipient=network.staff, target_id=meeting.pk, important=True
    ).exists()

    assert (
        signed_in(network.staff)
        .post(reverse("exchange:meeting_cancel", args=[meeting.pk]))
        .status_code
        == 404
    )
    client.post(reverse("exchange:meeting_cancel", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert "Das Treffen ist abgesagt." in client.get(meeting.get_absolute_url()).content.decode()


def test_staff_and_volunteers_cannot_plan(network: Any) -> None:
    for person in (network.staff, network.volunteer):
        assert signed_in(person).get(reverse("exchange:meeting_create")).status_code == 403


FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=120)
moment = st.one_of(
    st.just(""),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.from_regex(r"\A\d{1,4}-\d{1,2}-\d{1,2}T\d{1,2}:\d{1,2}\Z"),
    text,
)


@FUZZ
@given(
    title=text,
    description=text,
    kind=st.one_of(st.sampled_from(["network", "conference", "workshop"]), text),
    phase=st.one_of(st.sampled_from(["", "needs", "closing"]), text),
    starts_at=moment,
    ends_at=moment,
    registration_until=moment,
    place=text,
    online_url=st.one_of(st.sampled_from(["", "javascript:alert(1)", "https://x.org"]), text),
    capacity=st.one_of(st.integers(min_value=-5, max_value=10**12).map(str), text),
    audience=st.one_of(st.sampled_from(Audience.values), text),
    organisations=st.lists(st.one_of(st.integers(-5, 10**6).map(str), text), max_size=3),
)
@example(
    title="Netzwerktreffen",
    description="",
    kind="network",
    phase="",
    starts_at="2030-01-01T10:00",
    ends_at="2030-01-01T12:00",
    registration_until="",
    place="",
    online_url="",
    capacity="",
    audience="organisations",
    organisations=[str(2**63)],
)
def test_meeting_form_never_fails(network: Any, **fields: Any) -> None:
    client = signed_in(network.coordinator)
    before = Meeting.objects.count()
    response = client.post(
        reverse("exchange:meeting_create"), {"organisation": network.office.pk, **fields}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert Meeting.objects.count() == before
    else:
        meeting = Meeting.objects.latest("pk")
        assert meeting.ends_at > meeting.starts_at
        assert not meeting.online_url or meeting.online_url.startswith(("http://", "https://"))


def test_volunteer_sees_meetings_opened_to_volunteers_only(network: Any) -> None:
    make_meeting(author_organisation=network.office, title="Für alle", include_volunteers=True)
    make_meeting(author_organisation=network.office, title="Nur Fachleute")
    volunteer = MembershipFactory(organisation=network.office, role=Role.VOLUNTEER).user
    page = signed_in(volunteer).get(reverse("exchange:meeting_list")).content.decode()
    assert "Für alle" in page and "Nur Fachleute" not in page


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=text,
    owner=st.one_of(st.integers(-5, 10**9).map(str), text),
    owner_organisation=st.one_of(st.integers(-5, 10**9).map(str), text),
    due_on=st.one_of(st.dates().map(lambda d: d.isoformat()), text),
)
@example(title="Protokoll", owner=str(2**63), owner_organisation=str(2**63), due_on="2030-01-01")
def test_task_form_never_fails(network: Any, **fields: Any) -> None:
    meeting = make_meeting(author_organisation=network.office)
    response = signed_in(network.coordinator).post(
        reverse("exchange:meeting_tasks", args=[meeting.pk]), fields
    )
    assert response.status_code in (200, 302)
