import pytest
from django.conf import settings
from django.urls import reverse

from .helpers import parse

pytestmark = pytest.mark.django_db

NATIVE_NAMES = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربيّة",
    "uk": "Українська",
    "fa": "فارسی",
    "fa-af": "دری",
    "tr": "Türkçe",
    "ru": "Русский",
}


def choose(client, language, next_url="/"):
    """What the language switch does: a plain form POST to Django's set_language."""
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def html_tag(response):
    return parse(response).first("html").attrs


def offered(response):
    page = parse(response)
    return {
        option.attrs["value"]
        for option in page.find_all("option")
        if option.attrs["value"] in NATIVE_NAMES
    }


def test_switch_to_english_then_pages_are_english(client, network):
    client.force_login(network.staff)
    response = choose(client, "en", "/uebersicht/")
    assert response.status_code == 302
    assert response["Location"] == "/uebersicht/"
    response = client.get("/uebersicht/")
    assert html_tag(response) == {"lang": "en", "dir": "ltr"}
    assert response["Content-Language"] == "en"


def test_language_switch_is_a_form_with_a_real_button(client):
    page = parse(client.get("/"))
    form = page.first("form", action="/i18n/setlang/")
    assert form.attrs["method"] == "post"
    assert page.first("select", name="language")
    assert page.first("label", for_="shell-language")
    assert page.first("input", name="next").attrs["value"] == "/"
    assert page.find_all("button", type="submit")


def test_public_shell_offers_every_language_with_its_native_name(client):
    response = client.get(reverse("account_login"))
    assert offered(response) == set(NATIVE_NAMES)
    html = response.content.decode()
    for name in NATIVE_NAMES.values():
        assert name in html
    assert parse(response).first("option", value="ar").attrs["lang"] == "ar"


def test_staff_pages_offer_only_the_staff_languages(client, network):
    client.force_login(network.staff)
    assert offered(client.get("/uebersicht/")) == set(settings.STAFF_LANGUAGES)


def test_arabic_sign_in_page_is_right_to_left(client):
    choose(client, "ar")
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert html_tag(response) == {"lang": "ar", "dir": "rtl"}
    assert "kern.rtl.min.css" in response.content.decode()
    assert parse(response).first("option", value="ar").attrs.get("selected") is not None


@pytest.mark.parametrize("language", ["fa", "fa-af"])
def test_farsi_and_dari_are_right_to_left(client, language):
    choose(client, language)
    response = client.get(reverse("ui:privacy"))
    assert html_tag(response) == {"lang": language, "dir": "rtl"}


@pytest.mark.parametrize("language", ["uk", "tr", "ru"])
def test_other_public_languages_are_left_to_right(client, language):
    choose(client, language)
    assert html_tag(client.get("/")) == {"lang": language, "dir": "ltr"}


def test_signed_in_person_with_arabic_sees_internal_pages_in_german(client, network):
    client.force_login(network.staff)
    choose(client, "ar", "/uebersicht/")
    response = client.get("/uebersicht/")
    assert html_tag(response) == {"lang": "de", "dir": "ltr"}
    assert "kern.min.css" in response.content.decode()
    assert response["Content-Language"] == "de"
    # The choice is kept: the public shell still speaks Arabic.
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    legal = client.get(reverse("ui:imprint"))
    assert html_tag(legal) == {"lang": "ar", "dir": "rtl"}
    assert offered(legal) == set(NATIVE_NAMES)


def test_error_pages_keep_the_chosen_language_for_signed_in_people(client, network):
    client.force_login(network.staff)
    choose(client, "ar")
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert html_tag(response) == {"lang": "ar", "dir": "rtl"}
    assert offered(response) == set(NATIVE_NAMES)


def test_english_stays_english_on_internal_pages(client, network):
    client.force_login(network.coordinator)
    choose(client, "en")
    assert html_tag(client.get(reverse("network:index")))["lang"] == "en"


def test_signed_out_visitor_keeps_arabic_everywhere_public(client):
    choose(client, "ar")
    for url in ["/", reverse("ui:privacy"), reverse("ui:accessibility")]:
        assert html_tag(client.get(url)) == {"lang": "ar", "dir": "rtl"}
