"""django-axes locks the real allauth sign-in after too many failures for one address + IP."""

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
