"""Factories for every model of the network app (shared by all network tests).

Related objects default to the same district: pass `district=` or `organisation=` and the rest
follows, so a factory never builds a cross-district tie by accident.
"""

import datetime as dt

import factory
from django.utils import timezone

from districts.models import TargetGroup, Topic
from districts.tests.factories import DistrictFactory, OrganisationFactory
from network.models import Agreement, Contact, OutreachEntry, Profile, ProfileTranslation, Relation


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("district", "name")

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")


class TargetGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetGroup
        django_get_or_create = ("district", "name")

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Zielgruppe {n}")


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile
        django_get_or_create = ("organisation",)
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    district = factory.LazyAttribute(lambda o: o.organisation.district)
    description = factory.Sequence(lambda n: f"Wir beraten und begleiten seit {2000 + n % 25}.")
    languages = factory.LazyFunction(lambda: ["de", "en"])
    street = "Hauptstraße 1"
    postcode = "56068"
    city = "Koblenz"
    opening_hours = "Mo–Fr 9–12 Uhr"

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.topics.set(extracted)

    @factory.post_generation
    def target_groups(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.target_groups.set(extracted)


class ProfileTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProfileTranslation
        django_get_or_create = ("profile", "language")

    profile = factory.SubFactory(ProfileFactory)
    district = factory.LazyAttribute(lambda o: o.profile.district)
    language = "en"
    description = factory.Sequence(lambda n: f"We advise and accompany people since {2000 + n}.")
    state = ProfileTranslation.State.REVIEWED


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    district = factory.LazyAttribute(lambda o: o.organisation.district)
    name = factory.Sequence(lambda n: f"Ansprechperson {n}")
    function = "Beratung"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    phone = "0261 000000"
    languages = factory.LazyFunction(lambda: ["de"])
    is_public = False

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.topics.set(extracted)


class RelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relation

    source = factory.SubFactory(OrganisationFactory)
    target = factory.SubFactory(
        OrganisationFactory, district=factory.SelfAttribute("..source.district")
    )
    district = factory.LazyAttribute(lambda o: o.source.district)
    kind = Relation.Kind.COOPERATION
    since = dt.date(2022, 1, 1)
    note = ""


class AgreementFactory(factory.django.DjangoModelFactory):
    """`AgreementFactory(parties=[a, b])` sets the parties; the district follows the first."""

    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    district = factory.SubFactory(DistrictFactory)
    title = factory.Sequence(lambda n: f"Kooperationsvereinbarung {n}")
    subject = "Gegenseitige Verweisberatung und gemeinsame Sprechstunden."
    status = Agreement.Status.SIGNED
    signed_on = dt.date(2023, 3, 1)
    valid_from = dt.date(2023, 3, 1)
    valid_until = dt.date(2026, 2, 28)
    review_on = dt.date(2025, 9, 1)

    @classmethod
    def create(cls, **kwargs):
        parties = kwargs.get("parties")
        if parties and "district" not in kwargs:
            kwargs["district"] = parties[0].district
        return super().create(**kwargs)

    @factory.post_generation
    def parties(obj, create, extracted, **kwargs):  # noqa: N805
        if not create:
            return
        if extracted is None:
            extracted = OrganisationFactory.create_batch(2, district=obj.district)
        obj.parties.set(extracted)

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.topics.set(extracted)


class OutreachEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutreachEntry

    organisation = factory.SubFactory(OrganisationFactory)
    district = factory.LazyAttribute(lambda o: o.organisation.district)
    date = factory.LazyFunction(timezone.localdate)
    channel = OutreachEntry.Channel.MEETING
    topic = factory.Sequence(lambda n: f"Gespräch {n}")
    outcome = "Interesse an gemeinsamer Veranstaltung."
    next_step = ""
