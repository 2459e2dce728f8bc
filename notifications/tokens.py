"""Signed unsubscribe tokens: the link in an e-mail names the person and what to switch off,
so it works without signing in. The signature is the authentication."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .services import unsubscribe_choices

SALT = "lotse.notifications.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    what: str


def make_token(user_id: int, what: str) -> str:
    if what not in unsubscribe_choices():
        raise ValueError(f"Unknown unsubscribe choice: {what!r}")
    return signing.dumps({"u": int(user_id), "w": what}, salt=SALT)


def read_token(token: str) -> Unsubscribe | None:
    """The request of a valid token; None for anything broken, forged or unknown."""
    try:
        data = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    if not isinstance(data, dict):
        return None
    user_id, what = data.get("u"), data.get("w")
    if (
        not isinstance(user_id, int)
        or isinstance(user_id, bool)
        or what not in unsubscribe_choices()
    ):
        return None
    return Unsubscribe(user_id=user_id, what=str(what))


def unsubscribe_url(user_id: int, what: str) -> str:
    """Absolute address for e-mails."""
    path = reverse("notifications:unsubscribe", args=[make_token(user_id, what)])
    return f"{settings.SITE_URL}{path}"
