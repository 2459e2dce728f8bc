"""Helpers for notification tests: notifications about an organisation (whose `visible_to` is
"members of its district"), made through the real `notify`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop

from exchange.notify import Category
from notifications.models import Notification
from notifications.services import notify


def notify_about(
    organisation: Any,
    recipients: list[Any],
    *,
    category: str = Category.NEWS,
    important: bool = False,
    actor: Any = None,
    message: str = gettext_noop("Neues von %(organisation)s"),
) -> list[Notification]:
    notify(
        recipients=recipients,
        category=category,
        message=message,
        params={"organisation": organisation.name},
        target=organisation,
        url=f"/netzwerk/organisationen/{organisation.pk}/",
        actor=actor,
        important=important,
    )
    return list(
        Notification.objects.filter(target_id=organisation.pk, category=category).order_by("pk")
    )
