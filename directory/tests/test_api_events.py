"""Events in the API: a date window, recurring events expanded with their exceptions."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from directory.models import EventTranslation, Status, TranslationState
from directory.tests.factories import EventFactory, OfferFactory, PlaceFactory
from districts.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def events(district, query):
    url = reverse("api:event_list", kwargs={"slug": district.slug}) + "?" + query
    response = Client().get(url)
    assert response.status_code == 200, response.content
    return response.json()


def test_weekly_event_is_expanded_in_the_window_without_exceptions():
    district = DistrictFactory()
    # Tuesdays at 18:00 Berlin time, across the change to summer time on 29 March 2026.
    start = dt.datetime(2026, 3, 3, 18, 0, tzinfo=BERLIN)
    EventFactory(
        district=district,
        title="Sprachcafé",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        rrule="FREQ=WEEKLY;BYDAY=TU",
        exdates=["2026-03-17"],
    )
    body = events(district, "from=2026-03-01&to=2026-04-08")
    starts = [item["starts_at"] for item in body["results"]]
    assert starts == [
        "2026-03-03T18:00:00+01:00",
        "2026-03-10T18:00:00+01:00",
        "2026-03-24T18:00:00+01:00",
        "2026-03-31T18:00:00+02:00",
        "2026-04-07T18:00:00+02:00",
    ]
    assert body["count"] == 5
    assert body["results"][0]["ends_at"] == "2026-03-03T20:00:00+01:00"
    assert body["results"][0]["recurring"] is True
    assert body["results"][0]["title"] == "Sprachcafé"


def test_every_second_tuesday_with_until():
    district = DistrictFactory()
    start = dt.datetime(2026, 1, 6, 10, 0, tzinfo=BERLIN)
    EventFactory(
        district=district,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        rrule="RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260218T000000Z",
    )
    body = events(district, "from=2026-01-01&to=2026-03-31")
    assert [item["starts_at"][:10] for item in body["results"]] == [
        "2026-01-06",
        "2026-01-20",
        "2026-02-03",
        "2026-02-17",
    ]


def test_window_filters_one_off_events_and_hides_unpublished():
    district = DistrictFactory()
    inside = dt.datetime(2026, 5, 10, 9, 0, tzinfo=BERLIN)
    EventFactory(district=district, title="Im Mai", starts_at=inside)
    EventFactory(district=district, title="Im Juni", starts_at=inside + dt.timedelta(days=31))
    EventFactory(district=district, title="Entwurf", starts_at=inside, status=Status.DRAFT)
    hidden_offer = OfferFactory(district=district, status=Status.DRAFT)
    EventFactory(district=district, title="Zum Entwurf", starts_at=inside, offer=hidden_offer)
    body = events(district, "from=2026-05-01&to=2026-05-31")
    assert [item["title"] for item in body["results"]] == ["Im Mai"]
    assert body["results"][0]["recurring"] is False


def test_offer_filter_and_language():
    district = DistrictFactory()
    offer = OfferFactory(district=district)
    when = dt.datetime(2026, 6, 1, 9, 0, tzinfo=BERLIN)
    event = EventFactory(district=district, offer=offer, starts_at=when, title="Elterncafé")
    EventTranslation.objects.create(
        event=event, language="en", title="Parents' café", state=TranslationState.REVIEWED
    )
    EventFactory(district=district, starts_at=when, title="Anderes")
    body = events(district, f"from=2026-06-01&to=2026-06-02&offer={offer.pk}&lang=en")
    assert [(item["title"], item["fallback"]) for item in body["results"]] == [
        ("Parents' café", False)
    ]
    arabic = events(district, f"from=2026-06-01&to=2026-06-02&offer={offer.pk}&lang=ar")
    assert arabic["results"][0]["title"] == "Elterncafé"
    assert arabic["results"][0]["fallback"] is True


def test_expansion_is_capped():
    district = DistrictFactory()
    start = dt.datetime(2026, 1, 1, 0, 0, tzinfo=BERLIN)
    EventFactory(district=district, starts_at=start, ends_at=None, rrule="FREQ=HOURLY")
    body = events(district, "from=2026-01-01&to=2026-12-31")
    assert 0 < body["count"] <= 1000


@pytest.mark.parametrize(
    "query", ["from=2026-05-01&to=2026-04-01", "from=2026-01-01&to=2027-06-01", "from=0001-01-01"]
)
def test_bad_windows_are_refused(query):
    district = DistrictFactory()
    url = reverse("api:event_list", kwargs={"slug": district.slug}) + "?" + query
    assert Client().get(url).status_code == 400


def test_event_detail_lists_the_next_dates():
    district = DistrictFactory()
    place = PlaceFactory(district=district, name="Rathaus")
    event = EventFactory(district=district, place=place, rrule="FREQ=WEEKLY;COUNT=3")
    url = reverse("api:event_detail", kwargs={"slug": district.slug, "pk": event.pk})
    body = Client().get(url).json()
    assert len(body["occurrences"]) == 3
    assert body["rrule"] == "FREQ=WEEKLY;COUNT=3"
    assert body["place"]["name"] == "Rathaus"
