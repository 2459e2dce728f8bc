"""django-axes locks the real allauth sign-in after too many failures for one address + IP, and
accounts.lockout adds the limits against password spraying: one network across many addresses,
and one address from many networks."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from .factories import UserFactory
from .helpers import post_login, signed_in_user_id

pytestmark = pytest.mark.django_db

WRONG = "voellig-falsches-Passwort"


def lock_out(client, email):
    responses = [post_login(client, email, WRONG) for _ in range(settings.AXES_FAILURE_LIMIT)]
    return responses


def test_lockout_after_limit_refuses_even_right_password(client):
    user = UserFactory()
    responses = lock_out(client, user.email)
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429
    response = post_login(client, user.email.upper())
    assert response.status_code == 429
    html = response.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in html
    assert "auch nicht mit dem richtigen Passwort" in html
    assert signed_in_user_id(client) is None
    attempt = AccessAttempt.objects.get()
    assert attempt.username == user.email


def test_lockout_is_per_address_and_ip(client):
    user, other = UserFactory(), UserFactory()
    lock_out(client, user.email)
    assert post_login(client, other.email).status_code == 302
    client.logout()
    response = post_login(client, user.email, REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 302


def test_fewer_failures_then_success_resets_counter(client):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, user.email, WRONG)
    assert post_login(client, user.email).status_code == 302
    assert not AccessAttempt.objects.exists()


def test_unlock_with_management_command(client):
    user = UserFactory()
    lock_out(client, user.email)
    call_command("axes_reset_username", user.email)
    assert post_login(client, user.email).status_code == 302


def test_unlock_through_admin(client, operator):
    user = UserFactory()
    lock_out(client, user.email)
    attempt = AccessAttempt.objects.get()
    admin_client = type(client)()
    admin_client.force_login(operator)
    changelist = "/betrieb/axes/accessattempt/"
    assert admin_client.get(changelist).status_code == 200
    response = admin_client.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert post_login(client, user.email).status_code == 302


def test_unlock_after_cool_off(client):
    user = UserFactory()
    lock_out(client, user.email)
    cool_off = dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - dt.timedelta(minutes=1))
    assert post_login(client, user.email).status_code == 302


# --- Password spraying ------------------------------------------------------------------------


def from_network(number: int) -> dict[str, str]:
    return {"REMOTE_ADDR": f"10.0.{number // 250}.{number % 250 + 1}"}


def back_in_time(**delta: float) -> None:
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(**delta))


def test_one_network_trying_many_addresses_is_stopped(client):
    limit = settings.LOCKOUT_NETWORK_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT
    statuses = [
        post_login(client, f"geraten{number}@example.org", WRONG).status_code
        for number in range(limit)
    ]
    assert statuses == [200] * (limit - 1) + [429]
    # From this network nobody gets in now, not even with the right password ...
    user = UserFactory()
    response = post_login(client, user.email)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Von Ihrem Netzwerk aus ist die Anmeldung gesperrt" in html
    assert "verschiedenen E-Mail-Adressen" in html
    assert "auch nicht mit dem richtigen Passwort" in html
    assert signed_in_user_id(client) is None
    # ... while other networks are not affected,
    assert post_login(type(client)(), user.email, **from_network(7)).status_code == 302
    # and the lockout lasts the whole cool-off.
    back_in_time(hours=settings.AXES_COOLOFF_TIME, minutes=-1)
    assert post_login(client, user.email).status_code == 429
    back_in_time(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    assert post_login(client, user.email).status_code == 302


def test_many_networks_trying_one_address_are_stopped(client):
    user = UserFactory()
    limit = settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT
    assert limit > settings.AXES_FAILURE_LIMIT
    statuses = [
        post_login(client, user.email, WRONG, **from_network(number)).status_code
        for number in range(limit)
    ]
    assert statuses == [200] * (limit - 1) + [429]
    # A network that has never failed is refused too, even with the right password.
    response = post_login(client, user.email, **from_network(200))
    assert response.status_code == 429
    html = response.content.decode()
    assert "aus verschiedenen Netzwerken" in html
    assert "kurz gesperrt" in html
    minutes = settings.LOCKOUT_ACCOUNT_COOLOFF_MINUTES
    assert f"Warten Sie {minutes:g} Minuten" in html
    assert signed_in_user_id(client) is None
    # Other addresses from those networks are not affected.
    assert post_login(type(client)(), UserFactory().email, **from_network(1)).status_code == 302


def test_a_stranger_locks_a_colleague_out_only_for_the_short_window(client):
    colleague = UserFactory()
    stranger = type(client)()
    for number in range(settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT):
        post_login(stranger, colleague.email, WRONG, **from_network(number))
    own_network = from_network(240)
    assert post_login(client, colleague.email, **own_network).status_code == 429
    # Trying on during the lockout does not prolong it.
    for number in range(3):
        post_login(stranger, colleague.email, WRONG, **from_network(100 + number))
    back_in_time(minutes=settings.LOCKOUT_ACCOUNT_COOLOFF_MINUTES + 1)
    assert settings.LOCKOUT_ACCOUNT_COOLOFF_MINUTES < settings.AXES_COOLOFF_TIME * 60
    response = post_login(client, colleague.email, **own_network)
    assert response.status_code == 302
    assert str(signed_in_user_id(client)) == str(colleague.pk)


def test_one_network_alone_only_locks_itself_out(client):
    # However long one network keeps trying, the colleague elsewhere is not locked out: that
    # network counts towards the address limit with the strict limit at most.
    colleague = UserFactory()
    for _ in range(settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT * 2):
        post_login(client, colleague.email, WRONG)
    assert post_login(client, colleague.email).status_code == 429
    assert post_login(type(client)(), colleague.email, **from_network(3)).status_code == 302


def test_reset_commands_lift_the_spraying_lockouts(client):
    user = UserFactory()
    for number in range(settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT):
        post_login(client, user.email, WRONG, **from_network(number))
    assert post_login(client, user.email).status_code == 429
    call_command("axes_reset_username", user.email)
    assert post_login(client, user.email).status_code == 302

    client.logout()
    for number in range(settings.LOCKOUT_NETWORK_FAILURE_LIMIT):
        post_login(client, f"geraten{number}@example.org", WRONG)
    assert post_login(client, user.email).status_code == 429
    call_command("axes_reset_ip", "127.0.0.1")
    assert post_login(client, user.email).status_code == 302


def test_limits_come_from_the_environment(tmp_path):
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LOTSE_")},
        "LOTSE_ENV": "test",
        "LOTSE_DATA_DIR": str(tmp_path),
        "LOTSE_LOCKOUT_NETWORK_FAILURES": "40",
        "LOTSE_LOCKOUT_ACCOUNT_FAILURES": "12",
        "LOTSE_LOCKOUT_ACCOUNT_MINUTES": "3",
        "DJANGO_SETTINGS_MODULE": "lotse.settings",
    }
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.LOCKOUT_NETWORK_FAILURE_LIMIT, s.LOCKOUT_ACCOUNT_FAILURE_LIMIT, "
        "s.LOCKOUT_ACCOUNT_COOLOFF_MINUTES]))"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout) == [40, 12, 3.0]


def test_one_network_counts_once_towards_the_address_limit_whatever_the_browser(client, settings):
    # Even with an address limit below the strict one, one network (here with a new browser
    # for each try) never locks the address out elsewhere.
    settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT = 3
    colleague = UserFactory()
    for number in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, colleague.email, WRONG, HTTP_USER_AGENT=f"Browser {number}")
    assert post_login(type(client)(), colleague.email, **from_network(3)).status_code == 302
