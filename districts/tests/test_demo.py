import re
import time
from io import StringIO
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from core.models import AuditEvent
from districts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, all_people
from districts.models import District, Membership, Municipality, Organisation, Role

MODELS = (District, Municipality, Organisation, User, Membership, Authenticator, EmailAddress)


@pytest.fixture(autouse=True)
def _fresh_cache():
    # allauth remembers used TOTP codes in the cache; primary keys repeat between tests.
    cache.clear()


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def counts():
    return {m.__name__: m.objects.count() for m in (*MODELS, AuditEvent)}


@pytest.mark.django_db
def test_seed_demo_builds_both_networks_once():
    run("seed_demo")
    first = counts()
    assert "nothing to do" in run("seed_demo")
    assert counts() == first

    myk = District.objects.get(slug="mayen-koblenz")
    assert myk.kreis_id == "07137"
    assert District.objects.get(slug="koblenz").kreis_id == "07111"
    assert Organisation.objects.for_district(myk).count() >= 25
    office = Organisation.objects.for_district(myk).get(is_integration_office=True)
    assert {"Andernach", "Mayen", "Bendorf", "Verbandsgemeinde Vallendar"} <= set(
        Municipality.objects.for_district(myk).values_list("name", flat=True)
    )
    members = Membership.objects.for_district(myk)
    assert members.filter(role=Role.COORDINATOR, organisation=office).exists()
    assert members.filter(is_org_admin=True).exists()
    assert members.filter(role=Role.STAFF, is_org_admin=False, can_casework=False).exists()
    assert members.filter(can_casework=True).exists()
    assert members.filter(role=Role.VOLUNTEER).exists()
    # Every demo person can sign in: verified address, the shared password.
    for _, person in all_people():
        user = User.objects.get(email=person.email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()


@pytest.mark.django_db
def test_second_district_sees_nothing_of_the_first():
    run("seed_demo")
    koblenz_staff = User.objects.get(email="fachkraft@koblenz.example.org")

    visible = Organisation.objects.visible_to(koblenz_staff)

    assert visible.exists()
    assert not visible.filter(district__slug="mayen-koblenz").exists()
    assert set(visible.values_list("district__slug", flat=True)) == {"koblenz"}


@pytest.mark.django_db
def test_demo_signins_lists_everyone_with_working_authenticator_codes():
    assert "seed_demo" in run("demo_signins")
    run("seed_demo")
    now = time.time()

    with mock.patch("time.time", return_value=now):
        output = run("demo_signins")
        for _, person in all_people():
            assert person.email in output
        assert DEMO_PASSWORD in output
        mfa_lines = [line for line in output.splitlines() if DEMO_TOTP_SECRET in line]
        assert len(mfa_lines) == 3  # both coordinators and the case worker
        for line in mfa_lines:
            email = re.search(r"\S+@\S+", line).group(0)
            code = re.search(r"\b(\d{6}) \(\d+ s\)", line).group(1)
            totp = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
            assert TOTP(totp).validate_code(code)
            assert not TOTP(totp).validate_code("000000" if code != "000000" else "111111")


@pytest.mark.django_db
def test_demo_coordinator_signs_in_with_password_and_authenticator(client):
    run("seed_demo")
    email = "koordination@mayen-koblenz.example.org"

    response = client.post(reverse("account_login"), {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    with mock.patch("time.time", return_value=time.time()):  # no 30-second boundary in between
        output = run("demo_signins")
        code = re.search(rf"{re.escape(email)}.*?\b(\d{{6}}) \(", output).group(1)
        response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)


@pytest.mark.django_db
def test_demo_signins_shows_only_a_note_in_production(settings):
    run("seed_demo")
    settings.PRODUCTION = True

    output = run("demo_signins")

    assert "production" in output
    assert "@" not in output


@pytest.mark.django_db
def test_seed_demo_refuses_production_and_respects_if_empty(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        run("seed_demo")
    assert not District.objects.exists()

    settings.PRODUCTION = False
    District.objects.create(kreis_id="07138", name="Landkreis Neuwied", slug="neuwied")
    run("seed_demo", "--if-empty")
    assert list(District.objects.values_list("slug", flat=True)) == ["neuwied"]
