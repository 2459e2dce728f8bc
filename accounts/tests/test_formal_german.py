"""Lotse addresses people as "Sie". allauth's German catalogue, and Django REST framework's for
Django's own validator messages, say "du"; locale/de/ overrides them."""

from __future__ import annotations

import re
from pathlib import Path

import allauth
import pytest
from babel.messages.pofile import read_po
from django.utils import translation

from conftest import enrol_totp

from .factories import UserFactory
from .helpers import MFA_URL, post_login

INFORMAL = re.compile(r"\b(du|dich|dir|dein\w*|gib|kontaktiere|versuche|bestätige)\b", re.I)
ALLAUTH_PO = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"
# allauth's identity-provider app (allauth.idp) is not installed; nobody meets its texts.
NOT_INSTALLED = ("idp/", "templates/idp/")


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def informal_words(text: str) -> list[str]:
    return INFORMAL.findall(text)


@pytest.mark.django_db
def test_sign_in_with_a_bad_address_answers_formally(client):
    response = client.post("/konto/login/", {"login": "kein-at-zeichen", "password": "x"})
    assert response.status_code == 200
    text = visible_text(response)
    assert "Bitte geben Sie eine gültige E-Mail-Adresse ein." in text
    assert "Gib eine gültige E-Mail Adresse an" not in text
    assert informal_words(text) == []


@pytest.mark.django_db
def test_sign_in_password_reset_and_second_factor_pages_say_sie(client):
    pages = {
        "sign-in": client.get("/konto/login/"),
        "wrong password": post_login(client, "niemand@example.org", "falsch-falsch-falsch"),
        "reset": client.get("/konto/password/reset/"),
        "reset, bad address": client.post("/konto/password/reset/", {"email": "kein-at"}),
        "reset, sent": client.post(
            "/konto/password/reset/", {"email": "niemand@example.org"}, follow=True
        ),
        "reset, bad link": client.get("/konto/password/reset/key/1-falsch/", follow=True),
    }
    assert "Wir haben Ihnen eine E-Mail geschickt" in visible_text(pages["reset, sent"])
    user = UserFactory()
    enrol_totp(user)
    post_login(client, user.email)
    pages["second factor"] = client.get(MFA_URL)
    pages["second factor, wrong code"] = client.post(MFA_URL, {"code": "000000"})
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert informal_words(visible_text(response)) == [], name


@pytest.mark.django_db
def test_signed_in_account_pages_say_sie(client):
    user = UserFactory()
    enrol_totp(user)
    client.force_login(user)
    for url in ("/konto/email/", "/konto/2fa/", "/konto/password/change/", "/konto/logout/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert informal_words(visible_text(response)) == [], url


def test_no_allauth_text_says_du_in_german():
    with ALLAUTH_PO.open("rb") as handle:
        catalog = read_po(handle)
    informal = []
    with translation.override("de"):
        for message in catalog:
            places = [location for location, _line in message.locations]
            if not message.id or all(place.startswith(NOT_INSTALLED) for place in places):
                continue
            if isinstance(message.id, tuple | list):
                shown = [translation.ngettext(message.id[0], message.id[1], n) for n in (1, 2)]
            elif message.context:
                shown = [translation.pgettext(message.context, message.id)]
            else:
                shown = [translation.gettext(message.id)]
            if any(informal_words(text) for text in shown):
                informal.append(message.id)
    assert informal == []


def test_django_validators_answer_formally():
    from django.core.validators import EmailValidator, URLValidator

    with translation.override("de"):
        assert str(EmailValidator.message) == "Bitte geben Sie eine gültige E-Mail-Adresse ein."
        assert str(URLValidator.message) == "Bitte geben Sie eine gültige URL ein."
