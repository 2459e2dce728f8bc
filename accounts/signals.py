"""Keeps the record of which session belongs to whom (see UserSession)."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_changed, password_set
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from .models import UserSession


@receiver(user_logged_in)
def remember_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if not key:
        return
    UserSession.objects.update_or_create(session_key=key, defaults={"user": user})


@receiver(password_changed)
@receiver(password_set)
def remember_cycled_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # Changing the password gives the session a new key (update_session_auth_hash).
    remember_session(sender, request=request, user=user)


@receiver(user_logged_out)
def forget_session(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        UserSession.objects.filter(session_key=key).delete()
