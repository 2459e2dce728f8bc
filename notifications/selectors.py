"""Reading notifications: only the person's own, only while the target is still visible."""

from __future__ import annotations

from typing import Any

from django.utils import translation

from .models import Notification, NotificationPreference, NotificationQuerySet, staff_language


def notifications_for(user: Any) -> NotificationQuerySet:
    """The person's notifications whose targets they may still see, newest first."""
    return (
        Notification.objects.visible_to(user)
        .with_visible_targets(user)
        .order_by("-created_at", "-pk")
    )


def unread_count(user: Any) -> int:
    return notifications_for(user).unread().count()


def preference_for(user: Any) -> NotificationPreference:
    """The person's settings. Someone who never saved them gets the defaults (unsaved, in the
    active language); the row is created when they save or unsubscribe."""
    preference = NotificationPreference.objects.filter(user=user).first()
    if preference is not None:
        return preference
    return NotificationPreference(user=user, language=staff_language(translation.get_language()))
