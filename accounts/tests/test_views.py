"""Sign-in, sign-up refusal, password reset and change, e-mail change, the profile page."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from core.models import AuditEvent
from districts.models import Role
from districts.tests.factories import MembershipFactory

from .factories import DEFAULT_PASSWORD, UserFactory
from .helpers import LOGIN_URL, post_login, signed_in_user_id

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "ein-ganz-neues-Passwort-77"


def test_login_page_renders_in_lotse_shell_with_kern_form(client):
    response = client.get(LOGIN_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bei Lotse anmelden" in html
    assert 'class="skip-link"' in html  # the shell of ui/base.html
    assert "kern-form-input__input" in html
    assert 'for="id_login"' in html
    assert "Passwort vergessen?" in html
    # No SSO configured in tests by default, so no SSO button.
    assert "Anmelden mit" not in html


def test_sign_in_with_email_and_password(client):
    user = UserFactory()
    response = post_login(client, user.email.upper())
    assert response.status_code == 302
    assert response["Location"] == "/uebersicht/"
    assert str(signed_in_user_id(client)) == str(user.pk)


def test_wrong_password_shows_german_error(client):
    user = UserFactory()
    response = post_login(client, user.email, "falsch-falsch-falsch")
    assert response.status_code == 200
    assert "E-Mail-Adresse und/oder das Passwort sind leider falsch" in response.content.decode()
    assert signed_in_user_id(client) is None


def test_session_key_rotates_at_sign_in(client):
    user = UserFactory()
    session = client.session
    session["lotse_probe"] = "vorher"
    session.save()
    before = session.session_key
    client.cookies["sessionid"] = before
    post_login(client, user.email)
    after = client.session.session_key
    assert after and after != before
    assert client.session.get("lotse_probe") == "vorher"  # data survives, key does not


def test_signup_is_closed_with_clear_page(client):
    response = client.get("/konto/signup/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Registrierung nur per Einladung" in html
    assert 'class="skip-link"' in html
    assert 'name="password1"' not in html
    response = client.post(
        "/konto/signup/",
        {"email": "neu@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert "Registrierung nur per Einladung" in response.content.decode()
    assert not EmailAddress.objects.filter(email="neu@example.org").exists()


def test_password_reset_sends_german_mail_and_link_works(client):
    user = UserFactory()
    response = client.post("/konto/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "[Lotse] Passwort zurücksetzen"
    assert "neues Passwort" in message.body
    link = re.search(r"http://testserver(/konto/password/reset/key/\S+)", message.body).group(1)
    response = client.get(link)
    assert response.status_code == 302  # allauth moves the key out of the URL
    form_url = response["Location"]
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert post_login(client, user.email, NEW_PASSWORD).status_code == 302


def test_password_reset_for_unknown_address_mentions_invitation(client):
    client.post("/konto/password/reset/", {"email": "unbekannt@example.org"})
    assert len(mail.outbox) == 1
    assert "Einladung" in mail.outbox[0].body
    assert "/konto/signup/" not in mail.outbox[0].body


def test_password_change_keeps_person_signed_in_and_notifies(client):
    user = UserFactory()
    post_login(client, user.email)
    response = client.post(
        "/konto/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get("/konto/profil/").status_code == 200
    assert any(m.subject == "[Lotse] Passwort geändert" for m in mail.outbox)
    # The new session key is known, so deactivation can still end this session.
    assert user.sessions.filter(session_key=client.session.session_key).exists()


def test_email_change_needs_confirmation(client):
    user = UserFactory()
    post_login(client, user.email)
    response = client.post("/konto/email/", {"action_add": "", "email": "neu.adresse@example.org"})
    assert response.status_code == 302
    confirmation = next(m for m in mail.outbox if "neu.adresse@example.org" in m.to)
    assert confirmation.subject == "[Lotse] Bitte bestätigen Sie Ihre E-Mail-Adresse"
    user.refresh_from_db()
    assert user.email != "neu.adresse@example.org"
    link = re.search(r"http://testserver(/konto/confirm-email/\S+)", confirmation.body).group(1)
    client.post(link)
    user.refresh_from_db()
    assert user.email == "neu.adresse@example.org"


def test_profile_shows_memberships_and_second_factor_links(client):
    membership = MembershipFactory(role=Role.STAFF, is_org_admin=True)
    user = membership.user
    client.force_login(user)
    response = client.get("/konto/profil/")
    html = response.content.decode()
    assert response.status_code == 200
    assert membership.organisation.name in html
    assert membership.district.name in html
    assert "Fachkraft" in html
    assert "/konto/2fa/totp/activate/" in html
    assert "/konto/email/" in html
    assert "/konto/password/change/" in html


def test_profile_name_change_goes_through_service(client):
    user = UserFactory(name="Alter Name")
    client.force_login(user)
    response = client.post("/konto/profil/", {"name": "  Neuer   Name "})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.name == "Neuer Name"
    assert AuditEvent.objects.filter(action="user.update_profile", object_id=str(user.pk)).exists()


def test_profile_rejects_blank_name(client):
    user = UserFactory(name="Bleibt")
    client.force_login(user)
    response = client.post("/konto/profil/", {"name": "   "})
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    user.refresh_from_db()
    assert user.name == "Bleibt"


def test_profile_requires_sign_in(client):
    response = client.get("/konto/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
