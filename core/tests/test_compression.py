"""Gzip for answers built for nobody in particular, never for one that carries a secret
(core.compression)."""

from __future__ import annotations

import gzip

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.tests.factories import UserFactory
from core.compression import CompressionMiddleware
from directory.tests.factories import OfferFactory, PlaceFactory
from districts.tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def district():
    district = DistrictFactory()
    for number in range(12):
        OfferFactory(district=district, title=f"Deutschkurs am Morgen {number}")
        PlaceFactory(district=district, name=f"Beratungsstelle {number}")
    return district


def search_url(district):
    return reverse("public:search", kwargs={"district_slug": district.slug, "lang": "de"})


def places_url(district):
    return reverse("api:place_list", kwargs={"slug": district.slug}) + "?lang=de"


def plain_and_gzip(url, client=None):
    client = client or Client()
    return client.get(url), client.get(url, **GZIP)


@pytest.mark.parametrize("address", [search_url, places_url])
def test_a_public_page_and_the_api_come_gzipped_and_unpack_to_the_same_body(
    settings, district, address
):
    settings.LOTSE_DIRECTORY_RESPONSE_CACHE = False
    plain, packed = plain_and_gzip(address(district))
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 2
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed["Content-Length"]) == len(packed.content)


def test_a_cached_api_answer_is_compressed_once_and_sent_the_same_each_time(district):
    client = Client()
    first = client.get(places_url(district), **GZIP)
    again = client.get(places_url(district), **GZIP)
    assert first["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    assert again.content == first.content
    assert gzip.decompress(again.content) == client.get(places_url(district)).content


def test_if_none_match_with_the_compressed_etag_still_gets_304(district):
    client = Client()
    packed = client.get(places_url(district), **GZIP)
    etag = packed["ETag"]
    assert etag.startswith('W/"')  # a compressed body is not byte-identical to the plain one

    again = client.get(places_url(district), HTTP_IF_NONE_MATCH=etag, **GZIP)
    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""
    # and the plain answer's strong tag still matches too
    plain = client.get(places_url(district))
    assert client.get(places_url(district), HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304


@pytest.mark.parametrize("address", [search_url, places_url])
def test_nothing_is_compressed_for_a_signed_in_person(district, address):
    client = Client()
    client.force_login(UserFactory())
    response = client.get(address(district), **GZIP)
    assert response.status_code == 200
    assert len(response.content) > 1000
    assert "Content-Encoding" not in response
    assert "no-store" in response["Cache-Control"]


def test_the_suggestion_form_with_its_csrf_token_is_not_compressed(district):
    url = reverse("public:submit", kwargs={"district_slug": district.slug, "lang": "de"})
    response = Client().get(url, **GZIP)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def _through_middleware(request, response):
    return CompressionMiddleware(lambda _request: response)(request)


def _request(**extra):
    request = RequestFactory().get("/", **GZIP, **extra)
    request.user = type("Anonymous", (), {"is_authenticated": False})()
    return request


def _page():
    return HttpResponse(b"<p>" + b"Beratung und Sprachkurs " * 100 + b"</p>")


def test_the_middleware_compresses_an_anonymous_cookieless_page():
    response = _through_middleware(_request(), _page())
    assert response["Content-Encoding"] == "gzip"


@pytest.mark.parametrize(
    "secret",
    ["set-cookie", "csrf-token-used", "private", "no-store", "authorization", "signed-in"],
)
def test_the_middleware_leaves_answers_with_secrets_alone(secret):
    request = _request(**({"HTTP_AUTHORIZATION": "Token abc"} if secret == "authorization" else {}))
    response = _page()
    if secret == "set-cookie":
        response.set_cookie("sessionid", "abc")
    elif secret == "csrf-token-used":
        get_token(request)
    elif secret in ("private", "no-store"):
        response["Cache-Control"] = secret
    elif secret == "signed-in":
        request.user = type("Person", (), {"is_authenticated": True})()
    response = _through_middleware(request, response)
    assert "Content-Encoding" not in response
    assert response.content.startswith(b"<p>Beratung")


def test_the_middleware_skips_what_is_compressed_already_or_not_text():
    for content_type in ("application/pdf", "image/png", "application/zip"):
        response = _page()
        response["Content-Type"] = content_type
        assert "Content-Encoding" not in _through_middleware(_request(), response)


def test_without_accept_encoding_or_with_the_setting_off_nothing_is_compressed(settings):
    request = RequestFactory().get("/")
    request.user = _request().user
    assert "Content-Encoding" not in _through_middleware(request, _page())
    settings.LOTSE_COMPRESS_RESPONSES = False
    assert "Content-Encoding" not in _through_middleware(_request(), _page())
