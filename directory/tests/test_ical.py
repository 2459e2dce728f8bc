"""The iCalendar feeds of a district and of one offer."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from directory.models import EventTranslation, Status, Submission, TranslationState
from directory.tests.factories import (
    EventFactory,
    OfferFactory,
    PlaceFactory,
    PlaceTranslationFactory,
)
from districts.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def feed(url):
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content.decode(), Calendar.from_ical(response.content)


def test_district_feed_keeps_rule_exceptions_time_zone_and_place():
    district = DistrictFactory()
    place = PlaceFactory(district=district, street="Marktplatz 1", postcode="56626")
    PlaceTranslationFactory(place=place, language="de", name="Rathaus")
    start = dt.datetime(2026, 3, 3, 18, 0, tzinfo=BERLIN)
    event = EventFactory(
        district=district,
        title="Sprachcafé",
        place=place,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        exdates=["2026-03-17"],
    )
    EventTranslation.objects.create(
        event=event, language="uk", title="Мовне кафе", state=TranslationState.REVIEWED
    )
    EventFactory(district=district, title="Entwurf", status=Status.DRAFT)
    Submission.objects.create(
        district=district, event=event, name="Erika Muster", email="erika@example.org"
    )

    url = reverse("api:events_ics", kwargs={"slug": district.slug})
    text, calendar = feed(url + "?lang=uk")
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 1
    vevent = vevents[0]
    assert str(vevent["SUMMARY"]) == "Мовне кафе"
    assert vevent["UID"] == f"lotse-event-{event.pk}@127.0.0.1"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("DTSTART") == start
    assert vevent["RRULE"].to_ical() == b"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"
    assert "EXDATE;TZID=Europe/Berlin:20260317T180000" in text
    assert "Rathaus, Marktplatz 1, 56626 Andernach" in str(vevent["LOCATION"])
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert "Erika" not in text and "erika@example.org" not in text

    german, _ = feed(url)
    assert "SUMMARY:Sprachcafé" in german
    # The same event keeps its UID in every feed and language.
    assert f"UID:lotse-event-{event.pk}@127.0.0.1" in german


def test_offer_feed_holds_only_that_offers_events():
    district = DistrictFactory()
    offer = OfferFactory(district=district, title="Elterncafé")
    EventFactory(district=district, offer=offer, title="Mit Angebot")
    EventFactory(district=district, title="Ohne Angebot")
    url = reverse("api:offer_events_ics", kwargs={"slug": district.slug, "pk": offer.pk})
    text, calendar = feed(url)
    assert [str(v["SUMMARY"]) for v in calendar.walk("VEVENT")] == ["Mit Angebot"]
    assert "Elterncafé" in str(calendar["X-WR-CALNAME"])
    draft = OfferFactory(district=district, status=Status.DRAFT)
    missing = reverse("api:offer_events_ics", kwargs={"slug": district.slug, "pk": draft.pk})
    response = Client().get(missing)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_feed_answers_whatever_the_accept_header_and_supports_304():
    district = DistrictFactory()
    EventFactory(district=district, all_day=True, rrule="FREQ=YEARLY", exdates=["2027-01-01"])
    url = reverse("api:events_ics", kwargs={"slug": district.slug})
    client = Client()
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert b"DTSTART;VALUE=DATE:" in response.content
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
