"""Factories for the directory: published offers with a German original by default."""

import datetime as dt

import factory
from django.utils import timezone

from directory.models import (
    Event,
    EventTranslation,
    Offer,
    OfferTranslation,
    Place,
    PlaceTranslation,
    Status,
    TranslationState,
)
from districts.tests.factories import DistrictFactory, OrganisationFactory
from districts.vocabulary import DirectoryTopic as Topic


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Ort {n}")
    street = "Marktplatz 1"
    postcode = "56626"
    city = "Andernach"
    latitude = "50.43945"
    longitude = "7.40166"
    status = Status.PUBLISHED


class PlaceTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlaceTranslation

    place = factory.SubFactory(PlaceFactory)
    language = "de"
    state = TranslationState.ORIGINAL
    name = factory.LazyAttribute(lambda o: o.place.name)


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    district = factory.SubFactory(DistrictFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, district=factory.SelfAttribute("..district")
    )
    kind = Offer.Kind.COUNSELLING
    topics = factory.LazyFunction(lambda: [Topic.COUNSELLING.value])
    target_groups = factory.LazyFunction(lambda: ["everyone"])
    languages = factory.LazyFunction(lambda: ["de", "ar"])
    status = Status.PUBLISHED

    @factory.post_generation
    def title(obj, create, extracted, **kwargs):  # noqa: N805
        """`OfferFactory(title="…")` also writes the German original."""
        if create:
            OfferTranslation.objects.create(
                offer=obj,
                language="de",
                state=TranslationState.ORIGINAL,
                title=extracted or f"Angebot {obj.pk}",
                summary=kwargs.get("summary", ""),
                description=kwargs.get("description", ""),
            )


class OfferTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferTranslation

    offer = factory.SubFactory(OfferFactory)
    language = "en"
    state = TranslationState.REVIEWED
    title = factory.Sequence(lambda n: f"Offer {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    district = factory.SubFactory(DistrictFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    status = Status.PUBLISHED

    @factory.post_generation
    def title(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            EventTranslation.objects.create(
                event=obj,
                language="de",
                state=TranslationState.ORIGINAL,
                title=extracted or f"Veranstaltung {obj.pk}",
            )
