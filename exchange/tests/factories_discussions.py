"""Factories of the discussions area. They write rows directly; tests of behaviour go through
the services (see test_discussions_services.py)."""

from __future__ import annotations

import factory
from django.utils import timezone

from districts.tests.factories import OrganisationFactory
from exchange.models import Audience, Reply, Thread, ThreadSubscription


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread
        skip_postgeneration_save = True

    author_organisation = factory.SubFactory(OrganisationFactory)
    district = factory.LazyAttribute(lambda o: o.author_organisation.district)
    title = factory.Sequence(lambda n: f"Frage {n} zur Zusammenarbeit")
    body = "<p>Wie handhaben Sie das bei Ihnen?</p>"
    body_text = "Wie handhaben Sie das bei Ihnen?"
    audience = Audience.NETWORK
    last_activity_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def organisations(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.organisations.set(extracted)


class ReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reply

    thread = factory.SubFactory(ThreadFactory)
    district = factory.LazyAttribute(lambda o: o.thread.district)
    author_organisation = factory.LazyAttribute(lambda o: o.thread.author_organisation)
    body = "<p>Bei uns klappt das mit einem festen Termin pro Woche.</p>"
    body_text = "Bei uns klappt das mit einem festen Termin pro Woche."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        reply = super()._create(model_class, *args, **kwargs)
        Thread.objects.filter(pk=reply.thread_id).update(
            reply_count=reply.thread.replies.count(), last_activity_at=reply.created_at
        )
        return reply


class ThreadSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThreadSubscription

    thread = factory.SubFactory(ThreadFactory)
    district = factory.LazyAttribute(lambda o: o.thread.district)
    subscribed = True
