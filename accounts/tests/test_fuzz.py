"""Arbitrary input to the sign-in and password-reset forms never gives a 500."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

text = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=300
)
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
GERMAN_ERRORS = (
    "Dieses Feld ist zwingend erforderlich.",
    "Die E-Mail-Adresse und/oder das Passwort sind leider falsch.",
    "Bitte gültige E-Mail-Adresse eingeben.",
    # The same message as Lotse's own German catalogue says it (locale/de/, formal "Sie").
    "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
    "Anmeldung vorübergehend gesperrt",
)


@FUZZ
@given(login=text, password=text)
def test_sign_in_form_survives_any_text(login, password):
    cache.clear()
    AccessAttempt.objects.all().delete()
    response = Client().post("/konto/login/", {"login": login, "password": password})
    assert response.status_code in (200, 429)
    html = response.content.decode()
    assert any(error in html for error in GERMAN_ERRORS)


@FUZZ
@given(email=text)
def test_password_reset_form_survives_any_text(email):
    cache.clear()
    response = Client().post("/konto/password/reset/", {"email": email})
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        html = response.content.decode()
        assert any(error in html for error in GERMAN_ERRORS), html
