"""Second factor: required for coordinators and case workers, asked for at sign-in."""

from __future__ import annotations

import pytest

from conftest import enrol_totp
from districts.models import Role
from districts.tests.factories import MembershipFactory

from .factories import DEFAULT_PASSWORD
from .helpers import MFA_URL, post_login, signed_in_user_id, totp_code

pytestmark = pytest.mark.django_db

ACTIVATE = "/konto/2fa/totp/activate/"
REAUTH = "/konto/reauthenticate/?next=%2Fkonto%2F2fa%2Ftotp%2Factivate%2F"


def confirm_password(client):
    response = client.post(REAUTH, {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


@pytest.mark.parametrize(
    "membership",
    [{"role": Role.COORDINATOR}, {"role": Role.STAFF, "can_casework": True}],
    ids=["coordinator", "caseworker"],
)
def test_person_who_must_use_mfa_is_sent_to_enrolment_and_kept_there(client, membership):
    user = MembershipFactory(**membership).user
    response = post_login(client, user.email, follow=True)
    chain = [url for url, _status in response.redirect_chain]
    # Straight to enrolment: the fresh sign-in counts as the password confirmation.
    assert chain == ["/uebersicht/", ACTIVATE]
    assert response.status_code == 200
    assert "data:image/svg+xml;base64" in response.content.decode()
    for path in ("/uebersicht/", "/konto/profil/", "/kreis/wechseln/", "/betrieb/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == ACTIVATE
    # HTMX requests get a client-side redirect instead of a 302 htmx would swap in.
    response = client.get("/uebersicht/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == ACTIVATE
    # Sign-out and the language switch stay reachable.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    client.post("/konto/logout/")
    assert signed_in_user_id(client) is None


def test_enrolment_long_after_sign_in_asks_for_the_password_again(client, settings):
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 0
    user = MembershipFactory(role=Role.COORDINATOR).user
    post_login(client, user.email)
    response = client.get(ACTIVATE)
    assert response.status_code == 302
    assert response["Location"] == REAUTH
    settings.ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
    confirm_password(client)
    assert client.get(ACTIVATE).status_code == 200


def test_adding_another_factor_still_asks_for_the_password(client, network):
    # With a second factor in place the usual protection applies again.
    client.force_login(network.coordinator)
    response = client.get("/konto/2fa/webauthn/add/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/reauthenticate/")


def test_enrolling_totp_lets_the_person_in(client):
    user = MembershipFactory(role=Role.COORDINATOR).user
    post_login(client, user.email)
    response = client.get(ACTIVATE)
    assert response.status_code == 200
    assert "data:image/svg+xml;base64" in response.content.decode()
    secret = client.session["mfa.totp.secret"]
    response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/recovery-codes/"
    assert client.get("/konto/profil/").status_code == 200


def test_person_with_totp_is_asked_for_code_at_sign_in(client, network):
    user = network.coordinator
    secret = user.authenticator_set.get(type="totp").wrap().instance.data["secret"]
    response = post_login(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == MFA_URL
    assert signed_in_user_id(client) is None
    response = client.post(MFA_URL, {"code": "000000"})
    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    response = client.post(MFA_URL, {"code": _code_from_secret(secret)})
    assert response.status_code == 302
    assert str(signed_in_user_id(client)) == str(user.pk)
    assert client.get("/konto/profil/").status_code == 200


def _code_from_secret(encrypted_secret: str) -> str:
    from allauth.mfa.utils import decrypt

    return totp_code(decrypt(encrypted_secret))


def test_staff_volunteer_and_org_admin_are_not_forced(client, network):
    for user in (network.staff, network.volunteer, network.org_admin):
        client.logout()
        response = post_login(client, user.email)
        assert response["Location"] == "/uebersicht/", user
        assert client.get("/konto/profil/").status_code == 200


def test_totp_helper_computes_codes_allauth_accepts(db):
    from allauth.mfa.totp.internal.auth import validate_totp_code

    secret = enrol_totp(MembershipFactory(role=Role.STAFF).user)
    assert validate_totp_code(secret, totp_code(secret))
    assert not validate_totp_code(secret, "123456") or totp_code(secret) == "123456"
