"""The public search page and the API's list and search cost the same number of SQL queries
for a district with 2 offers and one with 20 (issue 4, item 8), with the response cache off
(every response computed) and on (first request fills it, the second is served from it)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from districts.tests.factories import DistrictFactory, MunicipalityFactory

from .factories import OfferFactory, OfferTranslationFactory, PlaceFactory

pytestmark = pytest.mark.django_db


def _urls(district):
    page = reverse("public:search", kwargs={"district_slug": district.slug, "lang": "ar"})
    api = reverse("api:offer_list", kwargs={"slug": district.slug})
    return [
        f"{page}?q=Deutschkurs",
        f"{page}?q=Deutschkrus&thema=language",
        f"{api}?lang=ar",
        f"{api}?lang=ar&q=Deutschkurs",
        f"{api}?lang=ar&q=Deutschkrus&topic=language",
    ]


def _queries(client, url):
    """Queries of the first and of the second request of the same URL."""
    counts = []
    for _attempt in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(captured))
    return counts


@pytest.mark.parametrize("response_cache", [False, True])
def test_search_page_and_api_cost_the_same_queries_for_2_and_20_offers(settings, response_cache):
    settings.LOTSE_DIRECTORY_RESPONSE_CACHE = response_cache
    small, large = DistrictFactory(), DistrictFactory()
    for district, count in ((small, 2), (large, 20)):
        town = MunicipalityFactory(district=district)
        for number in range(count):
            offer = OfferFactory(
                district=district,
                title=f"Deutschkurs {number}",
                topics=["language"],
                place=PlaceFactory(district=district, municipality=town),
            )
            OfferTranslationFactory(offer=offer, language="ar")
    client = Client()

    for few, many in zip(_urls(small), _urls(large), strict=True):
        assert _queries(client, few) == _queries(client, many), (few, many)
    if response_cache:
        assert _queries(client, _urls(large)[0])[1] <= 3


def test_cached_responses_follow_a_new_offer(settings):
    settings.LOTSE_DIRECTORY_RESPONSE_CACHE = True
    district = DistrictFactory()
    OfferFactory(district=district, title="Deutschkurs am Morgen")
    page, api = _urls(district)[0], _urls(district)[3]
    client = Client()
    assert "Deutschkurs am Abend" not in client.get(page).content.decode()
    assert client.get(api).json()["count"] == 1

    OfferFactory(district=district, title="Deutschkurs am Abend")

    assert "Deutschkurs am Abend" in client.get(page).content.decode()
    assert client.get(api).json()["count"] == 2


def test_a_cached_offer_page_follows_its_text_and_status(settings):
    from directory.models import OfferTranslation, Status

    settings.LOTSE_DIRECTORY_RESPONSE_CACHE = True
    district = DistrictFactory()
    offer = OfferFactory(district=district, title="Sprachcafé am Markt")
    page = reverse(
        "public:offer", kwargs={"district_slug": district.slug, "lang": "de", "pk": offer.pk}
    )
    client = Client()
    assert "Sprachcafé am Markt" in client.get(page).content.decode()
    with CaptureQueriesContext(connection) as captured:
        assert "Sprachcafé am Markt" in client.get(page).content.decode()
    assert len(captured) == 0

    text = OfferTranslation.objects.get(offer=offer, language="de")
    text.title = "Sprachcafé im Rathaus"
    text.save()
    assert "Sprachcafé im Rathaus" in client.get(page).content.decode()

    offer.status = Status.DRAFT
    offer.save()
    assert client.get(page).status_code == 404


def _offer_rows_read(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    # the texts of the offers, which only building a card or an item reads
    return response, [q["sql"] for q in captured if 'FROM "directory_offertranslation"' in q["sql"]]


@pytest.mark.parametrize("response_cache", [False, True])
def test_a_new_search_reuses_the_cards_and_items_of_offers_already_shown(settings, response_cache):
    """Result cards (search page) and items (API) are kept per offer: a search nobody asked
    before loads no offer rows when its offers were shown since the last change, and an edit
    of an offer shows in every search at once."""
    from directory.models import OfferTranslation

    settings.LOTSE_DIRECTORY_RESPONSE_CACHE = response_cache
    district = DistrictFactory()
    offers = [
        OfferFactory(district=district, title=f"Deutschkurs {n}", topics=["language"])
        for n in range(3)
    ]
    page = reverse("public:search", kwargs={"district_slug": district.slug, "lang": "de"})
    api = reverse("api:offer_list", kwargs={"slug": district.slug})
    client = Client()
    for first, second in (
        (f"{page}?q=Deutschkurs", f"{page}?thema=language"),
        (f"{api}?q=Deutschkurs", f"{api}?topic=language"),
    ):
        _response, read = _offer_rows_read(client, first)
        assert read, first  # the cards or items are built from the rows once
        _response, read = _offer_rows_read(client, second)
        assert not read, second

    text = OfferTranslation.objects.get(offer=offers[0], language="de")
    text.title = "Deutschkurs am Abend"
    text.save()
    response, _read = _offer_rows_read(client, f"{page}?q=Abend")
    assert "Deutschkurs am Abend" in response.content.decode()
    response, _read = _offer_rows_read(client, f"{page}?thema=language&kostenlos=")
    assert "Deutschkurs am Abend" in response.content.decode()
    titles = [
        item["title"] for item in client.get(f"{api}?topic=language&page=1").json()["results"]
    ]
    assert "Deutschkurs am Abend" in titles


class _CountingCache:
    """The shared cache, counting reads of one key."""

    def __init__(self, wrapped, key):
        self.wrapped, self.key, self.reads = wrapped, key, 0

    def get(self, key, *args, **kwargs):
        self.reads += key == self.key
        return self.wrapped.get(key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        self.reads += self.key in keys
        return self.wrapped.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.wrapped, name)


def test_a_request_reads_the_change_stamp_once(settings, monkeypatch):
    from django.core.cache import cache

    from directory import search
    from directory.selectors import districts as districts_selectors

    settings.LOTSE_DIRECTORY_RESPONSE_CACHE = True
    district = DistrictFactory()
    OfferFactory(district=district, title="Deutschkurs am Morgen")
    counting = _CountingCache(cache, f"directory:stamp:{district.pk}")
    monkeypatch.setattr(search, "cache", counting)
    # the public pages read it with the district (one round trip for both)
    monkeypatch.setattr(districts_selectors, "cache", counting)
    client = Client()

    for url in _urls(district):
        counting.reads = 0
        assert client.get(url).status_code == 200
        assert counting.reads == 1, url


def test_a_stamp_renewed_by_another_worker_is_seen_by_the_next_request(settings, monkeypatch):
    from django.core.cache import cache

    from directory import search

    settings.LOTSE_DIRECTORY_RESPONSE_CACHE = True
    district = DistrictFactory()
    OfferFactory(district=district, title="Deutschkurs am Morgen")
    api = _urls(district)[3]
    client = Client()
    assert client.get(api).json()["count"] == 1

    # Another worker writes: its row is in the database, its new stamp only in the shared cache.
    with monkeypatch.context() as patched:
        patched.setattr(search, "bump_district", lambda district_id: None)
        OfferFactory(district=district, title="Deutschkurs am Abend")
    assert client.get(api).json()["count"] == 1  # this worker's cached answer, as expected
    cache.set(f"directory:stamp:{district.pk}", "renewed-by-another-worker", None)

    assert client.get(api).json()["count"] == 2
    # Outside a request (tasks, commands) nothing is memoised either.
    cache.set(f"directory:stamp:{district.pk}", "renewed-again", None)
    assert search.district_stamp(district.pk) == "renewed-again"


def test_a_renamed_municipality_shows_in_the_cached_search_filter(settings):
    settings.LOTSE_DIRECTORY_RESPONSE_CACHE = True
    district = DistrictFactory()
    town = MunicipalityFactory(district=district, name="Altdorf")
    OfferFactory(
        district=district,
        title="Sprachcafé",
        place=PlaceFactory(district=district, municipality=town),
    )
    page = reverse("public:search", kwargs={"district_slug": district.slug, "lang": "de"})
    client = Client()
    assert "Altdorf" in client.get(page).content.decode()

    town.name = "Neudorf"
    town.save()

    html = client.get(page).content.decode()
    assert "Neudorf" in html
    assert "Altdorf" not in html
