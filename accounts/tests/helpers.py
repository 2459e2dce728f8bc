"""Small helpers for signing in through the real allauth views in tests."""

from __future__ import annotations

import time
from typing import Any

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client

from .factories import DEFAULT_PASSWORD

LOGIN_URL = "/konto/login/"
MFA_URL = "/konto/2fa/authenticate/"


def totp_code(secret: str) -> str:
    """The code an authenticator app would show right now."""
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def post_login(client: Client, email: str, password: str = DEFAULT_PASSWORD, **extra: Any) -> Any:
    return client.post(LOGIN_URL, {"login": email, "password": password}, **extra)


def signed_in_user_id(client: Client) -> Any:
    return client.session.get("_auth_user_id")
