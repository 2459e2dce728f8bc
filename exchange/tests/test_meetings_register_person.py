"""Organisers register someone else for a meeting (say, a colleague who called): the service
under the rules of registering oneself, the notification, and the form on the attendance page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from districts.models import Role
from districts.tests.factories import MembershipFactory
from exchange.forms.meetings import RegisterPersonForm
from exchange.models import Registration, RegistrationStatus
from exchange.notify import Category
from exchange.services import meetings as services
from notifications.models import Notification

from .factories_meetings import make_meeting, make_registration

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_organiser_registers_a_colleague_who_is_notified_and_listed(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office, author=network.coordinator)
    client = signed_in(network.coordinator)

    response = client.post(
        reverse("exchange:meeting_register_person", args=[meeting.pk]),
        {"person": network.staff.pk},
        follow=True,
    )

    registration = Registration.objects.get(meeting=meeting, person=network.staff)
    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.organisation == network.other_org
    page = response.content.decode()
    assert "ist angemeldet" in page
    assert network.staff.name in page
    notification = Notification.objects.get(recipient=network.staff, target_id=meeting.pk)
    assert notification.category == Category.MEETINGS
    assert notification.important
    assert "hat Sie für" in notification.message
    assert notification.url == meeting.get_absolute_url()
    event = AuditEvent.objects.filter(action="meeting.register").latest("pk")
    assert event.actor_id == network.coordinator.pk


def test_a_full_meeting_puts_the_colleague_on_the_waiting_list(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office, capacity=1)
    make_registration(meeting=meeting, person=network.org_admin)

    registration = services.meeting_register_person(
        actor=network.coordinator, meeting=meeting, person=network.staff
    )

    assert registration.status == RegistrationStatus.WAITING
    assert registration.position == 1
    notification = Notification.objects.get(recipient=network.staff, target_id=meeting.pk)
    assert "Warteliste" in notification.message


def test_someone_who_does_not_organise_the_meeting_is_refused(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office)

    with pytest.raises(PermissionDenied):
        services.meeting_register_person(
            actor=network.staff, meeting=meeting, person=network.caseworker
        )

    response = signed_in(network.staff).post(
        reverse("exchange:meeting_register_person", args=[meeting.pk]),
        {"person": network.caseworker.pk},
    )
    assert response.status_code == 404
    assert not Registration.objects.filter(meeting=meeting).exists()


def test_a_person_who_cannot_see_the_meeting_is_refused_with_a_message(
    network: Any, other_network: Any
) -> None:
    meeting = make_meeting(author_organisation=network.office)  # not opened to volunteers

    for outsider in (network.volunteer, other_network.staff):
        with pytest.raises(ValidationError) as refused:
            services.meeting_register_person(
                actor=network.coordinator, meeting=meeting, person=outsider
            )
        assert "kann dieses Treffen nicht sehen" in refused.value.messages[0]
    assert not Registration.objects.filter(meeting=meeting).exists()


def test_registering_someone_twice_is_refused(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office)
    services.meeting_register_person(
        actor=network.coordinator, meeting=meeting, person=network.staff
    )

    with pytest.raises(ValidationError) as refused:
        services.meeting_register_person(
            actor=network.coordinator, meeting=meeting, person=network.staff
        )
    assert "ist bereits angemeldet" in refused.value.messages[0]

    response = signed_in(network.coordinator).post(
        reverse("exchange:meeting_register_person", args=[meeting.pk]),
        {"person": network.staff.pk},
        follow=True,
    )
    assert "Bitte wählen Sie eine Person aus der Liste." in response.content.decode()
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_a_cancelled_meeting_takes_no_registrations(network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office)
    services.meeting_cancel(actor=network.coordinator, meeting=meeting)

    with pytest.raises(ValidationError) as refused:
        services.meeting_register_person(
            actor=network.coordinator, meeting=meeting, person=network.staff
        )
    assert "abgesagt" in refused.value.messages[0]


def test_the_select_lists_only_eligible_people(network: Any, other_network: Any) -> None:
    meeting = make_meeting(author_organisation=network.office)
    make_registration(meeting=meeting, person=network.org_admin)
    make_registration(
        meeting=meeting, person=network.caseworker, status=RegistrationStatus.WAITING, position=1
    )
    cancelled = MembershipFactory(organisation=network.other_org, role=Role.STAFF).user
    make_registration(meeting=meeting, person=cancelled, status=RegistrationStatus.CANCELLED)
    former = MembershipFactory(organisation=network.other_org, role=Role.STAFF, is_active=False)

    field: Any = RegisterPersonForm(meeting=meeting).fields["person"]
    choices = set(field.queryset)

    assert choices == {network.coordinator, network.staff, cancelled}
    assert former.user not in choices  # membership ended
    assert network.volunteer not in choices and other_network.staff not in choices


def test_attendance_page_shows_the_form_with_bounded_queries(
    network: Any, django_assert_max_num_queries: Any
) -> None:
    meeting = make_meeting(author_organisation=network.office)
    client = signed_in(network.coordinator)
    url = reverse("exchange:meeting_attendance", args=[meeting.pk])
    client.get(url)
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    for _ in range(20):
        MembershipFactory(organisation=network.other_org, role=Role.STAFF)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "Person anmelden" in page
    assert network.staff.name in page
    assert network.volunteer.name not in page
