"""The open directory API /api/v1/: what a client sees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import DirectorySettings, Offer, Status, TranslationState
from directory.tests.factories import (
    EventFactory,
    OfferFactory,
    OfferTranslationFactory,
    PlaceFactory,
    PlaceTranslationFactory,
)
from districts.tests.factories import DistrictFactory, MunicipalityFactory
from districts.vocabulary import DirectoryTopic as Topic

pytestmark = pytest.mark.django_db


def offers_url(district):
    return reverse("api:offer_list", kwargs={"slug": district.slug})


def get(url, **kwargs):
    return Client().get(url, **kwargs)


def titles(response):
    return sorted(item["title"] for item in response.json()["results"])


def test_district_list_names_slug_ags_and_languages():
    district = DistrictFactory(name="Landkreis Beispiel")
    DistrictFactory(is_active=False)
    DirectorySettings.objects.create(district=district, languages=["de", "uk"])
    response = get(reverse("api:district_list"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    items = response.json()["results"]
    assert [item["slug"] for item in items] == [district.slug]
    assert items[0]["ags"] == district.kreis_id
    assert items[0]["languages"] == ["de", "uk"]
    assert items[0]["data_licence"] == "CC BY 4.0"


def test_topics_are_labelled_in_the_requested_language():
    district = DistrictFactory()
    response = get(reverse("api:topic_list", kwargs={"slug": district.slug}) + "?lang=de")
    assert response.status_code == 200
    body = response.json()
    assert body["language"] == "de"
    assert {"code": "language", "label": "Sprache"} in body["results"]
    assert [item["code"] for item in body["results"]] == list(Topic.values)


def test_only_published_offers_are_listed():
    district = DistrictFactory()
    OfferFactory(district=district, title="Sprachcafé")
    OfferFactory(district=district, title="Entwurf", status=Status.DRAFT)
    OfferFactory(district=district, title="Vorschlag", status=Status.SUBMITTED)
    OfferFactory(
        district=district, title="Abgelaufen", valid_until=timezone.localdate() - dt.timedelta(1)
    )
    OfferFactory(title="Anderer Kreis")
    assert titles(get(offers_url(district))) == ["Sprachcafé"]


def test_unknown_district_and_object_are_json_404():
    district = DistrictFactory()
    draft = OfferFactory(district=district, status=Status.DRAFT)
    elsewhere = OfferFactory()
    for url in (
        "/api/v1/districts/gibt-es-nicht/offers/",
        "/api/v1/districts/gibt-es-nicht/topics/",
        "/api/v1/districts/gibt-es-nicht/events.ics",
        reverse("api:offer_detail", kwargs={"slug": district.slug, "pk": draft.pk}),
        reverse("api:offer_detail", kwargs={"slug": district.slug, "pk": elsewhere.pk}),
        reverse("api:place_detail", kwargs={"slug": district.slug, "pk": 999999}),
        reverse("api:event_detail", kwargs={"slug": district.slug, "pk": 999999}),
    ):
        response = get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/json", url
        assert "detail" in response.json()


def test_inactive_district_is_unknown():
    district = DistrictFactory(is_active=False)
    OfferFactory(district=district)
    assert get(offers_url(district)).status_code == 404


def test_offer_filters():
    district = DistrictFactory()
    town = MunicipalityFactory(district=district)
    place = PlaceFactory(district=district, municipality=town)
    OfferFactory(
        district=district,
        title="Deutschkurs",
        topics=[Topic.LANGUAGE.value],
        target_groups=["women"],
        languages=["de", "uk"],
        place=place,
        free_of_charge=False,
        barrier_free=True,
        format=Offer.Format.ONLINE,
    )
    OfferFactory(
        district=district,
        title="Beratung",
        topics=[Topic.COUNSELLING.value],
        languages=["de", "ar", "fa-af"],
        barrier_free=False,
    )
    base = offers_url(district)
    assert titles(get(base + "?topic=language")) == ["Deutschkurs"]
    assert titles(get(base + "?topic=counselling")) == ["Beratung"]
    assert titles(get(base + "?target_group=women")) == ["Deutschkurs"]
    assert titles(get(base + "?language=uk")) == ["Deutschkurs"]
    assert titles(get(base + "?language=fa-af")) == ["Beratung"]
    assert titles(get(base + "?language=fa")) == []
    assert titles(get(base + f"?municipality={town.pk}")) == ["Deutschkurs"]
    assert titles(get(base + "?free_of_charge=true")) == ["Beratung"]
    assert titles(get(base + "?free_of_charge=false")) == ["Deutschkurs"]
    assert titles(get(base + "?barrier_free=true")) == ["Deutschkurs"]
    assert titles(get(base + "?format=online")) == ["Deutschkurs"]
    assert titles(get(base + "?format=in_person")) == ["Beratung"]
    assert titles(get(base + "?topic=language&language=ar")) == []


@pytest.mark.parametrize(
    "query",
    ["topic=cooking", "format=boat", "free_of_charge=vielleicht", "page=0", "lang=xx", "page=abc"],
)
def test_bad_parameters_are_a_400_with_a_reason(query):
    district = DistrictFactory()
    response = get(offers_url(district) + "?" + query)
    assert response.status_code == 400
    assert response.json()


def test_search_finds_misspelt_words_and_combines_with_filters():
    district = DistrictFactory()
    OfferFactory(
        district=district,
        title="Deutschkurs A1",
        kind=Offer.Kind.LANGUAGE_COURSE,
        topics=[Topic.LANGUAGE.value],
        free_of_charge=True,
    )
    OfferFactory(
        district=district,
        title="Deutschkurs B2",
        kind=Offer.Kind.LANGUAGE_COURSE,
        topics=[Topic.LANGUAGE.value],
        free_of_charge=False,
    )
    OfferFactory(district=district, title="Mietberatung", topics=[Topic.HOUSING.value])
    base = offers_url(district)
    assert titles(get(base + "?q=Deutschkrus")) == ["Deutschkurs A1", "Deutschkurs B2"]
    assert titles(get(base + "?q=Deutschkurs&free_of_charge=true")) == ["Deutschkurs A1"]
    assert titles(get(base + "?q=Deutschkurs&free_of_charge=false")) == ["Deutschkurs B2"]
    response = get(base + "?q=Deutschkurs&page_size=1")
    assert response.json()["count"] == 2
    assert len(response.json()["results"]) == 1
    assert titles(get(base + "?q=Fahrrad")) == []


def test_language_selection_and_german_fallback():
    district = DistrictFactory()
    offer = OfferFactory(district=district, title="Sprachcafé")
    OfferTranslationFactory(
        offer=offer, language="en", title="Language café", state=TranslationState.REVIEWED
    )
    OfferTranslationFactory(
        offer=offer, language="uk", title="Мовне кафе (alt)", state=TranslationState.OUTDATED
    )
    base = offers_url(district)

    english = get(base + "?lang=en").json()["results"][0]
    assert (english["title"], english["language"], english["fallback"]) == (
        "Language café",
        "en",
        False,
    )
    assert english["translation_state"] == "reviewed"

    arabic = get(base + "?lang=ar").json()["results"][0]
    assert (arabic["title"], arabic["language"], arabic["fallback"]) == ("Sprachcafé", "de", True)
    assert arabic["translation_state"] == "original"

    outdated = get(base + "?lang=uk").json()["results"][0]
    assert outdated["title"] == "Sprachcafé"
    assert outdated["fallback"] is True

    by_header = get(base, HTTP_ACCEPT_LANGUAGE="fr;q=0.9, en;q=0.8").json()["results"][0]
    assert by_header["title"] == "Language café"
    german = get(base).json()["results"][0]
    assert (german["title"], german["fallback"]) == ("Sprachcafé", False)
    detail = get(
        reverse("api:offer_detail", kwargs={"slug": district.slug, "pk": offer.pk}) + "?lang=en"
    )
    assert detail.json()["title"] == "Language café"


def test_place_texts_follow_the_language():
    district = DistrictFactory()
    place = PlaceFactory(district=district, name="Rathaus")
    PlaceTranslationFactory(place=place, language="de", name="Rathaus")
    PlaceTranslationFactory(
        place=place, language="en", name="Town hall", state=TranslationState.REVIEWED
    )
    PlaceFactory(district=district, name="Entwurf", status=Status.DRAFT)
    response = get(reverse("api:place_list", kwargs={"slug": district.slug}) + "?lang=en")
    assert [item["name"] for item in response.json()["results"]] == ["Town hall"]
    item = response.json()["results"][0]
    assert item["latitude"] == pytest.approx(50.43945)
    arabic = get(reverse("api:place_detail", kwargs={"slug": district.slug, "pk": place.pk}))
    assert arabic.json()["name"] == "Rathaus"


def test_pagination():
    district = DistrictFactory()
    for number in range(25):
        OfferFactory(district=district, title=f"Angebot {number:02d}")
    base = offers_url(district)
    first = get(base).json()
    assert first["count"] == 25
    assert len(first["results"]) == 20
    assert first["previous"] is None
    assert first["next"].endswith("?page=2")
    second = get(first["next"]).json()
    assert len(second["results"]) == 5
    assert second["next"] is None
    assert second["previous"].endswith(base)
    seen = {item["id"] for item in first["results"]} | {item["id"] for item in second["results"]}
    assert len(seen) == 25
    assert len(get(base + "?page_size=5").json()["results"]) == 5
    assert len(get(base + "?page_size=500").json()["results"]) == 25
    assert get(base + "?page=3").status_code == 404


def test_page_size_is_capped_at_100():
    district = DistrictFactory()
    OfferFactory.create_batch(101, district=district)
    body = get(offers_url(district) + "?page_size=1000").json()
    assert body["count"] == 101
    assert len(body["results"]) == 100


def test_etag_gives_304_until_something_changes():
    district = DistrictFactory()
    offer = OfferFactory(district=district, title="Sprachcafé")
    url = offers_url(district)
    first = get(url)
    etag = first["ETag"]
    assert etag
    again = get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert get(url + "?lang=en", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert get(url, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_LANGUAGE="en").status_code == 200

    translation = offer.translations.get()
    translation.title = "Sprachcafé am Markt"
    translation.save()
    changed = get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    detail = reverse("api:offer_detail", kwargs={"slug": district.slug, "pk": offer.pk})
    assert get(detail, HTTP_IF_NONE_MATCH=get(detail)["ETag"]).status_code == 304


def test_deleting_an_offer_changes_the_etag():
    district = DistrictFactory()
    OfferFactory(district=district)
    second = OfferFactory(district=district)
    url = offers_url(district)
    etag = get(url)["ETag"]
    Offer.objects.filter(pk=second.pk).delete()
    assert get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_last_modified_gives_304():
    district = DistrictFactory()
    OfferFactory(district=district)
    url = reverse("api:place_list", kwargs={"slug": district.slug})
    first = get(url)
    last_modified = first["Last-Modified"]
    assert last_modified.endswith("GMT")
    assert get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    long_ago = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert get(url, HTTP_IF_MODIFIED_SINCE=long_ago).status_code == 200


def _queries(url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "route",
    ["api:offer_list", "api:place_list", "api:event_list", "api:events_ics", "api:export_csv"],
)
def test_query_count_does_not_grow_with_the_district(route):
    small, large = DistrictFactory(), DistrictFactory()
    for district, count in ((small, 1), (large, 50)):
        town = MunicipalityFactory(district=district)
        for _number in range(count):
            place = PlaceFactory(district=district, municipality=town)
            PlaceTranslationFactory(place=place)
            offer = OfferFactory(district=district, place=place)
            OfferTranslationFactory(offer=offer, language="en")
            EventFactory(district=district, offer=offer, place=place, rrule="FREQ=WEEKLY")
    counts = [
        _queries(reverse(route, kwargs={"slug": district.slug}) + "?lang=en")
        for district in (small, large)
    ]
    assert counts[0] == counts[1]
    if route == "api:offer_list":
        searched = [
            _queries(offers_url(district) + "?lang=en&q=Angebot&topic=counselling")
            for district in (small, large)
        ]
        assert searched[0] == searched[1]


def test_api_sets_no_cookie_and_needs_no_sign_in(network):
    district = network.office.district
    OfferFactory(district=district, organisation=network.office)
    client = Client()
    client.force_login(network.coordinator)
    response = client.get(offers_url(district))
    assert response.status_code == 200
    assert "sessionid" not in get(offers_url(district)).cookies


def test_writes_are_refused():
    district = DistrictFactory()
    response = Client().post(offers_url(district), {}, content_type="application/json")
    assert response.status_code in {403, 405}


def test_the_docs_page_lists_the_routes_without_third_party_requests():
    district = DistrictFactory(slug="beispiel-kreis")
    response = get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "/api/v1/districts/{slug}/offers/" in html
    assert "events.ics" in html
    assert "CC BY 4.0" in html
    assert f"/api/v1/districts/{district.slug}/offers/" in html
    assert "https://" not in html and "http://" not in html.replace("http://testserver", "")


def test_anonymous_clients_are_throttled_through_the_cache(monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import AnonRateThrottle

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    cache.clear()
    url = reverse("api:district_list")
    assert [get(url).status_code for _ in range(3)] == [200, 200, 429]
    cache.clear()


@pytest.mark.parametrize(
    "path",
    [
        "offers/abc/",
        "offers/-1/",
        "offers/1e3/",
        "offers/abc/events.ics",
        "places/abc/",
        "events/abc/",
        f"offers/{2**63}/",
        f"places/{2**64}/",
        f"events/{'9' * 40}/",
        f"offers/{2**63}/events.ics",
        "gibt-es-nicht/",
    ],
)
def test_ids_that_are_no_id_are_json_404(path):
    """Also where no route matches (an id that is no number): JSON, not the site's HTML page."""
    district = DistrictFactory()
    response = get(f"/api/v1/districts/{district.slug}/{path}")
    assert response.status_code == 404, path
    assert response["Content-Type"] == "application/json", path
    assert response.json()["detail"]


def test_unknown_api_address_is_json_404_but_a_missing_slash_still_redirects():
    assert get("/api/v1/gibt-es-nicht/").json()["detail"]
    district = DistrictFactory()
    response = get(f"/api/v1/districts/{district.slug}/offers")
    assert response.status_code == 301
    assert get("/gibt-es-nicht/")["Content-Type"].startswith("text/html")
