"""The secret behind a person's calendar feed of meetings: create, revoke, look up."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core.audit import audit

from ...models.meetings import CalendarFeedToken


def feed_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_token_create(*, actor: Any) -> str:
    """A new secret for the person's meeting feed; any earlier link stops working. Returns the
    secret itself, which is not stored and shown only now."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied
    token = secrets.token_urlsafe(32)
    replaced = CalendarFeedToken.objects.filter(user=actor).delete()[0] > 0
    CalendarFeedToken.objects.create(user=actor, token_hash=feed_token_hash(token))
    audit(
        actor=actor, action="meeting.feed_token_renew" if replaced else "meeting.feed_token_create"
    )
    return token


@transaction.atomic
def feed_token_revoke(*, actor: Any) -> bool:
    deleted = CalendarFeedToken.objects.filter(user=actor).delete()[0] > 0
    if deleted:
        audit(actor=actor, action="meeting.feed_token_revoke")
    return deleted


def feed_token_user(token: str) -> Any:
    """The active person behind a feed secret, or None; notes when the feed was fetched."""
    if not token or len(token) > 100:
        return None
    row = (
        CalendarFeedToken.objects.select_related("user")
        .filter(token_hash=feed_token_hash(token), user__is_active=True)
        .first()
    )
    if row is None:
        return None
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=10):
        CalendarFeedToken.objects.filter(pk=row.pk).update(last_used_at=now)
    return row.user
