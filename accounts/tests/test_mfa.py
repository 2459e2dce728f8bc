"""Second factor: required for coordinators and case workers, asked for at sign-in."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accounts.models import CodeAttempt
from conftest import enrol_totp
from districts.models import Role
from districts.tests.factories import MembershipFactory

from .factories import DEFAULT_PASSWORD
from .helpers import MFA_URL, add_security_key, post_login, signed_in_user_id, totp_code

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


# --- Wrong codes ------------------------------------------------------------------------------


def at_code_step(client, user, **extra):
    response = post_login(client, user.email, **extra)
    assert response["Location"] == MFA_URL
    return response


def test_wrong_codes_lock_the_code_step_even_for_the_right_code(client, network):
    user = network.coordinator
    secret = user.authenticator_set.get(type="totp").wrap().instance.data["secret"]
    at_code_step(client, user)
    limit = settings.AXES_FAILURE_LIMIT
    responses = [client.post(MFA_URL, {"code": "000000"}) for _ in range(limit)]
    assert [r.status_code for r in responses] == [200] * (limit - 1) + [429]
    assert "Falscher Code" in responses[0].content.decode()
    response = client.post(MFA_URL, {"code": _code_from_secret(secret)})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in html
    assert f"Nach {limit} falschen Codes" in html
    assert "auch nicht mit dem richtigen Code" in html
    assert f"Warten Sie {settings.AXES_COOLOFF_TIME * 60:g} Minuten" in html
    assert signed_in_user_id(client) is None
    # Signing in afresh, from another network, does not help: the limit is per person.
    other = type(client)()
    at_code_step(other, user, REMOTE_ADDR="10.9.8.7")
    response = other.post(MFA_URL, {"code": _code_from_secret(secret)})
    assert response.status_code == 429
    assert signed_in_user_id(other) is None


def test_changing_networks_does_not_reset_the_code_limit(client, network):
    user = network.coordinator
    at_code_step(client, user)
    statuses = [
        client.post(MFA_URL, {"code": "000000"}, REMOTE_ADDR=f"10.1.1.{n}").status_code
        for n in range(1, settings.AXES_FAILURE_LIMIT + 1)
    ]
    assert statuses[-1] == 429


def test_code_lockout_ends_after_the_cool_off(client, network):
    user = network.coordinator
    secret = user.authenticator_set.get(type="totp").wrap().instance.data["secret"]
    at_code_step(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(MFA_URL, {"code": "000000"})
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    CodeAttempt.objects.update(last_failure_at=timezone.now() - cool_off + dt.timedelta(minutes=1))
    fresh = type(client)()
    at_code_step(fresh, user)
    assert fresh.post(MFA_URL, {"code": _code_from_secret(secret)}).status_code == 429
    CodeAttempt.objects.update(last_failure_at=timezone.now() - cool_off - dt.timedelta(minutes=1))
    response = fresh.post(MFA_URL, {"code": _code_from_secret(secret)})
    assert response.status_code == 302
    assert str(signed_in_user_id(fresh)) == str(user.pk)
    assert not CodeAttempt.objects.exists()


def test_right_code_resets_the_count(client, network):
    user = network.coordinator
    secret = user.authenticator_set.get(type="totp").wrap().instance.data["secret"]
    at_code_step(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(MFA_URL, {"code": "000000"}).status_code == 200
    assert client.post(MFA_URL, {"code": _code_from_secret(secret)}).status_code == 302
    assert not CodeAttempt.objects.exists()
    client.post("/konto/logout/")
    at_code_step(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(MFA_URL, {"code": "000000"}).status_code == 200


def test_recovery_codes_count_and_are_refused_alike(client, network):
    user = network.coordinator
    codes = RecoveryCodes.activate(user).get_unused_codes()
    at_code_step(client, user)
    statuses = [
        client.post(MFA_URL, {"code": "abcd-efgh"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    response = client.post(MFA_URL, {"code": codes[0]})
    assert response.status_code == 429
    assert signed_in_user_id(client) is None
    assert (
        codes[0]
        in RecoveryCodes(user.authenticator_set.get(type="recovery_codes")).get_unused_codes()
    )


def test_operator_lifts_a_code_lockout(client, network):
    user = network.coordinator
    secret = user.authenticator_set.get(type="totp").wrap().instance.data["secret"]
    at_code_step(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(MFA_URL, {"code": "000000"})
    assert client.post(MFA_URL, {"code": _code_from_secret(secret)}).status_code == 429
    call_command("axes_reset_username", user.email)
    assert client.post(MFA_URL, {"code": _code_from_secret(secret)}).status_code == 302


def test_operator_lifts_a_code_lockout_in_the_admin(client, network, operator):
    user = network.coordinator
    secret = user.authenticator_set.get(type="totp").wrap().instance.data["secret"]
    at_code_step(client, user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(MFA_URL, {"code": "000000"})
    attempt = CodeAttempt.objects.get(user=user)
    admin_client = type(client)()
    admin_client.force_login(operator)
    changelist = "/betrieb/accounts/codeattempt/"
    assert user.email in admin_client.get(changelist).content.decode()
    response = admin_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert client.post(MFA_URL, {"code": _code_from_secret(secret)}).status_code == 302


# --- Which methods the code step offers ---------------------------------------------------------


def test_code_step_offers_only_an_authenticator_app_to_who_has_only_that(client, network):
    at_code_step(client, network.coordinator)
    html = client.get(MFA_URL).content.decode()
    assert "Code aus Ihrer Authenticator-App" in html
    assert 'name="code"' in html
    assert "Sicherheitsschlüssel" not in html
    assert "webauthn" not in html
    assert "Wiederherstellungscode" not in html


def test_code_step_mentions_recovery_codes_to_who_has_them(client, network):
    RecoveryCodes.activate(network.coordinator)
    at_code_step(client, network.coordinator)
    html = client.get(MFA_URL).content.decode()
    assert "einen Ihrer Wiederherstellungscodes" in html
    assert "Sicherheitsschlüssel" not in html


def test_code_step_offers_the_security_key_to_who_has_one(client, network):
    user = network.coordinator
    user.authenticator_set.all().delete()
    add_security_key(user)
    RecoveryCodes.activate(user)
    at_code_step(client, user)
    html = client.get(MFA_URL).content.decode()
    assert "Sicherheitsschlüssel verwenden" in html
    assert 'id="webauthn_form"' in html
    assert "Authenticator-App" not in html
    # Without the key, a recovery code still gets the person in.
    assert 'name="code"' in html
    assert "mit einem Ihrer Wiederherstellungscodes" in html


def test_confirming_with_a_code_later_counts_wrong_codes_too(client, network):
    # allauth asks a signed-in person for a code again before sensitive changes.
    client.force_login(network.coordinator)
    statuses = [
        client.post("/konto/2fa/reauthenticate/", {"code": "000000"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
