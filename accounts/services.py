"""Writes on people's accounts. Views and the admin call these; each one writes an audit record."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.audit import audit, diff, snapshot

from .models import User, UserSession


def user_sessions_end(*, user: User) -> int:
    """End every session of `user` on every device; returns how many were ended."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store_class(session_key=key).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def _check_operator(actor: Any, user: User) -> None:
    if not getattr(actor, "is_staff", False):
        raise PermissionDenied
    if actor.pk == user.pk:
        raise ValidationError(_("Sie können Ihr eigenes Konto nicht deaktivieren."))


@transaction.atomic
def user_deactivate(*, actor: Any, user: User) -> User:
    """Block the person from signing in and sign them out everywhere at once."""
    _check_operator(actor, user)
    was_active = user.is_active
    user.is_active = False
    user.full_clean()
    user.save(update_fields=["is_active"])
    ended = user_sessions_end(user=user)
    audit(
        actor=actor,
        action="user.deactivate",
        obj=user,
        changes={"is_active": [was_active, False], "sessions_ended": ended},
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: Any, user: User) -> User:
    if not getattr(actor, "is_staff", False):
        raise PermissionDenied
    was_active = user.is_active
    user.is_active = True
    user.full_clean()
    user.save(update_fields=["is_active"])
    audit(
        actor=actor, action="user.reactivate", obj=user, changes={"is_active": [was_active, True]}
    )
    return user


@transaction.atomic
def user_update_profile(*, actor: Any, user: User, name: str) -> User:
    """A person changes their own name (the address changes through allauth's confirmation)."""
    if actor.pk != user.pk:
        raise PermissionDenied
    before = snapshot(user, ["name"])
    user.name = " ".join(name.split())
    user.full_clean()
    user.save(update_fields=["name"])
    audit(actor=actor, action="user.update_profile", obj=user, changes=diff(user, ["name"], before))
    return user


@transaction.atomic
def user_link_single_sign_on(
    *, actor: Any, user: User, sociallogin: Any, request: HttpRequest
) -> User:
    """Connect a first sign-in through the identity provider to the invited person's account."""
    sociallogin.connect(request, user)
    audit(
        actor=actor,
        action="user.link_single_sign_on",
        obj=user,
        changes={"provider": sociallogin.account.provider, "uid": sociallogin.account.uid},
    )
    return user
