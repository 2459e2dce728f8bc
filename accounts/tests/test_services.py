"""Deactivation ends every session at once; idle sessions expire."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from accounts.models import UserSession
from accounts.services import user_deactivate, user_reactivate, user_update_profile
from core.models import AuditEvent

from .factories import UserFactory
from .helpers import post_login, signed_in_user_id

pytestmark = pytest.mark.django_db


def two_signed_in_clients(user):
    clients = [Client(), Client()]
    for client in clients:
        assert post_login(client, user.email).status_code == 302
    assert UserSession.objects.filter(user=user).count() == 2
    return clients


def test_deactivation_signs_person_out_on_every_client(operator):
    user = UserFactory()
    clients = two_signed_in_clients(user)
    user_deactivate(actor=operator, user=user)
    assert not UserSession.objects.filter(user=user).exists()
    for client in clients:
        assert not Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()
        response = client.get("/konto/profil/")
        assert response.status_code == 302
        assert signed_in_user_id(client) is None
    event = AuditEvent.objects.get(action="user.deactivate")
    assert event.changes["sessions_ended"] == 2


def test_reactivation_lets_person_sign_in_again(operator):
    user = UserFactory()
    user_deactivate(actor=operator, user=user)
    response = post_login(Client(), user.email)
    assert response.status_code == 302
    assert response["Location"] == "/konto/inactive/"
    user_reactivate(actor=operator, user=user)
    assert post_login(Client(), user.email)["Location"] == "/uebersicht/"
    assert AuditEvent.objects.filter(action="user.reactivate").exists()


def test_only_operators_deactivate_and_not_themselves(operator):
    user, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        user_deactivate(actor=other, user=user)
    with pytest.raises(ValidationError):
        user_deactivate(actor=operator, user=operator)
    user.refresh_from_db()
    assert user.is_active


def test_admin_action_deactivates_through_service(client, operator):
    user = UserFactory()
    person_clients = two_signed_in_clients(user)
    client.force_login(operator)
    response = client.post(
        "/betrieb/accounts/user/", {"action": "deactivate", "_selected_action": [user.pk]}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active
    for person_client in person_clients:
        assert person_client.get("/konto/profil/").status_code == 302


def test_admin_change_form_unticking_active_ends_sessions(client, operator):
    user = UserFactory()
    person_clients = two_signed_in_clients(user)
    client.force_login(operator)
    url = f"/betrieb/accounts/user/{user.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "email": user.email,
            "name": user.name,
            "is_staff": "",
            "is_superuser": "",
            "sessions-TOTAL_FORMS": "2",
            "sessions-INITIAL_FORMS": "2",
            "sessions-MIN_NUM_FORMS": "0",
            "sessions-MAX_NUM_FORMS": "1000",
            "sessions-0-id": user.sessions.all()[0].pk,
            "sessions-0-user": user.pk,
            "sessions-1-id": user.sessions.all()[1].pk,
            "sessions-1-user": user.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user.refresh_from_db()
    assert not user.is_active
    assert not UserSession.objects.filter(user=user).exists()
    for person_client in person_clients:
        assert person_client.get("/konto/profil/").status_code == 302


def test_admin_user_list_search_and_filter(client, operator):
    UserFactory(name="Erika Beispiel", email="erika@example.org")
    client.force_login(operator)
    response = client.get("/betrieb/accounts/user/", {"q": "erika", "is_active__exact": "1"})
    assert response.status_code == 200
    assert "erika@example.org" in response.content.decode()


def test_idle_session_expires_after_cookie_age():
    user = UserFactory()
    client = Client()
    post_login(client, user.email)
    assert client.get("/konto/profil/").status_code == 200
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    renewed = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((session.expire_date - renewed).total_seconds()) < 60
    later = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1)
    with mock.patch("django.contrib.sessions.backends.db.timezone.now", return_value=later):
        response = client.get("/konto/profil/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/")


def test_active_session_is_renewed_by_each_request():
    user = UserFactory()
    client = Client()
    post_login(client, user.email)
    half = timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE // 2)
    with mock.patch("django.contrib.sessions.backends.db.timezone.now", return_value=half):
        assert client.get("/konto/profil/").status_code == 200
    session = Session.objects.get(session_key=client.cookies["sessionid"].value)
    assert session.expire_date > timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_update_profile_only_for_oneself():
    user, other = UserFactory(), UserFactory()
    with pytest.raises(PermissionDenied):
        user_update_profile(actor=other, user=user, name="Fremd")
    with pytest.raises(ValidationError):
        user_update_profile(actor=user, user=user, name="x" * 151)
