"""Factories of the meetings area."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from districts.tests.factories import OrganisationFactory
from exchange.models import (
    FollowUpTask,
    Meeting,
    MeetingKind,
    Registration,
    RegistrationStatus,
)


def in_days(days: float, hour: int = 10) -> dt.datetime:
    """A moment `days` from now at `hour` o'clock local time."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    author_organisation = factory.SubFactory(OrganisationFactory)
    district = factory.LazyAttribute(lambda o: o.author_organisation.district)
    kind = MeetingKind.NETWORK
    title = factory.Sequence(lambda n: f"Netzwerktreffen {n}")
    description = "<p>Austausch der Fachstellen.</p>"
    starts_at = factory.LazyFunction(lambda: in_days(14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    place = "Sitzungssaal, Marktplatz 1, 56727 Mayen"

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            self.organisations.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    district = factory.LazyAttribute(lambda o: o.meeting.district)
    person = factory.SubFactory(UserFactory)
    status = RegistrationStatus.REGISTERED


class FollowUpTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpTask

    meeting = factory.SubFactory(MeetingFactory)
    district = factory.LazyAttribute(lambda o: o.meeting.district)
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    owner_organisation = factory.LazyAttribute(lambda o: o.meeting.author_organisation)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))


def make_meeting(**kwargs: Any) -> Meeting:
    """`MeetingFactory` typed for the type checker."""
    return cast(Meeting, MeetingFactory(**kwargs))


def make_registration(**kwargs: Any) -> Registration:
    return cast(Registration, RegistrationFactory(**kwargs))
