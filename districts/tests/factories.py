import datetime as dt

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from districts.models import (
    District,
    Invitation,
    Kreis,
    Membership,
    Municipality,
    Organisation,
    Role,
)


class KreisFactory(factory.django.DjangoModelFactory):
    """Real Kreise are loaded by a migration; tests normally use those (see `kreis()`)."""

    class Meta:
        model = Kreis
        django_get_or_create = ("ags",)

    # Five digits above every real AGS (01001-16077); a worker may create many thousands.
    ags = factory.Sequence(lambda n: f"{20000 + n % 80000:05d}")
    name = factory.Sequence(lambda n: f"Testkreis {n}")
    kind = "Landkreis"
    land_ags = "99"
    land_name = "Testland"
    nuts3 = "DEX99"
    population = 100000
    population_date = dt.date(2022, 5, 15)
    area_km2 = 500
    area_date = dt.date(2022, 12, 31)
    lat = 50
    lon = 7
    outline = factory.LazyFunction(lambda: {"type": "Polygon", "coordinates": []})


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    kreis = factory.SubFactory(KreisFactory)
    name = factory.LazyAttribute(lambda o: o.kreis.display_name)
    slug = factory.Sequence(lambda n: f"kreis-{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Gemeinde {n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.WELFARE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    district = factory.LazyAttribute(lambda o: o.organisation.district)
    role = Role.STAFF


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    district = factory.LazyAttribute(lambda o: o.organisation.district)
    email = factory.Sequence(lambda n: f"eingeladen{n}@example.org")
    role = Role.STAFF
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
