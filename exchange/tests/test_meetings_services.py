"""Meetings: registration with capacity and waiting list, refusals, cancellation, notifications
and the audience rule."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from accounts.tests.factories import UserFactory
from districts.models import Role
from districts.tests.factories import MembershipFactory
from exchange.models import Audience, Meeting, Registration, RegistrationStatus
from exchange.notify import Category
from exchange.selectors.meetings import recent_activity
from exchange.services import meetings as services
from notifications.models import Notification

from .factories_meetings import in_days, make_meeting

pytestmark = pytest.mark.django_db


def staff_of(org: Any) -> Any:
    return MembershipFactory(organisation=org, role=Role.STAFF).user


def meeting_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "network",
        "phase": "",
        "title": "Netzwerktreffen Herbst",
        "description": "<p>Hallo <script>alert(1)</script><b>Netz</b></p>",
        "agenda": "1. Begrüßung\n2. Berichte",
        "starts_at": in_days(10),
        "ends_at": in_days(10, hour=12),
        "place": "Rathaus Mayen",
        "online_url": "",
        "capacity": 2,
        "registration_until": None,
    }
    data.update(overrides)
    return data


def notified(user: Any, meeting: Meeting) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, target_id=meeting.pk))


def test_create_sanitises_and_invites_the_audience(network: Any, other_network: Any) -> None:
    meeting = services.meeting_create(
        actor=network.org_admin,
        district=network.district,
        organisation=network.other_org,
        data=meeting_data(),
        audience=Audience.NETWORK,
    )
    assert "<script" not in meeting.description and "<b>Netz</b>" in meeting.description
    assert "<p>1. Begrüßung<br>2. Berichte</p>" in meeting.agenda
    invited = Notification.objects.filter(target_id=meeting.pk, category=Category.MEETINGS)
    recipients = set(invited.values_list("recipient_id", flat=True))
    assert network.staff.pk in recipients and network.coordinator.pk in recipients
    assert network.volunteer.pk not in recipients  # not opened to volunteers
    assert network.org_admin.pk not in recipients  # the actor
    assert other_network.staff.pk not in recipients


def test_only_organisers_create_and_only_for_their_organisation(network: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=network.staff,
            district=network.district,
            organisation=network.other_org,
            data=meeting_data(),
            audience=Audience.NETWORK,
        )
    with pytest.raises(ValidationError):
        services.meeting_create(
            actor=network.org_admin,
            district=network.district,
            organisation=network.office,
            data=meeting_data(),
            audience=Audience.NETWORK,
        )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_at": in_days(10, hour=9)}, "ends_at"),
        ({"place": "", "online_url": ""}, "place"),
        ({"online_url": "javascript:alert(1)"}, "online_url"),
        ({"registration_until": in_days(11)}, "registration_until"),
        ({"phase": "planning"}, "phase"),
    ],
)
def test_create_validates(network: Any, overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.meeting_create(
            actor=network.coordinator,
            district=network.district,
            organisation=network.office,
            data=meeting_data(**overrides),
            audience=Audience.NETWORK,
        )
    assert field in caught.value.error_dict
    assert not Meeting.objects.exists()


def test_capacity_waiting_list_and_promotion(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office, capacity=2)
    first, second, third, fourth = (staff_of(network.other_org) for _ in range(4))
    assert services.meeting_register(actor=first, meeting=meeting).status == "registered"
    assert services.meeting_register(actor=second, meeting=meeting).status == "registered"
    waiting = services.meeting_register(actor=third, meeting=meeting)
    assert (waiting.status, waiting.position) == ("waiting", 1)
    assert services.meeting_register(actor=fourth, meeting=meeting).position == 2
    with pytest.raises(ValidationError, match="Warteliste"):
        services.meeting_register(actor=third, meeting=meeting)

    services.meeting_unregister(actor=first, meeting=meeting)

    statuses = dict(Registration.objects.values_list("person_id", "status"))
    assert statuses[third.pk] == RegistrationStatus.REGISTERED
    assert statuses[fourth.pk] == RegistrationStatus.WAITING
    assert statuses[first.pk] == RegistrationStatus.CANCELLED
    [note] = notified(third, meeting)
    assert note.important and note.category == Category.MEETINGS
    assert not notified(fourth, meeting)
    # A waiting person leaving frees no seat; the one who left may come back (to the end).
    services.meeting_unregister(actor=fourth, meeting=meeting)
    again = services.meeting_register(actor=first, meeting=meeting)
    assert again.status == RegistrationStatus.WAITING and again.pk is not None


def test_more_seats_move_people_up(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office, capacity=1)
    services.meeting_register(actor=network.staff, meeting=meeting)
    services.meeting_register(actor=network.org_admin, meeting=meeting)
    data = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    with pytest.raises(ValidationError):
        services.meeting_update(
            actor=network.coordinator,
            meeting=meeting,
            data={**data, "capacity": 0},
            audience=Audience.NETWORK,
        )
    services.meeting_update(
        actor=network.coordinator,
        meeting=meeting,
        data={**data, "capacity": 5},
        audience=Audience.NETWORK,
    )
    assert Registration.objects.get(person=network.org_admin).status == "registered"


def test_refusals(network: Any) -> None:
    late = make_meeting(author_organisation=network.office, registration_until=in_days(-1))
    past = make_meeting(
        author_organisation=network.office, starts_at=in_days(-3), ends_at=in_days(-3, hour=12)
    )
    cancelled = make_meeting(author_organisation=network.office, status="cancelled")
    for meeting, text in ((late, "Anmeldefrist"), (past, "begonnen"), (cancelled, "abgesagt")):
        with pytest.raises(ValidationError, match=text):
            services.meeting_register(actor=network.staff, meeting=meeting)
    assert not Registration.objects.exists()


def test_audience_rule_for_registration_and_notification(network: Any, other_network: Any) -> None:
    chosen = make_meeting(
        author_organisation=network.office,
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
    )
    for outsider in (network.staff, network.volunteer, other_network.staff):
        with pytest.raises(ValidationError, match="nicht anmelden"):
            services.meeting_register(actor=outsider, meeting=chosen)
    open_to_volunteers = make_meeting(author_organisation=network.office, include_volunteers=True)
    assert services.meeting_register(actor=network.volunteer, meeting=open_to_volunteers)


def test_cancel_notifies_registered_and_waiting(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office, capacity=1)
    services.meeting_register(actor=network.staff, meeting=meeting)
    services.meeting_register(actor=network.org_admin, meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.meeting_cancel(actor=network.staff, meeting=meeting)
    services.meeting_cancel(actor=network.coordinator, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    for person in (network.staff, network.org_admin):
        assert [n.important for n in notified(person, meeting)] == [True]
    assert not notified(network.caseworker, meeting)
    with pytest.raises(ValidationError, match="abgesagt"):
        services.meeting_register(actor=network.caseworker, meeting=meeting)


def test_organisers(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.other_org)
    from exchange.permissions import can_manage_meeting

    assert can_manage_meeting(network.org_admin, meeting)
    assert can_manage_meeting(network.coordinator, meeting)
    assert not can_manage_meeting(network.staff, meeting)
    meeting.author = network.staff
    assert can_manage_meeting(network.staff, meeting)


def test_recent_activity_offers_registration(
    network: Any, django_assert_max_num_queries: Any
) -> None:
    open_meeting = make_meeting(author_organisation=network.office, title="Offen")
    registered = make_meeting(author_organisation=network.office, title="Schon dabei")
    services.meeting_register(actor=network.staff, meeting=registered)
    make_meeting(
        author_organisation=network.office,
        title="Nur Büro",
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
    )
    make_meeting(
        author_organisation=network.office,
        title="Vorbei",
        starts_at=in_days(-5),
        ends_at=in_days(-5, hour=12),
    )
    with django_assert_max_num_queries(2):
        rows = recent_activity(network.staff, network.district, limit=10)
    by_title = {row.title: row for row in rows}
    assert set(by_title) == {"Offen", "Schon dabei"}
    assert by_title["Offen"].action == {
        "label": "Anmelden",
        "url": open_meeting.get_absolute_url() + "#anmeldung",
    }
    assert by_title["Schon dabei"].action is None
    assert recent_activity(network.volunteer, network.district, limit=10) == []


@pytest.mark.django_db(transaction=True)
def test_two_people_cannot_take_the_last_seat() -> None:
    """Concurrent registrations for one seat: one gets it, the other waits. On SQLite the
    IMMEDIATE transactions serialise; on PostgreSQL the row lock on the meeting does."""
    from conftest import build_network

    network = build_network()
    meeting = make_meeting(author_organisation=network.office, capacity=1)
    people = [network.staff, network.org_admin]
    barrier = threading.Barrier(len(people))
    errors: list[BaseException] = []

    def register(person: Any) -> None:
        try:
            barrier.wait(timeout=5)
            services.meeting_register(actor=person, meeting=meeting)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert not errors, errors
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == ["registered", "waiting"]


def test_tasks_need_an_owner_of_the_district(network: Any, other_network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office)
    due = timezone.localdate() + dt.timedelta(days=3)
    with pytest.raises(ValidationError):
        services.task_create(
            actor=network.coordinator, meeting=meeting, data={"title": "Bericht", "due_on": due}
        )
    with pytest.raises(ValidationError):
        services.task_create(
            actor=network.coordinator,
            meeting=meeting,
            data={"title": "Bericht", "due_on": due, "owner": other_network.staff},
        )
    task = services.task_create(
        actor=network.coordinator,
        meeting=meeting,
        data={"title": "Bericht", "due_on": due, "owner": network.staff},
    )
    services.task_set_done(actor=network.coordinator, task=task, done=True)
    assert task.done and task.done_at is not None
    with pytest.raises(PermissionDenied):
        services.task_set_done(actor=network.staff, task=task, done=False)


def test_feed_token_create_renew_revoke(network: Any) -> None:
    user: Any = UserFactory()
    first = services.feed_token_create(actor=user)
    assert services.feed_token_user(first) == user
    second = services.feed_token_create(actor=user)
    assert services.feed_token_user(first) is None
    assert services.feed_token_user(second) == user
    assert user.meeting_feed_token.token_hash != second  # only the hash is stored
    assert services.feed_token_revoke(actor=user)
    assert services.feed_token_user(second) is None
    assert services.feed_token_user("") is None


def test_meeting_for_chosen_organisations_invites_only_them(network: Any) -> None:
    meeting = services.meeting_create(
        actor=network.coordinator,
        district=network.district,
        organisation=network.office,
        data=meeting_data(),
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
        include_volunteers=True,
    )
    office_staff = staff_of(network.office)
    late = services.meeting_create(
        actor=network.coordinator,
        district=network.district,
        organisation=network.office,
        data=meeting_data(title="Nachzügler"),
        audience=Audience.ORGANISATIONS,
        organisations=[network.office],
    )
    recipients = set(
        Notification.objects.filter(target_id__in=[meeting.pk, late.pk]).values_list(
            "recipient_id", flat=True
        )
    )
    assert office_staff.pk in recipients
    assert not {network.staff.pk, network.org_admin.pk, network.volunteer.pk} & recipients


def test_a_waiting_person_who_left_the_network_is_skipped(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office, capacity=1)
    first, gone, next_one = (staff_of(network.other_org) for _ in range(3))
    for person in (first, gone, next_one):
        services.meeting_register(actor=person, meeting=meeting)
    gone.memberships.update(is_active=False)
    services.meeting_unregister(actor=first, meeting=meeting)
    statuses = dict(Registration.objects.values_list("person_id", "status"))
    assert statuses[gone.pk] == "waiting" and statuses[next_one.pk] == "registered"
