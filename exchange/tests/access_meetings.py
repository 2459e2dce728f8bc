"""Access-matrix rows of the meetings area (merged by `access.py`).

The target meeting is organised by the target organisation for the whole network, without
volunteers: members of the district see it (volunteers and other districts get 404), the
organiser pages are for the admins of that organisation and the coordinators (others 404, as
if missing). The personal feed needs no sign-in: its secret link is the key.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse

from core.tests.access_matrix import (
    MANAGERS,
    OWN_DISTRICT,
    OWN_DISTRICT_POST,
    OWN_ORG_ONLY,
    OWN_ORG_ONLY_POST,
    Case,
    Expectation,
    named,
    roles,
    scoped,
)
from districts.models import Role
from districts.tests.factories import MembershipFactory
from exchange.models import CalendarFeedToken, MeetingMinutes
from exchange.services.meetings import feed_token_hash

from .factories_meetings import FollowUpTaskFactory, MeetingFactory, RegistrationFactory


def targets(organisation: Any) -> dict[str, Any]:
    meeting: Any = MeetingFactory(author_organisation=organisation, capacity=20)
    person: Any = MembershipFactory(organisation=organisation, role=Role.STAFF).user
    registration = RegistrationFactory(meeting=meeting, person=person, organisation=organisation)
    minutes = MeetingMinutes(
        district=meeting.district,
        meeting=meeting,
        version=1,
        original_name="protokoll.txt",
        content_type="text/plain",
        size=9,
        sha256="0" * 64,
    )
    minutes.file.save("protokoll-v1.txt", ContentFile(b"Protokoll"), save=True)
    token = f"zugang-{organisation.pk}-geheim"
    CalendarFeedToken.objects.create(user=person, token_hash=feed_token_hash(token))
    return {
        "meeting": meeting,
        "meeting_registration": registration,
        "meeting_minutes": minutes,
        "meeting_task": FollowUpTaskFactory(meeting=meeting),
        "meeting_feed_token": token,
    }


def _url(name: str, key: str) -> Any:
    return lambda t: reverse(name, args=[t.more[key].pk])


def members(value: Expectation, **overrides: Expectation) -> dict[str, Expectation]:
    """Signed-in members; the target meeting is not open to volunteers; no operator."""
    return roles(anonymous=302, members=value, volunteer=404, operator=403, **overrides)


NOT_YOURS = scoped(404, 404, 404)
VISIBLE = members(OWN_DISTRICT)
VISIBLE_POST = members(OWN_DISTRICT_POST)
ORGANISERS = members(NOT_YOURS, org_admin=OWN_ORG_ONLY, coordinator=OWN_DISTRICT)
ORGANISERS_POST = members(NOT_YOURS, org_admin=OWN_ORG_ONLY_POST, coordinator=OWN_DISTRICT_POST)
MEMBERS = roles(anonymous=302, members=200, operator=403)


def _organiser_page(name: str) -> Case:
    return Case(_url(name, "meeting"), ORGANISERS)


ENTRIES: dict[str, Case] = {
    "exchange:meeting_list": Case(named("exchange:meeting_list"), MEMBERS),
    "exchange:meeting_create": Case(
        named("exchange:meeting_create"),
        MANAGERS,
    ),
    "exchange:meeting_calendar_settings": Case(
        named("exchange:meeting_calendar_settings"), MEMBERS
    ),
    "exchange:meeting_feed": Case(
        lambda t: reverse("exchange:meeting_feed", args=[t.more["meeting_feed_token"]]),
        roles(anonymous=200, members=200),
        note="the secret link is the key; a wrong one is 404",
    ),
    "exchange:meeting_detail": Case(_url("exchange:meeting_detail", "meeting"), VISIBLE),
    "exchange:meeting_ical": Case(_url("exchange:meeting_ical", "meeting"), VISIBLE),
    "exchange:meeting_register": Case(
        _url("exchange:meeting_register", "meeting"), VISIBLE_POST, method="POST"
    ),
    "exchange:meeting_unregister": Case(
        _url("exchange:meeting_unregister", "meeting"), VISIBLE_POST, method="POST"
    ),
    "exchange:meeting_minutes_download": Case(
        _url("exchange:meeting_minutes_download", "meeting_minutes"), VISIBLE
    ),
    "exchange:meeting_edit": _organiser_page("exchange:meeting_edit"),
    "exchange:meeting_cancel": _organiser_page("exchange:meeting_cancel"),
    "exchange:meeting_attendance": _organiser_page("exchange:meeting_attendance"),
    "exchange:meeting_attendance_csv": _organiser_page("exchange:meeting_attendance_csv"),
    "exchange:meeting_register_person": Case(
        _url("exchange:meeting_register_person", "meeting"),
        ORGANISERS_POST,
        method="POST",
        note="without a person the form is refused and the organiser is sent back",
    ),
    "exchange:meeting_minutes": _organiser_page("exchange:meeting_minutes"),
    "exchange:meeting_tasks": _organiser_page("exchange:meeting_tasks"),
    "exchange:meeting_task_edit": Case(
        _url("exchange:meeting_task_edit", "meeting_task"), ORGANISERS
    ),
    "exchange:meeting_attended": Case(
        _url("exchange:meeting_attended", "meeting_registration"),
        ORGANISERS_POST,
        method="POST",
        data=lambda t: {"attended": "0"},
    ),
    "exchange:meeting_task_done": Case(
        _url("exchange:meeting_task_done", "meeting_task"),
        ORGANISERS_POST,
        method="POST",
        data=lambda t: {"done": "1"},
    ),
}
