"""The directory's one response cache (`directory.response_cache`): every API list and public
page asked for again before the district changes is served from it without a query, a change
shows at once, and nothing built for a signed-in person is kept."""

from __future__ import annotations

import re

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.tests.factories import UserFactory
from directory.models import PlaceTranslation, Status
from directory.response_cache import storable
from districts.tests.factories import DistrictFactory, MunicipalityFactory

from .factories import EventFactory, OfferFactory, PlaceFactory, PlaceTranslationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _response_cache_on(settings):
    settings.LOTSE_DIRECTORY_RESPONSE_CACHE = True


@pytest.fixture
def world():
    district = DistrictFactory()
    place = PlaceFactory(district=district, name="Haus der Begegnung")
    PlaceTranslationFactory(place=place)
    offer = OfferFactory(district=district, place=place, title="Sprachcafé")
    event = EventFactory(district=district, offer=offer, place=place, title="Sprachcafé am Abend")
    return district, place, offer, event


def _api(name, district, **kwargs):
    return reverse(f"api:{name}", kwargs={"slug": district.slug, **kwargs})


def test_the_places_list_is_served_from_the_cache_and_follows_a_change(
    world, django_assert_num_queries, django_assert_max_num_queries
):
    district, place, offer, _event = world
    client = Client()
    url = _api("place_list", district) + "?lang=de"
    first = client.get(url)
    assert [item["name"] for item in first.json()["results"]] == ["Haus der Begegnung"]

    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == "application/json"

    offer.status = Status.ARCHIVED
    offer.save()
    with django_assert_max_num_queries(10) as rebuilt:
        assert client.get(url).json() == first.json()
    assert len(rebuilt) > 0  # the district changed: the list is built again

    text = PlaceTranslation.objects.get(place=place, language="de")
    text.name = "Bürgerhaus"
    text.save()
    assert [item["name"] for item in client.get(url).json()["results"]] == ["Bürgerhaus"]


def test_the_events_list_is_served_from_the_cache_and_follows_its_offer(
    world, django_assert_num_queries
):
    district, _place, offer, event = world
    client = Client()
    url = _api("event_list", district) + "?lang=de"
    first = client.get(url)
    assert [item["id"] for item in first.json()["results"]] == [event.pk]

    with django_assert_num_queries(0):
        assert client.get(url).content == first.content
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    offer.status = Status.ARCHIVED
    offer.save()
    # The offer's event is gone from the list, and the old ETag no longer matches.
    assert client.get(url).json()["results"] == []
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize(
    "name", ["offer_list", "offer_detail", "place_detail", "event_detail", "events_ics"]
)
def test_every_api_answer_of_a_district_is_served_from_the_cache(
    world, name, django_assert_num_queries
):
    district, place, offer, event = world
    pks = {"offer_detail": offer.pk, "place_detail": place.pk, "event_detail": event.pk}
    url = _api(name, district, **({"pk": pks[name]} if name in pks else {}))
    client = Client()
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(url)
    assert (again.content, again["Content-Type"]) == (first.content, first["Content-Type"])


def _page(name, district, **kwargs):
    return reverse(
        f"public:{name}", kwargs={"district_slug": district.slug, "lang": "de", **kwargs}
    )


def test_every_public_page_is_served_from_the_cache_and_follows_a_change(
    world, django_assert_num_queries
):
    district, place, offer, event = world
    MunicipalityFactory(district=district)
    pages = [
        _page("home", district),
        _page("search", district) + "?q=Sprachcafé",
        _page("offer", district, pk=offer.pk),
        _page("offer_print", district, pk=offer.pk),
        _page("offer_qr", district, pk=offer.pk),
        _page("place", district, pk=place.pk),
        _page("event", district, pk=event.pk),
        _page("events", district),
        _page("map", district),
        _page("map_data", district),
    ]
    client = Client()
    first = {url: client.get(url) for url in pages}
    assert {url: response.status_code for url, response in first.items()} == dict.fromkeys(
        pages, 200
    )
    for url in pages:
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.content == first[url].content, url
        for header in ("Content-Type", "Content-Language", "Cache-Control"):
            assert again.get(header) == first[url].get(header), (url, header)

    OfferFactory(district=district, place=place, title="Deutschkurs am Markt")
    assert (
        "Deutschkurs am Markt" in client.get(_page("place", district, pk=place.pk)).content.decode()
    )
    assert "Deutschkurs am Markt" in client.get(_page("search", district)).content.decode()


def test_no_page_built_for_a_signed_in_person_is_kept(world, django_assert_max_num_queries):
    district, place, _offer, _event = world
    url = _page("place", district, pk=place.pk)
    signed_in = Client()
    signed_in.force_login(UserFactory())
    assert signed_in.get(url).status_code == 200

    anonymous = Client()
    with django_assert_max_num_queries(10) as built:
        assert anonymous.get(url).status_code == 200
    assert len(built) > 0  # not served from what the signed-in person was given


def test_a_response_that_sets_a_cookie_or_holds_a_csrf_token_is_not_kept():
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert storable(request, HttpResponse("page"))
    assert not storable(request, HttpResponse("missing", status=404))
    private = HttpResponse("page")
    private["Cache-Control"] = "private"
    assert not storable(request, private)
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("choice", "1")
    assert not storable(request, with_cookie)
    get_token(request)
    assert not storable(request, HttpResponse("form"))


def test_with_the_cache_off_every_answer_is_built_afresh(
    world, settings, django_assert_max_num_queries
):
    settings.LOTSE_DIRECTORY_RESPONSE_CACHE = False
    district, place, _offer, _event = world
    client = Client()
    for url in (_api("place_list", district), _page("place", district, pk=place.pk)):
        assert client.get(url).status_code == 200
        with django_assert_max_num_queries(20) as built:
            assert client.get(url).status_code == 200
        assert len(built) > 0, url


def _selected(html, name):
    """The value of the chosen option of the select `name` (None: "alle")."""
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', html, re.S).group(0)
    chosen = re.search(r'<option value="([^"]*)" selected>', select)
    return chosen.group(1) if chosen else None


def _tile_count(html, topic):
    tile = re.search(rf'data-topic="{topic}".*?public-tile__count">\s*(\d+)', html, re.S)
    return int(tile.group(1))


def test_the_parts_a_search_page_shares_follow_the_filters_and_every_change(world):
    """The filter selects and the topic tiles are rendered once per district change stamp
    (the "fragments" cache): another search still shows its own choices, and a change of the
    district's rows shows at once."""
    district, place, _offer, _event = world
    client = Client()
    search = reverse("public:search", kwargs={"district_slug": district.slug, "lang": "de"})

    def page(query):
        return client.get(search + query).content.decode()

    assert _selected(page("?q=nichtsdergleichen&thema=language"), "thema") == "language"
    assert _selected(page("?q=nichtsdergleichen&thema=work"), "thema") == "work"
    plain = page("?q=auchnichts")
    assert _selected(plain, "thema") is None

    before = _tile_count(plain, "language")
    OfferFactory(district=district, place=place, title="Deutschkurs", topics=["language"])
    assert _tile_count(page("?q=wiederauchnichts"), "language") == before + 1

    municipality = MunicipalityFactory(district=district, name="Neustadt am Rande")
    place.municipality = municipality
    place.save()
    assert "Neustadt am Rande" in page("?q=undwiedernichts")
