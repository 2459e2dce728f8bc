"""The public events page: a week or a month at a time, paged by plain links, filtered like the
search, at a constant number of queries."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.event_calendar import MONTHS_AHEAD
from directory.models import Status
from districts.tests.factories import DistrictFactory, MunicipalityFactory
from ui.tests.helpers import parse

from .factories import EventFactory, OfferFactory, PlaceFactory

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def events_url(district, lang="de", **params):
    path = reverse("public:events", kwargs={"district_slug": district.slug, "lang": lang})
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{path}?{query}" if query else path


def monday(weeks_ahead=0):
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks_ahead)


def at(day, hour=18):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=BERLIN)


def listed(response):
    return [
        int(element.attrs["data-event"])
        for element in parse(response).find_all("li")
        if "data-event" in element.attrs
    ]


def link(response, marker):
    return parse(response).first("a", **{marker: ""}).attrs["href"]


@pytest.fixture
def district():
    return DistrictFactory()


def test_the_page_shows_the_current_week_by_default(client, district):
    this_week = EventFactory(district=district, starts_at=at(monday() + dt.timedelta(days=6)))
    next_week = EventFactory(district=district, starts_at=at(monday(1)))
    EventFactory(
        district=district, starts_at=at(monday() + dt.timedelta(days=6)), status=Status.DRAFT
    )

    response = client.get(events_url(district))

    assert response.status_code == 200
    page = parse(response)
    assert page.first("section", data_period="woche")
    assert listed(response) == [this_week.pk]
    assert next_week.pk not in listed(response)
    # a heading per day, the date in the page language
    day = (monday() + dt.timedelta(days=6)).isoformat()
    assert page.first("h3", id=f"day-{day}")
    assert "Sonntag" in response.content.decode()


def test_weeks_are_paged_with_plain_links_that_keep_the_filters(client, district):
    week = EventFactory(district=district, starts_at=at(monday(1) + dt.timedelta(days=2)))
    later = EventFactory(district=district, starts_at=at(monday(2)))

    first = client.get(events_url(district, thema="language"))
    assert not parse(first).find_all("a", data_previous="")  # no paging into the past
    assert link(first, "data_next") == f"?thema=language&ansicht=woche&von={monday(1)}"

    response = client.get(events_url(district, ansicht="woche", von=monday(1).isoformat()))
    assert listed(response) == [week.pk]
    assert link(response, "data_previous") == f"?ansicht=woche&von={monday()}"
    assert link(response, "data_next") == f"?ansicht=woche&von={monday(2)}"
    assert later.pk not in listed(response)


def test_the_month_view_lists_the_whole_month_from_today(client, district):
    today = timezone.localdate()
    next_month = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    last_day = next_month - dt.timedelta(days=1)
    in_month = EventFactory(district=district, starts_at=at(last_day, 8))
    after = EventFactory(district=district, starts_at=at(next_month, 8))
    weekly = EventFactory(district=district, starts_at=at(next_month, 10), rrule="FREQ=WEEKLY")

    response = client.get(events_url(district, ansicht="monat"))

    assert parse(response).first("section", data_period="monat")
    assert in_month.pk in listed(response)
    assert after.pk not in listed(response)
    assert weekly.pk not in listed(response)
    assert link(response, "data_next") == f"?ansicht=monat&von={next_month}"

    response = client.get(events_url(district, ansicht="monat", von=next_month.isoformat()))
    assert listed(response)[:2] == [after.pk, weekly.pk]
    assert listed(response).count(weekly.pk) >= 4  # the weekly event on each of its days
    assert link(response, "data_previous") == f"?ansicht=monat&von={today.replace(day=1)}"


def test_the_start_is_the_monday_of_its_week_within_bounds(client, district):
    wednesday = monday(1) + dt.timedelta(days=2)
    for von, expected in (
        ("", monday()),
        ("kaputt", monday()),
        ("2001-01-01", monday()),  # the past is not shown
        (wednesday.isoformat(), monday(1)),
    ):
        response = client.get(events_url(district, von=von))
        assert parse(response).first("input", name="von").attrs["value"] == expected.isoformat()


def test_paging_ends_a_year_ahead(client, district):
    far = monday() + dt.timedelta(days=365 * 3)
    response = client.get(events_url(district, ansicht="monat", von=far.isoformat()))
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 + MONTHS_AHEAD - 1
    last = dt.date(index // 12, index % 12 + 1, 1)
    assert parse(response).first("input", name="von").attrs["value"] == last.isoformat()
    assert not parse(response).find_all("a", data_next="")


def test_filters_topic_language_place_cost_and_access(client, district):
    town, other_town = (
        MunicipalityFactory(district=district),
        MunicipalityFactory(district=district),
    )
    step_free = PlaceFactory(district=district, municipality=town, barrier_free=True)
    stairs = PlaceFactory(district=district, municipality=other_town, barrier_free=False)
    course = OfferFactory(district=district, topics=["language"], languages=["de", "uk"])
    advice = OfferFactory(district=district, topics=["counselling"], languages=["de", "ar"])
    day = at(monday(1) + dt.timedelta(days=1))
    free_course = EventFactory(district=district, offer=course, place=step_free, starts_at=day)
    paid_advice = EventFactory(
        district=district, offer=advice, place=stairs, starts_at=day, free_of_charge=False
    )
    von = monday(1).isoformat()

    def only(**params):
        return listed(client.get(events_url(district, von=von, **params)))

    assert sorted(only()) == sorted([free_course.pk, paid_advice.pk])
    assert only(thema="language") == [free_course.pk]
    assert only(sprache="ar") == [paid_advice.pk]
    assert only(gemeinde=other_town.pk) == [paid_advice.pk]
    assert only(kostenlos=1) == [free_course.pk]
    assert only(barrierefrei=1) == [free_course.pk]
    assert only(thema="language", sprache="ar") == []

    response = client.get(events_url(district, von=von))
    page = parse(response)
    options = {element.attrs.get("value") for element in page.find_all("option")}
    assert {"uk", "ar", str(town.pk), "language"} <= options


def test_the_empty_state_says_why_and_offers_a_way_on(client, district):
    response = client.get(events_url(district))
    html = response.content.decode()
    assert parse(response).first("div", data_empty_events="")
    assert "In dieser Woche sind keine Termine eingetragen." in html
    response = client.get(events_url(district, lang="ar", ansicht="monat"))
    assert "لا توجد مواعيد مسجلة في هذا الشهر." in response.content.decode()

    EventFactory(district=district, starts_at=at(monday(1)))
    response = client.get(
        events_url(district, von=monday(1).isoformat(), kostenlos=1, thema="work")
    )
    html = response.content.decode()
    assert "Keine Termine passen zu Ihren Filtern." in html
    assert f'href="?ansicht=woche&amp;von={monday(1)}"' in html  # removes the filters


def test_arabic_days_and_times_follow_the_page_language(client, district):
    EventFactory(
        district=district,
        starts_at=at(monday(1), 17),
        ends_at=at(monday(1), 19),
        title="Sprachcafé",
    )
    response = client.get(events_url(district, lang="ar", von=monday(1).isoformat()))
    html = response.content.decode()
    assert parse(response).first("html").attrs["dir"] == "rtl"
    assert re.search(r"<time datetime=\"[^\"]+\">الاثنين، \d+ \w+ \d{4}</time>", html)
    assert re.search(r"5:00–7:00\sم", html)
    assert "الأسبوع التالي" in html  # "next week"


def test_the_calendar_feed_is_linked(client, district):
    response = client.get(events_url(district, lang="uk"))
    feed = reverse("api:events_ics", kwargs={"slug": district.slug})
    assert parse(response).first("a", type="text/calendar").attrs["href"] == f"{feed}?lang=uk"


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_events(client):
    small, large = DistrictFactory(), DistrictFactory()
    for district, count in ((small, 1), (large, 30)):
        town = MunicipalityFactory(district=district)
        for number in range(count):
            place = PlaceFactory(district=district, municipality=town)
            offer = OfferFactory(district=district, place=place, topics=["language"])
            EventFactory(
                district=district,
                offer=offer,
                place=place,
                starts_at=at(monday(1) + dt.timedelta(days=number % 7)),
                rrule="FREQ=WEEKLY" if number % 2 else "",
            )
    for params in ({}, {"ansicht": "monat"}, {"thema": "language", "barrierefrei": "1"}):
        params = {"von": monday(1).isoformat(), **params}
        few = _queries(client, events_url(small, "ar", **params))
        many = _queries(client, events_url(large, "ar", **params))
        assert few == many, params
        assert many <= 6, params
